/**
 * The console's closing report: the probable cause first, each requirement once (passing rows one line, failures
 * with every finding grouped by shape and its full expected and received values, wrapped, never cut), then the
 * headline. Colour only when asked (a terminal without NO_COLOR), through util.styleText.
 * Target data may carry terminal escape sequences: every value is cleaned before it is printed.
 */
import { styleText } from 'node:util';
import type { CheckResult, RunResult } from '../src/evidence.ts';
import { headlineOf, staleBaselineMessage } from '../src/verdict.ts';
import { groupViolations, requestList, schemaGroupText } from './findings.ts';
import { causeSentence, probableCauses } from './probable-cause.ts';

export interface ConsoleStyle {
  color: boolean;
  /** Wrap width in columns. */
  width: number;
}

export const PLAIN: ConsoleStyle = { color: false, width: 110 };

type Format = Parameters<typeof styleText>[0];

/** Colour on a terminal only: never in a pipe, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function paint(style: Pick<ConsoleStyle, 'color'>, format: Format, text: string): string {
  // validateStream: false: the decision (terminal, NO_COLOR) was made once, by wantsColor.
  return style.color ? styleText(format, text, { validateStream: false } as never) : text;
}

/** Target data may carry terminal escape sequences: never let them reach the console. */
export function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** Wraps text at spaces to `width` columns; the first line starts after `first`, the others after `indent`. */
export function wrap(text: string, width: number, first: string, indent: string = ' '.repeat(first.length)): string[] {
  const lines: string[] = [];
  let line = first;
  let room = Math.max(20, width - first.length);
  let current = '';
  const flush = () => {
    lines.push(line + current);
    line = indent;
    room = Math.max(20, width - indent.length);
    current = '';
  };
  for (const word of clean(text).split(' ')) {
    let w = word;
    if (w === '') continue;
    if (current !== '' && current.length + 1 + w.length > room) flush();
    // A word longer than a whole line (a URL, a JSON value) is cut across lines, never dropped.
    while (current === '' && w.length > room) {
      current = w.slice(0, room);
      w = w.slice(room);
      flush();
    }
    if (w === '') continue;
    current = current === '' ? w : current + ' ' + w;
  }
  if (current !== '' || lines.length === 0) lines.push(line + current);
  return lines;
}

function value(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const STATUS_MARK = { pass: '✓ pass', fail: '✗ FAIL', warn: '! warn', skip: '- skip' } as const;
const STATUS_FORMAT: Record<string, Format> = { pass: 'green', fail: ['red', 'bold'], warn: 'yellow', skip: 'gray', known: 'yellow' };

export function renderConsoleReport(result: RunResult, artifacts?: Record<string, string>, style: ConsoleStyle = PLAIN): string {
  const headline = headlineOf(result);
  const causes = probableCauses(result);
  const consequenceOf = new Map<string, string>();
  for (const c of causes) for (const id of c.consequences) consequenceOf.set(id, c.field);
  const lines: string[] = [''];
  for (const c of causes) {
    lines.push(...wrap(causeSentence(c), style.width, `  ${paint(style, 'bold', 'Probable cause:')} `, '    '));
    lines.push('');
  }
  const idWidth = Math.max(...result.checks.map((c) => c.id.length), 2);
  lines.push(`  ${'ID'.padEnd(idWidth)}  LEVEL   STATUS  MESSAGE`);
  for (const c of result.checks) lines.push(...checkLines(c, result, idWidth, style, consequenceOf.get(c.id)));
  lines.push('');
  for (const e of result.harnessErrors ?? []) lines.push(...wrap(`HARNESS ERROR: ${e}`, style.width, '  ', '    '));
  for (const id of result.staleBaseline ?? []) lines.push(`  ${staleBaselineMessage(id)}`);
  const tone: Format = headline.tone === 'conformant' ? ['green', 'bold'] : headline.tone === 'non-conformant' ? ['red', 'bold'] : ['magenta', 'bold'];
  lines.push(`  Verdict: ${paint(style, tone, headline.text)}  ·  ${result.stats.requests} requests`);
  lines.push(...wrap(headline.sentence, style.width, '  '));
  if (artifacts) {
    lines.push('  Artifacts:');
    for (const p of Object.values(artifacts)) lines.push(`    ${p}`);
  }
  return lines.join('\n') + '\n';
}

function checkLines(c: CheckResult, result: RunResult, idWidth: number, style: ConsoleStyle, consequenceOf?: string): string[] {
  const statusKey = c.knownFailure ? 'known' : c.status;
  const status = c.knownFailure ? '✗ known' : STATUS_MARK[c.status];
  const prefix = `  ${c.id.padEnd(idWidth)}  ${c.severity.toUpperCase().padEnd(6)}  ${paint(style, STATUS_FORMAT[statusKey], status.padEnd(6))}  `;
  const visible = `  ${c.id.padEnd(idWidth)}  ${c.severity.toUpperCase().padEnd(6)}  ${status.padEnd(6)}  `;
  if (c.violations.length === 0) {
    // Passing and skipped rows: one line each.
    const room = Math.max(30, style.width - visible.length);
    const msg = clean(c.message);
    return [prefix + (msg.length > room ? msg.slice(0, room - 1) + '…' : msg)];
  }
  const indent = ' '.repeat(visible.length);
  const out = wrap(c.message, style.width + (prefix.length - visible.length), prefix, indent);
  const detail = '      ';
  if (consequenceOf) out.push(...wrap(`follows from the probable cause above (${consequenceOf})`, style.width, detail));
  if (c.knownFailure) out.push(...wrap(`known failure (baseline): ${c.knownFailure.reason}`, style.width, detail));
  const groups = groupViolations(c, result.exchanges);
  for (const g of groups) {
    const sub = `${detail}  `;
    // A single finding whose words are the row's message is not repeated.
    if (!(groups.length === 1 && g.count === 1 && g.message === c.message)) {
      out.push(...wrap(`${g.count > 1 ? `${g.count}× ` : ''}${g.message}`, style.width, `${detail}${paint(style, 'red', '•')} `, sub));
    }
    if (g.expected !== undefined) out.push(...wrap(value(g.expected), style.width, `${sub}Expected: `, `${sub}          `));
    if (g.actual !== undefined) out.push(...wrap(value(g.actual), style.width, `${sub}Received: `, `${sub}          `));
    for (const sg of g.schemaGroups.slice(0, 8)) out.push(...wrap(schemaGroupText(sg), style.width, `${sub}at `, `${sub}   `));
    if (g.schemaGroups.length > 8) out.push(`${sub}and ${g.schemaGroups.length - 8} more schema error shapes (report.html)`);
    if (g.requests.length) out.push(...wrap(requestList(g.requests, 5), style.width, `${sub}${g.requests.length === 1 ? 'Request:  ' : 'Requests: '}`, `${sub}          `));
  }
  return out;
}
