/**
 * Transport-level checks over every exchange the run made (HTTP-NO-SERVER-ERROR, HTTP-ANSWERED,
 * HTTP-JSON-BODY, HTTP-CONTENT-TYPE, HTTP-IDENTITY-ENCODING); the wording of answers comes from ./answer.ts.
 */
import type { Exchange, Finding } from '../evidence.ts';
import { pass, violation } from './finding.ts';
import { BODY_KIND_WORDS, bodyKind, describeNoAnswer, describeRequest, isApplicationJson, isNotJudged, JSON_STATUSES, oneLine, statusWords } from './answer.ts';

/** Offending exchanges listed one by one per HTTP-* requirement; the rest are summed up in one more finding. */
export const MAX_LISTED_OFFENDERS = 20;

export function checkTransport(exchanges: Exchange[], timeoutMs: number): Finding[] {
  // A 429 is the target's limiter saying "later": nothing to judge (the client waits them out; stats.rateLimited).
  const judged = exchanges.filter((e) => !isNotJudged(e));
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
              message: `Received ${e.error?.answeredStatus !== undefined ? `${e.error.answeredStatus} with a body that could not be read` : 'no answer'} for ${describeRequest(e)}: ${describeNoAnswer(e.error, timeoutMs)}; documented an HTTP answer within ${timeoutMs} ms`,
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

/**
 * HTTP-IDENTITY-ENCODING: an answer to a request whose Accept-Encoding is only "identity" carries no other content
 * coding (RFC 9110 section 12.5.3). Only the requests that asked so are judged.
 */
export function checkIdentityEncoding(exchanges: Exchange[]): Finding[] {
  const asked = exchanges.filter((e) => e.response !== undefined && e.request.headers['accept-encoding']?.trim().toLowerCase() === 'identity');
  return aggregate(
    'HTTP-IDENTITY-ENCODING',
    asked,
    (e) => {
      const coding = e.response!.headers['content-encoding']?.trim();
      return coding === undefined || coding === '' || coding.toLowerCase() === 'identity'
        ? undefined
        : {
            message: `Received Content-Encoding ${JSON.stringify(oneLine(coding))} for ${describeRequest(e)}, documented an uncompressed answer to Accept-Encoding: identity (RFC 9110 section 12.5.3)`,
            expected: 'no Content-Encoding',
            actual: coding,
          };
    },
    (n) => `${n === 1 ? 'the answer' : `${n} answers`} to Accept-Encoding: identity ${n === 1 ? 'is' : 'are'} not compressed`,
  );
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

  const shown = offenders.slice(0, MAX_LISTED_OFFENDERS);
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
