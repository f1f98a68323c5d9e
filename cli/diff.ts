/**
 * `vms-conformance diff OLD NEW [--html FILE] [--json FILE]`: what changed between two runs (each a report folder
 * or its results.json). Exit 1 when NEW regressed, 0 otherwise, 2 on bad input (explained, with a hint).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareRuns, hasRegression, incompatibleVersions } from '../src/compare-runs.ts';
import { renderDiffText } from '../reporters/diff-text.ts';
import { renderDiffHtml } from '../reporters/diff-html.ts';
import { UsageError } from './config.ts';
import { readResultsFile } from './results-file.ts';

export const DIFF_HELP = `Usage: vms-conformance diff OLD NEW [--html FILE] [--json FILE]

Compares two runs (each a report folder or its results.json): regressions first (pass to fail, new failures,
a failure of a new kind), then fixes, new and gone warnings, changed choices on the ambiguous points, and
contract drift that appeared or went away.

  --html FILE   also write the comparison as a self-contained HTML page
  --json FILE   also write the comparison as JSON
  --help        show this help

Exit status: 1 when NEW has a regression, 0 otherwise, 2 on bad input (not a results file, unreadable,
incompatible suite versions).`;

export function runDiff(argv: string[], cwd: string, out: (s: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { html: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (e) {
    throw new UsageError(`diff: ${(e as Error).message.split('\n')[0].replace(/\. To specify.*$/, '')}`, 'run vms-conformance diff --help');
  }
  if (parsed.values.help) return out(DIFF_HELP), 0;
  const [oldArg, newArg, ...extra] = parsed.positionals;
  if (!oldArg || !newArg || extra.length)
    throw new UsageError(`diff needs exactly two runs (got ${parsed.positionals.length})`, 'vms-conformance diff OLD NEW, each a report folder or its results.json');
  const older = readResultsFile(oldArg, cwd, 'OLD');
  const newer = readResultsFile(newArg, cwd, 'NEW');
  const incompatible = incompatibleVersions(older.result.suite.version, newer.result.suite.version);
  if (incompatible) throw new UsageError(`cannot compare: ${incompatible}`, 'rerun the old target with the suite version of the new run, then compare');
  const comparison = compareRuns(older.result, newer.result, { old: oldArg, new: newArg });
  out(renderDiffText(comparison).trimEnd());
  if (parsed.values.html) writeOutput(path.resolve(cwd, parsed.values.html), renderDiffHtml(comparison), '--html', out);
  if (parsed.values.json) writeOutput(path.resolve(cwd, parsed.values.json), JSON.stringify(comparison, null, 2) + '\n', '--json', out);
  return hasRegression(comparison) ? 1 : 0;
}

function writeOutput(file: string, text: string, flag: string, out: (s: string) => void): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`${flag} ${file} cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give a path in a folder that exists and is writable');
  }
  out(`Written: ${file}`);
}
