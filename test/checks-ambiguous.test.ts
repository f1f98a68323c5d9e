import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_CASES, checkAmbiguous, checkAmbiguousPage, plausiblePages, type AmbiguousCase } from '../src/checks/ambiguous.ts';
import { codesPage, makeSample } from './helpers/exchange.ts';

const caseOf = (key: string): AmbiguousCase => {
  const c = AMBIGUOUS_CASES.find((x) => x.key === key);
  if (!c) throw new Error(`no case ${key}`);
  return c;
};
/** The query the suite sends for a case: the other parameter canonical. */
const queryOf = (c: AmbiguousCase) =>
  c.param === 'page' ? { perPage: '25', page: c.raw } : c.param === 'per_page' ? { perPage: c.raw, page: '1' } : { perPage: c.raw, page: c.raw };
const judged = <T extends { findings: unknown[] }>(r: T): T => {
  expect(r.findings.length).toBeGreaterThan(0); // "every finding ok" must never hold vacuously
  return r;
};
const ok200 = (c: AmbiguousCase, page: number, perPage: number, total = 60) =>
  judged(checkAmbiguous(makeSample({ status: 200, body: codesPage({ total, page, perPage }), query: queryOf(c) }), c));
const reject422 = (c: AmbiguousCase, errors: Record<string, unknown>) =>
  judged(checkAmbiguous(makeSample({ status: 422, body: { message: 'The given data was invalid.', errors }, query: queryOf(c) }), c));

describe('AMBIGUOUS_CASES', () => {
  it('is short, with unique stable keys and the DESIGN.md inputs', () => {
    expect(AMBIGUOUS_CASES.length).toBeGreaterThanOrEqual(12);
    expect(AMBIGUOUS_CASES.length).toBeLessThanOrEqual(15);
    expect(new Set(AMBIGUOUS_CASES.map((c) => c.key)).size).toBe(AMBIGUOUS_CASES.length);
    const raws = AMBIGUOUS_CASES.map((c) => c.raw);
    for (const r of [' 2', '2 ', '+2', '02', '1e1', '99999999999999999999', '9223372036854775808', '', undefined, '100000'])
      expect(raws).toContain(r);
  });
});

describe('plausiblePages', () => {
  it.each([
    [undefined, 1, [1]],
    ['', 1, [1]],
    ['  ', 25, [25]],
    ['+2', 1, [2]],
    [' 2', 1, [2]],
    ['2 ', 1, [2]],
    ['02', 1, [1, 2]],
    ['1e1', 1, [1, 10]],
    ['1000', 25, [1000]],
    ['9223372036854775808', 1, [1, 9223372036854775807, 9223372036854775808]],
  ] as Array<[string | undefined, number, number[]]>)('%j (default %d) → %j', (raw, d, expected) => {
    expect(plausiblePages(raw, d)).toEqual([...new Set(expected)].sort((a, b) => a - b));
  });

  it('twenty digits: default, PHP saturation or the float', () => {
    expect(plausiblePages('99999999999999999999', 1)).toEqual([1, 9223372036854775807, 1e20]);
  });
});

describe('checkAmbiguous', () => {
  it('"+2" read as 2 passes, as page 1 fails', () => {
    const c = caseOf('page.plusSign');
    const good = ok200(c, 2, 25);
    expect(good.findings).toMatchObject([
      { ok: true, requirementId: 'VAL-AMBIGUOUS-INPUT' },
      { ok: true, requirementId: 'VAL-AMBIGUOUS-INPUT' },
    ]);
    expect(good.observation).toMatchObject({ key: 'page.plusSign', value: 'accepted-as-2' });
    const bad = ok200(c, 1, 25);
    expect(bad.findings.every((f) => f.ok)).toBe(false);
    expect(bad.findings.find((f) => !f.ok)!.message).toBe('Received meta.current_page 1 for page="+2" (plus sign), documented 2 (or 422)');
    expect(bad.observation.value).toBe('accepted-as-1');
  });

  it('"+2" rejected with 422 naming page passes', () => {
    const r = reject422(caseOf('page.plusSign'), { page: ['The page field must be an integer.'] });
    expect(r.findings.every((f) => f.ok)).toBe(true);
    expect(r.observation.value).toBe('rejected-422');
  });

  it('a 422 naming the wrong parameter fails', () => {
    const r = reject422(caseOf('page.leadingZero'), { per_page: ['x'] });
    expect(r.findings.every((f) => f.ok)).toBe(false);
  });

  it('"02" and "1e1": both readings accepted', () => {
    expect(ok200(caseOf('page.leadingZero'), 2, 25).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(caseOf('page.leadingZero'), 1, 25).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(caseOf('page.exponent'), 10, 25).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(caseOf('page.exponent'), 1, 25).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(caseOf('page.exponent'), 3, 25).findings.every((f) => f.ok)).toBe(false);
  });

  it('omitted per_page: 25 passes, 15 fails, 422 is "required-422"', () => {
    const c = caseOf('perPage.omitted');
    const good = ok200(c, 1, 25);
    expect(good.findings.every((f) => f.ok)).toBe(true);
    expect(good.observation.value).toBe('default-25');
    const bad = ok200(c, 1, 15);
    expect(bad.findings.every((f) => f.ok)).toBe(false);
    expect(bad.findings.find((f) => !f.ok)!.message).toBe('Received meta.per_page 15 for per_page omitted, documented the default 25 (or 422)');
    expect(bad.observation.value).toBe('default-15');
    const req = reject422(c, { per_page: ['The per page field is required.'] });
    expect(req.findings.every((f) => f.ok)).toBe(true);
    expect(req.observation.value).toBe('required-422');
  });

  it('empty per_page: Laravel\'s model default 15 is tolerated, 10 is not', () => {
    const c = caseOf('perPage.empty');
    expect(ok200(c, 1, 25).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(c, 1, 15).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(c, 1, 10).findings.every((f) => f.ok)).toBe(false);
  });

  it('the canonical other parameter is judged too (a page case answered with per_page 15)', () => {
    const r = ok200(caseOf('page.leadingSpace'), 2, 15);
    const v = r.findings.filter((f) => !f.ok);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe('Received meta.per_page 15 for per_page="25" sent with page=" 2" (leading space), documented 25 (or 422)');
    expect(r.observation.value).toBe('accepted-as-2');
  });

  it('omitted page → 1 only', () => {
    expect(ok200(caseOf('page.omitted'), 1, 25).observation.value).toBe('default-1');
    expect(ok200(caseOf('page.omitted'), 2, 25).findings.every((f) => f.ok)).toBe(false);
  });

  it('huge per_page: accepted, capped at >= 25, or refused; a cap below 25 fails', () => {
    const c = caseOf('perPage.huge');
    const all = ok200(c, 1, 100000, 60);
    expect(all.findings.every((f) => f.ok)).toBe(true);
    expect(all.observation.value).toBe('accepted');
    const capped = ok200(c, 1, 50, 60);
    expect(capped.findings.every((f) => f.ok)).toBe(true);
    expect(capped.observation.value).toBe('capped-50');
    expect(ok200(c, 1, 10, 60).findings.every((f) => f.ok)).toBe(false);
    expect(reject422(c, { per_page: ['The per page field must not be greater than 100.'] }).observation.value).toBe('rejected-422');
  });

  it('both omitted: defaults pass; a 422 naming either parameter passes', () => {
    const c = caseOf('both.omitted');
    const r = ok200(c, 1, 25);
    expect(r.findings.every((f) => f.ok)).toBe(true);
    expect(r.findings).toHaveLength(2);
    expect(r.observation.value).toBe('default-page-1-per-page-25');
    expect(r.observation.summary).toBe('page omitted and per_page omitted: answered 200 with page 1, 25 per page');
    expect(ok200(c, 1, 15).findings.some((f) => !f.ok)).toBe(true);
    expect(reject422(c, { page: ['required'] }).findings.every((f) => f.ok)).toBe(true);
    expect(reject422(c, { page: ['required'], per_page: ['required'] }).findings.every((f) => f.ok)).toBe(true);
    expect(reject422(c, { sort: ['x'] }).findings.every((f) => f.ok)).toBe(false);
  });

  it('5xx, 400, 404, redirect, non-JSON and no answer fail; 429 and budget are not judged', () => {
    const c = caseOf('page.beyondInt64');
    const q = queryOf(c);
    for (const [status, body, headers] of [
      [500, '<html>Server Error</html>', { 'content-type': 'text/html' }],
      [400, { message: 'Bad Request' }, undefined],
      [404, { message: 'Not Found' }, undefined],
      [302, '', { location: '/login' }],
    ] as Array<[number, unknown, Record<string, string> | undefined]>) {
      const r = checkAmbiguous(makeSample({ status, body, headers, query: q }), c);
      expect(r.findings.every((f) => f.ok), String(status)).toBe(false);
      expect(r.observation.value).toBe(`error-${status}`);
    }
    expect(checkAmbiguous(makeSample({ status: 200, body: '<html>', headers: { 'content-type': 'text/html' }, query: q }), c).findings.every((f) => f.ok)).toBe(false);
    expect(checkAmbiguous(makeSample({ error: { kind: 'timeout', message: 't' }, query: q }), c).observation.value).toBe('no-answer');
    // Not judged: only a marker naming the 429, which the suites' evidence layer drops (the requirement is then cut short).
    const limited = makeSample({ status: 429, body: {}, query: q });
    expect(checkAmbiguous(limited, c).findings).toEqual([{ requirementId: 'VAL-AMBIGUOUS-INPUT', ok: true, message: 'not judged: rate limited (429)', exchangeIds: [limited.exchange.id] }]);
    expect(checkAmbiguous(makeSample({ error: { kind: 'budget', message: 'x' }, query: q }), c).observation.value).toBe('not-evaluated');
  });

  it('beyond 64 bits: Laravel\'s 422 or page 1 (paginator fallback) pass', () => {
    const c = caseOf('page.beyondInt64');
    expect(reject422(c, { page: ['The page field must be an integer.'] }).findings.every((f) => f.ok)).toBe(true);
    expect(ok200(c, 1, 25).findings.every((f) => f.ok)).toBe(true);
  });
});

describe('checkAmbiguousPage (a 200 to an ambiguous value holds to the reading it chose)', () => {
  const plus = AMBIGUOUS_CASES.find((c) => c.key === 'page.plusSign')!;
  it('a consistent page for the page and size its meta says passes', () => {
    const s = makeSample({ status: 200, body: codesPage({ total: 60, page: 2 }), query: { perPage: '25', page: '+2' } });
    const f = checkAmbiguousPage(s, plus);
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.ok && x.requirementId === 'VAL-AMBIGUOUS-INPUT')).toBe(true);
  });

  it('an inconsistent page fails VAL-AMBIGUOUS-INPUT, named by the case', () => {
    const body = codesPage({ total: 60, page: 2 }) as { meta: Record<string, unknown> };
    body.meta.last_page = 9;
    const f = checkAmbiguousPage(makeSample({ status: 200, body, query: { perPage: '25', page: '+2' } }), plus);
    const bad = f.filter((x) => !x.ok);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad[0]!.requirementId).toBe('VAL-AMBIGUOUS-INPUT');
    expect(bad[0]!.message).toMatch(/^plus sign: /);
  });

  it('judges nothing for a 422 or a 200 without a usable meta', () => {
    expect(checkAmbiguousPage(makeSample({ status: 422, body: { message: 'x', errors: { page: ['x'] } } }), plus)).toEqual([]);
    expect(checkAmbiguousPage(makeSample({ status: 200, body: { data: [], meta: { current_page: 0, per_page: 25 } } }), plus)).toEqual([]);
  });
});
