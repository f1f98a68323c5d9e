/**
 * The console shows the run as it happens, on a pipe (a CI log): the target line (collection total, limits)
 * before the first suite request, the plan, a progress line at least every 5 s, every 429 wait announced with its
 * length, each requirement once, the headline last, and no colour in a pipe. Timing assertions have generous
 * margins (the machine is shared): the target line is compared with the first suite request's own start time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { removeTmpDirs, runCli, readResults, type CliRun } from './helpers/run-cli.ts';

const TOKEN = 'console-test-token-0001';
interface TimedRun extends CliRun {
  lines: Array<{ at: number; text: string }>;
}

async function timedRun(args: string[]): Promise<TimedRun> {
  const lines: Array<{ at: number; text: string }> = [];
  let partial = '';
  const run = await runCli(args, {
    killAfterMs: 120_000,
    onSpawn: (child) =>
      child.stdout!.on('data', (c: Buffer) => {
        const parts = (partial + c.toString('utf8')).split('\n');
        partial = parts.pop()!;
        for (const text of parts) lines.push({ at: Date.now(), text });
      }),
  });
  return { ...run, lines };
}

let plain: ReferenceServer;
let throttled: ReferenceServer;
let announced: ReferenceServer;
let paced: TimedRun;
let limited: TimedRun;
let windowed: TimedRun;

beforeAll(async () => {
  plain = await startReference({ token: TOKEN });
  // A gateway-style limiter (no X-RateLimit-* headers to pace by): the suite meets 429s and waits them out.
  throttled = await startReference({ token: TOKEN, throttle: { limit: 5, windowMs: 2000, announce: false } });
  paced = await timedRun(['--base-url', plain.baseUrl, '--token', TOKEN, '--rate', '2', '--only', 'PAG-*,LINKS-*', '--seed', '3']);
  limited = await timedRun(['--base-url', throttled.baseUrl, '--token', TOKEN, '--only', 'PAG-*', '--seed', '3']);
  // Laravel's throttle with its X-RateLimit-* headers, 5 a minute: the pacer holds the requests past the window's
  // fifth for the next window (about a minute; the PAG-* run takes about 10 requests).
  announced = await startReference({ token: TOKEN, throttle: { limit: 5, windowMs: 60_000 } });
  windowed = await timedRun(['--base-url', announced.baseUrl, '--token', TOKEN, '--only', 'PAG-*', '--seed', '3']);
}, 240_000);

afterAll(async () => {
  await plain?.close();
  await throttled?.close();
  await announced?.close();
  removeTmpDirs();
});

describe('a run with --rate 2 on a pipe', () => {
  it('prints the target, the collection total and the limits before the first suite request', () => {
    expect(paced.code, paced.stderr).toBe(0);
    const target = paced.lines.find((l) => l.text.startsWith('Target: '))!;
    expect(target.text).toBe(`Target: GET ${plain.baseUrl}/api/v1/intercom/codes · 137 records (meta.total) · budget 400 requests, 4 at once, at most 2/s`);
    const har = JSON.parse(readFileSync(path.join(paced.out, 'exchanges.har'), 'utf8')) as { log: { entries: Array<{ startedDateTime: string }> } };
    const starts = har.log.entries.map((e) => Date.parse(e.startedDateTime)).sort((a, b) => a - b);
    // starts[0] is the smoke request; the suites' first request comes after the worker started.
    expect(target.at).toBeLessThan(starts[1]);
    expect(paced.lines.some((l) => /^ {2}Plan: at most \d+ requests for 137 records \(budget 400; /.test(l.text))).toBe(true);
  });

  it('prints a progress line at least every 5 s while it works', () => {
    // From the target line to the closing table (included): no stretch of the run goes without a line. The pace
    // (--rate 2, about 14 requests) makes the run last well over two progress intervals, however fast the start-up.
    const from = paced.lines.findIndex((l) => l.text.startsWith('Target: '));
    const to = paced.lines.findIndex((l) => l.text.startsWith('  ID '));
    const during = paced.lines.slice(from, to + 1);
    expect(during.filter((l) => /^ {2}progress: \d+ requests (of at most \d+|\(budget 400\)), \d+ requirements? checked, no failure so far, \d+ s$/.test(l.text)).length).toBeGreaterThanOrEqual(2);
    const gaps = during.slice(1).map((l, i) => l.at - during[i].at);
    // Lines come every 3 s; 5 s is the promise, 2.5 s more is the shared machine's margin.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(7500);
  });

  it('prints each requirement once, the headline last, and no colour in a pipe', () => {
    const r = readResults(paced.out);
    for (const c of r.checks) expect(paced.stdout.match(new RegExp(`^  ${c.id} `, 'gm'))?.length, c.id).toBe(1);
    expect(paced.stdout).toMatch(/Verdict: CONFORMANT {2}· {2}\d+ requests/);
    expect(paced.stdout.trim().split('\n').at(-1)).toMatch(/^CONFORMANT: http:\/\/127\.0\.0\.1:\d+ \(\d+ requests, [\d.]+ s\); reports in /);
    expect(paced.stdout).not.toContain('\u001b[');
  });
});

describe('a run against a throttled target', () => {
  it('announces every 429 wait with its length', () => {
    expect(limited.code, limited.stderr).toBe(0);
    const r = readResults(limited.out);
    expect(r.stats.rateLimited).toBeGreaterThan(0);
    const waits = limited.lines.filter((l) => /^ {2}Rate limited \(429\): waiting \d+\.\d s as the target's Retry-After asks$/.test(l.text));
    expect(waits.length).toBeGreaterThan(0);
  });
});

describe("a run held for the target's next rate-limit window", () => {
  it('says on the progress line how long the wait still lasts, and is never refused', () => {
    expect(windowed.code, windowed.stderr).toBe(0);
    expect(readResults(windowed.out).stats.rateLimited).toBe(0);
    expect(windowed.lines.filter((l) => /^Rate limit: the target allows 5 requests per window \(X-RateLimit-Limit\).* wait \d+ s, /.test(l.text))).toHaveLength(1);
    const waiting = windowed.lines.filter((l) => /^ {2}progress: .*, \d+ s, waiting \d+ s more for the target's next rate-limit window$/.test(l.text));
    expect(waiting.length).toBeGreaterThanOrEqual(10); // a line every 3 s through a wait of about a minute
    // The count goes down from one line to the next.
    const left = waiting.map((l) => Number(/waiting (\d+) s more/.exec(l.text)![1]));
    for (let i = 1; i < left.length; i++) expect(left[i]).toBeLessThan(left[i - 1]!);
  });
});
