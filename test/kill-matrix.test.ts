/**
 * The kill matrix: the CLI, as a user runs it, against every variant of reference/variants.ts.
 * - each faulty variant must exit 1 with every expected MUST requirement failed (the fault is "killed");
 * - each conformant variant must exit 0 (a real vendor choice must never fail);
 * - every MUST requirement of the catalogue must be proven by at least one killed faulty variant.
 * Variants run in batches: one CLI process per batch with a config file listing one target per variant (each its
 * own reference server in this process), a few batches at a time.
 *
 * Env knobs for debugging: KILL_MATRIX_ONLY=name,name (run only those variants; the coverage test is then
 * skipped), KILL_MATRIX_POOL=N (CLI processes at once, default 3), KILL_MATRIX_BATCH=N (targets per CLI process,
 * default 8; 1 = one process per variant, with its own exit code), KILL_MATRIX_SEED=N (property-based seed),
 * KILL_MATRIX_KEEP=1 (keep every report folder, not only the failing ones).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, RunResult } from '../src/evidence.ts';
import { REQUIREMENTS } from '../src/requirements.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';
import { startReference } from '../reference/server.ts';
import { VARIANTS, type Variant } from '../reference/variants.ts';
import { exitCodeOf } from '../src/aggregate.ts';

const CLI = path.join(PACKAGE_ROOT, 'bin', 'vms-conformance.mjs');
const POOL = Math.max(1, Number(process.env.KILL_MATRIX_POOL ?? 3) || 3);
const SEED = process.env.KILL_MATRIX_SEED ?? '515151';
/** One CLI run; a run normally takes a few seconds. */
const RUN_TIMEOUT_MS = 240_000;
const ONLY = (process.env.KILL_MATRIX_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const KEEP = process.env.KILL_MATRIX_KEEP === '1';
/** Targets per CLI process: each process pays the Node and vitest start-up once. */
const BATCH = Math.max(1, Number(process.env.KILL_MATRIX_BATCH ?? 8) || 8);

const selected: Variant[] = ONLY.length ? VARIANTS.filter((v) => ONLY.includes(v.name)) : VARIANTS;

interface Outcome {
  variant: Variant;
  exitCode: number | null;
  /** MUST requirements with status fail. */
  failingMust: string[];
  checks: CheckResult[];
  harnessErrors: string[];
  outDir: string;
  /** The batch's folder (config file, index.html and every target's reports). */
  batchDir: string;
  /** Last lines of the CLI's output, for failure messages. */
  outputTail: string;
  error?: string;
}

/** The environment for the CLI: none of vitest's own variables, none of the user's CONFORMANCE_* settings. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|CONFORMANCE_)/.test(k) || k === 'TEST' || k === 'NODE_ENV') continue;
    env[k] = v;
  }
  return env;
}

function runCli(args: string[]): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PACKAGE_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** `--insecure` → {insecure: true}, `--timeout-ms 500` → {timeoutMs: '500'}: a variant's CLI flags as config-file keys. */
function flagsToConfig(args: readonly string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]!);
    if (!m) throw new Error(`unexpected CLI argument ${args[i]}`);
    const key = m[1]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (m[2] !== undefined) out[key] = m[2];
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) out[key] = args[++i]!;
    else out[key] = true;
  }
  return out;
}

/** The exit status the CLI gives for one target's results (src/aggregate.ts); no results.json: 2. */
function exitCodeFor(result: RunResult | undefined): number {
  return result ? exitCodeOf(result) : 2;
}

/**
 * One CLI process for a batch of variants, as a user runs several targets: a config file with one target per
 * variant (its own reference server and token), reports in OUT/<variant name>/ (OUT itself for a batch of one). A batch of one gets the
 * process's own exit code; in a larger batch each target's code is read from its results.json, and the process
 * must exit with the highest of them.
 */
async function runBatch(variants: Variant[]): Promise<Outcome[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vms-kill-'));
  const servers = await Promise.all(
    variants.map(async (v) => {
      const token = randomBytes(18).toString('hex');
      return { v, token, server: await startReference({ ...v.options, token }) };
    }),
  );
  try {
    const config = {
      targets: servers.map(({ v, token, server }) => ({ name: v.name, baseUrl: server.baseUrl, token, ...flagsToConfig(v.cliArgs ?? []) })),
    };
    const configFile = path.join(dir, 'targets.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    const { code, output, timedOut } = await runCli(['--config', configFile, '--out', dir, '--seed', SEED, '--quiet']);
    const outcomes = variants.map((variant): Outcome => {
      // A single target's reports go to OUT itself, several targets' to OUT/<name>.
      const outDir = variants.length === 1 ? dir : path.join(dir, variant.name);
      let result: RunResult | undefined;
      try {
        result = JSON.parse(readFileSync(path.join(outDir, 'results.json'), 'utf8')) as RunResult;
      } catch {
        result = undefined;
      }
      const checks = result?.checks ?? [];
      return {
        variant,
        exitCode: timedOut ? null : variants.length === 1 ? code : exitCodeFor(result),
        failingMust: checks.filter((c) => c.severity === 'must' && c.status === 'fail').map((c) => c.id),
        checks,
        harnessErrors: result?.harnessErrors ?? [],
        outDir,
        batchDir: dir,
        outputTail: output.split('\n').slice(-25).join('\n'),
        error: timedOut ? `the CLI did not finish within ${RUN_TIMEOUT_MS} ms` : result ? undefined : 'no results.json was written',
      };
    });
    const highest = Math.max(...outcomes.map((o) => o.exitCode ?? 2));
    if (!timedOut && variants.length > 1 && code !== highest) {
      for (const o of outcomes) o.error = `the CLI exited ${code} for the batch ${variants.map((v) => v.name).join(', ')}, but its targets' results say ${highest}`;
    }
    return outcomes;
  } finally {
    await Promise.all(servers.map(({ server }) => server.close()));
  }
}

/** Runs tasks with at most `size` in flight, results in input order. */
async function pool<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

function killed(o: Outcome): boolean {
  const expected = o.variant.expectFailing ?? [];
  return o.exitCode === 1 && expected.every((id) => o.failingMust.includes(id));
}

function passedAsExpected(o: Outcome): boolean {
  return o.variant.kind === 'faulty' ? killed(o) : o.exitCode === 0;
}

/** Why a run is not what its variant expects, with the failing checks' messages. */
function explain(o: Outcome): string {
  const lines = [`variant ${o.variant.name} (${o.variant.kind}): ${o.variant.description}`, `options: ${JSON.stringify(o.variant.options)}`, `exit code: ${o.exitCode}`];
  if (o.error) lines.push(`error: ${o.error}`);
  if (o.harnessErrors.length) lines.push(`harness errors: ${o.harnessErrors.join(' | ')}`);
  if (o.variant.kind === 'faulty') {
    const missing = (o.variant.expectFailing ?? []).filter((id) => !o.failingMust.includes(id));
    lines.push(`expected failing: ${(o.variant.expectFailing ?? []).join(', ')}`, `not failed: ${missing.join(', ') || '(none)'}`);
    for (const id of missing) {
      const c = o.checks.find((x) => x.id === id);
      if (c) lines.push(`  ${id}: ${c.status} (${c.evaluated} evaluated): ${c.message}`);
    }
  }
  const failing = o.checks.filter((c) => c.status === 'fail');
  if (failing.length) {
    lines.push('failing checks:');
    for (const c of failing) {
      lines.push(`  ${c.id} [${c.severity}]: ${c.message}`);
      for (const v of c.violations.slice(1, 3)) lines.push(`      also: ${v.message}`);
    }
  }
  lines.push(`report: ${o.outDir}`, 'CLI output (tail):', o.outputTail);
  return lines.join('\n');
}

function matrixTable(outcomes: Outcome[]): string {
  const w = Math.max(...outcomes.map((o) => o.variant.name.length), 7);
  const head = `${'variant'.padEnd(w)}  kind        exit  result      failing MUST ids`;
  const rows = outcomes.map((o) => {
    const result = o.variant.kind === 'faulty' ? (killed(o) ? 'killed' : 'SURVIVED') : o.exitCode === 0 ? 'passed' : 'WRONGLY FAILED';
    return `${o.variant.name.padEnd(w)}  ${o.variant.kind.padEnd(10)}  ${String(o.exitCode).padEnd(4)}  ${result.padEnd(10)}  ${o.failingMust.join(', ') || '-'}`;
  });
  const faulty = outcomes.filter((o) => o.variant.kind === 'faulty');
  const good = outcomes.filter((o) => o.variant.kind === 'conformant');
  const summary = `killed ${faulty.filter(killed).length}/${faulty.length} faulty variants; ${good.filter((o) => o.exitCode === 0).length}/${good.length} conformant variants passed`;
  return ['', 'Kill matrix', head, ...rows, summary, ''].join('\n');
}

describe('kill matrix: the CLI against every reference variant', () => {
  let outcomes: Outcome[] = [];
  const byName = new Map<string, Outcome>();

  beforeAll(async () => {
    const batches: Variant[][] = [];
    // Interleaved, so slow variants (large totals, latency) spread over the batches.
    const count = Math.ceil(selected.length / BATCH);
    for (let i = 0; i < count; i++) batches.push(selected.filter((_, j) => j % count === i));
    outcomes = (await pool(batches, POOL, runBatch)).flat();
    for (const o of outcomes) byName.set(o.variant.name, o);
  }, 20 * 60_000);

  afterAll(() => {
    if (outcomes.length) console.log(matrixTable(outcomes));
    if (KEEP) return;
    // A batch's folder is kept when any of its variants went wrong (its path is in the failure message).
    const dirs = new Map<string, boolean>();
    for (const o of outcomes) dirs.set(o.batchDir, (dirs.get(o.batchDir) ?? true) && passedAsExpected(o));
    for (const [dir, allGood] of dirs) if (allGood) rmSync(dir, { recursive: true, force: true });
  });

  for (const variant of selected) {
    const what = variant.kind === 'faulty' ? `is killed (exit 1, fails ${variant.expectFailing?.join(', ')})` : 'passes (exit 0)';
    it(`${variant.name} ${what}`, () => {
      const o = byName.get(variant.name);
      expect(o, 'the variant did not run').toBeDefined();
      expect(passedAsExpected(o!), explain(o!)).toBe(true);
    });
  }

  it.skipIf(ONLY.length > 0)('every MUST requirement is proven by at least one killed faulty variant', () => {
    const proven = new Set<string>();
    for (const o of outcomes) {
      if (o.variant.kind !== 'faulty' || o.exitCode !== 1) continue;
      for (const id of o.variant.expectFailing ?? []) if (o.failingMust.includes(id)) proven.add(id);
    }
    const unproven = REQUIREMENTS.filter((r) => r.level === 'must' && !proven.has(r.id)).map((r) => r.id);
    expect(unproven, `MUST requirements no killed faulty variant proves: ${unproven.join(', ')}`).toEqual([]);
  });
});
