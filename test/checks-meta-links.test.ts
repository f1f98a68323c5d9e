import { describe, expect, it } from 'vitest';
import {
  checkMetaLinksStructure,
  checkMetaLinksWindow,
  formatWindow,
  inferOnEachSide,
  expectedWindow,
} from '../src/checks/meta-links.ts';
import type { Finding } from '../src/evidence.ts';
import { laravelSample, laravelWindow, type LaravelPageOptions } from './helpers/laravel-page.ts';

const failures = (f: Finding[]) => f.filter((x) => !x.ok);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('expectedWindow (Laravel UrlWindow, onEachSide n)', () => {
  it('DESIGN.md example: 137 pages, page 70', () => {
    const want: Array<number | '...'> = [1, 2, '...', ...range(67, 73), '...', 136, 137];
    expect(expectedWindow(70, 137, 3)).toEqual(want);
    expect(laravelWindow(70, 137, 3)).toEqual(want);
    expect(formatWindow(want)).toBe('1, 2, …, 67–73, …, 136, 137');
  });

  it.each(range(1, 7))('near the start (page %i ≤ 7): pages 1–10, "...", 136, 137', (p) => {
    expect(expectedWindow(p, 137, 3)).toEqual([...range(1, 10), '...', 136, 137]);
  });

  it.each(range(131, 140))('near the end (page %i ≥ last − 6, past the end too): 1, 2, "...", last 10', (p) => {
    expect(expectedWindow(p, 137, 3)).toEqual([1, 2, '...', ...range(128, 137)]);
  });

  it('page 8 and page 130 are full sliders', () => {
    expect(expectedWindow(8, 137, 3)).toEqual([1, 2, '...', ...range(5, 11), '...', 136, 137]);
    expect(expectedWindow(130, 137, 3)).toEqual([1, 2, '...', ...range(127, 133), '...', 136, 137]);
  });

  it('13 pages are all listed with the default, 14 are elided (threshold 2n + 8)', () => {
    expect(expectedWindow(7, 13, 3)).toEqual(range(1, 13));
    expect(expectedWindow(1, 14, 3)).toEqual([...range(1, 10), '...', 13, 14]);
    expect(expectedWindow(1, 9, 1)).toEqual(range(1, 9));
    expect(expectedWindow(1, 10, 1)).toEqual([1, 2, 3, 4, 5, 6, '...', 9, 10]);
    expect(expectedWindow(1, 1, 3)).toEqual([1]);
  });

  it('onEachSide(1) on 137 pages', () => {
    expect(expectedWindow(70, 137, 1)).toEqual([1, 2, '...', 69, 70, 71, '...', 136, 137]);
    expect(expectedWindow(5, 137, 1)).toEqual([1, 2, 3, 4, 5, 6, '...', 136, 137]);
    expect(expectedWindow(6, 137, 1)).toEqual([1, 2, '...', 5, 6, 7, '...', 136, 137]);
    expect(expectedWindow(133, 137, 1)).toEqual([1, 2, '...', ...range(132, 137)]);
  });

  it('agrees with the independent PHP transliteration everywhere', () => {
    for (let n = 0; n <= 5; n++)
      for (let last = 1; last <= 40; last++)
        for (let p = 1; p <= last + 2; p++) expect(expectedWindow(p, last, n), `${p}/${last} n=${n}`).toEqual(laravelWindow(p, last, n));
  });
});

const base: LaravelPageOptions = { total: 137 * 5, page: 1, perPage: 5 };

describe('checkMetaLinksStructure: real Laravel passes', () => {
  const cases: Array<[string, LaravelPageOptions]> = [
    ['empty collection', { total: 0, page: 1, perPage: 25 }],
    ['vendor example, one record', { total: 1, page: 1, perPage: 25 }],
    ['past the end of one page', { total: 3, page: 4, perPage: 25 }],
    ['past the end of 137 pages', { ...base, page: 150 }],
    ['translated labels', { ...base, page: 70, prevLabel: '&laquo; Previous', nextLabel: 'Next &raquo;' }],
    ['Laravel 12.23 page key', { ...base, page: 3, pageKey: true }],
    ['withQueryString', { ...base, page: 9, withQueryString: true }],
    ['onEachSide(1)', { ...base, page: 60, onEachSide: 1 }],
    ['onEachSide(0)', { ...base, page: 60, onEachSide: 0 }],
    ['13 pages', { total: 13, page: 13, perPage: 1 }],
  ];
  it.each(cases)('%s', (_, o) => {
    const f = checkMetaLinksStructure(laravelSample(o));
    expect(failures(f)).toEqual([]);
    expect(f.length).toBeGreaterThanOrEqual(7);
  });

  it.each(range(1, 140))('137 pages, page %i', (p) => {
    expect(failures(checkMetaLinksStructure(laravelSample({ ...base, page: p })))).toEqual([]);
  });
});

describe('checkMetaLinksStructure: broken meta.links fail', () => {
  const broken = (mutate: (links: any[], body: any) => void, o: LaravelPageOptions = { ...base, page: 70 }) =>
    failures(checkMetaLinksStructure(laravelSample(o, (b) => void mutate(b.meta.links, b))));

  it('wrong active item', () => {
    const f = broken((l) => {
      l.find((x) => x.label === '70').active = false;
      l.find((x) => x.label === '71').active = true;
    });
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/active "71" on page 70/);
  });

  it('two active items', () => {
    expect(broken((l) => (l.find((x) => x.label === '71').active = true))[0].message).toMatch(/exactly one active/);
  });

  it('an active item past the end', () => {
    const f = broken((l) => (l[l.length - 2].active = true), { ...base, page: 150 });
    expect(f[0].message).toMatch(/documented no active item/);
  });

  it('missing previous item', () => {
    const f = broken((l) => l.shift());
    expect(f.length).toBeGreaterThan(0);
    expect(f[0].message).toMatch(/as the first meta.links item, documented the previous item/);
  });

  it('previous item url not links.prev', () => {
    expect(broken((l) => (l[0].url = null))[0].message).toMatch(/documented the previous item/);
  });

  it('next item active', () => {
    expect(broken((l) => (l[l.length - 1].active = true)).some((x) => /documented the next item/.test(x.message))).toBe(true);
  });

  it('"..." with a url', () => {
    expect(broken((l) => (l.find((x) => x.label === '...').url = 'https://vms.example.test/api/v1/intercom/codes?page=3'))[0].message).toMatch(/url null/);
  });

  it('a gap without "..."', () => {
    expect(broken((l) => l.splice(l.findIndex((x) => x.label === '...'), 1))[0].message).toMatch(/pages 2 and 67 next to each other/);
  });

  it('"..." between adjacent pages', () => {
    const f = broken((l) => l.splice(l.findIndex((x) => x.label === '68'), 0, { url: null, label: '...', active: false }));
    expect(f[0].message).toMatch(/between adjacent pages 67 and 68/);
  });

  it('page 1 missing', () => {
    expect(broken((l) => l.splice(1, 1)).some((x) => /from 2 to 137, documented from 1/.test(x.message))).toBe(true);
  });

  it('last page missing', () => {
    expect(broken((l) => l.splice(l.length - 2, 1)).some((x) => /to 136, documented from 1 to last_page 137/.test(x.message))).toBe(true);
  });

  it('decreasing labels', () => {
    const f = broken((l) => {
      const i = l.findIndex((x) => x.label === '68');
      [l[i], l[i + 1]] = [l[i + 1], l[i]];
    });
    expect(f.some((x) => /page 68 after page 69/.test(x.message))).toBe(true);
  });

  it('a page item url carrying another page', () => {
    expect(broken((l) => (l.find((x) => x.label === '72').url = 'https://vms.example.test/api/v1/intercom/codes?page=7'))[0].message).toMatch(/page 72 with url .*page=7, documented a url with page=72/);
  });

  it('an unexpected label', () => {
    expect(broken((l) => (l.find((x) => x.label === '72').label = 'seventy-two')).some((x) => /page number or "..."/.test(x.message))).toBe(true);
  });

  it('only previous and next', () => {
    const f = broken((l) => l.splice(1, l.length - 2));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/Received 2 meta.links items/);
  });
});

describe('checkMetaLinksStructure: garbage never throws', () => {
  it.each([
    ['meta.links not an array', (b: any) => void (b.meta.links = 'x')],
    ['items without label', (b: any) => void (b.meta.links = [{ url: null }, 1, null])],
    ['meta missing', (b: any) => void delete b.meta],
    ['body an array', () => [1, 2]],
    ['body null', () => null],
  ])('%s → no findings', (_, m) => {
    expect(checkMetaLinksStructure(laravelSample({ total: 3, page: 1, perPage: 1 }, m))).toEqual([]);
  });
});

describe('META-LINKS-WINDOW', () => {
  const pages = [1, 2, 7, 8, 9, 40, 70, 129, 130, 131, 137, 150];
  const samples = (o: Partial<LaravelPageOptions>) => pages.map((page) => laravelSample({ ...base, ...o, page }));

  it('infers onEachSide 3 and passes Laravel default windows', () => {
    const s = samples({});
    expect(inferOnEachSide(s)).toBe(3);
    const r = checkMetaLinksWindow(s);
    expect(failures(r.findings)).toEqual([]);
    expect(r.findings).toHaveLength(pages.length);
    expect(r.observation).toMatchObject({ key: 'metaLinksWindow', value: 'onEachSide-3' });
  });

  it('infers onEachSide(1) and passes it', () => {
    const s = samples({ onEachSide: 1 });
    expect(inferOnEachSide(s)).toBe(1);
    const r = checkMetaLinksWindow(s);
    expect(failures(r.findings)).toEqual([]);
    expect(r.observation?.value).toBe('onEachSide-1');
  });

  it('a target listing every page is read as "all pages" and passes', () => {
    const s = samples({ onEachSide: 100 });
    const r = checkMetaLinksWindow(s);
    expect(failures(r.findings)).toEqual([]);
    expect(r.observation?.value).toBe('all-pages');
  });

  it('one page with the onEachSide(2) window on a target showing onEachSide(3) fails (SHOULD)', () => {
    const s = samples({});
    s.push(laravelSample({ ...base, page: 70, onEachSide: 2 }));
    const r = checkMetaLinksWindow(s);
    const bad = failures(r.findings);
    expect(bad).toHaveLength(1);
    expect(bad[0].requirementId).toBe('META-LINKS-WINDOW');
    expect(bad[0].message).toBe(
      "Received meta.links pages 1, 2, …, 68–72, …, 136, 137 on page 70 of 137, documented Laravel's window for onEachSide(3): 1, 2, …, 67–73, …, 136, 137",
    );
    // The window is worked out from the body's own current_page and last_page.
    expect(bad[0]).toMatchObject({ field: '/meta/links', given: { '/meta/current_page': 70, '/meta/last_page': 137 } });
  });

  it('a window no onEachSide produces fails even when it is the only sample', () => {
    const s = laravelSample({ ...base, page: 70 }, (b) => {
      const l = b.meta.links;
      l.splice(l.findIndex((x: any) => x.label === '136'), 1); // drop page 136: structure still fine
    });
    const r = checkMetaLinksWindow([s]);
    expect(failures(r.findings)).toHaveLength(1);
    expect(r.observation).toBeUndefined();
  });

  it.each([3, 1, 0, 5])('every page of 137 (and past the end) with onEachSide(%i): structure and window pass', (n) => {
    const s = range(1, 140).map((page) => laravelSample({ ...base, page, onEachSide: n }));
    for (const x of s) expect(failures(checkMetaLinksStructure(x))).toEqual([]);
    expect(inferOnEachSide(s)).toBe(n);
    const r = checkMetaLinksWindow(s);
    expect(r.findings).toHaveLength(140);
    expect(failures(r.findings)).toEqual([]);
  });

  it('small collections tell nothing: passes, no observation', () => {
    const r = checkMetaLinksWindow([laravelSample({ total: 10, page: 1, perPage: 5 })]);
    expect(failures(r.findings)).toEqual([]);
    expect(r.observation).toBeUndefined();
  });
});
