/**
 * A failing row's evidence in report.html: its findings grouped by shape (count, the requests in words, each a
 * link to its exchange), schema errors grouped by path pattern, and the exchanges: the first of each finding
 * shown, the others a click away, each body opened at the offending JSON path and marked there.
 */
import type { CheckResult, Exchange, RunResult } from '../src/evidence.ts';
import { displayBody } from './body.ts';
import { locatePointer, markedBodyHtml } from './body-mark.ts';
import { curlCommand } from './curl.ts';
import { groupViolations, pointerOf, schemaGroupText, type FindingGroup } from './findings.ts';

/** Exchanges rendered per requirement (the first of each finding first); the rest are in results.json and exchanges.har. */
const MAX_EXCHANGES_PER_ROW = 10;
/** Requests listed by name per finding before "and N more". */
const MAX_REQUESTS_LISTED = 24;

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
const esc = escapeHtml;

export function anchor(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function exchangeAnchor(checkId: string, exchangeId: string): string {
  return `ex-${anchor(checkId)}-${anchor(exchangeId)}`;
}

export function renderExpectedActual(expected: unknown, actual: unknown): string {
  return `<div class="ea"><div><p class="label">Expected (documented)</p><pre class="expected">${esc(prettyValue(expected))}</pre></div>
<div><p class="label">Actual (received)</p><pre class="actual">${esc(prettyValue(actual))}</pre></div></div>`;
}

function prettyValue(v: unknown): string {
  if (v === undefined) return '(not recorded)';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

export function renderFindings(check: CheckResult, result: RunResult): string {
  const groups = groupViolations(check, result.exchanges);
  // The first exchange of every finding comes first, then the others, up to the row's cap.
  const firsts = groups.map((g) => g.requests[0]?.exchangeId).filter((id): id is string => id !== undefined);
  const rest = groups.flatMap((g) => g.requests.slice(1).map((r) => r.exchangeId));
  const rendered = new Set([...new Set([...firsts, ...rest])].slice(0, MAX_EXCHANGES_PER_ROW));
  const total = check.violations.length;
  const head = `<p class="label">Findings <span class="muted">(${total} violation${total === 1 ? '' : 's'}${groups.length < total ? ` of ${groups.length} kind${groups.length === 1 ? '' : 's'}` : ''})</span></p>`;
  return head + `<ol class="findings">${groups.map((g, i) => renderGroup(g, i, check, result, rendered)).join('\n')}</ol>`;
}

function renderGroup(g: FindingGroup, index: number, check: CheckResult, result: RunResult, rendered: Set<string>): string {
  const parts: string[] = [];
  parts.push(`<p class="fhead">${g.count > 1 ? `<span class="count">${g.count}×</span> ` : ''}<span class="vmsg">${esc(g.message)}</span></p>`);
  if (g.expected !== undefined || g.actual !== undefined) parts.push(renderExpectedActual(g.expected, g.actual));
  if (g.schemaGroups.length) {
    parts.push(`<div class="table-wrap"><table class="schema-errors stack"><thead><tr><th>JSON path</th><th>Problem</th><th>Where</th><th>Rule</th></tr></thead><tbody>${g.schemaGroups
      .map(
        (s) =>
          `<tr title="${esc(schemaGroupText(s))}"><td data-label="Path"><code>${esc(s.pattern || '(whole body)')}</code></td><td data-label="Problem">${esc(s.message)}</td><td data-label="Where">${esc(`${s.records ? `${s.records} record${s.records === 1 ? '' : 's'} on ` : ''}${s.bodies} response${s.bodies === 1 ? '' : 's'}`)}</td><td data-label="Rule"><code>${esc(s.keyword)}</code></td></tr>`,
      )
      .join('')}</tbody></table></div>`);
  }
  if (g.requests.length) {
    const listed = g.requests.slice(0, MAX_REQUESTS_LISTED).map((r) => {
      const inner = `<code>${esc(r.words)}</code>`;
      const link = rendered.has(r.exchangeId) ? `<a href="#${exchangeAnchor(check.id, r.exchangeId)}" title="${esc(`${r.exchangeId}: ${r.purpose ?? ''}`)}">${inner}</a>` : `<span title="${esc(`${r.exchangeId} (in results.json and exchanges.har)`)}">${inner}</span>`;
      return `<li>${link}</li>`;
    });
    const more = g.requests.length - listed.length;
    parts.push(`<p class="label">${g.requests.length === 1 ? 'Request' : `Requests (${g.requests.length})`}</p><ul class="requests">${listed.join('')}${more > 0 ? `<li class="muted">and ${more} more (results.json)</li>` : ''}</ul>`);
  }
  const mine = g.requests.map((r) => r.exchangeId).filter((id) => rendered.has(id));
  const pointerFor = (id: string) => {
    const v = g.violations.find((x) => x.exchangeIds?.includes(id));
    return v ? pointerOf(v) : g.pointer;
  };
  const shown = mine.slice(0, 1).map((id) => exchangeOrMissing(result, id, check, pointerFor(id)));
  const others = mine.slice(1).map((id) => exchangeOrMissing(result, id, check, pointerFor(id)));
  // Each exchange appears once per row: a request shared by two findings is shown under the first.
  for (const id of mine) rendered.delete(id);
  parts.push(shown.join('\n'));
  if (others.length) parts.push(`<details class="more-ex"><summary>${others.length} more exchange${others.length === 1 ? '' : 's'} of this finding</summary>${others.join('\n')}</details>`);
  return `<li class="finding" id="f-${anchor(check.id)}-${index + 1}">${parts.join('\n')}</li>`;
}

function exchangeOrMissing(result: RunResult, id: string, check: CheckResult, pointer: string | undefined): string {
  const x = result.exchanges[id];
  return x ? renderExchange(x, check.id, result.target.tls, pointer) : `<p class="muted" id="${exchangeAnchor(check.id, id)}">Exchange <code>${esc(id)}</code> was not recorded.</p>`;
}

export function renderExchange(x: Exchange, checkId: string, tls: RunResult['target']['tls'], pointer?: string): string {
  const out: string[] = [];
  out.push(`<h4><code>${esc(x.id)}</code> ${esc(x.purpose)} <span class="muted">· ${esc(x.startedAt)} · ${esc(Math.round(x.durationMs))} ms${x.retries ? ` · ${esc(x.retries)} network retries` : ''}${x.rateLimitRetries ? ` · ${esc(x.rateLimitRetries)} × 429 waited out` : ''}</span></h4>`);
  out.push(`<p class="label">Request</p><pre class="reqline">${esc(`${x.request.method} ${x.request.url}`)}</pre>`);
  out.push(`<pre class="headers">${esc(headerLines(x.request.headers))}</pre>`);
  if (x.response) {
    const r = x.response;
    const version = r.httpVersion ? (r.httpVersion.startsWith('HTTP/') ? r.httpVersion : `HTTP/${r.httpVersion}`) : 'HTTP/1.1';
    out.push(`<p class="label">Response</p><pre class="statusline">${esc(`${version} ${r.status}${r.statusText ? ' ' + r.statusText : ''}`)}</pre>`);
    out.push(`<pre class="headers">${esc(headerLines(r.headers))}</pre>`);
    const body = displayBody(r.body);
    const marked = body.isJson ? markedBodyHtml(body.text, pointer, esc) : { html: esc(body.text), marked: false };
    const where = marked.marked ? `, opened at <code>${esc(pointer!)}</code>` : '';
    out.push(`<p class="label">Body (${esc(r.bodySize)} bytes${body.isJson ? ', JSON re-indented' : ''}${where})</p><pre class="body${marked.marked ? ' has-hit' : ''}">${body.text === '' ? '<span class="muted">(empty)</span>' : marked.html}</pre>`);
    // Printed, a long body is replaced by the lines around the marked field.
    if (marked.marked) out.push(`<pre class="body-excerpt print-only">${excerptHtml(body.text, pointer!)}</pre>`);
    if (body.truncatedBytes > 0) out.push(`<p class="trunc">truncated: ${body.truncatedBytes} bytes more (full body in exchanges.har)</p>`);
  } else if (x.error) {
    out.push(`<p class="label">Response</p><p class="terr">No answer: ${esc(x.error.kind)}${x.error.code ? ` (${esc(x.error.code)})` : ''}: ${esc(x.error.message)}</p>`);
  }
  out.push(`<p class="label">Reproduce</p><pre class="curl">${esc(curlCommand(x.request, tls))}</pre>`);
  return `<div class="exchange" id="${exchangeAnchor(checkId, x.id)}">${out.join('\n')}</div>`;
}

/** A few lines before and after the marked member, the member marked, for the print view. */
function excerptHtml(text: string, pointer: string, context = 3): string {
  const range = locatePointer(text, pointer)!;
  const lineStart = (i: number) => text.lastIndexOf('\n', i - 1) + 1;
  let from = lineStart(range.start);
  for (let n = 0; n < context && from > 0; n++) from = lineStart(from - 1);
  let to = range.end;
  for (let n = 0; n <= context && to < text.length; n++) {
    const nl = text.indexOf('\n', to + 1);
    to = nl < 0 ? text.length : nl;
  }
  const before = from > 0 ? '…\n' : '';
  const after = to < text.length ? '\n…' : '';
  return `${before}${esc(text.slice(from, range.start))}<mark class="hit">${esc(text.slice(range.start, range.end))}</mark>${esc(text.slice(range.end, to))}${after}`;
}

function headerLines(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return lines.length ? lines.join('\n') : '(no headers)';
}
