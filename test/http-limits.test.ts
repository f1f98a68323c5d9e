/** Live-staging safety of the HTTP client: budget, concurrency, rate, 429 Retry-After, deadline, interruption. */
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpClient, MAX_TOTAL_RETRY_AFTER_MS, type ClientOptions } from '../src/http/client.ts';
import { parseRetryAfter, Semaphore, type Lane } from '../src/http/throttle.ts';
import { RequestTiming } from '../src/http/timing.ts';

const AUTH = { Authorization: 'Bearer limits-token-123', Accept: 'application/json' };

let base = '';
let server: http.Server;
const sockets = new Set<net.Socket>();
let hits: string[] = [];
let inFlight = 0;
let maxInFlight = 0;
let openConnections = 0;
let maxConnections = 0;
/** Scripted answers for /scripted, consumed in order. */
let script: Array<{ status: number; headers?: Record<string, string> }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const done = () => {
      inFlight -= 1;
    };
    const path = (req.url ?? '').split('?')[0];
    if (path === '/hang') return; // never answers (and stays "in flight")
    if (path === '/scripted') {
      const next = script.shift() ?? { status: 200 };
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify({ status: next.status }));
      done();
      return;
    }
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[]}');
      done();
    }, 15);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    openConnections += 1;
    maxConnections = Math.max(maxConnections, openConnections);
    s.on('close', () => {
      sockets.delete(s);
      openConnections -= 1;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

beforeEach(() => {
  for (const s of sockets) s.destroy();
  hits = [];
  inFlight = 0;
  maxInFlight = 0;
  maxConnections = 0;
  script = [];
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

function client(extra: Partial<ClientOptions> = {}): HttpClient {
  return new HttpClient({ timeoutMs: 5000, concurrency: 4, maxRequests: 1000, secrets: [], ...extra });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

describe('budget and concurrency', () => {
  it('50 concurrent gets with budget 20 and concurrency 3: exactly 20 reach the server, never more than 3 at once', async () => {
    const c = client({ maxRequests: 20, concurrency: 3 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => c.get({ url: `${base}/items?i=${i}`, headers: AUTH, purpose: `item ${i}` })));
    c.close();
    expect(hits).toHaveLength(20);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxConnections).toBeLessThanOrEqual(3);
    expect(results.filter((e) => e.response?.status === 200)).toHaveLength(20);
    const refused = results.filter((e) => e.error?.kind === 'budget');
    expect(refused).toHaveLength(30);
    expect(c.stats.requests).toBe(20);
    expect(c.stats.byStatus).toEqual({ '200': 20 });
    expect(c.stats.transportErrors).toBe(0);
    expect(new Set(results.map((e) => e.id)).size).toBe(50);
    expect(c.exchanges).toHaveLength(50);
  });

  it('counts requests spent before (startCount) against the budget; ids continue from firstId', async () => {
    const c = client({ maxRequests: 6, startCount: 5, firstId: 3 });
    const a = await c.get({ url: `${base}/a`, headers: AUTH, purpose: 'a' });
    const b = await c.get({ url: `${base}/b`, headers: AUTH, purpose: 'b' });
    c.close();
    expect(a.response?.status).toBe(200);
    expect(b.error?.kind).toBe('budget');
    expect(hits).toEqual(['/a']);
    expect(c.stats).toMatchObject({ requests: 6, maxRequests: 6 });
    expect([a.id, b.id]).toEqual(['x3', 'x4']);
  });

  it('the rate limit spaces request starts (lower bound only)', async () => {
    const c = client({ ratePerSecond: 10, concurrency: 6 });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => c.get({ url: `${base}/r${i}`, headers: AUTH, purpose: 'rate' })));
    c.close();
    expect(hits).toHaveLength(6);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450); // 5 gaps of 100 ms
  });
});

describe('429 Retry-After', () => {
  it('429 with Retry-After: 1 then 200 → one exchange, retry noted, counted in budget and stats', async () => {
    script = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }];
    const c = client();
    const ex = await c.get({ url: `${base}/scripted`, headers: AUTH, purpose: '429' });
    c.close();
    expect(ex.response?.status).toBe(200);
    expect(ex.rateLimitRetries).toBe(1);
    expect(ex.retries).toBe(0);
    expect(ex.durationMs).toBeGreaterThanOrEqual(900);
    // Its timing, for the report's timeline: the 429 attempt, the Retry-After wait, the final attempt.
    expect(ex.attempts?.map((a) => a.status)).toEqual([429, 200]);
    expect(ex.attempts?.[0].retryAfterMs).toBe(1000);
    expect(ex.waits?.map((w) => w.reason)).toEqual(['retry-after']);
    expect(ex.waits![0].startMs).toBeGreaterThanOrEqual(ex.attempts![0].startMs + ex.attempts![0].durationMs);
    expect(ex.attempts![1].startMs).toBeGreaterThanOrEqual(ex.waits![0].startMs + ex.waits![0].ms);
    expect(c.exchanges).toHaveLength(1);
    expect(c.stats).toMatchObject({ rateLimited: 1, requests: 2, byStatus: { '200': 1 } });
    expect(hits).toHaveLength(2);
  });

  it('caps each wait at maxRetryAfterMs', async () => {
    script = [{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }];
    const c = client({ maxRetryAfterMs: 50 });
    const ex = await c.get({ url: `${base}/scripted`, headers: AUTH, purpose: '429 capped' });
    c.close();
    expect(ex.response?.status).toBe(200);
    expect(ex.durationMs).toBeLessThan(9000); // uncapped it would wait an hour, or 10 s with the default cap
  });

  it('a server answering 429 forever gets a bounded number of retries, then the 429 is returned as-is', async () => {
    script = Array.from({ length: 20 }, () => ({ status: 429, headers: { 'retry-after': '0' } }));
    const c = client();
    const ex = await c.get({ url: `${base}/scripted`, headers: AUTH, purpose: '429 forever' });
    c.close();
    expect(ex.response?.status).toBe(429);
    expect(hits.length).toBeLessThanOrEqual(6) // 1 + MAX_RATE_LIMIT_RETRIES_PER_REQUEST (5);
    expect(c.stats.rateLimited).toBe(hits.length);
    expect(c.stats.byStatus).toEqual({ '429': 1 });
  });

  it('returns the 429 as-is when the retry would exceed the budget or the deadline', async () => {
    script = [{ status: 429, headers: { 'retry-after': '0' } }];
    const noBudget = client({ maxRequests: 1 });
    const a = await noBudget.get({ url: `${base}/scripted`, headers: AUTH, purpose: 'budget' });
    noBudget.close();
    expect(a.response?.status).toBe(429);
    expect(hits).toHaveLength(1);

    script = [{ status: 429, headers: { 'retry-after': '5' } }];
    const soon = client({ deadlineAt: Date.now() + 1000 });
    const b = await soon.get({ url: `${base}/scripted`, headers: AUTH, purpose: 'deadline' });
    soon.close();
    expect(b.response?.status).toBe(429);
    expect(b.durationMs).toBeLessThan(4000);
    expect(hits).toHaveLength(2);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    // Laravel 10's default api throttle (60 requests a minute, Retry-After up to 60 s) must be waited out.
    expect(MAX_TOTAL_RETRY_AFTER_MS).toBeGreaterThanOrEqual(120_000);
  });
});

describe('deadline and interruption', () => {
  it('no request starts after the deadline', async () => {
    const c = client({ deadlineAt: Date.now() - 1 });
    const ex = await c.get({ url: `${base}/late`, headers: AUTH, purpose: 'late' });
    c.close();
    expect(ex.error?.kind).toBe('deadline');
    expect(hits).toHaveLength(0);
    expect(c.stats.requests).toBe(0);
    expect(c.stats.transportErrors).toBe(0);
  });

  it('abortAll resolves in-flight requests as interrupted, queued ones as not sent, and sends nothing more', async () => {
    const c = client({ concurrency: 2 });
    const pending = Array.from({ length: 4 }, (_, i) => c.get({ url: `${base}/hang?i=${i}`, headers: AUTH, purpose: `hang ${i}` }));
    await until(() => hits.length === 2);
    c.abortAll();
    const results = await Promise.all(pending);
    const after = await c.get({ url: `${base}/after`, headers: AUTH, purpose: 'after' });
    c.close();
    // The two that had gone out were in flight; the two queued and the one after never left.
    expect(results.slice(0, 2).map((ex) => ex.error)).toEqual([{ kind: 'interrupted', message: 'the run was stopped while the answer was awaited', inFlight: true }, { kind: 'interrupted', message: 'the run was stopped while the answer was awaited', inFlight: true }]);
    for (const ex of [...results.slice(2), after]) expect(ex.error).toEqual({ kind: 'interrupted', message: 'not sent: the run was stopped' });
    expect(hits).toHaveLength(2);
    expect(c.stats.requests).toBe(2);
    expect(c.stats.transportErrors).toBe(0);
  });
});

describe('Semaphore', () => {
  it('hands a freed slot to urgent waiters, then normal ones, then later ones, FIFO within each lane', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const order: string[] = [];
    const wait = (name: string, lane: Lane) => s.acquire(lane).then(() => order.push(name));
    const all = [wait('l1', 'later'), wait('n1', 'normal'), wait('n2', 'normal'), wait('u1', 'urgent'), wait('l2', 'later'), wait('u2', 'urgent')];
    for (let i = 0; i < 6; i++) {
      s.release();
      await Promise.resolve();
      await Promise.resolve();
    }
    await Promise.all(all);
    expect(order).toEqual(['u1', 'u2', 'n1', 'n2', 'l1', 'l2']);
  });
});

describe('RequestTiming', () => {
  it('one pause slept in two goes is one wait; another reason, or a gap, is another', async () => {
    let now = 1000;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const t = new RequestTiming(1000);
      const pause = (ms: number) => new Promise<boolean>((r) => setImmediate(() => ((now += ms), r(true))));
      await t.wait('retry-after', pause(999));
      await t.wait('retry-after', pause(1)); // the timer woke a millisecond early: the rest of the same pause
      now += 5; // a request went out in between
      await t.wait('retry-after', pause(200));
      await t.wait('rate', pause(50));
      // Two network-retry backoffs around an attempt refused at once: two waits, though they touch.
      await t.wait('network-retry', pause(100));
      t.attempt(now, { errorKind: 'refused' });
      await t.wait('network-retry', pause(200));
      t.attempt(now, { status: 200 });
      expect(t.fields().waits).toEqual([
        { startMs: 0, ms: 1000, reason: 'retry-after' },
        { startMs: 1005, ms: 200, reason: 'retry-after' },
        { startMs: 1205, ms: 50, reason: 'rate' },
        { startMs: 1255, ms: 100, reason: 'network-retry' },
        { startMs: 1355, ms: 200, reason: 'network-retry' },
      ]);
    } finally {
      clock.mockRestore();
    }
  });
});
