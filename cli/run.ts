/**
 * One conformance run against one target, in three steps: start the target (the embedded reference when no
 * base URL is given), smoke-test it, then run the vitest suites in one worker with the target handed in
 * through `provide` and collect the RunResult the conformance reporter builds (it also writes the artifacts).
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { TestSequencer, TestSpecification } from 'vitest/node';
import type { RunResult } from '../src/evidence.ts';
import type { TargetOptions } from './config.ts';
import { clientOptionsOf, type TargetConfig } from '../src/target.ts';
import { HttpClient, MAX_TOTAL_RETRY_AFTER_MS } from '../src/http/client.ts';
import { judgeSmoke } from '../src/smoke.ts';
import { buildRequest, FIRST_PAGE } from '../src/request.ts';
import { PACKAGE_ROOT, packagePath } from '../src/paths.ts';
import type { ReferenceServer } from '../reference/server.ts';
import ConformanceReporter, { type ConformanceReporterOptions } from '../reporters/conformance-reporter.ts';
import { exitCodeOf } from '../src/aggregate.ts';
import { plannedTarget, reportedTarget, type PlannedTarget, type StartedTarget } from './target-views.ts';

export interface RunOutcome {
  exitCode: number;
  result?: RunResult;
  /** A setup problem (exit 2): one line, and what to do about it. */
  setupError?: { reason: string; hint: string };
  outDir: string;
}

export interface RunIo {
  quiet: boolean;
  log: (line: string) => void;
  /** Registers the function that interrupts the run (SIGINT/SIGTERM). */
  onInterrupt?: (stop: () => void) => void;
}

export const SUITE_VERSION: string = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

/** The same digest as loadSpec().sha256, without compiling the schemas here (the suites' worker compiles them). */
function openapiSha256(): string {
  return createHash('sha256').update(readFileSync(packagePath('openapi.yaml'))).digest('hex');
}

/** Suites run in file-name order (10-…, 20-…, 90-transport last: it judges every exchange the others made). */
class ByFileName implements TestSequencer {
  async shard(files: TestSpecification[]) {
    return files;
  }
  async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
  }
}

export async function runTarget(opts: TargetOptions, io: RunIo): Promise<RunOutcome> {
  const startedAt = new Date();
  let reference: ReferenceServer | undefined;
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'vms-conformance-'));
  const exchangeLog = path.join(runDir, 'exchanges.jsonl');
  try {
    const started = await startTarget(opts, io, (r) => (reference = r));
    const planned = plannedTarget(opts, started, { startedAt, exchangeLog });
    const smoke = await smokeTest(planned);
    if (!smoke.verdict.ok) return { exitCode: 2, setupError: smoke.verdict, outDir: opts.out };
    const target: TargetConfig = { ...planned, requestsSpent: smoke.requestsSpent, firstExchangeId: smoke.firstExchangeId, smoke: smoke.exchange };
    return await runSuites(target, reporterOptions(opts, planned, started, startedAt), { io, runDir, deadlineMs: opts.deadlineMs, out: opts.out });
  } finally {
    await reference?.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** The user's target, or the embedded reference (with a fresh token) when no base URL is given. */
async function startTarget(opts: TargetOptions, io: RunIo, onReference: (r: ReferenceServer) => void): Promise<StartedTarget> {
  const ca = opts.ca ? readFileSync(opts.ca, 'utf8') : undefined;
  if (opts.baseUrl) return { baseUrl: opts.baseUrl, token: opts.token!, embeddedReference: false, ca };
  const token = randomBytes(18).toString('base64url');
  const { startReference } = await import('../reference/server.ts');
  const reference = await startReference({ token });
  onReference(reference);
  if (!io.quiet) io.log(`No --base-url given: running against the embedded reference server at ${reference.baseUrl}`);
  return { baseUrl: reference.baseUrl, token, embeddedReference: true, ca };
}

/** One plain request with the valid token; its exchange goes first into the run's log. */
async function smokeTest(t: PlannedTarget) {
  const client = new HttpClient({ ...clientOptionsOf(t, [t.token]), concurrency: 1 });
  const exchange = await client.get({ ...buildRequest(t, { query: FIRST_PAGE }), purpose: 'smoke: reachability, HTTP and the valid token' });
  client.close();
  return {
    verdict: judgeSmoke(exchange, { insecure: t.insecure, hasCa: Boolean(t.ca) }),
    requestsSpent: client.stats.requests,
    firstExchangeId: client.exchanges.length + 1,
    exchange,
  };
}

function reporterOptions(opts: TargetOptions, t: PlannedTarget, started: StartedTarget, startedAt: Date): ConformanceReporterOptions {
  return {
    outDir: opts.out,
    exchangeLog: t.exchangeLog,
    context: {
      target: reportedTarget(opts, t, started.embeddedReference),
      suite: { version: SUITE_VERSION, openapiSha256: openapiSha256() },
      startedAt: startedAt.toISOString(),
      strict: opts.strict,
      only: opts.only,
      skip: opts.skip,
      baseline: opts.baseline,
      coverage: { total: null, walk: 'none', note: '' },
      maxRequests: opts.maxRequests,
      seed: opts.seed,
    },
  };
}

/** The suites under vitest, in one worker, with the conformance reporter writing the artifacts. */
async function runSuites(
  target: TargetConfig,
  reporterOpts: ConformanceReporterOptions,
  run: { io: RunIo; runDir: string; deadlineMs?: number; out: string },
): Promise<RunOutcome> {
  const { io } = run;
  const reporter = new ConformanceReporter({ ...reporterOpts, progress: !io.quiet, announce: io.quiet ? undefined : io.log });
  // The whole run is bounded by the request timeouts and the budget; this is only a backstop.
  const backstopMs = Math.max(MAX_TOTAL_RETRY_AFTER_MS * 2, run.deadlineMs ?? 0, target.timeoutMs * 40);
  // createVitest + start (not startVitest, which resolves only once the run is over): the interrupt handler
  // must be in place while the suites run.
  process.env.VITEST ??= 'true';
  process.env.TEST ??= 'true';
  process.env.NODE_ENV ??= 'test';
  // Loaded only now: vitest/node takes seconds to import, and a setup error (exit 2) or --help needs none of it.
  const { createVitest } = await import('vitest/node');
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const vitest = await createVitest(
    'test',
    {
      root: PACKAGE_ROOT,
      include: ['suites/*.suite.ts'],
      config: false,
      watch: false,
      reporters: [reporter],
      provide: { target },
      pool: 'threads',
      maxWorkers: 1,
      isolate: false,
      fileParallelism: false,
      sequence: { sequencer: ByFileName },
      testTimeout: backstopMs,
      hookTimeout: backstopMs,
      passWithNoTests: true,
    },
    { cacheDir: path.join(run.runDir, 'vite-cache'), logLevel: 'silent' },
  );
  // vitest's logger exits the process 1 ms after SIGINT/SIGTERM (its terminal clean-up), which would kill the
  // run before any report is written. The CLI handles both signals itself: drop the listeners vitest added.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(sig)) if (!signalListeners[sig].includes(listener)) process.off(sig, listener);
  }
  let interrupted = false;
  io.onInterrupt?.(() => {
    interrupted = true;
    // The running test is aborted at once (its context signal), the pending ones are marked skipped, and the
    // reporter's onTestRunEnd still writes every artifact with what finished (reason 'interrupted').
    void vitest.cancelCurrentRun('keyboard-input');
  });
  let startError: unknown;
  try {
    await vitest.start([]);
  } catch (e) {
    startError = e;
  } finally {
    await vitest.close();
  }
  const result = reporter.result;
  if (!result) {
    const why = startError instanceof Error ? `: ${startError.message.split('\n')[0]}` : '';
    return { exitCode: 2, setupError: { reason: `the suites produced no result${why}`, hint: 'this is a bug in vms-conformance: please report it with the console output' }, outDir: run.out };
  }
  if (interrupted) return { exitCode: 130, result, outDir: run.out };
  return { exitCode: exitCodeOf(result), result, outDir: run.out };
}
