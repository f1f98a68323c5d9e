/**
 * How a request was answered, in the words every check shares: the suite's own limits (never judged), why no
 * answer came, status and redirect wording, what a body is, media types, and the request described in words.
 */
import { stoppedBySuite, type Exchange, type Finding, type TransportError } from '../evidence.ts';
import { pass, violation } from './finding.ts';

/** Statuses the vendor page documents a JSON body for. */
export const JSON_STATUSES: ReadonlySet<number> = new Set([200, 401, 422]);

/**
 * An exchange no check should judge: stopped by the suite itself, or a 429 (the target's rate limiter said "later",
 * which says nothing about the input; the HTTP client counts them in stats.rateLimited).
 */
export function isNotJudged(e: Exchange): boolean {
  return stoppedBySuite(e) || e.response?.status === 429;
}

/**
 * What a check records for answers it does not judge (isNotJudged): a marker naming them, so the suites' evidence
 * layer (suites/support/requirement-test.ts) knows part of the requirement's evidence never came, drops the marker
 * and does not pass the requirement on the rest alone. Never a violation.
 */
export function notJudged(requirementId: string, ...exchanges: Exchange[]): Finding[] {
  const unjudged = exchanges.filter(isNotJudged);
  return [pass(requirementId, `not judged: ${unjudged.map(whyNotJudged).join(', ')}`, unjudged.map((e) => e.id))];
}

/** Why an exchange is not judged (isNotJudged), in words: "rate limited (429)", or what stopped it. */
export function whyNotJudged(e: Exchange): string {
  return e.response ? 'rate limited (429)' : describeNoAnswer(e.error);
}

const KIND_WORDS: Readonly<Record<TransportError['kind'], string>> = {
  timeout: 'timed out',
  refused: 'connection refused',
  dns: 'host name not found',
  reset: 'connection reset before a complete answer',
  tls: 'TLS failure',
  protocol: 'malformed or truncated HTTP answer',
  budget: 'not sent: request budget exhausted',
  deadline: 'not sent: deadline passed',
  'rate-limited': "not sent: the target's rate limit outlasts the suite's pauses",
  interrupted: 'the run was stopped',
  other: 'no answer',
};

/**
 * Why no HTTP answer was obtained, in words ("timed out after 10000 ms", "connection reset by peer"): the
 * HTTP client's classified message (src/http/classify.ts already words it), the kind's words when empty.
 */
export function describeNoAnswer(error: TransportError | undefined, timeoutMs?: number): string {
  if (!error) return 'no answer was recorded';
  if (error.kind === 'timeout' && timeoutMs !== undefined) return `timed out after ${timeoutMs} ms`;
  return oneLine(error.message) || KIND_WORDS[error.kind] || 'no answer';
}

/** "500 Internal Server Error", or just "500". */
export function statusWords(e: Exchange): string {
  const r = e.response;
  if (!r) return 'no answer';
  return r.statusText ? `${r.status} ${r.statusText}` : String(r.status);
}

/** Where a 3xx points, without its query string (a login URL may carry anything). */
export function redirectTarget(e: Exchange): string {
  const location = e.response?.headers['location'];
  if (!location) return 'no Location header';
  try {
    const u = new URL(location, e.request.url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'an unparsable Location';
  }
}

/** The query string as sent ("?page=abc&per_page=5", "no query"): page/per_page values are not secrets. */
export function queryOf(e: Exchange, max = 160): string {
  let search: string;
  try {
    search = new URL(e.request.url).search;
  } catch {
    const i = e.request.url.indexOf('?');
    search = i >= 0 ? e.request.url.slice(i) : '';
  }
  if (!search) return 'no query';
  return search.length > max ? `${search.slice(0, max - 1)}…` : search;
}

export type BodyKind = 'json-object' | 'json-after-bom' | 'json-other' | 'empty' | 'html' | 'invalid-json' | 'text';

/** What a body is, without quoting it (a body that is not JSON may still hold a code the masker missed). */
export function bodyKind(body: string): BodyKind {
  // Several checks ask about the same body; parsing a big one each time was most of a run's time.
  const known = kinds.get(body);
  if (known) return known;
  const kind = kindOf(body);
  if (kinds.size >= KIND_CACHE) kinds.delete(kinds.keys().next().value!);
  kinds.set(body, kind);
  return kind;
}

const KIND_CACHE = 32;
const kinds = new Map<string, BodyKind>();

function kindOf(body: string): BodyKind {
  // Only the whitespace JSON allows around a value (RFC 8259): String.trim() also drops a byte order mark and
  // no-break spaces, which JSON.parse (and PHP's json_decode, and the suites' own parse) refuse.
  const text = body.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
  if (text === '') return 'empty';
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? 'json-object' : 'json-other';
  } catch {
    if (text.startsWith(BOM) && kindOf(text.slice(1)) === 'json-object') return 'json-after-bom';
    if (/^<(!doctype|html|head|body|\?xml)/i.test(text) || /^<[a-z]/i.test(text)) return 'html';
    if (/^[[{"]/.test(text)) return 'invalid-json';
    return 'text';
  }
}

/** U+FEFF: a PHP file saved "with BOM" prints it before any output; RFC 8259 section 8.1 forbids it before JSON. */
const BOM = '\uFEFF';

export const BODY_KIND_WORDS: Readonly<Record<BodyKind, string>> = {
  'json-object': 'a JSON object',
  'json-after-bom': 'a JSON object behind a byte order mark (U+FEFF, which RFC 8259 forbids before JSON)',
  'json-other': 'JSON that is not an object',
  empty: 'an empty body',
  html: 'an HTML page',
  'invalid-json': 'invalid or truncated JSON',
  text: 'plain text that is not JSON',
};

/**
 * The media type of a Content-Type value, lower-cased, without parameters; undefined when absent.
 * A repeated header arrives joined with ", " (see Exchange): accepted only when every copy agrees.
 */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const types = new Set(
    contentType
      .split(',')
      .map((part) => part.split(';')[0]!.trim().toLowerCase())
      .filter((t) => t !== ''),
  );
  if (types.size === 0) return '';
  return [...types].join(', ');
}

/**
 * Exactly application/json (parameters such as charset allowed). application/problem+json and other
 * "+json" types are refused on purpose: the client sent Accept: application/json, Laravel's JsonResponse and
 * exception renderer send exactly that, and a client that checks the media type (many do) would reject a
 * "+json" answer. Media types are case-insensitive, so "Application/JSON" passes.
 */
export function isApplicationJson(contentType: string | undefined): boolean {
  return mediaTypeOf(contentType) === 'application/json';
}

export function describeRequest(e: Exchange): string {
  const purpose = oneLine(e.purpose);
  const query = queryOf(e, 100);
  return purpose ? `${purpose} (${query})` : query;
}

export function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** What a check documents as the right answer to one request, for unexpectedAnswer(). */
export interface DocumentedAnswer {
  requirementId: string;
  /** The request in words, as it reads after "Received 500": "for page=abc", "with X-Client web"; may be "". */
  subject: string;
  /** "documented 401", "documented 200 or 422 naming page". */
  documented: string;
  /** The statuses that are the documented answer. */
  statuses: (status: number) => boolean;
  /** The `expected` of the violation. */
  expected: unknown;
  /** Also require a JSON object body on an accepted status: the violation's `expected` and, if other, its wording. */
  jsonObject?: { expected: unknown; documented?: string };
  /** Extra words for an undocumented status ("the request was served without valid credentials"). */
  explain?: (status: number) => string | undefined;
  /** The client's timeout, to word a timeout as "timed out after N ms". */
  timeoutMs?: number;
}

/**
 * The one violation for an answer that is not the documented kind: no answer, another status (a redirect says
 * where it points), or a body that is not a JSON object. Undefined when the answer is of the documented kind,
 * for the check to judge its content.
 */
export function unexpectedAnswer(s: { exchange: Exchange; json?: unknown }, d: DocumentedAnswer): Finding | undefined {
  const ids = [s.exchange.id];
  const subject = d.subject ? ` ${d.subject}` : '';
  const response = s.exchange.response;
  if (!response) {
    const why = describeNoAnswer(s.exchange.error, d.timeoutMs);
    return violation(d.requirementId, `Received no answer${subject} (${why}), ${d.documented}`, d.expected, 'no answer', ids);
  }
  const status = response.status;
  if (!d.statuses(status)) {
    const why = d.explain?.(status) ?? (status >= 300 && status < 400 ? `redirected to ${redirectTarget(s.exchange)}` : undefined);
    return violation(d.requirementId, `Received ${statusWords(s.exchange)}${subject}${why ? `: ${why}` : ''}, ${d.documented}`, d.expected, status, ids);
  }
  const json = s.json;
  if (d.jsonObject && (typeof json !== 'object' || json === null || Array.isArray(json))) {
    const kind = BODY_KIND_WORDS[bodyKind(response.body)];
    return violation(d.requirementId, `Received ${status} with ${kind}${subject}, ${d.jsonObject.documented ?? d.documented}`, d.jsonObject.expected, kind, ids);
  }
  return undefined;
}
