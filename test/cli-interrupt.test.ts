/**
 * A cancelled CI job: SIGINT or SIGTERM while the suites run against a slow target. The CLI exits 130 and the
 * reports are written with what finished, marked interrupted. Stop means stop: measured at the target (a
 * recording proxy), no request starts after the signal, the ones in flight are cut off, and results.json counts
 * exactly the requests the target received.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { looksLikeCrash, readResults, runCli, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';
import { startHostile, type HostileServer } from './helpers/hostile-server.ts';

const TOKEN = 'interrupt-test-token';
/** Every answer takes this long: at the signal, requests are in flight, and more would follow as they end. */
const LATENCY_MS = 800;
let reference: ReferenceServer;
const runs = new Map<NodeJS.Signals, { run: CliRun; proxy: HostileServer; stoppingAt: number }>();

/** Sends the signal once the suites are running (the first progress line), not at a guessed time; notes when the CLI says it is stopping. */
function signalWhenRunning(signal: NodeJS.Signals, stopping: (at: number) => void) {
  return (child: ChildProcess) => {
    let sent = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (sent || !/[✓✗!-] [A-Z]+-/.test(chunk.toString('utf8'))) return;
      sent = true;
      setTimeout(() => child.kill(signal), 300);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (/stopping/.test(chunk.toString('utf8'))) stopping(Date.now());
    });
  };
}

beforeAll(async () => {
  reference = await startReference({ token: TOKEN, total: 30 });
  await Promise.all(
    (['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
      const proxy = await startHostile({ upstream: reference.baseUrl, latencyMs: LATENCY_MS });
      let stoppingAt = 0;
      const run = await runCli(['--base-url', proxy.baseUrl, '--token', TOKEN], { onSpawn: signalWhenRunning(signal, (at) => (stoppingAt = at)) });
      runs.set(signal, { run, proxy, stoppingAt });
    }),
  );
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  for (const r of runs.values()) await r.proxy.close();
  await reference?.close();
});

describe.each(['SIGINT', 'SIGTERM'] as const)('%s during a run', (signal) => {
  test('exit 130, said on stderr, no crash', () => {
    const { run } = runs.get(signal)!;
    expect(run.signal).toBeNull(); // exited by itself, not killed by the signal
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(signal);
    expect(run.stdout).toMatch(/^INTERRUPTED: /m);
    expect(looksLikeCrash(run.stderr)).toBe(false);
  });

  test('results.json is written, marked interrupted, with what finished and the rest skipped', () => {
    const result = readResults(runs.get(signal)!.run.out);
    expect(result.interrupted).toBe(true);
    expect(result.harnessErrors ?? []).toEqual([]);
    const statuses = result.checks.map((c) => c.status);
    expect(statuses).toContain('pass'); // what finished before the signal
    expect(statuses).toContain('skip'); // what it cut
    expect(statuses).not.toContain('fail'); // an interruption is never a failure of the target
  });

  test('report.html, junit.xml and summary.md exist; the report and the summary say interrupted', () => {
    const out = runs.get(signal)!.run.out;
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/interrupted/i);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toMatch(/interrupted/i);
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuite');
  });

  test('no request starts after the signal; results.json counts exactly the requests the target received', () => {
    const { run, proxy, stoppingAt } = runs.get(signal)!;
    expect(stoppingAt).toBeGreaterThan(0);
    // A request started before the stop arrives at once; one started after it would follow an answer, which
    // takes LATENCY_MS: so nothing may arrive later than well under that after the CLI said it was stopping.
    const late = proxy.requests.filter((r) => r.at > stoppingAt + LATENCY_MS / 2).map((r) => `${r.url} +${r.at - stoppingAt} ms`);
    expect(late).toEqual([]);
    const result = readResults(run.out);
    expect(result.stats.requests).toBe(proxy.requests.length);
  });

  test('the HAR holds every request the target received; those in flight at the signal are marked interrupted', () => {
    const { run, proxy } = runs.get(signal)!;
    const har = JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8')) as { log: { entries: Array<{ response: { _error?: string } }> } };
    expect(har.log.entries).toHaveLength(proxy.requests.length);
    expect(har.log.entries.filter((e) => e.response._error?.startsWith('interrupted: the run was stopped while the answer was awaited')).length).toBeGreaterThan(0);
    expect(readResults(run.out).stats.transportErrors).toBe(0); // an interruption is not the target's transport failure
  });
});
