/**
 * `vms-conformance merge DIR... [--out DIR]` (alias `index`): one index.html, one summary.md and one exit status
 * (the worst site's) from the report folders of many runs, as a CI matrix's jobs upload them. A folder that holds
 * no readable results.json (its job failed before writing one) is a site without a verdict (exit 2), not an
 * abort: the rest of the fleet is still indexed.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeOf, verdictLabel } from '../src/aggregate.ts';
import type { RunResult } from '../src/evidence.ts';
import { renderSitesIndex, type SiteRow } from '../reporters/index-page.ts';
import { renderFleetSummary } from '../reporters/fleet-summary.ts';
import { writeStepSummary } from '../reporters/summary.ts';
import { oneLine } from '../reporters/diff-text.ts';
import { UsageError } from './config.ts';
import { readResultsFile } from './results-file.ts';

export const MERGE_HELP = `Usage: vms-conformance merge DIR... [--out DIR]     (alias: vms-conformance index)

Builds one index.html and one summary.md from the report folders of many runs (each holding results.json,
e.g. the artifacts of a CI matrix, one job per site). A folder without results.json but with report folders
inside (a multi-target run's --out, a folder of downloaded artifacts) stands for the folders inside it.

  --out DIR     where to write index.html and summary.md (default ./conformance-fleet)
  --help        show this help

Exit status: the worst site's: 0 all conformant, 1 a site non-conformant, 2 a site without a verdict (no or
unreadable results.json, harness error, incomplete or interrupted run) or bad usage.`;

interface Site {
  dir: string;
  result?: RunResult;
  problem?: { reason: string; hint?: string };
}

/**
 * A report folder, or, for a folder without results.json, the folders inside it (a multi-target run's --out, a
 * folder of downloaded CI artifacts, where a job that failed early left a folder without results.json).
 */
function expand(dir: string): string[] {
  if (existsSync(path.join(dir, 'results.json')) || !existsSync(dir) || !statSync(dir).isDirectory()) return [dir];
  const inner = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(dir, d.name))
    .sort();
  return inner.length ? inner : [dir];
}

function load(dir: string, cwd: string): Site {
  try {
    return { dir, result: readResultsFile(dir, cwd, 'report folder').result };
  } catch (e) {
    if (e instanceof UsageError) return { dir, problem: { reason: e.message, hint: e.hint } };
    throw e;
  }
}

/** A site's row; exit 2 for anything without a full verdict (an interrupted run included). */
export function siteRow(site: Site, indexDir: string, cwd: string): SiteRow {
  const name = site.result?.target.name ?? (path.basename(path.resolve(cwd, site.dir)) || site.dir);
  if (!site.result) return { name, verdict: `no result: ${site.problem?.reason ?? 'unknown'}`, exitCode: 2, failing: [] };
  const r = site.result;
  const exitCode = r.interrupted ? 2 : exitCodeOf(r);
  const report = path.join(path.resolve(cwd, site.dir), 'report.html');
  return {
    name,
    verdict: `${verdictLabel(r)}${r.interrupted ? ' (interrupted)' : ''}`,
    exitCode,
    failing: r.checks.filter((c) => c.status === 'fail' && !c.knownFailure).map((c) => c.id),
    suiteVersion: r.suite.version,
    startedAt: r.startedAt,
    endpoint: r.target.endpoint,
    ...(existsSync(report) ? { reportHref: path.relative(indexDir, report).split(path.sep).join('/') } : {}),
    ...(r.drift ? { drift: r.drift.items.filter((i) => !i.infrastructure).length } : {}),
  };
}

export function runMerge(argv: string[], cwd: string, out: (s: string) => void, err: (s: string) => void = (s) => process.stderr.write(s + '\n')): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (e) {
    throw new UsageError(`merge: ${(e as Error).message.split('\n')[0].replace(/\. To specify.*$/, '')}`, 'run vms-conformance merge --help');
  }
  if (parsed.values.help) return out(MERGE_HELP), 0;
  if (!parsed.positionals.length) throw new UsageError('merge needs at least one report folder', 'vms-conformance merge reports/site-a reports/site-b ... (or a folder holding them)');
  const outDir = path.resolve(cwd, parsed.values.out ?? 'conformance-fleet');
  const dirs = [...new Set(parsed.positionals.flatMap((d) => expand(path.resolve(cwd, d))))];
  const sites = dirs.map((d) => load(d, cwd));
  const rows = sites.map((s) => siteRow(s, outDir, cwd));
  const exitCode = Math.max(...rows.map((r) => r.exitCode));
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'index.html'), renderSitesIndex(rows, `vms-conformance: ${rows.length} site${rows.length === 1 ? '' : 's'}`));
    writeFileSync(path.join(outDir, 'summary.md'), renderFleetSummary(rows, exitCode));
  } catch (e) {
    throw new UsageError(`cannot write the index to ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give --out a writable folder');
  }
  writeStepSummary(renderFleetSummary(rows, exitCode));
  for (const s of sites) if (s.problem) err(`vms-conformance: ${s.problem.reason}${s.problem.hint ? `\nhint: ${s.problem.hint}` : ''}`);
  for (const r of rows) out(oneLine(`${r.exitCode === 0 ? '✓' : r.exitCode === 1 ? '✗' : '!'} ${r.name}: ${r.verdict}${r.failing.length ? ` (${r.failing.join(', ')})` : ''}`, 400));
  out(`Index of ${rows.length} site${rows.length === 1 ? '' : 's'}: ${path.join(outDir, 'index.html')} (summary.md beside it); exit ${exitCode}`);
  return exitCode;
}
