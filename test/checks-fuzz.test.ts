import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCrashProbe, checkFuzzAnswer, isHugeNumber, queryArbitrary, queryValueArbitrary } from '../src/checks/fuzz.ts';
import { CRASH_CLASSES, crashProbes, type CrashProbe } from '../src/cases/crash.ts';
import { codesPage, makeSample, TEST_ENDPOINT } from './helpers/exchange.ts';

const TIMEOUT = 5000;

describe('fuzz arbitraries', () => {
  it('values are varied, encodable and short enough for a URL', () => {
    const values = fc.sample(queryValueArbitrary(), { seed: 42, numRuns: 500 });
    for (const v of values) {
      expect(() => encodeURIComponent(v)).not.toThrow();
      expect(encodeURIComponent(v).length).toBeLessThan(600);
    }
    expect(new Set(values).size).toBeGreaterThan(200);
    expect(values.some((v) => /^-\d+$/.test(v))).toBe(true);
    expect(values.some((v) => /^\d{15,}$/.test(v))).toBe(true);
    expect(values.some((v) => /e/i.test(v) && /\d/.test(v))).toBe(true);
    expect(values.some((v) => /[^\x00-\x7f]/.test(v))).toBe(true);
    expect(values.some((v) => /[\x00-\x1f]/.test(v))).toBe(true);
  });

  it('queries omit parameters sometimes and add extras sometimes; the seed reproduces them', () => {
    const a = fc.sample(queryArbitrary(), { seed: 7, numRuns: 200 });
    const b = fc.sample(queryArbitrary(), { seed: 7, numRuns: 200 });
    expect(a).toEqual(b);
    expect(a.some((q) => q.page === undefined)).toBe(true);
    expect(a.some((q) => q.perPage === undefined)).toBe(true);
    expect(a.some((q) => q.extra !== undefined && q.extra[0].endsWith('[]'))).toBe(true);
  });
});

describe('checkFuzzAnswer', () => {
  const query = { page: '١٢', perPage: '1e309' };
  it('200 page and 422 JSON pass', () => {
    expect(checkFuzzAnswer(makeSample({ status: 200, body: codesPage({ total: 3 }), query }), TIMEOUT)[0]!.ok).toBe(true);
    const s422 = makeSample({ status: 422, body: { message: 'The page field must be an integer.', errors: { page: ['x'] } }, query });
    expect(checkFuzzAnswer(s422, TIMEOUT)[0]!.ok).toBe(true);
  });

  it('500, an HTML 422, a 200 that is not a page, a timeout fail and name the query', () => {
    const cases = [
      makeSample({ status: 500, statusText: 'Internal Server Error', body: '{"message":"Server Error"}', query }),
      makeSample({ status: 422, body: '<!DOCTYPE html>', headers: { 'content-type': 'text/html' }, query }),
      makeSample({ status: 200, body: { message: 'ok' }, query }),
      makeSample({ status: 404, body: { message: 'Not Found' }, query }),
      makeSample({ error: { kind: 'timeout', message: 'x' }, query }),
    ];
    for (const s of cases) {
      const f = checkFuzzAnswer(s, TIMEOUT);
      expect(f).toHaveLength(1);
      expect(f[0]!.ok).toBe(false);
      expect(f[0]!.requirementId).toBe('VAL-FUZZ');
      expect(f[0]!.message).toContain(`page=${encodeURIComponent('١٢')}`);
    }
    expect(checkFuzzAnswer(cases[0]!, TIMEOUT)[0]!.message).toMatch(/^Received 500 Internal Server Error for \?per_page=1e309&page=.*documented 200 or 422$/);
    expect(checkFuzzAnswer(cases[4]!, TIMEOUT)[0]!.message).toContain('timed out after 5000 ms');
  });

  it('budget and 429 are not judged', () => {
    for (const s of [makeSample({ error: { kind: 'budget', message: 'x' } }), makeSample({ status: 429, body: {} })]) {
      const f = checkFuzzAnswer(s, TIMEOUT);
      expect(f.map((x) => [x.requirementId, x.ok, x.exchangeIds])).toEqual([['VAL-FUZZ', true, [s.exchange.id]]]);
    }
  });
});

describe('no check in this group throws on garbage', () => {
  it('arbitrary statuses, bodies, headers and queries', async () => {
    const { checkTransport } = await import('../src/checks/transport.ts');
    const { checkSchema } = await import('../src/checks/schema.ts');
    const { checkUnauthorized } = await import('../src/checks/auth.ts');
    const { checkValidationError } = await import('../src/checks/validation.ts');
    const { AMBIGUOUS_CASES, checkAmbiguous } = await import('../src/checks/ambiguous.ts');
    const { checkClientParity, checkHeaderTolerance, observeHeaderChoice } = await import('../src/checks/headers.ts');
    const body = fc.oneof(fc.json(), fc.string(), fc.anything().map((x) => { try { return JSON.stringify(x) ?? ''; } catch { return ''; } }));
    const stub = { validateResponse: () => [] };
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        body,
        fc.dictionary(fc.constantFrom('content-type', 'location', 'x-other'), fc.string()),
        queryArbitrary(),
        fc.boolean(),
        (status, text, headers, q, answered) => {
          const s = answered
            ? makeSample({ status, body: text, headers, query: q })
            : makeSample({ error: { kind: 'other', message: text.slice(0, 40) }, query: q });
          checkTransport([s.exchange], TIMEOUT);
          checkSchema(s, stub);
          checkUnauthorized(s, 'AUTH-WRONG-TOKEN');
          checkValidationError(s, ['page', 'per_page'], 'VAL-ALL-ERRORS');
          for (const c of AMBIGUOUS_CASES.slice(0, 3)) checkAmbiguous(s, c);
          checkFuzzAnswer(s, TIMEOUT);
          checkClientParity(s, s, 'web');
          checkHeaderTolerance(s, 'x');
          observeHeaderChoice(s, 'k');
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });
});

describe('isHugeNumber (page sizes the suite never sends)', () => {
  it.each([
    ['1000000', true],
    [' +5000 ', true],
    ['1e9', true],
    ['99999999999999999999', true],
    ['1e400', true],
    ['2000abc', true],
    ['1000', false],
    ['25', false],
    ['-5000', false],
    ['abc', false],
    [undefined, false],
  ])('%j → %s', (v, huge) => {
    expect(isHugeNumber(v as string | undefined, 1000)).toBe(huge);
  });
});

describe('checkCrashProbe (fixed crash-class probes)', () => {
  const probes = crashProbes();
  const nul = probes.find((p) => p.key === 'perPage.nul')!;
  const array = probes.find((p) => p.key === 'page.emptyBrackets')!;
  const at = (p: CrashProbe) => `${TEST_ENDPOINT}?${p.rawQuery}`;

  it('a 422 passes, like any fuzz answer', () => {
    const s = makeSample({ status: 422, body: { message: 'x', errors: { per_page: ['x'] } }, url: at(nul) });
    expect(checkCrashProbe(s, nul, TIMEOUT).map((f) => f.ok)).toEqual([true]);
  });

  it('a 500 to a NUL in per_page names the input and the known Laravel 9.0-11.22 bug', () => {
    const [f] = checkCrashProbe(makeSample({ status: 500, statusText: 'Internal Server Error', body: '{"message":"Server Error"}', url: at(nul) }), nul, TIMEOUT);
    expect(f!.ok).toBe(false);
    expect(f!.requirementId).toBe('VAL-FUZZ');
    expect(f!.message).toMatch(/^a NUL byte in per_page: Received 500/);
    expect(f!.message).toContain('per_page=%00');
    expect(f!.message).toMatch(/Laravel 9\.0 to 11\.22.*fixed in Laravel 11\.23/);
  });

  it('a 500 to a probe without a known cause names the input only; a non-5xx failure never claims the cause', () => {
    const [f] = checkCrashProbe(makeSample({ status: 500, body: '{"message":"Server Error"}', url: at(array) }), array, TIMEOUT);
    expect(f!.message).toMatch(/^an array \(page\[\]=1\) in page: Received 500/);
    expect(f!.message).not.toContain('Laravel');
    const [g] = checkCrashProbe(makeSample({ status: 200, body: { message: 'ok' }, url: at(nul) }), nul, TIMEOUT);
    expect(g!.ok).toBe(false);
    expect(g!.message).not.toContain('11.22');
  });
});

describe('the crash-class probes as data', () => {
  const probes = crashProbes();
  it('every class for both parameters, unique keys and queries, the other parameter canonical', () => {
    expect(probes.length).toBe(CRASH_CLASSES.length * 2);
    expect(new Set(probes.map((p) => p.key)).size).toBe(probes.length);
    expect(new Set(probes.map((p) => p.rawQuery)).size).toBe(probes.length);
    for (const p of probes) {
      expect(p.rawQuery).toContain(p.param === 'page' ? 'per_page=25&' : '&page=1');
      expect(p.label).not.toContain('name');
    }
    expect(probes.map((p) => p.rawQuery)).toEqual(expect.arrayContaining(['per_page=%00&page=1', 'per_page=25&page=%00', 'per_page%5B%5D=1&page=1', 'per_page=25&page%5Bx%5D=1']));
  });
});
