// Ambiguous values two by two (suites/support/requests.ts): which cases share a request, and when an answer to a
// pair settles a case or leaves it to be asked again alone.
import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_CASES, type AmbiguousCase } from '../src/checks/ambiguous.ts';
import { ambiguousProbes, settles } from '../suites/support/requests.ts';
import type { Sample } from '../src/checks/types.ts';

const every = () => true;
const byKey = (k: string) => AMBIGUOUS_CASES.find((c) => c.key === k)!;

function answer(status: number | undefined, json?: unknown, error?: { kind: string; message: string }): Sample {
  return {
    exchange: { id: 'x1', purpose: 'p', startedAt: '', durationMs: 1, request: { method: 'GET', url: 'http://h/', headers: {} }, ...(status ? { response: { status, statusText: '', httpVersion: '1.1', headers: {}, body: '', bodySize: 0 } } : {}), ...(error ? { error } : {}), retries: 0, rateLimitRetries: 0 },
    query: {},
    json,
  } as unknown as Sample;
}

describe('ambiguousProbes', () => {
  it('every case is asked exactly once in the first round, a page value with a per_page value where paired', () => {
    const probes = ambiguousProbes(every);
    expect(probes.flatMap((p) => p.cases.map((c) => c.key)).sort()).toEqual(AMBIGUOUS_CASES.map((c) => c.key).sort());
    expect(probes.length).toBeLessThan(AMBIGUOUS_CASES.length);
    for (const p of probes.filter((x) => x.cases.length === 2)) {
      const [page, perPage] = p.cases as [AmbiguousCase, AmbiguousCase];
      expect([page.param, perPage.param]).toEqual(['page', 'per_page']);
      expect(p.query).toEqual({ page: page.raw, perPage: perPage.raw });
    }
  });

  it('the per_page=1000 pair omits page: the walk reads the whole collection with the same request', () => {
    const large = ambiguousProbes(every).find((p) => p.cases.some((c) => c.key === 'perPage.large'))!;
    expect(large.query).toEqual({ perPage: '1000', page: undefined });
  });

  it('a case left out (huge per_page on a big collection) leaves its partner alone, with the other parameter canonical', () => {
    const probes = ambiguousProbes((c) => c.key !== 'perPage.huge');
    const plus = probes.find((p) => p.cases.some((c) => c.key === 'page.plusSign'))!;
    expect(plus.cases).toHaveLength(1);
    expect(plus.query).toEqual({ perPage: '25', page: '+2' });
    expect(probes.some((p) => p.cases.some((c) => c.key === 'perPage.huge'))).toBe(false);
  });
});

describe('settles', () => {
  const page = byKey('page.leadingZero');
  const perPage = byKey('perPage.empty');
  it('a 200 or a 429 settles both cases; a 422 each parameter it names', () => {
    expect(settles(answer(200, { data: [] }), page)).toBe(true);
    expect(settles(answer(429, {}), perPage)).toBe(true);
    const onlyPage = answer(422, { message: 'x', errors: { page: ['bad'] } });
    expect(settles(onlyPage, page)).toBe(true);
    expect(settles(onlyPage, perPage)).toBe(false);
  });

  it('any other answer settles neither: each case is asked alone, so a 5xx is pinned on its own value', () => {
    expect(settles(answer(500, { message: 'Server Error' }), page)).toBe(false);
    expect(settles(answer(422, { message: 'no errors key' }), page)).toBe(false);
    expect(settles(answer(undefined, undefined, { kind: 'reset', message: 'socket hang up' }), page)).toBe(false);
    expect(settles(answer(undefined, undefined, { kind: 'budget', message: 'spent' }), page)).toBe(true);
  });
});
