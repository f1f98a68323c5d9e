/**
 * VAL-AMBIGUOUS-INPUT: values the vendor page leaves open (spaces, a plus sign, leading zeros, exponents,
 * numbers beyond 64 bits, empty or omitted parameters, very large per_page). Any of {200, 422} is accepted;
 * a 422 must name the parameter, a 200 must show a reading a real vendor could have. Each case also yields an
 * Observation: the report says which reading the target chose.
 */
import type { Finding, Observation } from '../evidence.ts';
import { DEFAULT_PER_PAGE } from '../target.ts';
import { pass, violation } from './finding.ts';
import { isObject } from './page-body.ts';
import { BODY_KIND_WORDS, bodyKind, describeNoAnswer, isNotJudged, notJudged, statusWords, unexpectedAnswer, whyNotJudged } from './answer.ts';
import type { Sample } from './types.ts';
import { checkPage } from './pagination.ts';
import { describeInput, validationBodyProblems, type QueryParam } from './validation.ts';

export interface AmbiguousCase {
  param: 'page' | 'per_page' | 'both';
  /** The value sent for `param` (for 'both': for each); undefined = omitted. */
  raw: string | undefined;
  /** Words for the report: 'plus sign', 'leading zero', ... */
  label: string;
  /** Stable observation key (results.json `observed`), e.g. 'page.plusSign'. */
  key: string;
}

const REQ = 'VAL-AMBIGUOUS-INPUT';
const DEFAULT_PAGE = 1;
/**
 * Laravel's Model::$perPage. With ConvertEmptyStringsToNull, `per_page=` reaches the controller as null, and
 * `$request->input('per_page', 25)` returns that null (the key exists), so paginate() falls back to the
 * model's 15. Accepted for an EMPTY per_page only; an OMITTED per_page must give the documented 25.
 */
const LARAVEL_MODEL_PER_PAGE = 15;

/**
 * DESIGN.md section 2, one request each (≈15: they run against live targets on a budget).
 * The suite sends the other parameter in canonical form.
 */
export const AMBIGUOUS_CASES: AmbiguousCase[] = [
  { param: 'page', raw: ' 2', label: 'leading space', key: 'page.leadingSpace' },
  { param: 'page', raw: '2 ', label: 'trailing space', key: 'page.trailingSpace' },
  { param: 'page', raw: '+2', label: 'plus sign', key: 'page.plusSign' },
  { param: 'page', raw: '02', label: 'leading zero', key: 'page.leadingZero' },
  { param: 'page', raw: '1e1', label: 'exponent', key: 'page.exponent' },
  { param: 'page', raw: '9223372036854775808', label: 'just beyond 64-bit integers', key: 'page.beyondInt64' },
  { param: 'page', raw: '99999999999999999999', label: 'twenty digits', key: 'page.twentyDigits' },
  { param: 'page', raw: '', label: 'empty', key: 'page.empty' },
  { param: 'page', raw: undefined, label: 'omitted', key: 'page.omitted' },
  { param: 'per_page', raw: '', label: 'empty', key: 'perPage.empty' },
  { param: 'per_page', raw: undefined, label: 'omitted', key: 'perPage.omitted' },
  { param: 'per_page', raw: '+5', label: 'plus sign', key: 'perPage.plusSign' },
  { param: 'per_page', raw: '1000', label: 'large', key: 'perPage.large' },
  { param: 'per_page', raw: '100000', label: 'huge', key: 'perPage.huge' },
  { param: 'both', raw: undefined, label: 'both omitted', key: 'both.omitted' },
];

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** PHP's trim set for FILTER_VALIDATE_INT. */
const PHP_FILTER_SPACE = '[ \\t\\n\\r\\v\\0]';
const PHP_FILTER_TRIM = new RegExp(`^${PHP_FILTER_SPACE}+|${PHP_FILTER_SPACE}+$`, 'g');

/** PHP filter_var($raw, FILTER_VALIDATE_INT): trims, one sign, no leading zeros, within 64 bits. */
function phpFilterInt(raw: string): number | undefined {
  const m = /^([+-]?)(0|[1-9][0-9]*)$/.exec(raw.replace(PHP_FILTER_TRIM, ''));
  if (!m) return undefined;
  const n = BigInt(`${m[1] === '-' ? '-' : ''}${m[2]}`);
  return n > INT64_MAX || n < INT64_MIN ? undefined : Number(n);
}

/** PHP 8 (int)$raw: the leading numeric prefix; integers saturate at 64 bits, floats truncate. */
function phpIntCast(raw: string): number | undefined {
  const m = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(raw);
  if (!m) return undefined;
  const text = m[1]!;
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    return Number(n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n);
  }
  const f = Number(text);
  return Number.isFinite(f) && Math.abs(f) < 2 ** 63 ? Math.trunc(f) : undefined;
}

/**
 * The page numbers (or sizes) a real vendor could read from `raw`: PHP's integer filter (which Laravel's
 * paginator uses, falling back to the default when it fails or gives < 1), PHP's (int) cast (Eloquent's
 * paginate/limit), JavaScript's parseInt and Number; the default when empty or omitted. Sorted, unique,
 * all integers >= 1 (JSON numbers, so 2^63 - 1 reads as 2^63 like the body will).
 */
export function plausiblePages(raw: string | undefined, defaultValue: number): number[] {
  if (raw === undefined || raw.replace(PHP_FILTER_TRIM, '') === '') return [defaultValue];
  const readings = new Set<number>();
  const filtered = phpFilterInt(raw);
  readings.add(filtered !== undefined && filtered >= 1 ? filtered : defaultValue);
  for (const n of [phpIntCast(raw), Number.parseInt(raw, 10), raw.trim() === '' ? undefined : Number(raw)]) {
    if (n !== undefined && Number.isInteger(n) && n >= 1) readings.add(n);
  }
  return [...readings].sort((a, b) => a - b);
}

export function checkAmbiguous(s: Sample, c: AmbiguousCase): { findings: Finding[]; observation: Observation } {
  const ids = [s.exchange.id];
  const params: QueryParam[] = c.param === 'both' ? ['page', 'per_page'] : [c.param];
  const input = c.raw === undefined ? describeInput(s, params) : `${describeInput(s, params)} (${c.label})`;
  const observe = (value: string, summary: string): Observation => ({
    requirementId: REQ,
    key: c.key,
    value,
    summary: `${input}: ${summary}`,
    exchangeIds: ids,
  });
  const fail = (message: string, expected: unknown, actual: unknown, field?: string): Finding =>
    violation(REQ, message, expected, actual, ids, field === undefined ? {} : { field });
  const documented = 'documented 200 with a plausible reading or 422 naming the parameter';

  if (isNotJudged(s.exchange)) {
    return { findings: notJudged(REQ, s.exchange), observation: observe('not-evaluated', `not evaluated: ${whyNotJudged(s.exchange)}`) };
  }
  const response = s.exchange.response;
  const unexpected = unexpectedAnswer(s, { requirementId: REQ, subject: `for ${input}`, documented, statuses: (st) => st === 200 || st === 422, expected: [200, 422] });
  if (unexpected) {
    const observation = response
      ? observe(`error-${response.status}`, `answered ${statusWords(s.exchange)}`)
      : observe('no-answer', `no answer (${describeNoAnswer(s.exchange.error)})`);
    return { findings: [unexpected], observation };
  }
  if (response!.status === 200) return onOk();
  return onUnprocessable();

  function onUnprocessable(): { findings: Finding[]; observation: Observation } {
    const value = c.raw === undefined ? 'required-422' : 'rejected-422';
    if (!isObject(s.json)) {
      const kind = BODY_KIND_WORDS[bodyKind(response!.body)];
      return {
        findings: [fail(`Received 422 with ${kind} for ${input}, documented a JSON object naming the parameter`, 'a JSON 422 body', kind)],
        observation: observe(value, 'rejected with 422 (body not JSON)'),
      };
    }
    // Both omitted: a vendor may require only one of them, so naming either is enough.
    const errors = isObject(s.json.errors) ? s.json.errors : {};
    const named = params.filter((p) => Object.hasOwn(errors, p));
    const toCheck = c.param === 'both' && named.length > 0 ? named : params;
    const problems = validationBodyProblems(s.json, toCheck);
    const observation = observe(value, `rejected with 422 naming ${named.length ? named.join(' and ') : 'neither parameter'}`);
    if (problems.length === 0) {
      return { findings: [pass(REQ, `${input}: 422 naming ${toCheck.join(' and ')}`, ids)], observation };
    }
    return {
      findings: problems.map((p) =>
        fail(`Received 422 for ${input} where ${p}, documented errors naming ${params.join(c.param === 'both' ? ' or ' : ' and ')}`, { status: 422, errorsKeys: params }, { status: 422, errorsKeys: Object.keys(errors).slice(0, 10) }),
      ),
      observation,
    };
  }

  function onOk(): { findings: Finding[]; observation: Observation } {
    const meta = isObject(s.json) && isObject(s.json.meta) ? s.json.meta : undefined;
    if (!meta) {
      const kind = isObject(s.json) ? 'a JSON object without meta' : BODY_KIND_WORDS[bodyKind(response!.body)];
      return {
        findings: [fail(`Received 200 with ${kind} for ${input}, documented a page with meta.current_page and meta.per_page`, 'a CodesPage body', kind)],
        observation: observe('answered-200', `answered 200 with ${kind}`),
      };
    }
    const findings: Finding[] = [];
    const parts: string[] = [];
    let pageValue = '';
    let perPageValue = '';
    // Both parameters are judged: the one the case is about, and the other (sent canonical, so it has exactly
    // one reading; the suite's arithmetic check uses the observed values and would not notice it ignored).
    const about = (p: QueryParam) =>
      params.includes(p) ? input : `${describeInput(s, [p])} sent with ${input}`;

    {
      const raw = s.query.page;
      const allowed = plausiblePages(raw, DEFAULT_PAGE);
      const cp = meta.current_page;
      const ok = typeof cp === 'number' && allowed.includes(cp);
      findings.push(
        ok
          ? pass(REQ, `${about('page')}: 200 as page ${cp}`, ids)
          : fail(`Received meta.current_page ${JSON.stringify(cp)} for ${about('page')}, documented ${raw === undefined ? `the default ${DEFAULT_PAGE}` : oneOf(allowed)} (or 422)`, allowed, cp, '/meta/current_page'),
      );
      if (params.includes('page')) {
        parts.push(`page ${JSON.stringify(cp)}`);
        pageValue = raw === undefined && cp === DEFAULT_PAGE ? `default-${cp}` : `accepted-as-${JSON.stringify(cp)}`;
      }
    }

    {
      const raw = s.query.perPage;
      const allowed = plausiblePages(raw, DEFAULT_PER_PAGE);
      if (raw !== undefined && raw.trim() === '') allowed.push(LARAVEL_MODEL_PER_PAGE);
      const requested = Math.max(...allowed);
      const pp = meta.per_page;
      const isInt = typeof pp === 'number' && Number.isInteger(pp);
      // No maximum is documented: a cap at or above the default is a legitimate choice, reported as such.
      const capped = isInt && requested > DEFAULT_PER_PAGE && pp >= DEFAULT_PER_PAGE && pp < requested;
      const ok = isInt && (allowed.includes(pp) || capped);
      const documentedWords =
        requested > DEFAULT_PER_PAGE
          ? `${oneOf(allowed)} or a cap between ${DEFAULT_PER_PAGE} and ${requested}`
          : raw === undefined
            ? `the default ${DEFAULT_PER_PAGE}`
            : oneOf(allowed);
      findings.push(
        ok
          ? pass(REQ, `${about('per_page')}: 200 with ${pp} per page${capped ? ' (capped)' : ''}`, ids)
          : fail(`Received meta.per_page ${JSON.stringify(pp)} for ${about('per_page')}, documented ${documentedWords} (or 422)`, allowed, pp, '/meta/per_page'),
      );
      if (params.includes('per_page')) {
        parts.push(capped ? `capped at ${pp} per page` : `${JSON.stringify(pp)} per page`);
        perPageValue =
          raw === undefined || raw.trim() === ''
            ? `default-${JSON.stringify(pp)}`
            : capped
              ? `capped-${pp}`
              : requested > DEFAULT_PER_PAGE && pp === requested
                ? 'accepted'
                : `accepted-as-${JSON.stringify(pp)}`;
      }
    }
    // 'both': one value for the pair, e.g. "default-page-1-per-page-25".
    const value =
      c.param !== 'both'
        ? pageValue || perPageValue
        : pageValue.startsWith('default-') && perPageValue.startsWith('default-')
          ? `default-page-${pageValue.slice(8)}-per-page-${perPageValue.slice(8)}`
          : `page-${pageValue}-per-page-${perPageValue}`;
    return { findings, observation: observe(value, `answered 200 with ${parts.join(', ')}`) };
  }
}

function oneOf(values: number[]): string {
  return values.length === 1 ? String(values[0]) : `one of ${values.join(', ')}`;
}

/**
 * VAL-AMBIGUOUS-INPUT: a 200 to an ambiguous value must still be a consistent page for the reading it chose (the
 * page and size its own meta says), by the pagination arithmetic of checkPage. Any other answer: nothing here.
 */
export function checkAmbiguousPage(s: Sample, c: AmbiguousCase): Finding[] {
  if (s.exchange.response?.status !== 200) return [];
  const meta = isObject(s.json) && isObject(s.json.meta) ? s.json.meta : undefined;
  const page = meta?.current_page;
  const perPage = meta?.per_page;
  if (typeof page !== 'number' || typeof perPage !== 'number' || page < 1 || perPage < 1) return [];
  return checkPage(s, { page, perPage }).map((f) => ({ ...f, requirementId: REQ, message: `${c.label}: ${f.message}` }));
}
