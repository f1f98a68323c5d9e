/**
 * VAL-FUZZ: property-based query values (fast-check). Any query must be answered, with 200 or 422 and a JSON
 * object body; a 200 must at least look like a page (data array, meta object). The values are generated
 * here; the suite percent-encodes them with encodeURIComponent, so every value is encodable (no lone
 * surrogates) and short enough that the URL stays far below common proxy limits (a 414 from nginx would
 * be the proxy's answer, not the app's). Exponents stay within ±400: Laravel 10/11's min rule throws a
 * MathException (500) beyond ±1000 (reference option exponentGuard), a framework quirk the fuzz does not hunt.
 */
import fc from 'fast-check';
import type { Finding } from '../evidence.ts';
import { pass, violation } from './finding.ts';
import { isObject, type Json } from './page-body.ts';
import { isNotJudged, notJudged, queryOf, unexpectedAnswer } from './answer.ts';
import type { Sample } from './types.ts';
import type { CrashProbe } from '../cases/crash.ts';

const REQ = 'VAL-FUZZ';

/** Values that have broken real integer parsers. */
const TRICKY_VALUES = [
  '', ' ', '0', '-0', '+0', '00', '-1', '1.0', '1.', '.5', '1,5', '1_000', '1 000', '0x10', '0b1', '0o7', '1e3',
  '1E-1', '-1e1', 'Infinity', '-Infinity', 'NaN', 'null', 'undefined', 'true', 'false', '[]', '{}', '[1]',
  '%', '%00', '%2', '\u0000', '1\u0000', '\t1', '1\n', '١٢', '２', '¹', 'Ⅻ', '𝟙', '1\u200b', 'é', '💥',
  "1'", '1"', '1;', '1--', "1' OR '1'='1", '${7*7}', '{{7*7}}', '<script>', '../', '\\', '/', '?', '#', '&', '=',
  '9223372036854775807', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '4294967296',
  '2147483648', '1e308', '1e309', '4.9e-324',
] as const;

const digit = fc.constantFrom(...'0123456789'.split(''));
const space = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u3000', '');

/** One nasty query value. */
export function queryValueArbitrary(): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TRICKY_VALUES) },
      { weight: 2, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String) },
      { weight: 2, arbitrary: fc.array(digit, { minLength: 15, maxLength: 40 }).map((d) => d.join('')) },
      { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
      { weight: 2, arbitrary: fc.double().map(String) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.integer({ min: -99, max: 99 }), fc.constantFrom('e', 'E', 'e+', 'e-'), fc.integer({ min: 0, max: 400 }))
          .map(([m, e, x]) => `${m}${e}${x}`),
      },
      { weight: 1, arbitrary: fc.nat().map((n) => `0x${n.toString(16)}`) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(space, fc.constantFrom('', '+', '-', '0', '00'), fc.integer({ min: 0, max: 999 }), space)
          .map(([a, sign, n, b]) => `${a}${sign}${n}${b}`),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
    )
    .filter(isEncodable);
}

/** A query: page and per_page each a nasty value or omitted, sometimes one more (odd or array-style) parameter. */
export function queryArbitrary(): fc.Arbitrary<{ page?: string; perPage?: string; extra?: [string, string] }> {
  const extraName = fc.constantFrom(
    'page[]',
    'per_page[]',
    'page[0]',
    'per_page[a]',
    'PAGE',
    'perPage',
    'per-page',
    'limit',
    'offset',
    'sort',
    'q',
    'include',
    'filter[code]',
  );
  const value = queryValueArbitrary();
  return fc.record(
    {
      page: value,
      perPage: value,
      extra: fc.tuple(extraName, value),
    },
    { requiredKeys: [] },
  );
}

export function checkFuzzAnswer(s: Sample, timeoutMs: number): Finding[] {
  if (isNotJudged(s.exchange)) return notJudged(REQ, s.exchange);
  const ids = [s.exchange.id];
  const query = queryOf(s.exchange, 200);
  const unexpected = unexpectedAnswer(s, {
    requirementId: REQ,
    subject: `for ${query}`,
    documented: 'documented 200 or 422',
    statuses: (st) => st === 200 || st === 422,
    expected: [200, 422],
    jsonObject: { expected: 'a JSON object body', documented: 'documented a JSON object' },
    timeoutMs,
  });
  if (unexpected) return [unexpected];
  const status = s.exchange.response!.status;
  const json = s.json as Json; // unexpectedAnswer made sure it is a JSON object
  if (status === 200 && (!Array.isArray(json.data) || !isObject(json.meta))) {
    return [
      violation(REQ, `Received 200 for ${query} without a data array and a meta object, documented a page of codes`, 'a CodesPage body', 'a JSON object without data[] and meta{}', ids),
    ];
  }
  return [pass(REQ, `${status} with a JSON ${status === 200 ? 'page' : 'object'} for ${query}`, ids)];
}

/**
 * VAL-FUZZ on a fixed crash-class probe (src/cases/crash.ts): judged like a fuzz answer; a violation names the
 * input class and parameter, and on a 5xx the known framework bug behind it, if there is one.
 */
export function checkCrashProbe(s: Sample, probe: CrashProbe, timeoutMs: number): Finding[] {
  const status = s.exchange.response?.status;
  const cause = probe.knownCause && status !== undefined && status >= 500 ? `; ${probe.knownCause}` : '';
  return checkFuzzAnswer(s, timeoutMs).map((f) => (f.ok ? f : { ...f, message: `${probe.label} in ${probe.param}: ${f.message}${cause}` }));
}

function isEncodable(v: string): boolean {
  try {
    encodeURIComponent(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Would some lenient parser read this value as a number above `max` (1e6, "1e9", "+0099999")? Such a page size is
 * a legitimate request a vendor may honour by returning the whole collection, so the suite never sends it.
 */
export function isHugeNumber(v: string | undefined, max: number): boolean {
  if (v === undefined) return false;
  const t = v.trim().replace(/^\+/, '');
  const n = Number(t);
  if (Number.isFinite(n)) return n > max;
  const lead = /^\d+(\.\d*)?(e\+?\d+)?/i.exec(t)?.[0];
  return lead !== undefined && Number(lead) > max;
}
