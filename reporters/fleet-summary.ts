/** summary.md for many sites (`vms-conformance merge`): one table row per site, for a CI job summary. */
import type { SiteRow } from './index-page.ts';
import { mdCell, mdCode } from './markdown.ts';

const ICON: Record<number, string> = { 0: '✅', 1: '❌' };

export function renderFleetSummary(rows: SiteRow[], exitCode: number): string {
  const n = (code: number) => rows.filter((r) => (code === 2 ? r.exitCode >= 2 : r.exitCode === code)).length;
  const lines = [
    `## ${ICON[exitCode] ?? '⚠️'} vms-conformance: ${rows.length} site${rows.length === 1 ? '' : 's'}: ${n(0)} conformant, ${n(1)} non-conformant, ${n(2)} without a verdict`,
    '',
    '| Site | Verdict | Failing | Suite | Date | Endpoint |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const failing = r.failing.map((id) => `\`${mdCode(id)}\``).join(' ');
    lines.push(`| ${mdCell(r.name)} | ${ICON[r.exitCode] ?? '⚠️'} ${mdCell(r.verdict)} | ${failing} | ${mdCell(r.suiteVersion ?? '')} | ${mdCell(r.startedAt ?? '')} | ${r.endpoint ? `\`${mdCode(r.endpoint)}\`` : ''} |`);
  }
  lines.push('', `Exit status of the fleet: ${exitCode} (the worst site's). Each site's evidence is in its own report folder.`, '');
  return lines.join('\n');
}
