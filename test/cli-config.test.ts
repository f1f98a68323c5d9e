/**
 * CI integration through the real CLI: a YAML config with ${ENV} secrets and two targets (each its own folder,
 * verdict, and a shared index.html; exit status the worst), config errors, and the known-failures baseline
 * (a known failure passes the run, a stale entry fails it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { check, looksLikeCrash, readResults, runCli, tmpDir, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';

const GOOD_TOKEN = 'good-target-token-123';
const FAULTY_TOKEN = 'faulty-target-token-456';
let good: ReferenceServer;
let faulty: ReferenceServer;
let dir: string;
const runs = new Map<string, CliRun>();

beforeAll(async () => {
  good = await startReference({ token: GOOD_TOKEN, total: 12 });
  faulty = await startReference({ token: FAULTY_TOKEN, total: 12, faults: ['to-off-by-one'] });
  dir = tmpDir('vms-config-');
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const config = write(
    'conformance.yaml',
    [
      '# two targets, secrets from the environment',
      'timeout-ms: 8000',
      'only: PAG-*',
      'targets:',
      '  - name: staging',
      `    base-url: ${good.baseUrl}`,
      '    token: ${GOOD_TOKEN}',
      '  - name: vendor-build',
      `    base-url: ${faulty.baseUrl}`,
      '    token: ${FAULTY_TOKEN}',
      '',
    ].join('\n'),
  );
  const known = write('baseline.yaml', 'PAG-FROM-TO: meta.to is off by one in this build (VENDOR-42)\n');
  const stale = write('stale.yaml', 'PAG-FROM-TO: meta.to is off by one (VENDOR-42)\nPAG-LAST-PAGE: fixed long ago (VENDOR-7)\n');
  const missingVar = write('missing.yaml', `base-url: ${good.baseUrl}\ntoken: \${NOT_SET_ANYWHERE_XYZ}\n`);
  const unknownKey = write('unknown.yaml', `base-url: ${good.baseUrl}\ntoken: x\nmax-reqests: 10\n`);
  const env = { GOOD_TOKEN, FAULTY_TOKEN };
  const faultyArgs = ['--base-url', faulty.baseUrl, '--token', FAULTY_TOKEN, '--only', 'PAG-*', '--quiet'];
  await Promise.all([
    runCli(['--config', config, '--out', path.join(dir, 'multi')], { env }).then((r) => runs.set('multi', r)),
    runCli([...faultyArgs, '--baseline', known]).then((r) => runs.set('known', r)),
    runCli([...faultyArgs, '--baseline', stale]).then((r) => runs.set('stale', r)),
    runCli(['--config', missingVar]).then((r) => runs.set('missing var', r)),
    runCli(['--config', unknownKey]).then((r) => runs.set('unknown key', r)),
  ]);
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  await good?.close();
  await faulty?.close();
});

describe('a config file with two targets', () => {
  test('each target gets its own folder and verdict; the exit status is the worst (1)', () => {
    const run = runs.get('multi')!;
    expect(looksLikeCrash(run.stderr + run.stdout)).toBe(false);
    expect(run.code).toBe(1);
    const staging = readResults(path.join(dir, 'multi', 'staging'));
    const vendor = readResults(path.join(dir, 'multi', 'vendor-build'));
    expect(staging.verdict).toBe('conformant');
    expect(staging.target.name).toBe('staging');
    expect(staging.target.baseUrl).toBe(good.baseUrl);
    expect(vendor.verdict).toBe('non-conformant');
    expect(check(vendor, 'PAG-FROM-TO').status).toBe('fail');
    // The common key (only: PAG-*) applied to both.
    expect(check(staging, 'AUTH-MISSING-TOKEN').status).toBe('skip');
    expect(check(vendor, 'AUTH-MISSING-TOKEN').status).toBe('skip');
  });

  test('the ${ENV} tokens reached each target (its valid token, never printed)', () => {
    const run = runs.get('multi')!;
    for (const t of [GOOD_TOKEN, FAULTY_TOKEN]) expect(run.stdout + run.stderr).not.toContain(t);
    // A wrong token would have stopped the target at the smoke step (exit 2, no results.json).
    expect(existsSync(path.join(dir, 'multi', 'staging', 'results.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'multi', 'vendor-build', 'results.json'))).toBe(true);
  });

  test('index.html lists both targets with their verdicts and links to both reports', () => {
    const html = readFileSync(path.join(dir, 'multi', 'index.html'), 'utf8');
    expect(html).toContain('href="staging/report.html"');
    expect(html).toContain('href="vendor-build/report.html"');
    // URL, verdict (the run's headline), failing ids, date and suite version of each target.
    expect(html).toContain(`staging</td><td><code>${good.baseUrl}</code></td><td class="verdict">CONFORMANT</td>`);
    expect(html).toMatch(/vendor-build<\/td><td><code>http:\/\/127\.0\.0\.1:\d+<\/code><\/td><td class="verdict">NON-CONFORMANT, 1 requirement failed<\/td><td><code>PAG-FROM-TO<\/code><\/td><td><time datetime="\d{4}-\d\d-\d\dT[^"]+">/);
    expect(html).toMatch(/<td>\d+\.\d+\.\d+<\/td><td>1<\/td>/);
    // The console closes with one roll-up line.
    expect(runs.get('multi')!.stdout).toMatch(/^All targets: staging CONFORMANT; vendor-build NON-CONFORMANT \(PAG-FROM-TO\); exit 1$/m);
    for (const name of ['staging', 'vendor-build']) expect(existsSync(path.join(dir, 'multi', name, 'report.html'))).toBe(true);
  });
});

describe('config errors', () => {
  test('a ${VAR} that is not set: exit 2 naming the variable, nothing run', () => {
    const run = runs.get('missing var')!;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NOT_SET_ANYWHERE_XYZ/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
    expect(looksLikeCrash(run.stderr)).toBe(false);
  });

  test('an unknown key: exit 2 naming it', () => {
    const run = runs.get('unknown key')!;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown key "max-reqests"/);
    expect(looksLikeCrash(run.stderr)).toBe(false);
  });
});

describe('a known-failures baseline', () => {
  test('the failing requirement listed in the baseline does not fail the run (exit 0) and is shown as known', () => {
    const run = runs.get('known')!;
    expect(run.code).toBe(0);
    const result = readResults(run.out);
    const c = check(result, 'PAG-FROM-TO');
    expect(c.status).toBe('fail');
    expect(c.knownFailure?.reason).toMatch(/VENDOR-42/);
    expect(result.verdict).toBe('conformant');
    expect(result.staleBaseline ?? []).toEqual([]);
    expect(readFileSync(path.join(run.out, 'report.html'), 'utf8')).toMatch(/VENDOR-42/);
    // The headline says so everywhere: never a bare CONFORMANT above a failure.
    expect(run.stdout).toMatch(/^CONFORMANT, 1 known failure \(baseline\): .*; known \(baseline\): PAG-FROM-TO; reports in /m);
    expect(readFileSync(path.join(run.out, 'summary.md'), 'utf8')).toMatch(/^## ✅ vms-conformance: CONFORMANT, 1 known failure \(baseline\)$/m);
  });

  test('a baseline entry whose requirement now passes fails the run (exit 1) as stale', () => {
    const run = runs.get('stale')!;
    expect(run.code).toBe(1);
    const result = readResults(run.out);
    expect(check(result, 'PAG-LAST-PAGE').status).toBe('pass');
    expect(result.staleBaseline).toEqual(['PAG-LAST-PAGE']);
    expect(result.verdict).toBe('non-conformant');
    expect(check(result, 'PAG-FROM-TO').knownFailure).toBeDefined();
  });
});
