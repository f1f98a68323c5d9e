/**
 * Setups the CLI must refuse before the first request, through the real CLI against a counting loopback target:
 * an unusable --out (a file, a path under a file, a dangling symbolic link, /proc, /sys, a read-only folder) and
 * credentials in the base URL (flag, environment, config file). Each: exit 2 with one line naming the problem and
 * one hint, zero requests at the target, quickly, and the credentials never printed.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { startHostile, type HostileServer } from './helpers/hostile-server.ts';
import { looksLikeCrash, runCli, tmpDir, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';

const TOKEN = 'bad-setup-test-token';
/** A hang guard, not a speed target (the CLI needs ~0.8 s to start here; figures in the report): generous for a busy machine. */
const BOUND_MS = 30_000;
const asRoot = process.getuid?.() === 0;

let reference: ReferenceServer;
let proxy: HostileServer;
let dir: string;
const runs = new Map<string, CliRun>();

function expectRefused(run: CliRun, reason: RegExp, hint: RegExp): void {
  const lines = run.stderr.trim().split('\n');
  expect(run.code, run.stderr).toBe(2);
  expect(lines, run.stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^vms-conformance: /);
  expect(lines[0]).toMatch(reason);
  expect(lines[1]).toMatch(/^hint: /);
  expect(lines[1]).toMatch(hint);
  expect(run.stderr).not.toMatch(/bug in vms-conformance/);
  expect(looksLikeCrash(run.stdout + run.stderr)).toBe(false);
  expect(run.durationMs).toBeLessThan(BOUND_MS);
}

beforeAll(async () => {
  reference = await startReference({ token: TOKEN, total: 5 });
  proxy = await startHostile({ upstream: reference.baseUrl });
  dir = tmpDir('vms-bad-out-');
  writeFileSync(path.join(dir, 'a-file'), 'x');
  symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
  mkdirSync(path.join(dir, 'read-only'));
  chmodSync(path.join(dir, 'read-only'), 0o555);
  const withUser = proxy.baseUrl.replace('://', '://alice:s3cr3t-pw@');
  const config = path.join(dir, 'creds.yaml');
  writeFileSync(config, `base-url: ${withUser}\ntoken: ${TOKEN}\n`);
  const target = ['--base-url', proxy.baseUrl, '--token', TOKEN];
  const cases: Record<string, { args: string[]; env?: Record<string, string> }> = {
    'out is a file': { args: [...target, '--out', path.join(dir, 'a-file')] },
    'out under a file': { args: [...target, '--out', path.join(dir, 'a-file', 'sub', 'deeper')] },
    'out is a dangling symlink': { args: [...target, '--out', path.join(dir, 'dangling')] },
    'out under /proc': { args: [...target, '--out', '/proc/vms-conformance-x'] },
    'out under /sys': { args: [...target, '--out', '/sys/vms-conformance-x/y'] },
    // Root may write into a folder whatever its mode bits (only a read-only mount stops it): not run as root.
    ...(asRoot ? {} : { 'out read-only': { args: [...target, '--out', path.join(dir, 'read-only', 'report')] } }),
    'user:pass in --base-url': { args: ['--base-url', withUser, '--token', TOKEN] },
    'user in --base-url': { args: ['--base-url', proxy.baseUrl.replace('://', '://alice@'), '--token', TOKEN] },
    'user:pass in CONFORMANCE_BASE_URL': { args: [], env: { CONFORMANCE_BASE_URL: withUser, CONFORMANCE_TOKEN: TOKEN } },
    'user:pass in a config file': { args: ['--config', config, '--out', path.join(dir, 'from-config')] },
  };
  // Two at a time: each run's own time is asserted, and the machine has 2 cores.
  const queue = Object.entries(cases);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) runs.set(next[0], await runCli(next[1].args, { env: next[1].env }));
  };
  await Promise.all([worker(), worker()]);
}, 120_000);

afterAll(async () => {
  chmodSync(path.join(dir, 'read-only'), 0o755);
  removeTmpDirs();
  await proxy?.close();
  await reference?.close();
});

describe('an unusable --out is refused before the first request', () => {
  test.each([
    ['out is a file', /a-file: it exists and is not a folder/],
    ['out under a file', /a-file is not a folder/],
    ['out is a dangling symlink', /dangling is a symbolic link to a path that does not exist/],
    ['out under /proc', /\/proc\/vms-conformance-x: \/proc is a kernel file system/],
    ['out under /sys', /\/sys is a kernel file system/],
  ])('%s: exit 2, the path and a hint', (name, reason) => {
    expectRefused(runs.get(name)!, reason, /--out/);
  });

  test.skipIf(asRoot)('a read-only folder: exit 2 (skipped as root, who may write anywhere but a read-only mount)', () => {
    expectRefused(runs.get('out read-only')!, /read-only.*cannot be created|not writable/, /--out/);
  });

  test('nothing was created under a file or a kernel file system', () => {
    expect(existsSync('/proc/vms-conformance-x')).toBe(false);
    expect(existsSync(path.join(dir, 'from-config'))).toBe(false);
  });
});

describe('credentials in the base URL are refused, never printed', () => {
  test.each(['user:pass in --base-url', 'user in --base-url', 'user:pass in CONFORMANCE_BASE_URL', 'user:pass in a config file'])('%s: exit 2, the hint names --token', (name) => {
    const run = runs.get(name)!;
    expectRefused(run, /--base-url must not carry a user name or password/, /--token/);
    expect(run.stdout + run.stderr).not.toMatch(/alice|s3cr3t-pw/);
  });
});

describe('the target', () => {
  test('received no request from any of these runs', () => {
    expect(runs.size).toBe(asRoot ? 9 : 10);
    expect(proxy.requests).toEqual([]);
  });
});
