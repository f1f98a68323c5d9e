#!/usr/bin/env node
// Runs reference/cli.ts through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../reference/cli.ts');
