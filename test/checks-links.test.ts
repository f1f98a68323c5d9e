import { describe, expect, it } from 'vitest';
import { checkFollowNext, checkLinks, observeQueryStringKept } from '../src/checks/links.ts';
import type { Finding } from '../src/evidence.ts';
import type { CheckContext, Sample } from '../src/checks/types.ts';
import { makeSample, TEST_ENDPOINT } from './helpers/exchange.ts';
import { laravelPage, laravelSample, type LaravelPageOptions } from './helpers/laravel-page.ts';

const ctx: CheckContext = { endpointUrl: TEST_ENDPOINT, now: new Date('2024-06-01T12:00:00Z') };
const failures = (f: Finding[]) => f.filter((x) => !x.ok);
const failed = (f: Finding[]) => failures(f).map((x) => x.requirementId);
const reqs = (f: Finding[]) => [...new Set(f.map((x) => x.requirementId))].sort();

function links(o: LaravelPageOptions, mutate?: (b: any) => void, c: CheckContext = ctx) {
  return checkLinks(laravelSample(o, (b) => void mutate?.(b)), c);
}

describe('checkLinks: real Laravel passes', () => {
  const cases: Array<[string, LaravelPageOptions]> = [
    ['empty collection', { total: 0, page: 1, perPage: 25 }],
    ['vendor example', { total: 1, page: 1, perPage: 25 }],
    ['first page', { total: 137, page: 1, perPage: 25 }],
    ['middle page', { total: 137, page: 3, perPage: 25 }],
    ['last page', { total: 137, page: 6, perPage: 25 }],
    ['past the end: prev = page − 1 although past the end too', { total: 137, page: 9, perPage: 25 }],
    ['withQueryString, per_page 10', { total: 137, page: 4, perPage: 10, withQueryString: true }],
    ['Laravel 12.23 page key', { total: 137, page: 4, perPage: 25, pageKey: true }],
  ];
  it.each(cases)('%s', (_, o) => {
    const f = links(o);
    expect(failures(f)).toEqual([]);
    expect(reqs(f)).toEqual(expect.arrayContaining(['LINKS-FIRST-LAST', 'LINKS-ORIGIN', 'LINKS-PREV-NEXT', 'LINKS-URL-PATH']));
  });

  it('past the end: prev points to page − 1, next null', () => {
    const f = links({ total: 137, page: 9, perPage: 25 });
    expect(f.filter((x) => x.requirementId === 'LINKS-PREV-NEXT').map((x) => x.message)).toEqual([
      'links.prev points to page 8',
      'links.next is null on page 9 of 6',
    ]);
  });

  it('query parameters in any order with extras', () => {
    const f = links({ total: 137, page: 2, perPage: 10, withQueryString: true }, (b) => {
      b.links.next = `${TEST_ENDPOINT}?page=3&per_page=10&sort=id`;
      b.links.prev = `${TEST_ENDPOINT}?per_page=10&x=1&page=1`;
    });
    expect(failures(f)).toEqual([]);
  });

  it('a path prefix is kept', () => {
    const endpointUrl = 'https://host.test/vms/api/v1/intercom/codes';
    const f = links({ total: 137, page: 2, perPage: 25, path: endpointUrl }, undefined, { ...ctx, endpointUrl });
    expect(failures(f)).toEqual([]);
  });

  it('links on a canonical other host: LINKS-ORIGIN (SHOULD) only', () => {
    const f = links({ total: 137, page: 2, perPage: 25, path: 'https://vms.vendor.example/api/v1/intercom/codes' });
    expect(failed(f)).toEqual(['LINKS-ORIGIN']);
    expect(failures(f)[0].message).toMatch(/on https:\/\/vms\.vendor\.example .*documented the origin the suite called, https:\/\/vms\.example\.test/);
  });

  it('http links on an https target: LINKS-ORIGIN only', () => {
    const f = links({ total: 137, page: 2, perPage: 25, path: TEST_ENDPOINT.replace('https:', 'http:') });
    expect(failed(f)).toEqual(['LINKS-ORIGIN']);
  });

  it('default per_page omitted from the request: LINKS-KEEP-PER-PAGE not evaluated', () => {
    const s = makeSample({ status: 200, body: laravelPage({ total: 137, page: 2, perPage: 25 }), query: { page: '2' } });
    expect(reqs(checkLinks(s, ctx))).not.toContain('LINKS-KEEP-PER-PAGE');
  });
});

describe('checkLinks: broken links fail', () => {
  const o: LaravelPageOptions = { total: 137, page: 3, perPage: 25 };

  it('next on the last page', () => {
    const f = links({ ...o, page: 6 }, (b) => (b.links.next = `${TEST_ENDPOINT}?page=7`));
    expect(failed(f)).toEqual(['LINKS-PREV-NEXT']);
    expect(failures(f)[0].message).toBe(`Received links.next ${TEST_ENDPOINT}?page=7 on page 6 of 6, documented null`);
  });

  it('prev on page 1', () => {
    expect(failed(links({ ...o, page: 1 }, (b) => (b.links.prev = `${TEST_ENDPOINT}?page=0`)))).toEqual(['LINKS-PREV-NEXT']);
  });

  it('next missing in the middle', () => {
    expect(failed(links(o, (b) => (b.links.next = null)))).toEqual(['LINKS-PREV-NEXT']);
  });

  it('next pointing to the same page', () => {
    expect(failed(links(o, (b) => (b.links.next = `${TEST_ENDPOINT}?page=3`)))).toEqual(['LINKS-PREV-NEXT']);
  });

  it('past the end with prev null', () => {
    expect(failed(links({ ...o, page: 9 }, (b) => (b.links.prev = null)))).toEqual(['LINKS-PREV-NEXT']);
  });

  it('last link not to last_page', () => {
    expect(failed(links(o, (b) => (b.links.last = `${TEST_ENDPOINT}?page=5`)))).toEqual(['LINKS-FIRST-LAST']);
  });

  it('first link zero-based', () => {
    expect(failed(links(o, (b) => (b.links.first = `${TEST_ENDPOINT}?page=0`)))).toEqual(['LINKS-FIRST-LAST']);
  });

  it('page given twice', () => {
    expect(failures(links(o, (b) => (b.links.first = `${TEST_ENDPOINT}?page=1&page=2`)))[0].message).toMatch(/page given 2 times/);
  });

  it('relative links', () => {
    const f = links(o, (b) => {
      for (const k of ['first', 'last', 'prev', 'next']) b.links[k] = b.links[k].replace('https://vms.example.test', '');
    });
    expect(failed(f)).toEqual(['LINKS-URL-PATH', 'LINKS-URL-PATH', 'LINKS-URL-PATH', 'LINKS-URL-PATH']);
    expect(failures(f)[0].message).toMatch(/is not an absolute URL/);
  });

  it('meta.path with a query string', () => {
    const f = links(o, (b) => (b.meta.path = `${TEST_ENDPOINT}?page=3`));
    expect(failed(f)).toEqual(['LINKS-URL-PATH']);
    expect(failures(f)[0].message).toMatch(/has a query string/);
  });

  it('a path prefix lost in the links', () => {
    const endpointUrl = 'https://vms.example.test/vms/api/v1/intercom/codes';
    const f = links(o, undefined, { ...ctx, endpointUrl }); // the body's links lack /vms
    expect(failed(f).every((id) => id === 'LINKS-URL-PATH')).toBe(true);
    expect(failed(f).length).toBeGreaterThanOrEqual(5);
    expect(failures(f)[0].message).toMatch(/has path \/api\/v1\/intercom\/codes/);
  });

  it('a meta.links url off the endpoint path', () => {
    const f = links(o, (b) => (b.meta.links[2].url = 'https://vms.example.test/api/v1/codes?page=2'));
    expect(failed(f)).toEqual(['LINKS-URL-PATH']);
  });

  it('next drops per_page (plain Laravel): LINKS-KEEP-PER-PAGE (SHOULD) only', () => {
    const f = links({ total: 137, page: 2, perPage: 10 });
    expect(failed(f)).toEqual(['LINKS-KEEP-PER-PAGE']);
    expect(failures(f)[0].message).toBe(
      `Received links.first ${TEST_ENDPOINT}?page=1 for page 2, per_page 10, documented a URL keeping per_page=10 (withQueryString())`,
    );
  });

  it('only next drops per_page', () => {
    const f = links({ total: 137, page: 2, perPage: 10, withQueryString: true }, (b) => (b.links.next = `${TEST_ENDPOINT}?page=3`));
    expect(failures(f)[0].message).toMatch(/^Received links.next/);
  });
});

describe('checkLinks: garbage never throws', () => {
  it.each([
    ['no links', (b: any) => void delete b.links],
    ['links a string', (b: any) => void (b.links = 'x')],
    ['link values numbers', (b: any) => void (b.links = { first: 1, last: 2, prev: 3, next: 4 })],
    ['unparseable url', (b: any) => void (b.links.first = 'http://[')],
    ['current_page string', (b: any) => void (b.meta.current_page = '3')],
  ])('%s', (_, m) => {
    expect(() => links({ total: 137, page: 3, perPage: 25 }, m)).not.toThrow();
  });

  it('an unparseable link is a LINKS-URL-PATH violation, not a crash', () => {
    expect(failed(links({ total: 137, page: 3, perPage: 25 }, (b) => (b.links.first = 'http://[')))).toEqual(['LINKS-URL-PATH']);
  });
});

describe('observeQueryStringKept', () => {
  it('kept / dropped / none', () => {
    expect(observeQueryStringKept([laravelSample({ total: 50, page: 1, perPage: 5, withQueryString: true })])?.value).toBe('kept');
    expect(observeQueryStringKept([laravelSample({ total: 50, page: 1, perPage: 5 })])?.value).toBe('dropped');
    const noPerPage = makeSample({ status: 200, body: laravelPage({ total: 50, page: 1, perPage: 25 }), query: { page: '1' } });
    expect(observeQueryStringKept([noPerPage])).toBeUndefined();
  });
});

describe('checkFollowNext', () => {
  /** Follows links.next through Laravel pages, the way the suite does (a plain-Laravel next drops per_page). */
  function chain(o: Omit<LaravelPageOptions, 'page'>, tamper?: (page: number, b: any) => void, limit = 50): Sample[] {
    const out: Sample[] = [];
    let page = 1;
    let perPage = o.perPage;
    for (let step = 0; step < limit; step++) {
      const s = laravelSample({ ...o, page, perPage }, (b) => void tamper?.(page, b));
      out.push(s);
      const next = (s.json as any).links.next;
      if (next === null) break;
      const u = new URL(next);
      page = Number(u.searchParams.get('page'));
      perPage = Number(u.searchParams.get('per_page') ?? 25);
    }
    return out;
  }

  it('a Laravel chain reaches the last page', () => {
    const c = chain({ total: 137, perPage: 25 });
    expect(c).toHaveLength(6);
    const f = checkFollowNext(c, ctx);
    expect(failures(f)).toEqual([]);
    expect(f).toHaveLength(8); // 6 steps, the end, the total
  });

  it('a single empty page', () => {
    expect(failures(checkFollowNext(chain({ total: 0, perPage: 25 }), ctx))).toEqual([]);
  });

  it('plain Laravel from per_page 10: next falls back to 25 and still ends at its last page', () => {
    const c = chain({ total: 137, perPage: 10 });
    expect(failures(checkFollowNext(c, ctx))).toEqual([]);
  });

  it('next null before the last page', () => {
    const f = checkFollowNext(chain({ total: 137, perPage: 25 }, (p, b) => p === 4 && (b.links.next = null)), ctx);
    expect(failures(f)[0].message).toBe('Received links.next null on page 4, documented the URL of page 5 (last_page 6)');
  });

  it('next skipping a page', () => {
    const f = checkFollowNext(chain({ total: 137, perPage: 25 }, (p, b) => p === 2 && (b.links.next = `${TEST_ENDPOINT}?page=4`)), ctx);
    expect(failures(f)[0].message).toBe('Received current_page 4 after following links.next from page 2, documented 3');
  });

  it('next looping back', () => {
    const f = checkFollowNext(chain({ total: 137, perPage: 25 }, (p, b) => p === 3 && (b.links.next = `${TEST_ENDPOINT}?page=2`)), ctx);
    expect(failures(f).some((x) => /loops/.test(x.message))).toBe(true);
  });

  it('next set on the last page', () => {
    const c = chain({ total: 137, perPage: 25 }, (p, b) => p === 6 && (b.links.next = `${TEST_ENDPOINT}?page=7`), 7);
    expect(failures(checkFollowNext(c, ctx))[0].message).toMatch(/on page 6 of 6, documented null on the last page/);
  });

  it('a step that errors', () => {
    const c = chain({ total: 137, perPage: 25 }).slice(0, 2);
    c.push(makeSample({ status: 500, body: { message: 'Server Error' } }));
    const f = failures(checkFollowNext(c, ctx));
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/Received status 500 at step 3/);
  });

  it('total changing along the chain', () => {
    const f = checkFollowNext(chain({ total: 137, perPage: 25 }, (p, b) => p === 5 && (b.meta.total = 136)), ctx);
    expect(failures(f)[0].message).toMatch(/Received total 136 on a page reached by links.next/);
  });

  it('a chain cut while next is still set', () => {
    const f = checkFollowNext(chain({ total: 137, perPage: 25 }).slice(0, 3), ctx);
    expect(failures(f)[0].message).toMatch(/still set after 3 steps/);
  });
});
