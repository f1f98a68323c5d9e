/**
 * The run timeline draws a request's retries and waits as segments of their own: the 429 attempt, the hatched
 * Retry-After wait, the final attempt by its status; a network retry likewise; the pacer's pauses for the
 * target's rate window as a band. First from an exchange list, then from a real CLI run against a reference behind
 * a gateway-style limiter (429s with Retry-After, no X-RateLimit-* headers to pace by).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../src/evidence.ts';
import { escapeHtml } from '../reporters/html.ts';
import { renderTimeline } from '../reporters/timeline.ts';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { exchange } from './report-fixtures.ts';
import { validateHar, validateResults } from './helpers/artifact-validators.ts';
import { readResults, removeTmpDirs, runCli, type CliRun } from './helpers/run-cli.ts';

const at = (ms: number) => new Date(Date.parse('2025-05-01T10:00:00.000Z') + ms).toISOString();

/** Segments of the SVG: class, x and the <title> text, in document order. */
function segments(svg: string): Array<{ cls: string; x: number; title: string }> {
  return [...svg.matchAll(/<rect class="([^"]+)" x="([\d.]+)"[^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => ({ cls: m[1], x: Number(m[2]), title: m[3].replace(/&#38;/g, '&') }));
}

describe('renderTimeline from an exchange list', () => {
  const plain = exchange('x1', { startedAt: at(0), durationMs: 20 });
  const limited: Exchange = {
    ...exchange('x2', { startedAt: at(10), durationMs: 2040, query: '?per_page=7&page=2' }),
    rateLimitRetries: 1,
    attempts: [
      { startMs: 0, durationMs: 15, status: 429, retryAfterMs: 2000 },
      { startMs: 2020, durationMs: 20, status: 200 },
    ],
    waits: [{ startMs: 15, ms: 2005, reason: 'retry-after' }],
  };
  const retried: Exchange = {
    ...exchange('x3', { startedAt: at(30), durationMs: 130, query: '?per_page=7&page=3' }),
    retries: 1,
    attempts: [
      { startMs: 0, durationMs: 5, errorKind: 'refused' },
      { startMs: 105, durationMs: 25, status: 200 },
    ],
    waits: [{ startMs: 5, ms: 100, reason: 'network-retry' }],
  };
  const svg = renderTimeline([plain, limited, retried], new Set(['x2']), escapeHtml);
  const segs = segments(svg);
  const of = (id: string) => segs.filter((s) => s.title.startsWith(`${id} `));

  it('draws the 429 attempt, the Retry-After wait and the final attempt in order on one lane, each with its title', () => {
    const [first, wait, last] = of('x2');
    expect(of('x2')).toHaveLength(3);
    expect(first).toMatchObject({ cls: 'seg-attempt retried', title: 'x2 per_page=7&page=2, web: attempt 1 of 2, 429 rate limited, 15 ms' });
    expect(wait).toMatchObject({ cls: 'seg-wait wait-retry-after', title: 'x2 per_page=7&page=2, web: waiting (Retry-After 2 s) after its 429, 2.0 s' });
    expect(last).toMatchObject({ cls: 'seg-attempt final ev', title: 'x2 per_page=7&page=2, web: attempt 2 of 2, 200, 20 ms, after 1 × 429 waited out, evidence of a failure' });
    expect(first.x).toBeLessThan(wait.x);
    expect(wait.x).toBeLessThan(last.x);
    expect(svg).toMatch(/<rect class="seg-attempt retried"[^>]*fill="#bc4c00"/);
    expect(svg).toMatch(/<rect class="seg-wait wait-retry-after"[^>]*fill="url\(#tl-wait-429\)"/);
    expect(svg).toContain('<pattern id="tl-wait-429"');
  });

  it('draws a network retry: the failed attempt, the backoff, the answer', () => {
    expect(of('x3').map((s) => s.title)).toEqual([
      'x3 per_page=7&page=3, web: attempt 1 of 2, no answer (refused), 5 ms',
      'x3 per_page=7&page=3, web: waiting before retrying after a refused error, 100 ms',
      'x3 per_page=7&page=3, web: attempt 2 of 2, 200, 25 ms, after 1 network retry',
    ]);
    expect(of('x3')[1].cls).toBe('seg-wait wait-network-retry');
  });

  it('draws a request sent at once as one segment, and says what the run met in the caption', () => {
    expect(of('x1')).toEqual([expect.objectContaining({ cls: 'seg-attempt', title: 'x1 page=1, web: 200, 20 ms' })]);
    expect(svg).toContain('3 requests (5 attempts) over 2.0 s, at most 2 at once, 1 waited out a 429, 1 retried after a network error');
    expect(svg).not.toContain('class="paced"');
    expect(svg).not.toContain('paced for the rate window');
  });

  it("bands the pacer's pauses for the target's rate window across the lanes, and keys them", () => {
    const paced = (id: string, startMs: number): Exchange => ({
      ...exchange(id, { startedAt: at(startMs), durationMs: 61_020 }),
      attempts: [{ startMs: 61_000, durationMs: 20, status: 200 }],
      waits: [{ startMs: 0, ms: 61_000, reason: 'rate-window' }],
    });
    // Two requests waiting for the same window: one band.
    const out = renderTimeline([plain, paced('x4', 30), paced('x5', 40)], new Set(), escapeHtml);
    const bands = [...out.matchAll(/<rect class="paced"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(bands).toEqual(["paced: waited 1 min 1 s for the rate window (the target&#39;s X-RateLimit-Remaining reached 0)"]);
    expect(segments(out).find((s) => s.title.startsWith('x4 '))).toMatchObject({ cls: 'seg-wait wait-rate-window' });
    expect(out).toContain('paced 1 min 1 s for the rate window');
    expect(out).toContain('paced for the rate window</span>');
  });
});

describe('the timeline of a real run against a target that answers 429', () => {
  const TOKEN = 'timeline-test-token-0001';
  let server: ReferenceServer;
  let run: CliRun;

  beforeAll(async () => {
    // 5 requests per 2 s window, refused with 429 and Retry-After, no X-RateLimit-* headers: the suite meets 429s.
    server = await startReference({ token: TOKEN, throttle: { limit: 5, windowMs: 2000, announce: false } });
    run = await runCli(['--base-url', server.baseUrl, '--token', TOKEN, '--only', 'PAG-LAST-PAGE', '--seed', '3'], { killAfterMs: 120_000 });
  }, 150_000);

  afterAll(async () => {
    await server?.close();
    removeTmpDirs();
  });

  it("draws each 429 wait as a hatched segment titled with the Retry-After, between the 429 and the final attempt", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readResults(run.out).stats.rateLimited).toBeGreaterThan(0);
    const html = readFileSync(path.join(run.out, 'report.html'), 'utf8');
    const timeline = html.slice(html.indexOf('<figure class="chart" id="timeline">'), html.indexOf('</figure>', html.indexOf('id="timeline"')));
    const segs = segments(timeline);
    const waits = segs.filter((s) => s.cls === 'seg-wait wait-retry-after');
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) expect(w.title).toMatch(/^x\d+ .+: waiting (\(Retry-After \d+(\.\d)? s\) after its 429|out a 429 of a concurrent request \(Retry-After\)), \d/);
    // A request that got the 429 itself: the 429 attempt, its wait, then the final attempt.
    const own = waits.filter((w) => w.title.includes('after its 429'));
    expect(own.length).toBeGreaterThan(0);
    for (const w of own) {
      const mine = segs.filter((s) => s.title.startsWith(`${w.title.split(' ')[0]} `));
      expect(mine[0].title).toMatch(/attempt 1 of \d, 429 rate limited/);
      expect(mine.indexOf(w)).toBeGreaterThan(0);
      expect(mine.at(-1)!.cls).toMatch(/^seg-attempt final/);
    }
    expect(timeline).toMatch(/\d+ waited out a 429/);
  });

  it('keeps results.json and the HAR valid with the attempts recorded', () => {
    const results = JSON.parse(readFileSync(path.join(run.out, 'results.json'), 'utf8'));
    expect(validateResults(results), JSON.stringify(validateResults.errors)).toBe(true);
    const har = JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8'));
    expect(validateHar(har), JSON.stringify(validateHar.errors)).toBe(true);
    const waited = har.log.entries.filter((e: { _waits?: unknown[] }) => e._waits?.length);
    expect(waited.length).toBeGreaterThan(0);
    expect(waited.some((e: { _attempts: Array<{ status?: number }> }) => e._attempts[0].status === 429)).toBe(true);
    for (const e of waited) {
      expect(e.timings.blocked).toBeGreaterThan(0);
      expect(e.timings.blocked + e.timings.wait).toBe(e.time);
    }
  });
});
