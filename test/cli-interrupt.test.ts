/**
 * A cancelled CI job: SIGINT or SIGTERM while the suites run against a slow target. The CLI exits 130 and the
 * reports are written with what finished, marked interrupted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { looksLikeCrash, readResults, runCli, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';

const TOKEN = 'interrupt-test-token';
let reference: ReferenceServer;
const runs = new Map<NodeJS.Signals, CliRun>();

/** Sends the signal once the suites are running (a progress line with a requirement checked), not at a guessed time. */
function signalWhenRunning(signal: NodeJS.Signals) {
  return (child: ChildProcess) => {
    let sent = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (sent || !/progress: \d+ requests .*, [1-9]\d* requirements? checked/.test(chunk.toString('utf8'))) return;
      sent = true;
      setTimeout(() => child.kill(signal), 300);
    });
  };
}

beforeAll(async () => {
  reference = await startReference({ token: TOKEN, total: 30, latencyMs: 250 });
  await Promise.all(
    (['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
      runs.set(signal, await runCli(['--base-url', reference.baseUrl, '--token', TOKEN], { onSpawn: signalWhenRunning(signal) }));
    }),
  );
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  await reference?.close();
});

describe.each(['SIGINT', 'SIGTERM'] as const)('%s during a run', (signal) => {
  test('exit 130, said on stderr, no crash', () => {
    const run = runs.get(signal)!;
    expect(run.signal).toBeNull(); // exited by itself, not killed by the signal
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(signal);
    expect(run.stdout).toMatch(/^INTERRUPTED: /m);
    expect(looksLikeCrash(run.stderr)).toBe(false);
  });

  test('results.json is written, marked interrupted, with what finished and the rest skipped', () => {
    const result = readResults(runs.get(signal)!.out);
    expect(result.interrupted).toBe(true);
    expect(result.harnessErrors ?? []).toEqual([]);
    const statuses = result.checks.map((c) => c.status);
    expect(statuses).toContain('pass'); // what finished before the signal
    expect(statuses).toContain('skip'); // what it cut
    expect(statuses).not.toContain('fail'); // an interruption is never a failure of the target
  });

  test('report.html, junit.xml and summary.md exist; the report and the summary say interrupted', () => {
    const out = runs.get(signal)!.out;
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/interrupted/i);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toMatch(/interrupted/i);
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuite');
  });
});
