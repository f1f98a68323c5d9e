/**
 * Live-staging safety through the real CLI, measured at the target (a recording proxy): --max-requests is
 * never exceeded, --concurrency and --rate are respected, --deadline-ms bounds the whole run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { startHostile, type HostileServer } from './helpers/hostile-server.ts';
import { looksLikeCrash, readResults, runCli, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';
import type { RunResult } from '../src/evidence.ts';

const TOKEN = 'limits-test-token';
let reference: ReferenceServer;
const runs: Record<string, { proxy: HostileServer; run: CliRun; result: RunResult }> = {};

async function runThrough(name: string, latencyMs: number, args: string[]): Promise<void> {
  const proxy = await startHostile({ upstream: reference.baseUrl, latencyMs });
  const run = await runCli(['--base-url', proxy.baseUrl, '--token', TOKEN, '--quiet', ...args]);
  runs[name] = { proxy, run, result: readResults(run.out) };
}

beforeAll(async () => {
  reference = await startReference({ token: TOKEN, total: 30 });
  await Promise.all([
    runThrough('budget', 20, ['--max-requests', '60', '--rate', '20']),
    // A budget the whole run fits in (about 115 requests for 30 codes), so the verdict is not cut short.
    runThrough('concurrency', 100, ['--concurrency', '2', '--max-requests', '130']),
    runThrough('deadline', 300, ['--deadline-ms', '3000']),
  ]);
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  for (const r of Object.values(runs)) await r.proxy.close();
  await reference?.close();
});

describe('--max-requests 60 --rate 20', () => {
  test('the target receives at most 60 requests, and results.json counts them', () => {
    const { proxy, result, run } = runs.budget!;
    expect(run.stderr).toBe('');
    expect(proxy.requests.length).toBeLessThanOrEqual(60);
    expect(proxy.requests.length).toBeGreaterThan(30); // the budget was used, not avoided
    expect(result.stats.requests).toBe(proxy.requests.length);
    expect(result.stats.maxRequests).toBe(60);
  });

  test('what the budget cut is skipped with a reason, never failed; a cut MUST requirement means no verdict', () => {
    const { run, result } = runs.budget!;
    // The reference is conformant: a spent budget must not turn into failures, nor into a claim of conformance.
    const cutMust = result.checks.filter((c) => c.severity === 'must' && c.cutShort);
    expect(result.verdict).toBe(cutMust.length > 0 ? 'incomplete' : 'conformant');
    expect(run.code).toBe(cutMust.length > 0 ? 2 : 0);
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    for (const c of result.checks.filter((x) => x.status === 'skip')) expect(c.message.trim(), c.id).not.toBe('');
  });

  test('at most 20 requests per second reach the target (generous bound)', () => {
    const { proxy } = runs.budget!;
    const at = proxy.requests.map((r) => r.at);
    const spanS = (Math.max(...at) - Math.min(...at)) / 1000;
    // n requests at 20/s need at least (n - 1) / 20 s; allow a burst of a few requests on top.
    expect(spanS).toBeGreaterThanOrEqual((at.length - 5) / 20);
  });

  test('only GET', () => {
    expect(new Set(runs.budget!.proxy.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });
});

describe('--concurrency 2', () => {
  test('never more than 2 requests in flight at the target', () => {
    const { proxy, run } = runs.concurrency!;
    expect(run.code).toBe(0);
    expect(proxy.requests.length).toBeGreaterThan(30);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(2);
    expect(proxy.maxInFlight).toBeGreaterThanOrEqual(1);
  });
});

describe('--deadline-ms 3000 against a target answering in 300 ms', () => {
  test('the run ends near the deadline with results written', () => {
    const { run, result } = runs.deadline!;
    expect(looksLikeCrash(run.stderr + run.stdout)).toBe(false);
    // Deadline + one request timeout would be the worst case; a normal run here would take far longer.
    expect(result.durationMs).toBeLessThan(3000 + 10_000);
    expect(run.durationMs).toBeLessThan(45_000);
    expect(result.stats.requests).toBeGreaterThan(0);
  });

  test('no request starts after the deadline', () => {
    const { proxy, result } = runs.deadline!;
    const started = Date.parse(result.startedAt);
    for (const r of proxy.requests) expect(r.at - started).toBeLessThanOrEqual(3000 + 1000); // slack: arrival after the client's check, on a busy machine
  });

  test('what the deadline cut is skipped with a reason, never failed; no verdict is claimed (incomplete, exit 2)', () => {
    const { run, result } = runs.deadline!;
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const skipped = result.checks.filter((c) => c.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    for (const c of skipped) expect(c.message.trim(), c.id).not.toBe('');
    // Design decision (lead): a run that left MUST requirements unevaluated must not read as conformant: it is
    // "incomplete", exit 2 (no verdict), unless a MUST requirement failed among those that ran.
    expect(result.verdict).toBe('incomplete');
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/INCOMPLETE/);
    expect(result.checks.some((c) => c.severity === 'must' && c.status === 'skip' && c.cutShort)).toBe(true);
  });

  // Suites whose every request was stopped by the deadline name the limit as the reason.
  test('every requirement the deadline cut names the deadline (or budget) as the reason', () => {
    const { result } = runs.deadline!;
    const cut = result.checks.filter((c) => c.status === 'skip' && !/no exchange of that kind|nothing to check/.test(c.message));
    expect(cut.length).toBeGreaterThan(0);
    for (const c of cut) expect(c.message, c.id).toMatch(/deadline/);
  });
});
