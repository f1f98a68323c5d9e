// Pacing by the target's own rate limit (src/http/rate-window.ts and the client's use of it): a request the
// window has no room for is never sent (it would be refused with 429); the pause is announced once, before it.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../src/http/client.ts';
import { pauseLine, rateReading, RATE_WINDOW_MS, RateWindow } from '../src/http/rate-window.ts';

describe('RateWindow', () => {
  it('reads the two headers, or nothing', () => {
    expect(rateReading({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' })).toEqual({ limit: 60, remaining: 59 });
    expect(rateReading({ 'x-ratelimit-limit': '60' })).toBeUndefined();
    expect(rateReading({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '1' })).toBeUndefined();
    expect(rateReading(undefined)).toBeUndefined();
  });

  it('no reading yet: every request goes', () => {
    const w = new RateWindow();
    for (let i = 0; i < 100; i++) expect(w.take(0)).toBe(0);
  });

  it('spends the credit the answers announce, counting the requests still in flight', () => {
    const w = new RateWindow();
    w.answered({ limit: 60, remaining: 59 }, 1000, false); // the smoke step's answer: the window began at 1000
    for (let i = 0; i < 59; i++) expect(w.take(2000)).toBe(0);
    // the 60th may not go while the 59 are in flight; once they have answered, it would be refused: wait for the
    // end of the window that began at 1000 (plus a second of slack)
    expect(w.take(2000)).toBe('answer');
    for (let r = 58; r >= 0; r--) w.answered({ limit: 60, remaining: r }, 1000);
    expect(w.take(2000)).toBe(1000 + RATE_WINDOW_MS + 1000 - 2000);
    // once the window is over, requests go again until new answers tell the credit
    expect(w.take(1000 + RATE_WINDOW_MS + 1000)).toBe(0);
  });

  it('an answer that comes back with in-flight requests leaves room for them; their answers decide the rest', () => {
    const w = new RateWindow();
    w.take(0);
    w.take(0);
    w.take(0); // three in flight, no reading yet
    w.answered({ limit: 10, remaining: 2 }, 0); // two still in flight may each take one of the two
    expect(w.take(0)).toBe('answer'); // not a pause yet: wait for their answers
    w.answered({ limit: 10, remaining: 1 }, 0);
    w.answered({ limit: 10, remaining: 0 }, 0);
    expect(w.take(0)).toBeGreaterThan(0); // nothing in flight and none left: the window's end
  });

  it('answers read out of order: the lowest Remaining counts, and the last request of the window still goes', () => {
    // Laravel 10's 60 a minute, the smoke answer first; then 58 requests, of which the last two are in flight.
    const w = new RateWindow();
    w.answered({ limit: 60, remaining: 59 }, 1000, false);
    for (let i = 0; i < 58; i++) expect(w.take(2000)).toBe(0);
    for (let r = 58; r >= 3; r--) w.answered({ limit: 60, remaining: r }, 1000);
    // The 58th request (the target's 59th hit) answers before the 57th: Remaining 1 with one still in flight.
    w.answered({ limit: 60, remaining: 1 }, 1000);
    expect(w.take(2000)).toBe('answer'); // the old credit (1 - 1 in flight) said "pause a minute"
    // The 57th's answer, read late, carries the higher Remaining of its moment; it does not raise the credit.
    w.answered({ limit: 60, remaining: 2 }, 1000);
    expect(w.take(2000)).toBe(0); // the 60th hit: the window's last room
    w.answered({ limit: 60, remaining: 0 }, 1000);
    expect(w.take(2000)).toBe(1000 + RATE_WINDOW_MS + 1000 - 2000); // a 61st would be refused: the window's end
  });

  it('wakes whoever waits for an answer, at the next answer, whatever it reads', async () => {
    const w = new RateWindow();
    w.answered({ limit: 2, remaining: 1 }, 0, false);
    expect(w.take(0)).toBe(0);
    expect(w.take(0)).toBe('answer');
    const woken = w.nextAnswer().then(() => 'woken');
    w.answered(undefined, 0); // a transport error: no reading, but no longer in flight
    expect(await woken).toBe('woken');
    expect(w.take(0)).toBeGreaterThan(0); // one left was taken by the failed request's attempt: none left now
  });

  it("a 401 to a counted request (a scheme the target refuses) does not spend the window's credit", () => {
    const w = new RateWindow();
    w.answered({ limit: 2, remaining: 1 }, 0, false);
    expect(w.take(0)).toBe(0);
    w.answered(undefined, 0, true, true);
    expect(w.take(0)).toBe(0);
  });

  it('a window whose start is unknown is taken to have begun now (the worst case)', () => {
    const w = new RateWindow();
    w.answered({ limit: 60, remaining: 0 }, 5000, false);
    expect(w.take(10_000)).toBe(RATE_WINDOW_MS + 1000);
  });

  it('the announcement says how long and why', () => {
    expect(pauseLine(60, 41_200)).toMatch(/60 requests per window \(X-RateLimit-Limit\).*wait 42 s, to the end of a Laravel one-minute window.*429/);
  });
});

describe('the client paced by X-RateLimit-Remaining', () => {
  let server: http.Server;
  let base = '';
  let counted = 0;
  let refused = 0;
  const LIMIT = 3;

  beforeAll(async () => {
    // Laravel's throttle after auth: only requests with the valid token are counted and labelled.
    server = http.createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer pace-token-1234') {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end('{"message":"Unauthenticated."}');
      }
      counted += 1;
      if (counted > LIMIT) {
        refused += 1;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1', 'x-ratelimit-limit': String(LIMIT), 'x-ratelimit-remaining': '0' });
        return res.end('{"message":"Too Many Attempts."}');
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-limit': String(LIMIT), 'x-ratelimit-remaining': String(LIMIT - counted) });
      res.end('{"data":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('never sends the request the window has no room for; announces the pause once, before it', async () => {
    const lines: string[] = [];
    const waits: number[] = [];
    const client = new HttpClient({ timeoutMs: 2000, concurrency: 1, maxRequests: 50, secrets: ['pace-token-1234'], onPause: (l, ms) => (lines.push(l), waits.push(ms)) });
    const get = (auth: string, counts: boolean) => client.get({ url: `${base}/x`, headers: { authorization: auth }, purpose: 'pace', counted: counts });
    for (let i = 0; i < LIMIT; i++) expect((await get('Bearer pace-token-1234', true)).response?.status).toBe(200);
    // refusals are not counted by the target, so they go whatever the window says
    expect((await get('Bearer wrong', false)).response?.status).toBe(401);
    const paused = get('Bearer pace-token-1234', true);
    const unauthenticated = get('Bearer wrong', false); // queued behind the pause like every request
    await new Promise((r) => setTimeout(r, 100));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/allows 3 requests per window.*wait \d+ s/);
    // The pause's length goes with its line (the progress line counts it down): the rest of the minute's window.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(50_000);
    expect(waits[0]).toBeLessThanOrEqual(61_000);
    expect(lines[0]).toContain(`wait ${Math.ceil(waits[0]! / 1000)} s`);
    client.abortAll();
    const stopped = await paused;
    expect(stopped.error?.kind).toBe('interrupted');
    // The pause is in its record, for the report's timeline (no attempt went out).
    expect(stopped.waits?.map((w) => w.reason)).toEqual(['rate-window']);
    expect(stopped.attempts).toEqual([]);
    await unauthenticated;
    expect(refused).toBe(0);
    expect(counted).toBe(LIMIT);
    client.close();
  });
});
