/**
 * --parallel-targets and a cancelled job: SIGINT while two targets run side by side stops both (each writes its
 * reports, marked interrupted), starts no further target, and exits 130.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { looksLikeCrash, readResults, removeTmpDirs, runCli, tmpDir, type CliRun } from './helpers/run-cli.ts';

const TOKEN = 'parallel-interrupt-token';
const servers: ReferenceServer[] = [];
let run: CliRun;
let out: string;

/** SIGINT a few seconds after both parallel runs started (their progress is held, so no progress line to wait for). */
function interruptWhenBothRun(child: ChildProcess) {
  let seen = '';
  let sent = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    seen += chunk.toString('utf8');
    if (sent || !/started: a[\s\S]*started: b/.test(seen)) return;
    sent = true;
    setTimeout(() => child.kill('SIGINT'), 6_000);
  });
}

beforeAll(async () => {
  const dir = tmpDir('vms-parallel-');
  const lines = ['parallel-targets: 2', 'targets:'];
  for (const name of ['a', 'b', 'c']) {
    const s = await startReference({ token: TOKEN, total: 30, latencyMs: 500 });
    servers.push(s);
    lines.push(`  - name: ${name}`, `    base-url: ${s.baseUrl}`, `    token: ${TOKEN}`);
  }
  writeFileSync(path.join(dir, 'slow.yaml'), lines.join('\n') + '\n');
  out = path.join(dir, 'runs');
  run = await runCli(['--config', path.join(dir, 'slow.yaml'), '--out', out], { onSpawn: interruptWhenBothRun, killAfterMs: 110_000 });
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeTmpDirs();
});

test('both running targets stop with their reports, the third never starts, exit 130', () => {
  expect(run.code).toBe(130);
  expect(looksLikeCrash(run.stderr)).toBe(false);
  for (const name of ['a', 'b']) {
    expect(run.stdout).toMatch(new RegExp(`^INTERRUPTED: ${name}: .* so far; partial reports in`, 'm'));
    expect(readResults(path.join(out, name)).interrupted).toBe(true);
  }
  expect(run.stdout).not.toContain('started: c');
  expect(existsSync(path.join(out, 'c'))).toBe(false);
});
