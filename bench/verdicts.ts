/**
 * Guard for performance work: runs the suite in-process against the reference and against a faulty reference
 * (same seed each time) and writes each check's status, so a change that should only make the run faster can
 * be diffed for verdict changes: `node --import tsx bench/verdicts.ts OUT.json`, change, run again, diff.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommand } from '../cli/config.ts';
import { runTarget } from '../cli/run.ts';
import { startReference, type ReferenceOptions } from '../reference/server.ts';

const TOKEN = 'bench-verdicts-token-0123456789';
const CASES: Array<{ name: string; reference: ReferenceOptions; args?: string[] }> = [
  { name: 'reference', reference: {} },
  { name: 'faulty (to-off-by-one, any-token-accepted)', reference: { faults: ['to-off-by-one', 'any-token-accepted'] } },
  // One fault per requirement area, so a refactoring that must keep behaviour is checked across the suites.
  ...['last-page-floor', 'next-on-last-page', 'offset-skips-records', 'validation-before-auth', 'errors-as-strings', 'client-thick-legal-500', 'ids-as-strings'].map(
    (fault) => ({ name: `faulty (${fault})`, reference: { faults: [fault] } }),
  ),
  { name: 'reference, 1,000,000 codes', reference: { total: 1_000_000 } },
  { name: 'reference, budget 60', reference: {}, args: ['--max-requests', '60'] },
];

const outFile = process.argv[2] ?? path.join(os.tmpdir(), 'vms-conformance-verdicts.json');
const all: Record<string, { exitCode: number; requests?: number; checks: Record<string, string> }> = {};
for (const c of CASES) {
  const ref = await startReference({ token: TOKEN, ...c.reference });
  const out = mkdtempSync(path.join(os.tmpdir(), 'vms-bench-verdicts-'));
  try {
    const cmd = parseCommand(['--base-url', ref.baseUrl, '--token', TOKEN, '--out', out, '--seed', '7', '--quiet', ...(c.args ?? [])], {}, out);
    const o = await runTarget(cmd.targets[0]!, { quiet: true, log: () => {} });
    const checks = Object.fromEntries((o.result?.checks ?? []).map((x) => [x.id, x.status]));
    all[c.name] = { exitCode: o.exitCode, requests: o.result?.stats.requests, checks };
    console.log(`${c.name}: exit ${o.exitCode}, ${o.result?.stats.requests} requests`);
  } finally {
    await ref.close();
    rmSync(out, { recursive: true, force: true });
  }
}
writeFileSync(outFile, JSON.stringify(all, null, 2) + '\n');
console.log(`written ${outFile}`);
// vitest sets process.exitCode when a suite test fails (the faulty reference): this script itself succeeded.
process.exitCode = 0;
