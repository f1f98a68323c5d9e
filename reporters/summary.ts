/**
 * summary.md: the verdict in a few lines of Markdown, for a CI job summary (GITHUB_STEP_SUMMARY) or a PR comment.
 * Messages can carry target data: table cells are escaped so a hostile value cannot break the table or inject HTML.
 */
import { appendFileSync } from 'node:fs';
import type { CheckResult, RunResult } from '../src/evidence.ts';
import { countStatuses, verdictLabel } from '../src/aggregate.ts';
import { mdCell as cell, mdCode as code, mdInline as inline } from './markdown.ts';
import { renderDriftMarkdown } from './drift.ts';

export function renderSummary(result: RunResult): string {
  const counts = countStatuses(result.checks);
  const known = result.checks.filter((c) => c.knownFailure).length;
  const verdict = verdictLabel(result);
  const icon = verdict === 'CONFORMANT' ? '✅' : verdict === 'NON-CONFORMANT' ? '❌' : '⚠️';

  const lines: string[] = [];
  lines.push(`## ${icon} vms-conformance: ${verdict}${result.interrupted ? ' (interrupted)' : ''}`);
  lines.push('');
  lines.push(`- Target: \`${code(result.target.endpoint)}\` (X-Client \`${code(result.target.client)}\`)`);
  lines.push(`- Suite ${inline(result.suite.version)}, openapi.yaml sha256 \`${code(result.suite.openapiSha256.slice(0, 12))}\``);
  lines.push(
    `- Started ${inline(result.startedAt)}, ${(result.durationMs / 1000).toFixed(1)} s, ${result.stats.requests} requests${result.seed !== undefined ? `, seed ${result.seed}` : ''}`,
  );
  lines.push(
    `- Requirements: ${counts.pass} passed, ${counts.fail} failed${known ? ` (${known} known, accepted by the baseline)` : ''}, ${counts.warn} warning${counts.warn === 1 ? '' : 's'}, ${counts.skip} skipped`,
  );
  if (result.harnessErrors?.length) {
    lines.push('', '### Harness errors', '', 'The suite itself failed (exit status 2); this is not a verdict on the target.', '');
    for (const e of result.harnessErrors) lines.push(`- ${inline(e)}`);
  }
  if (result.staleBaseline?.length) {
    lines.push('', '### Stale baseline entries', '');
    for (const id of result.staleBaseline) lines.push(`- baseline entry \`${code(id)}\` is stale: the requirement now passes; remove it`);
  }

  const problems = result.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  if (problems.length) {
    lines.push('', '### Failures and warnings', '', '| Requirement | Level | Status | Message |', '| --- | --- | --- | --- |');
    for (const c of problems) lines.push(`| \`${code(c.id)}\` | ${c.severity.toUpperCase()} | ${statusLabel(c)} | ${cell(c.message)} |`);
  }

  const observed = Object.entries(result.observed);
  if (observed.length) {
    lines.push('', '### Choices the target made', '', '| Point | Choice | Meaning |', '| --- | --- | --- |');
    for (const [key, o] of observed) lines.push(`| \`${code(key)}\` | \`${code(o.value)}\` | ${cell(o.summary)} |`);
  }
  lines.push(...renderDriftMarkdown(result.drift));
  lines.push('', 'Full evidence: report.html, results.json, junit.xml, exchanges.har.', '');
  return lines.join('\n');
}

function statusLabel(c: CheckResult): string {
  if (c.knownFailure) return 'known failure';
  return c.status === 'fail' ? '**fail**' : 'warn';
}

/** Appends the summary to the GitHub Actions job summary when running there; returns whether it did. */
export function writeStepSummary(md: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, md.endsWith('\n') ? md : md + '\n');
  return true;
}
