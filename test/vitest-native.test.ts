/**
 * The suites run by vitest itself with the shipped config, as a team already on vitest would:
 * `CONFORMANCE_BASE_URL=... CONFORMANCE_TOKEN=... vitest run --config vitest.conformance.config.mjs`. Same
 * reports and verdict as the CLI on the same target and seed, exit status from the verdict (a baseline's known
 * failure fails its vitest test but not the run), a setup problem exits 2 with the CLI's lines. And the
 * programmatic API (the package's main export) returns the result object results.json holds.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { packagePath } from '../src/paths.ts';
import type { RunResult } from '../src/evidence.ts';
import { readResults, removeTmpDirs, runCli, tmpDir, type CliRun } from './helpers/run-cli.ts';

const TOKEN = 'vitest-native-token-0123';
const SEED = '7';
const VITEST = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
let faulty: ReferenceServer;

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: Record<string, string>, cwd: string): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(CONFORMANCE_|VITEST|GITHUB_STEP_SUMMARY$)/.test(k) && k !== 'NODE_ENV' && k !== 'TEST') clean[k] = v;
    const child = spawn(process.execPath, args, { cwd, env: { ...clean, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

const vitestRun = (env: Record<string, string>, cwd: string) => node([VITEST, 'run', '--config', packagePath('vitest.conformance.config.mjs')], env, cwd);
const failing = (r: RunResult) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);

let viaVitest: Proc & { out: string };
let viaCli: CliRun;
let withBaseline: Proc & { out: string };
let viaApi: Proc;

beforeAll(async () => {
  faulty = await startReference({ token: TOKEN, total: 40, faults: ['to-off-by-one'] });
  const project = tmpDir('vitest-native-');
  const env = { CONFORMANCE_BASE_URL: faulty.baseUrl, CONFORMANCE_TOKEN: TOKEN, CONFORMANCE_SEED: SEED };
  const out = path.join(project, 'vitest-report');
  viaVitest = { ...(await vitestRun({ ...env, CONFORMANCE_OUT: out }, project)), out };
  viaCli = await runCli(['--base-url', faulty.baseUrl, '--seed', SEED, '--quiet'], { env: { CONFORMANCE_TOKEN: TOKEN } });
  const baseline = path.join(project, 'baseline.yaml');
  // Every failing id, one in lower case (ids match in any case).
  const known = failing(readResults(out)).map((id, i) => `${i === 0 ? id.toLowerCase() : id}: accepted for this test`);
  writeFileSync(baseline, known.join('\n') + '\n');
  const out2 = path.join(project, 'baseline-report');
  withBaseline = { ...(await vitestRun({ ...env, CONFORMANCE_OUT: out2, CONFORMANCE_BASELINE: baseline }, project)), out: out2 };
  const script = `const { runConformance } = await import(${JSON.stringify(packagePath('dist', 'cli', 'api.js'))});
    const run = await runConformance({ baseUrl: ${JSON.stringify(faulty.baseUrl)}, token: process.env.T, seed: ${SEED}, out: 'api-report' });
    console.log(JSON.stringify({ exitCode: run.exitCode, verdict: run.result.verdict, failing: run.result.checks.filter((c) => c.status === 'fail').map((c) => c.id), outDir: run.outDir }));`;
  viaApi = await node(['--input-type=module', '-e', script], { T: TOKEN }, project);
}, 240_000);

afterAll(async () => {
  removeTmpDirs();
  await faulty?.close();
});

describe('vitest run --config vitest.conformance.config.mjs', () => {
  test('a faulty target: exit 1, the CLI reporter and every artifact, the same failing requirements as the CLI', () => {
    expect(viaVitest.code, viaVitest.stderr).toBe(1);
    expect(viaVitest.stdout).toMatch(/Verdict: NON-CONFORMANT/);
    const r = readResults(viaVitest.out);
    expect(r.verdict).toBe('non-conformant');
    expect(failing(r)).toContain('PAG-FROM-TO');
    expect(viaCli.code).toBe(1);
    expect(failing(r)).toEqual(failing(readResults(viaCli.out)));
    expect(r.seed).toBe(Number(SEED));
  });

  test("the exit status is the verdict's: a baseline's known failure fails its vitest test, not the run (exit 0)", () => {
    expect(withBaseline.code, withBaseline.stderr + withBaseline.stdout.slice(-2000)).toBe(0);
    const r = readResults(withBaseline.out);
    expect(r.verdict).toBe('conformant');
    expect(r.checks.find((c) => c.id === 'PAG-FROM-TO')?.knownFailure).toBeDefined();
  });

  test('a setup problem (a base URL without a token): exit 2 with the one-line reason and hint, nothing run', async () => {
    const project = tmpDir('vitest-native-bad-');
    const p = await vitestRun({ CONFORMANCE_BASE_URL: faulty.baseUrl }, project);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/^vms-conformance: --base-url needs a token\nhint: /m);
  }, 60_000);
});

describe('the programmatic API', () => {
  test('runConformance() gives the exit code and the result object results.json holds', () => {
    expect(viaApi.code, viaApi.stderr).toBe(0);
    const run = JSON.parse(viaApi.stdout.trim().split('\n').pop()!) as { exitCode: number; verdict: string; failing: string[]; outDir: string };
    expect(run).toMatchObject({ exitCode: 1, verdict: 'non-conformant' });
    expect(run.failing).toEqual(failing(readResults(viaCli.out)));
    expect(readResults(run.outDir).verdict).toBe('non-conformant');
  });
});
