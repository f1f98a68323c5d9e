#!/usr/bin/env node
// The command line: runs the compiled JavaScript in dist/ (npm run build; `npm ci` and `npm pack` build it
// through the prepare script). No TypeScript loader at run time.
// No static imports: the start-up signal handlers below must be in place before anything slow loads.

// Until the CLI installs its own handlers (which write partial reports), a signal during start-up ends the run
// with the documented status for an interruption, and says so, rather than dying silently with 130/143.
const early = (sig) => {
  process.stderr.write(`vms-conformance: ${sig} during start-up: stopped before any request\n`);
  process.exit(130);
};
process.once('SIGINT', early);
process.once('SIGTERM', early);

// A console that went away (`vms-conformance ... | head`) is no reason to crash with a stack trace: stop writing
// to it and finish the run (the reports are still written, the exit status is still the verdict).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e?.code !== 'EPIPE' && e?.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

// Start-up: Node 22.1+ keeps the compiled code of every module (vitest and Vite are large) in a disk cache, so
// later runs skip parsing and compiling it. The variable hands the same cache to vitest's worker thread.
const { enableCompileCache } = await import('node:module');
const cache = enableCompileCache?.();
if (cache?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = cache.directory;

const { loadCompiled } = await import('./compiled.mjs');
const { main } = await loadCompiled('vms-conformance', '../dist/cli/main.js');
process.off('SIGINT', early);
process.off('SIGTERM', early);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A target that keeps a socket half-open must not keep the CLI alive once the reports are written.
setTimeout(() => process.exit(code), 1500).unref();
