/**
 * `vms-conformance diff` on the console: regressions first, then fixes, warnings, other changes, changed choices,
 * contract drift that appeared or went away, and notes. Target data never carries terminal escapes through.
 */
import type { CheckChange, ChoiceChange, RunComparison, RunSide } from '../src/compare-runs.ts';
import type { DriftItem } from '../src/evidence.ts';
import { driftLabel } from './drift.ts';

const WIDTH = 140;

/** One line of target data, no control characters, bounded. */
export function oneLine(s: string, max = WIDTH): string {
  const t = String(s).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

export function sideText(s: RunSide): string {
  return `${s.name ? s.name + ', ' : ''}${s.endpoint}, suite ${s.version}, ${s.startedAt}: ${s.verdict}`;
}

export function choiceText(c: ChoiceChange): string {
  const from = c.from ? c.from.value : '(not observed)';
  const to = c.to ? c.to.value : '(not observed)';
  return `${c.key}: ${from} → ${to}${c.to ? ` (${c.to.summary})` : ''}`;
}

export function driftText(i: DriftItem): string {
  return `${driftLabel(i)} (${i.where}${i.type ? `, ${i.type}` : ''}${i.infrastructure ? ', infrastructure' : ''}) e.g. ${i.example}, first in ${i.seenIn.exchangeId}: ${i.seenIn.purpose}`;
}

function checkLine(mark: string, c: CheckChange): string[] {
  const lines = [`  ${mark} ${oneLine(`${c.id}  ${c.severity.toUpperCase()}  ${c.change}: ${c.message}`)}`];
  for (const k of c.newKinds ?? []) lines.push(`      new kind: ${oneLine(k)}`);
  return lines;
}

export function renderDiffText(c: RunComparison): string {
  const lines = [`vms-conformance diff`, `  OLD  ${oneLine(c.old.label)}: ${oneLine(sideText(c.old))}`, `  NEW  ${oneLine(c.new.label)}: ${oneLine(sideText(c.new))}`];
  const checks = (title: string, mark: string, list: CheckChange[]) => {
    if (!list.length) return;
    lines.push('', `${title} (${list.length})`);
    for (const x of list) lines.push(...checkLine(mark, x));
  };
  checks('REGRESSIONS', '✗', c.regressions);
  checks('FIXES', '✓', c.fixes);
  checks('NEW WARNINGS', '!', c.newWarnings);
  checks('GONE WARNINGS', '·', c.goneWarnings);
  checks('OTHER CHANGES', '·', c.otherChanges);
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push('', `${title} (${items.length})`, ...items.map((s) => `  ${oneLine(s)}`));
  };
  list('CHANGED CHOICES', c.choices.map(choiceText));
  list('CONTRACT DRIFT APPEARED', c.driftAppeared.map((i) => `+ ${driftText(i)}`));
  list('CONTRACT DRIFT GONE', c.driftGone.map((i) => `- ${driftText(i)}`));
  list('NOTES', c.notes);
  const n = c.regressions.length;
  lines.push('', n ? `Result: ${n} regression${n === 1 ? '' : 's'} (exit 1)` : `Result: no regression (exit 0)${nothingChanged(c) ? '; nothing changed' : ''}`);
  return lines.join('\n') + '\n';
}

export function nothingChanged(c: RunComparison): boolean {
  return [c.regressions, c.fixes, c.newWarnings, c.goneWarnings, c.otherChanges, c.choices, c.driftAppeared, c.driftGone].every((l) => l.length === 0);
}
