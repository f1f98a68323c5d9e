/**
 * The contract-drift advice section of report.html and summary.md: what the target sends that openapi.yaml does
 * not describe, contract drift first, infrastructure headers (Date, Set-Cookie, X-RateLimit-*...) grouped apart.
 * Every value rendered is already a masked shape (src/drift.ts); still escaped, as it comes from the target.
 */
import type { DriftItem, DriftReport } from '../src/evidence.ts';
import { escapeHtml as esc } from './html.ts';
import { mdCell, mdCode } from './markdown.ts';

export const DRIFT_INTRO =
  'Advice only (INFO), never part of the verdict: openapi.yaml allows unknown properties on purpose. Listed once each, with a masked example (letters x/X, digits 9) and the first request that carried it.';

export function splitDrift(report: DriftReport): { contract: DriftItem[]; infrastructure: DriftItem[] } {
  return { contract: report.items.filter((i) => !i.infrastructure), infrastructure: report.items.filter((i) => i.infrastructure) };
}

/** "data[].comment" (field) / "x-powered-by" (header) / "404" (status), as one cell. */
export function driftLabel(i: DriftItem): string {
  return i.kind === 'field' ? i.name : i.kind === 'header' ? `${i.name} header` : `status ${i.name}`;
}

function seenText(i: DriftItem): string {
  return `${i.seenIn.exchangeId}: ${i.seenIn.purpose}${i.count > 1 ? ` (+${i.count - 1} more)` : ''}`;
}

export function renderDriftHtml(report: DriftReport | undefined): string {
  if (!report) return '';
  const { contract, infrastructure } = splitDrift(report);
  const table = (items: DriftItem[], id: string) => `<div class="table-wrap"><table id="${id}" class="stack"><thead><tr><th>What</th><th>Where</th><th>Type</th><th>Example (masked)</th><th>First seen in</th></tr></thead><tbody>
${items
  .map(
    (i) =>
      `<tr><td data-label="What"><code>${esc(driftLabel(i))}</code></td><td data-label="Where">${esc(i.where)}</td><td data-label="Type">${esc(i.type ?? '')}</td><td data-label="Example"><code>${esc(i.example)}</code></td><td data-label="First seen in">${esc(seenText(i))}</td></tr>`,
  )
  .join('\n')}
</tbody></table></div>`;
  const parts = [`<h2 id="drift">Contract drift (advice)</h2>`, `<p class="muted">${esc(DRIFT_INTRO)} ${esc(report.examined)} answers examined.</p>`];
  parts.push(contract.length ? table(contract, 'drift-contract') : '<p class="muted">Nothing beyond the contract: every field, header and status is described by openapi.yaml.</p>');
  if (infrastructure.length)
    parts.push(`<details><summary>${infrastructure.length} infrastructure item${infrastructure.length === 1 ? '' : 's'}: headers and the throttle's 429 (HTTP server, Laravel middleware, proxies: not contract drift)</summary>${table(infrastructure, 'drift-infrastructure')}</details>`);
  if (report.omitted) parts.push(`<p class="muted">${esc(report.omitted)} more items left out (see the exchanges in exchanges.har).</p>`);
  return parts.join('\n');
}

export function renderDriftMarkdown(report: DriftReport | undefined): string[] {
  if (!report) return [];
  const { contract, infrastructure } = splitDrift(report);
  const lines = ['', '### Contract drift (advice)', '', DRIFT_INTRO, ''];
  if (!contract.length) lines.push('Nothing beyond the contract.');
  else {
    lines.push('| What | Where | Type | Example (masked) | First seen in |', '| --- | --- | --- | --- | --- |');
    for (const i of contract) lines.push(`| \`${mdCode(driftLabel(i))}\` | ${mdCell(i.where)} | ${mdCell(i.type ?? '')} | \`${mdCode(i.example)}\` | ${mdCell(seenText(i))} |`);
  }
  if (infrastructure.length) lines.push('', `Infrastructure (not contract drift): ${infrastructure.map((i) => `\`${mdCode(i.kind === 'header' ? i.name : driftLabel(i))}\``).join(', ')}.`);
  if (report.omitted) lines.push('', `${report.omitted} more items left out.`);
  return lines;
}
