// The bench's pure pieces (bench/figures.ts) and the plan's budget rule, on made-up numbers: no timing here.
import { describe, expect, test } from 'vitest';
import { isSmoke, judge, median, pairedRatio, physicalFloorMs, ratio, requestPhase, table, TARGETS, verdicts, type Figures } from '../bench/figures.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString();

describe('requestPhase', () => {
  test('first start to last end, whatever the order of the exchanges', () => {
    const p = requestPhase([
      { startedAt: at(100), durationMs: 50 },
      { startedAt: at(20), durationMs: 10 },
      { startedAt: at(60), durationMs: 200 },
    ]);
    expect(p).toEqual({ firstStart: Date.parse(at(20)), lastEnd: Date.parse(at(260)), ms: 240, requests: 3 });
  });

  test('no exchanges: no phase', () => {
    expect(requestPhase([])).toBeNull();
  });

  test('the smoke request is told apart by its purpose', () => {
    expect(isSmoke({ startedAt: at(0), durationMs: 1, purpose: 'smoke: reachability, HTTP and the valid token' })).toBe(true);
    expect(isSmoke({ startedAt: at(0), durationMs: 1, purpose: 'first page (discovery): per_page 25, page 1' })).toBe(false);
  });
});

describe('median and ratio', () => {
  test('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  test("paired ratio: the median of each pair's ratio, not the ratio of the medians", () => {
    // Medians 130 / 100 = 1.3; the pairs say 2, 1.2 and 1.25.
    const r = pairedRatio([200, 120, 130], [100, 100, 104]);
    expect(r.ratios).toEqual([2, 1.2, 1.25]);
    expect(r.median).toBe(1.25);
    expect([r.min, r.max]).toEqual([1.2, 2]);
    expect(pairedRatio([100], [0]).median).toBeNaN();
  });

  test('ratio refuses a zero or missing denominator', () => {
    expect(ratio(300, 200)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
  });
});

describe('verdicts', () => {
  const good: Figures = {
    requestPhaseRatio: 1.2,
    startupInProcessMs: 900,
    startupCliMs: 900,
    latencyRunMs: 3000,
    requests1e3: 160,
    requests1e6: 150,
    wall1e3Ms: 2000,
    wall1e6Ms: 2300,
    ajvPagesPerSecond: 30_000,
    planLineMs: 1200,
    throttled: [
      { total: 137, authenticated: 49, rateLimited: 0, wallMs: 3000 },
      { total: 1000, authenticated: 60, rateLimited: 0, wallMs: 9999 },
      { total: 1_000_000, authenticated: 70, rateLimited: 2, wallMs: 70_000 },
    ],
  };

  test('every target met → every row PASS', () => {
    const rows = verdicts(good);
    expect(rows.map((r) => r.verdict)).toEqual(rows.map(() => 'PASS'));
    expect(rows.map((r) => r.id)).toEqual([
      'a/b', 'start-up', 'start-up (CLI)', 'c', 'd requests', 'd wall', 'e', 'h',
      'g 137 auth', 'g 137 429', 'g 137 wall', 'g 1,000 auth', 'g 1,000 429', 'g 1,000 wall',
    ]);
  });

  test('each target misses on its own side of the limit', () => {
    const miss = (f: Partial<Figures>) => verdicts({ ...good, ...f }).filter((r) => r.verdict === 'MISS').map((r) => r.id);
    expect(miss({ requestPhaseRatio: 1.31 })).toEqual(['a/b']);
    const throttled = (t: Partial<Figures['throttled'][number]>) => [{ ...good.throttled[0]!, ...t }, good.throttled[1]!];
    expect(miss({ throttled: throttled({ authenticated: 61 }) })).toEqual(['g 137 auth']);
    expect(miss({ throttled: throttled({ rateLimited: 1 }) })).toEqual(['g 137 429']);
    expect(miss({ throttled: throttled({ wallMs: 10_000 }) })).toEqual(['g 137 wall']);
    // a size the bench did not measure is a MISS on each of its rows
    expect(miss({ throttled: [good.throttled[0]!] })).toEqual(['g 1,000 auth', 'g 1,000 429', 'g 1,000 wall']);
    expect(miss({ startupCliMs: TARGETS.startupCliMs })).toEqual(['start-up (CLI)']); // strictly under
    expect(miss({ latencyRunMs: 4000 })).toEqual(['c']);
    expect(miss({ requests1e6: 193 })).toEqual(['d requests']); // 193 / 160 > 1.2
    expect(miss({ wall1e6Ms: 2500 })).toEqual(['d wall']);
    expect(miss({ ajvPagesPerSecond: 19_999 })).toEqual(['e']);
    expect(miss({ planLineMs: 2000 })).toEqual(['h']); // strictly under 2 s
  });

  test('a figure that could not be measured is a MISS, never a PASS', () => {
    expect(judge(NaN, '<', 10)).toBe('MISS');
    expect(verdicts({ ...good, requests1e3: 0 }).find((r) => r.id === 'd requests')?.verdict).toBe('MISS');
  });

  test('limits are inclusive where the issue says "at most"', () => {
    expect(judge(1.5, '<=', 1.5)).toBe('PASS');
    expect(judge(4000, '<', 4000)).toBe('MISS');
    expect(judge(20_000, '>=', 20_000)).toBe('PASS');
  });
});

describe('physicalFloorMs', () => {
  test('rounds of the concurrency, one round trip each', () => {
    expect(physicalFloorMs({ requests: 60, concurrency: 4, roundTripMs: 10 })).toBe(150);
    expect(physicalFloorMs({ requests: 61, concurrency: 4, roundTripMs: 10 })).toBe(160);
  });

  test('a window more for every window the authenticated requests spill into', () => {
    const f = { requests: 100, concurrency: 4, roundTripMs: 10, limit: 60, windowMs: 60_000 };
    expect(physicalFloorMs({ ...f, authenticated: 60 })).toBe(250);
    expect(physicalFloorMs({ ...f, authenticated: 61 })).toBe(60_250);
    expect(physicalFloorMs({ ...f, authenticated: 121 })).toBe(120_250);
  });
});

test('table pads columns and underlines the header', () => {
  const t = table(['a', 'bb'], [['xyz', 1], ['', 22]]).split('\n');
  expect(t[0]).toBe('a    bb');
  expect(t[1]).toBe('---  --');
  expect(t[2]).toBe('xyz  1');
  expect(t[3]).toBe('     22');
});
