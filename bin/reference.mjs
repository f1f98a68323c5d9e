#!/usr/bin/env node
// Runs the reference server (compiled: dist/reference/cli.js).
const { loadCompiled } = await import('./compiled.mjs');
await loadCompiled('reference', '../dist/reference/cli.js');
