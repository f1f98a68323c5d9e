/**
 * Transport-level checks over every exchange the run made (HTTP-NO-SERVER-ERROR, HTTP-ANSWERED,
 * HTTP-JSON-BODY, HTTP-CONTENT-TYPE), plus the small "how was this request answered" helpers the other
 * check modules share (suite limits, no-answer wording, status wording, body kinds, media types).
 */
import type { Exchange, Finding, TransportError } from '../evidence.ts';
import { pass, violation } from './finding.ts';

/** Statuses the vendor page documents a JSON body for. */
export const JSON_STATUSES: ReadonlySet<number> = new Set([200, 401, 422]);

/** Violations listed one by one per requirement; the rest are summed up in one more finding. */
export const MAX_VIOLATIONS_PER_REQUIREMENT = 20;

/** Budget and deadline errors are the suite's own limits: the request was never judged, so never a verdict. */
export function isSuiteLimit(e: Exchange): boolean {
  return e.error?.kind === 'budget' || e.error?.kind === 'deadline';
}

/**
 * An exchange no check should judge: a suite limit, or a 429 (the target's rate limiter said "later",
 * which says nothing about the input; the HTTP client counts them in stats.rateLimited).
 */
export function isNotJudged(e: Exchange): boolean {
  return isSuiteLimit(e) || e.response?.status === 429;
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

export type BodyKind = 'json-object' | 'json-other' | 'empty' | 'html' | 'invalid-json' | 'text';

/** What a body is, without quoting it (a body that is not JSON may still hold a code the masker missed). */
export function bodyKind(body: string): BodyKind {
  const text = body.trim();
  if (text === '') return 'empty';
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? 'json-object' : 'json-other';
  } catch {
    if (/^<(!doctype|html|head|body|\?xml)/i.test(text) || /^<[a-z]/i.test(text)) return 'html';
    if (/^[[{"]/.test(text)) return 'invalid-json';
    return 'text';
  }
}

export const BODY_KIND_WORDS: Readonly<Record<BodyKind, string>> = {
  'json-object': 'a JSON object',
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

export function checkTransport(exchanges: Exchange[], timeoutMs: number): Finding[] {
  const judged = exchanges.filter((e) => !isSuiteLimit(e));
  const answered = judged.filter((e) => e.response !== undefined);
  const jsonAnswers = answered.filter((e) => JSON_STATUSES.has(e.response!.status));

  return [
    ...aggregate(
      'HTTP-NO-SERVER-ERROR',
      answered,
      (e) =>
        e.response!.status >= 500
          ? {
              message: `Received ${statusWords(e)} for ${describeRequest(e)}, documented 200, 401 or 422 (never a 5xx)`,
              expected: 'a status below 500',
              actual: e.response!.status,
            }
          : undefined,
      (n) => `${n} answers, none a 5xx`,
    ),
    ...aggregate(
      'HTTP-ANSWERED',
      judged,
      (e) =>
        e.response
          ? undefined
          : {
              message: `Received no answer for ${describeRequest(e)}: ${describeNoAnswer(e.error, timeoutMs)}; documented an HTTP answer within ${timeoutMs} ms`,
              expected: `an HTTP answer within ${timeoutMs} ms`,
              actual: e.error ? { kind: e.error.kind, message: oneLine(e.error.message) } : 'no answer recorded',
            },
      (n) => `${n} requests, all answered`,
    ),
    ...aggregate(
      'HTTP-JSON-BODY',
      jsonAnswers,
      (e) => {
        const kind = bodyKind(e.response!.body);
        return kind === 'json-object'
          ? undefined
          : {
              message: `Received ${BODY_KIND_WORDS[kind]} with ${e.response!.status} for ${describeRequest(e)}, documented a JSON object`,
              expected: 'a JSON object body',
              actual: BODY_KIND_WORDS[kind],
            };
      },
      (n) => `${n} answers with status 200, 401 or 422, all with a JSON object body`,
    ),
    ...aggregate(
      'HTTP-CONTENT-TYPE',
      jsonAnswers,
      (e) => {
        const ct = e.response!.headers['content-type'];
        return isApplicationJson(ct)
          ? undefined
          : {
              message: `Received Content-Type ${ct === undefined ? '(none)' : JSON.stringify(oneLine(ct))} with ${e.response!.status} for ${describeRequest(e)}, documented application/json`,
              expected: 'application/json',
              actual: ct ?? null,
            };
      },
      (n) => `${n} answers with status 200, 401 or 422, all labelled application/json`,
    ),
  ];
}

interface Problem {
  message: string;
  expected: unknown;
  actual: unknown;
}

/** One ok finding when every exchange passes; otherwise one violation per offender, capped, plus a summary. */
function aggregate(
  requirementId: string,
  exchanges: Exchange[],
  problemOf: (e: Exchange) => Problem | undefined,
  passMessage: (n: number) => string,
): Finding[] {
  if (exchanges.length === 0) return [];
  const offenders: Array<[Exchange, Problem]> = [];
  for (const e of exchanges) {
    const p = problemOf(e);
    if (p) offenders.push([e, p]);
  }
  if (offenders.length === 0) return [pass(requirementId, passMessage(exchanges.length))];

  const shown = offenders.slice(0, MAX_VIOLATIONS_PER_REQUIREMENT);
  const findings = shown.map(([e, p]) => violation(requirementId, p.message, p.expected, p.actual, [e.id]));
  const rest = offenders.length - shown.length;
  if (rest > 0) {
    findings.push(
      violation(
        requirementId,
        `... and ${rest} more exchange${rest === 1 ? '' : 's'} with the same problem (${offenders.length} of ${exchanges.length} in all)`,
        'no offending exchange',
        `${offenders.length} offending exchanges`,
      ),
    );
  }
  return findings;
}

function describeRequest(e: Exchange): string {
  const purpose = oneLine(e.purpose);
  const query = queryOf(e, 100);
  return purpose ? `${purpose} (${query})` : query;
}

function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}
