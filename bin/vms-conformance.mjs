#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx vms-conformance` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A target that keeps a socket half-open must not keep the CLI alive once the reports are written.
setTimeout(() => process.exit(code), 1500).unref();
