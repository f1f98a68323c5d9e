import { describe, expect, it } from 'vitest';
import {
  checkPerPageMaximum,
  checkPage,
  checkPerPageCapConsistent,
  checkTotalConsistent,
  observePerPageCap,
} from '../src/checks/pagination.ts';
import type { Finding } from '../src/evidence.ts';
import { codesPage, makeSample } from './helpers/exchange.ts';
import { laravelPage, laravelSample, type LaravelPageOptions } from './helpers/laravel-page.ts';

const failures = (f: Finding[]) => f.filter((x) => !x.ok);
const ids = (f: Finding[]) => [...new Set(f.map((x) => x.requirementId))].sort();

function check(o: LaravelPageOptions, mutate?: (b: any) => void, asked: Partial<{ page: number; perPage: number }> = {}) {
  return checkPage(laravelSample(o, (b) => void mutate?.(b)), { page: asked.page ?? o.page, perPage: asked.perPage ?? o.perPage });
}

describe('checkPage: real Laravel passes', () => {
  const cases: Array<[string, LaravelPageOptions]> = [
    ['empty collection: last_page 1, from/to null', { total: 0, page: 1, perPage: 25 }],
    ['vendor example', { total: 1, page: 1, perPage: 25 }],
    ['first page', { total: 137, page: 1, perPage: 10 }],
    ['middle page', { total: 137, page: 7, perPage: 10 }],
    ['last partial page', { total: 137, page: 14, perPage: 10 }],
    ['last full page (total % per_page == 0)', { total: 100, page: 4, perPage: 25 }],
    ['per_page 1', { total: 5, page: 5, perPage: 1 }],
    ['descending ids', { total: 30, page: 2, perPage: 25, idAt: (i) => 1000 - i }],
  ];
  it.each(cases)('%s', (_, o) => {
    const f = check(o);
    expect(failures(f)).toEqual([]);
    expect(ids(f)).toEqual(['PAG-CURRENT-PAGE', 'PAG-DATA-LENGTH', 'PAG-FROM-TO', 'PAG-LAST-PAGE', 'PAG-PER-PAGE']);
  });

  it('past-the-end page: 200, empty data, null from/to, the requested page', () => {
    const f = check({ total: 137, page: 20, perPage: 10 });
    expect(failures(f)).toEqual([]);
    expect(ids(f)).toEqual(['PAG-LAST-PAGE', 'PAG-PAST-END', 'PAG-PER-PAGE']);
    expect(f.filter((x) => x.requirementId === 'PAG-PAST-END')).toHaveLength(3);
  });

  it('past the end of an empty collection', () => {
    expect(failures(check({ total: 0, page: 2, perPage: 25 }))).toEqual([]);
  });

  it('per_page 100 capped to 50 is accepted, arithmetic with 50', () => {
    const f = check({ total: 137, page: 3, perPage: 50 }, undefined, { perPage: 100 });
    expect(failures(f)).toEqual([]);
    expect(f.find((x) => x.requirementId === 'PAG-LAST-PAGE')?.message).toMatch(/ceil\(137 \/ 50\)/);
  });

  it('per_page 100 honoured', () => {
    expect(failures(check({ total: 137, page: 2, perPage: 100 }))).toEqual([]);
  });
});

describe('checkPage: arithmetic bugs fail', () => {
  const o: LaravelPageOptions = { total: 137, page: 3, perPage: 10 };
  const only = (f: Finding[]) => failures(f).map((x) => x.requirementId);

  it('to off by one', () => {
    const f = check(o, (b) => (b.meta.to = 31));
    expect(only(f)).toEqual(['PAG-FROM-TO']);
    expect(failures(f)[0]).toMatchObject({ expected: 30, actual: 31 });
    expect(failures(f)[0].message).toBe('Received meta.to 31 on page 3 (per_page 10, 10 records), documented 30');
    // What it judges and what it worked the documented value out from, as data (the probable cause links on it).
    expect(failures(f)[0]).toMatchObject({ field: '/meta/to', given: { '/meta/per_page': 10, '/meta/current_page': 3 } });
  });

  it('from zero-based', () => {
    const f = check(o, (b) => {
      b.meta.from = 20;
      b.meta.to = 29;
    });
    expect(only(f)).toEqual(['PAG-FROM-TO', 'PAG-FROM-TO']);
  });

  it('last_page floor instead of ceil', () => {
    const f = check(o, (b) => (b.meta.last_page = 13));
    expect(only(f)).toEqual(['PAG-LAST-PAGE']);
    expect(failures(f)[0].message).toBe('Received meta.last_page 13 for total 137 and per_page 10, documented max(ceil(total / per_page), 1) = 14');
    expect(failures(f)[0]).toMatchObject({ field: '/meta/last_page', given: { '/meta/total': 137, '/meta/per_page': 10 } });
  });

  it('last_page 0 for an empty list', () => {
    const f = check({ total: 0, page: 1, perPage: 25 }, (b) => (b.meta.last_page = 0));
    expect(only(f)).toEqual(['PAG-LAST-PAGE']);
  });

  it('from 1 / to 0 on an empty list', () => {
    const f = check({ total: 0, page: 1, perPage: 25 }, (b) => {
      b.meta.from = 1;
      b.meta.to = 0;
    });
    expect(only(f)).toEqual(['PAG-FROM-TO', 'PAG-FROM-TO']);
  });

  it('current_page wrong', () => {
    expect(only(check(o, (b) => (b.meta.current_page = 1)))).toContain('PAG-CURRENT-PAGE');
  });

  it('per_page ignored (25 when 10 was asked)', () => {
    const f = checkPage(laravelSample({ total: 137, page: 3, perPage: 25 }), { page: 3, perPage: 10 });
    expect(only(f)).toEqual(['PAG-PER-PAGE']);
  });

  it('per_page 10 answered with meta.per_page 10 but 25 records', () => {
    const f = check(o, (b) => b.data.push(...laravelPage({ total: 137, page: 9, perPage: 15 }).data as unknown[]));
    expect(only(f)).toContain('PAG-DATA-LENGTH');
  });

  it('a cap below 25 is not accepted', () => {
    const f = checkPage(laravelSample({ total: 137, page: 1, perPage: 20 }), { page: 1, perPage: 100 });
    expect(only(f)).toEqual(['PAG-PER-PAGE']);
  });

  it('a short page in the middle', () => {
    const f = check(o, (b) => {
      b.data.pop();
      b.meta.to = 29;
    });
    expect(only(f)).toEqual(['PAG-DATA-LENGTH']);
  });

  it('past the end clamped to the last page', () => {
    const clamped = laravelSample({ total: 137, page: 14, perPage: 10 });
    const f = checkPage(clamped, { page: 20, perPage: 10 });
    expect(only(f)).toEqual(['PAG-PAST-END', 'PAG-PAST-END', 'PAG-PAST-END']);
    expect(failures(f)[0].message).toMatch(/Received meta.current_page 14 for page 20 past the last page 14/);
  });

  it('past the end answered 404 (total known)', () => {
    const s = makeSample({ status: 404, body: { message: 'Not Found' }, query: { perPage: '10', page: '20' } });
    const f = checkPage(s, { page: 20, perPage: 10, total: 137 });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ requirementId: 'PAG-PAST-END', ok: false, expected: 200, actual: 404 });
  });

  it('a valid page answered 422', () => {
    const s = makeSample({ status: 422, body: { message: 'x', errors: { page: ['x'] } }, query: { perPage: '10', page: '2' } });
    expect(checkPage(s, { page: 2, perPage: 10, total: 137 })[0]).toMatchObject({ requirementId: 'PAG-CURRENT-PAGE', ok: false });
  });
});

describe('checkPage: garbage never throws, type errors are left to SCHEMA-200', () => {
  it.each([
    ['body not JSON', 'oops'],
    ['body an array', [1]],
    ['no meta', { data: [] }],
  ])('%s → no findings', (_, body) => {
    expect(checkPage(makeSample({ status: 200, body }), { page: 1, perPage: 25 })).toEqual([]);
  });

  it('no answer → no findings', () => {
    const s = makeSample({ error: { kind: 'timeout', message: 'timed out' } });
    expect(checkPage(s, { page: 1, perPage: 25 })).toEqual([]);
  });

  it('string numbers are skipped, not piled', () => {
    const f = check({ total: 137, page: 3, perPage: 10 }, (b) => {
      b.meta.total = '137';
      b.meta.to = '30';
      b.meta.current_page = '3';
    });
    expect(failures(f)).toEqual([]);
    expect(ids(f)).toEqual(['PAG-FROM-TO', 'PAG-PER-PAGE']);
  });

  it('data not an array', () => {
    const f = check({ total: 137, page: 3, perPage: 10 }, (b) => (b.data = {}));
    expect(failures(f)).toEqual([]);
  });
});

describe('checkTotalConsistent', () => {
  const pages = [1, 2, 3].map((page) => laravelSample({ total: 60, page, perPage: 25 }));
  it('same total everywhere passes', () => {
    const f = checkTotalConsistent(pages);
    expect(f).toHaveLength(3);
    expect(failures(f)).toEqual([]);
  });
  it('one page with another total fails, against the common one', () => {
    const odd = laravelSample({ total: 59, page: 2, perPage: 10 });
    const f = failures(checkTotalConsistent([...pages, odd]));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ expected: 60, actual: 59 });
    expect(f[0].exchangeIds).toContain(odd.exchange.id);
  });
  it('a single page asserts nothing', () => {
    expect(checkTotalConsistent(pages.slice(0, 1))).toEqual([]);
  });
});

describe('per_page cap', () => {
  const asked = (perPage: number, got: number) =>
    makeSample({ status: 200, body: laravelPage({ total: 137, page: 1, perPage: got }), query: { perPage: String(perPage), page: '1' } });

  it('capped consistently', () => {
    const s = [asked(100, 50), asked(60, 50), asked(40, 40)];
    expect(observePerPageCap(s)).toMatchObject({ key: 'perPageCap', value: 'capped-50' });
    expect(failures(checkPerPageCapConsistent(s))).toEqual([]);
  });
  it('honoured', () => {
    expect(observePerPageCap([asked(100, 100)])).toMatchObject({ value: 'honoured' });
    expect(checkPerPageCapConsistent([asked(100, 100)])).toEqual([]);
  });
  it('inconsistent', () => {
    const s = [asked(100, 50), asked(60, 60)];
    expect(observePerPageCap(s)?.value).toBe('inconsistent');
    expect(failures(checkPerPageCapConsistent(s))).toHaveLength(1);
  });
  it('no large per_page asked', () => {
    expect(observePerPageCap([asked(10, 10)])).toBeUndefined();
  });
});

describe('checkPerPageMaximum (a refused size above 25)', () => {
  const refusal = (perPage: string, errors: Record<string, string[]>) =>
    makeSample({ status: 422, body: { message: 'x', errors }, query: { perPage, page: '1' } });

  it('a 422 naming per_page for 100 passes and reports the maximum', () => {
    const r = checkPerPageMaximum(refusal('100', { per_page: ['The per page field must not be greater than 50.'] }), 100)!;
    expect(r.findings.map((f) => [f.requirementId, f.ok])).toEqual([['PAG-PER-PAGE', true]]);
    expect(r.observation).toMatchObject({ requirementId: 'PAG-PER-PAGE', key: 'perPage.maximum', value: 'refuses-100' });
  });

  it('a 422 naming only page for a large per_page is a PAG-PER-PAGE violation', () => {
    const r = checkPerPageMaximum(refusal('100', { page: ['x'] }), 100)!;
    expect(r.findings.some((f) => !f.ok && f.requirementId === 'PAG-PER-PAGE')).toBe(true);
  });

  it('leaves every other answer to checkPage: a 422 for 25 or less, a 200 above 25', () => {
    expect(checkPerPageMaximum(refusal('25', { per_page: ['x'] }), 25)).toBeUndefined();
    expect(checkPerPageMaximum(makeSample({ status: 200, body: codesPage({ total: 3, perPage: 100 }), query: { perPage: '100', page: '1' } }), 100)).toBeUndefined();
  });
});
