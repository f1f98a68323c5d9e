/**
 * The 401 matrix: a request without valid credentials must get 401 (AUTH-MISSING-TOKEN, AUTH-EMPTY-BEARER,
 * AUTH-WRONG-SCHEME, AUTH-WRONG-TOKEN, AUTH-EVERY-CLIENT, AUTH-BEFORE-VALIDATION) and whatever comes back
 * must carry no codes and no pagination (AUTH-NO-DATA-LEAK). The 401 wording is the vendor's: not judged.
 */
import type { Finding, Observation } from '../evidence.ts';
import { pass, violation } from './finding.ts';
import { isObject } from './page-body.ts';
import { bodyKind, isNotJudged, notJudged, redirectTarget, unexpectedAnswer } from './answer.ts';
import type { Sample } from './types.ts';

export const UNAUTHORIZED_REQUIREMENTS = [
  'AUTH-MISSING-TOKEN',
  'AUTH-EMPTY-BEARER',
  'AUTH-WRONG-SCHEME',
  'AUTH-WRONG-TOKEN',
  'AUTH-EVERY-CLIENT',
  'AUTH-BEFORE-VALIDATION',
] as const;

const PAGINATION_META_KEYS = ['total', 'current_page', 'per_page', 'last_page', 'from', 'to'];
const PAGINATION_LINK_KEYS = ['first', 'last', 'prev', 'next'];

export function checkUnauthorized(s: Sample, requirementId: string): Finding[] {
  if (isNotJudged(s.exchange)) return [...notJudged(requirementId, s.exchange), ...notJudged('AUTH-NO-DATA-LEAK', s.exchange)];
  return [statusFinding(s, requirementId), ...leakFindings(s)];
}

function statusFinding(s: Sample, requirementId: string): Finding {
  const explain = (status: number): string | undefined => {
    if (status === 200) return 'the request was served without valid credentials';
    if (status >= 300 && status < 400) return `redirected to ${redirectTarget(s.exchange)} (login page?)`;
    if (status === 422 && requirementId === 'AUTH-BEFORE-VALIDATION') return 'validation ran before authentication';
    return undefined;
  };
  const unexpected = unexpectedAnswer(s, { requirementId, subject: '', documented: 'documented 401', statuses: (st) => st === 401, expected: 401, explain });
  return unexpected ?? pass(requirementId, 'Refused with 401', [s.exchange.id]);
}

/**
 * AUTH-NO-DATA-LEAK on any answer to an unauthenticated request, a 200 included (a 200 that serves the
 * list is the worst leak; it also fails the status requirement). A top-level numeric `code` is an error
 * number ({"code": 401}), not a door code; every other `code` key is a leak (values are masked at record
 * time, so a masked door code and an error string cannot be told apart: refused, conservatively).
 */
function leakFindings(s: Sample): Finding[] {
  const response = s.exchange.response;
  if (!response) return [];
  const ids = [s.exchange.id];
  const leaks: string[] = [];

  if (isObject(s.json)) {
    const { data, meta, links } = s.json;
    if (Array.isArray(data) && data.length > 0)
      leaks.push(`data with ${data.length} record${data.length === 1 ? '' : 's'}`);
    if (isObject(meta) && PAGINATION_META_KEYS.some((k) => k in meta)) leaks.push('pagination meta');
    if (isObject(links) && PAGINATION_LINK_KEYS.some((k) => k in links)) leaks.push('pagination links');
    const codes = countCodeKeys(s.json, true);
    if (codes > 0) leaks.push(`${codes} code value${codes === 1 ? '' : 's'}`);
  } else if (Array.isArray(s.json)) {
    const codes = countCodeKeys(s.json, false);
    if (s.json.length > 0) leaks.push(`a JSON array of ${s.json.length} item${s.json.length === 1 ? '' : 's'}`);
    if (codes > 0) leaks.push(`${codes} code value${codes === 1 ? '' : 's'}`);
  } else if (bodyKind(response.body) !== 'json-other' && /"code"\s*:/.test(response.body)) {
    // Not JSON (an HTML page, truncated JSON): only a JSON-looking "code": pair is evidence of a leak.
    leaks.push('a "code" field in its text');
  }

  if (leaks.length === 0) {
    return [pass('AUTH-NO-DATA-LEAK', `The ${response.status} answer carries no codes or pagination data`, ids)];
  }
  return [
    violation(
      'AUTH-NO-DATA-LEAK',
      `Received a ${response.status} answer carrying ${leaks.join(', ')} without valid credentials, documented no codes or pagination data`,
      'no records, no pagination, no code values',
      leaks,
      ids,
    ),
  ];
}

/** `code` keys anywhere in the value; a numeric one at the top level is an error number, not counted. */
function countCodeKeys(value: unknown, topLevel: boolean, depth = 0): number {
  if (depth > 50) return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + countCodeKeys(v, false, depth + 1), 0);
  if (!isObject(value)) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'code' && !(topLevel && typeof v === 'number')) n += 1;
    n += countCodeKeys(v, false, depth + 1);
  }
  return n;
}

/**
 * The valid token under the lower-case "bearer" scheme: Laravel up to 11.33 reads only "Bearer" (strrpos), 11.34
 * and later any case (strripos, as RFC 7235 says). Both are real vendors, so this is observed, never judged.
 */
export function observeBearerSchemeCase(lower: Sample): Observation {
  const status = lower.exchange.response?.status;
  return {
    requirementId: 'AUTH-WRONG-SCHEME',
    key: 'auth.bearerSchemeCase',
    value: status === 200 ? 'case-insensitive' : status === 401 ? 'case-sensitive' : `answered-${status ?? 'nothing'}`,
    summary:
      status === 200
        ? 'The "bearer" scheme is accepted in lower case (Laravel 11.34 and later, RFC 7235).'
        : status === 401
          ? 'Only "Bearer" with a capital B is accepted (Laravel up to 11.33).'
          : `A lower-case "bearer" scheme got ${status ?? 'no answer'}.`,
    exchangeIds: [lower.exchange.id],
  };
}
