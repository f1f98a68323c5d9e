/** The pagination/links/walk/records checks never throw, whatever the body (property-based). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFollowNext, checkLinks, observeQueryStringKept } from '../src/checks/links.ts';
import { checkMetaLinksStructure, checkMetaLinksWindow } from '../src/checks/meta-links.ts';
import { checkPage, checkPerPageCapConsistent, checkTotalConsistent, observePerPageCap } from '../src/checks/pagination.ts';
import { checkRecords } from '../src/checks/records.ts';
import { checkRepeatable, checkSameOrder, checkSampledPages, checkWalk } from '../src/checks/walk.ts';
import type { Sample } from '../src/checks/types.ts';
import { makeSample, TEST_ENDPOINT } from './helpers/exchange.ts';
import { laravelPage } from './helpers/laravel-page.ts';

const ctx = { endpointUrl: TEST_ENDPOINT, now: new Date('2024-06-01T12:00:00Z') };

function runAll(samples: Sample[]): void {
  for (const s of samples) {
    checkPage(s, { page: 2, perPage: 10, total: 30 });
    checkLinks(s, ctx);
    checkMetaLinksStructure(s);
    checkRecords(s, ctx);
  }
  checkTotalConsistent(samples);
  observePerPageCap(samples);
  checkPerPageCapConsistent(samples);
  observeQueryStringKept(samples);
  checkMetaLinksWindow(samples);
  checkFollowNext(samples, ctx);
  checkWalk({ perPage: 10, pages: samples }, 30);
  checkSameOrder({ perPage: 10, pages: samples }, { perPage: 5, pages: samples.slice().reverse() });
  checkSampledPages(samples);
  if (samples.length > 1) checkRepeatable(samples[0], samples[1]);
}

/** Replaces the value at a random path of a Laravel body with arbitrary JSON. */
function mutate(body: any, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  let node = body;
  for (const k of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return body;
    node = node[k];
  }
  if (typeof node === 'object' && node !== null) node[path[path.length - 1]] = value;
  return body;
}

const keys = fc.constantFrom('data', 'links', 'meta', '0', '1', 'id', 'current_page', 'per_page', 'last_page', 'total', 'from', 'to', 'path', 'url', 'label', 'active', 'next', 'prev', 'first', 'last', 'expired_at', 'is_expired', 'will_deleted_at', 'intercom', 'updated_at');

describe('robustness', () => {
  it('arbitrary JSON bodies never make a check throw', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 4 }), (bodies) => {
        expect(() => runAll(bodies.map((body) => makeSample({ status: 200, body: JSON.stringify(body), query: { perPage: '10', page: '2' } })))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('Laravel bodies with one value replaced never make a check throw', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.array(keys, { maxLength: 4 }), fc.jsonValue()), { minLength: 1, maxLength: 4 }), (edits) => {
        const samples = edits.map(([page, path, value]) => {
          const body = mutate(laravelPage({ total: 30, page, perPage: 10, now: ctx.now }), path, value);
          return makeSample({ status: 200, body: JSON.stringify(body), query: { perPage: '10', page: String(page) } });
        });
        expect(() => runAll(samples)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
