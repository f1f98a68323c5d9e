#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx vms-conformance` works right after `npm ci` with no build step.
// No static imports: the start-up signal handlers below must be in place before anything slow loads.

// Until the CLI installs its own handlers (which write partial reports), a signal during start-up ends the run
// with the documented status for an interruption, and says so, rather than dying silently with 130/143.
const early = (sig) => {
  process.stderr.write(`vms-conformance: ${sig} during start-up: stopped before any request\n`);
  process.exit(130);
};
process.once('SIGINT', early);
process.once('SIGTERM', early);

// Start-up time: tsx's loader hooks see every module loaded after register(), and going through them makes a
// big plain-JavaScript dependency three times slower to load (vitest/node: ~0.8 s natively, ~2.4 s through
// tsx). The heavy dependencies a run needs are loaded natively first; the TypeScript sources then find them in
// the module cache. Only a speed-up: a module left out here still loads, just through tsx.
const args = process.argv.slice(2);
// diff/merge/index read finished reports: they need none of it.
if (!args.some((a) => /^--(help|version|list)$/.test(a)) && !['diff', 'merge', 'index'].includes(args[0])) {
  const heavy = ['vitest/node', 'yaml', 'supertest'];
  // The embedded reference (no target given) generates its data with faker.
  const embedded = !args.some((a) => /^--(base-url|config)\b/.test(a)) && !process.env.CONFORMANCE_BASE_URL && !process.env.CONFORMANCE_CONFIG;
  if (embedded) heavy.push('@faker-js/faker');
  await Promise.all(heavy.map((m) => import(m).catch(() => undefined)));
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../cli/main.ts');
process.off('SIGINT', early);
process.off('SIGTERM', early);
const code = await main(args);
process.exitCode = code;
// A target that keeps a socket half-open must not keep the CLI alive once the reports are written.
setTimeout(() => process.exit(code), 1500).unref();
