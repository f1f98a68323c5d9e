/**
 * diff.html: the comparison of two runs as one self-contained page (inline CSS, no script, no external URL).
 * Everything from the runs is HTML-escaped: messages and labels come from a hostile target.
 */
import type { CheckChange, RunComparison } from '../src/compare-runs.ts';
import { escapeHtml as esc } from './html.ts';
import { choiceText, driftText, nothingChanged, sideText } from './diff-text.ts';

const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1d2430}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}.banner{padding:.8rem 1rem;border-radius:6px;font-weight:600}
.bad{background:#fde8e8;color:#8b1414}.ok{background:#e4f5e9;color:#145c27}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
code{font:13px ui-monospace,monospace}.muted{color:#5a6372}td:nth-child(-n+3){white-space:nowrap}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}`;

function checkTable(id: string, title: string, list: CheckChange[]): string {
  if (!list.length) return '';
  const rows = list
    .map(
      (c) =>
        `<tr><td><code>${esc(c.id)}</code></td><td>${esc(c.severity.toUpperCase())}</td><td>${esc(c.from)} → ${esc(c.to)}</td><td>${esc(c.change)}</td><td>${esc(c.message)}${(c.newKinds ?? []).map((k) => `<br><span class="muted">new kind: ${esc(k)}</span>`).join('')}</td></tr>`,
    )
    .join('\n');
  return `<h2 id="${id}">${esc(title)} (${list.length})</h2><table><thead><tr><th>Requirement</th><th>Level</th><th>Status</th><th>Change</th><th>Message (new run)</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function listSection(id: string, title: string, items: string[]): string {
  if (!items.length) return '';
  return `<h2 id="${id}">${esc(title)} (${items.length})</h2><ul>${items.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`;
}

export function renderDiffHtml(c: RunComparison): string {
  const n = c.regressions.length;
  const banner = n
    ? `<p class="banner bad">${n} regression${n === 1 ? '' : 's'} since the old run (exit 1)</p>`
    : `<p class="banner ok">No regression since the old run (exit 0)${nothingChanged(c) ? '; nothing changed' : ''}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${esc(`vms-conformance diff: ${n ? `${n} regression${n === 1 ? '' : 's'}` : 'no regression'}`)}</title><style>${CSS}</style></head>
<body><h1>vms-conformance: what changed between two runs</h1>
${banner}
<dl><dt>Old</dt><dd>${esc(c.old.label)}<br><span class="muted">${esc(sideText(c.old))}</span></dd><dt>New</dt><dd>${esc(c.new.label)}<br><span class="muted">${esc(sideText(c.new))}</span></dd></dl>
${checkTable('regressions', 'Regressions', c.regressions)}
${checkTable('fixes', 'Fixes', c.fixes)}
${checkTable('new-warnings', 'New warnings', c.newWarnings)}
${checkTable('gone-warnings', 'Gone warnings', c.goneWarnings)}
${checkTable('other-changes', 'Other changes', c.otherChanges)}
${listSection('choices', 'Changed choices on ambiguous points', c.choices.map(choiceText))}
${listSection('drift-appeared', 'Contract drift that appeared (advice)', c.driftAppeared.map(driftText))}
${listSection('drift-gone', 'Contract drift that went away (advice)', c.driftGone.map(driftText))}
${listSection('notes', 'Notes', c.notes)}
</body></html>
`;
}
