/**
 * One conformance run against one target, in three steps: start the target (the embedded reference when no
 * base URL is given), smoke-test it, then run the vitest suites in one worker with the target handed in
 * through `provide` and collect the RunResult the conformance reporter builds (it also writes the artifacts).
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { RunResult } from '../src/evidence.ts';
import type { TargetOptions } from './config.ts';
import { clientOptionsOf, type TargetConfig } from '../src/target.ts';
import { HttpClient, MAX_TOTAL_RETRY_AFTER_MS } from '../src/http/client.ts';
import { judgeSmoke } from '../src/smoke.ts';
import { buildRequest, FIRST_PAGE } from '../src/request.ts';
import { PACKAGE_ROOT, packagePath } from '../src/paths.ts';
import type { ReferenceServer } from '../reference/server.ts';
import ConformanceReporter, { type ConformanceReporterOptions } from '../reporters/conformance-reporter.ts';
import { suitesTestConfig } from './suites-config.ts';
import { exitCodeOf } from '../src/verdict.ts';
import type { Exchange } from '../src/evidence.ts';
import { RunProgress } from './progress.ts';
import { broadcastStop } from '../src/stop.ts';
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
  /** Where the reporter's progress lines and summary table go (default: process.stdout), e.g. a per-target buffer. */
  write?: (text: string) => void;
  /** stdout is a terminal: a live progress line; otherwise a plain line every few seconds. */
  tty?: boolean;
  /** Colour on the console (a terminal without NO_COLOR). */
  color?: boolean;
  /** Console width for wrapping. */
  width?: number;
  /** Registers the function that interrupts the run (SIGINT/SIGTERM). */
  onInterrupt?: (stop: () => void) => void;
}

export const SUITE_VERSION: string = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

/** The same digest as loadSpec().sha256, without compiling the schemas here (the suites' worker compiles them). */
function openapiSha256(): string {
  return createHash('sha256').update(readFileSync(packagePath('openapi.yaml'))).digest('hex');
}

/** A target started and smoke-tested, ready for the suites; close() ends the embedded reference and the run's folder. */
export interface PreparedTarget {
  target: TargetConfig;
  reporterOptions: ConformanceReporterOptions;
  /** Test and hook timeout: the whole run is bounded by the request timeouts and the budget; this is only a backstop. */
  backstopMs: number;
  close(): Promise<void>;
}

export async function runTarget(opts: TargetOptions, io: RunIo): Promise<RunOutcome> {
  process.env.VITEST ??= 'true';
  process.env.TEST ??= 'true';
  process.env.NODE_ENV ??= 'test';
  // vitest/node is the largest import of a run. With the embedded reference (no setup error to expect) it loads
  // while the reference starts; a user's target is smoke-tested first, so that a setup error (exit 2) never
  // waits for it.
  const early = opts.baseUrl ? undefined : import('vitest/node');
  early?.catch(() => {}); // a failure surfaces where it is awaited
  const prepared = await prepareTarget(opts, io);
  if (!('target' in prepared)) return prepared;
  try {
    return await runSuites(prepared, early ?? import('vitest/node'), { io, out: opts.out });
  } finally {
    await prepared.close();
  }
}

/**
 * The first two steps (the CLI's, and the vitest config's, cli/vitest-config.ts): start the target and
 * smoke-test it. A setup problem comes back as a RunOutcome (exit 2), with everything closed already.
 */
export async function prepareTarget(opts: TargetOptions, io: Pick<RunIo, 'quiet' | 'log' | 'write'>): Promise<PreparedTarget | RunOutcome> {
  const startedAt = new Date();
  let reference: ReferenceServer | undefined;
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'vms-conformance-'));
  const exchangeLog = path.join(runDir, 'exchanges.jsonl');
  const eventLog = path.join(runDir, 'events.jsonl');
  const close = async () => {
    await reference?.close();
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const started = await startTarget(opts, io, (r) => (reference = r));
    const planned = { ...plannedTarget(opts, started, { startedAt, exchangeLog }), eventLog };
    const smoke = await smokeTest(planned);
    if (!smoke.verdict.ok) {
      await close();
      return { exitCode: 2, setupError: smoke.verdict, outDir: opts.out };
    }
    if (!io.quiet) io.log(targetLine(planned.endpointUrl, smoke.exchange, opts));
    const target: TargetConfig = { ...planned, requestsSpent: smoke.requestsSpent, firstExchangeId: smoke.firstExchangeId, smoke: smoke.exchange };
    const backstopMs = Math.max(MAX_TOTAL_RETRY_AFTER_MS * 2, opts.deadlineMs ?? 0, target.timeoutMs * 40);
    return { target, reporterOptions: { ...reporterOptions(opts, planned, started, startedAt), progress: !io.quiet, ...(io.write ? { write: io.write } : {}) }, backstopMs, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The run's first line, before any suite request: the target, the collection total the smoke answer gave, the limits. */
function targetLine(endpointUrl: string, smoke: Exchange, opts: TargetOptions): string {
  let total: unknown;
  try {
    total = (JSON.parse(smoke.response?.body ?? '') as { meta?: { total?: unknown } })?.meta?.total;
  } catch {
    total = undefined;
  }
  const records = Number.isInteger(total) ? `${total} records (meta.total)` : 'collection total unknown (no meta.total in the first page)';
  const limits = [`budget ${opts.maxRequests} requests`, `${opts.concurrency} at once`];
  if (opts.rate) limits.push(`at most ${opts.rate}/s`);
  if (opts.deadlineMs) limits.push(`deadline ${(opts.deadlineMs / 1000).toFixed(0)} s`);
  return `Target: GET ${endpointUrl} · ${records} · ${limits.join(', ')}`;
}

/** The user's target, or the embedded reference (with a fresh token) when no base URL is given. */
async function startTarget(opts: TargetOptions, io: Pick<RunIo, 'quiet' | 'log'>, onReference: (r: ReferenceServer) => void): Promise<StartedTarget> {
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
    exchange,
    verdict: judgeSmoke(exchange, { insecure: t.insecure, hasCa: Boolean(t.ca) }),
    requestsSpent: client.stats.requests,
    firstExchangeId: client.exchanges.length + 1,
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
async function runSuites(prepared: PreparedTarget, vitestNode: Promise<typeof import('vitest/node')>, run: { io: RunIo; out: string }): Promise<RunOutcome> {
  const { io } = run;
  const { target } = prepared;
  const progress = io.quiet
    ? undefined
    : new RunProgress({
        write: io.write ?? ((t) => process.stdout.write(t)),
        tty: io.tty ?? false,
        color: io.color ?? false,
        exchangeLog: target.exchangeLog,
        eventLog: target.eventLog ?? '',
        budget: target.maxRequests,
        strict: target.strict,
        baseline: prepared.reporterOptions.context.baseline ?? {},
      });
  const reporter = new ConformanceReporter({
    ...prepared.reporterOptions,
    style: { color: io.color ?? false, width: Math.max(60, Math.min(io.width ?? 110, 140)) },
    onCase: (o) => progress?.onCase(o),
    onRunEnd: () => progress?.stop(),
    announce: io.quiet ? undefined : io.log,
  });
  // Started before vitest has loaded (that takes seconds): the console shows the run from its first second.
  progress?.start();
  // createVitest + start (not startVitest, which resolves only once the run is over): the interrupt handler
  // must be in place while the suites run.
  const { createVitest } = await vitestNode;
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const vitest = await createVitest(
    'test',
    { ...suitesTestConfig(prepared.target, prepared.backstopMs), config: false, watch: false, reporters: [reporter] },
    { cacheDir: path.join(path.dirname(prepared.target.exchangeLog), 'vite-cache'), logLevel: 'silent' },
  );
  // vitest's logger exits the process 1 ms after SIGINT/SIGTERM (its terminal clean-up), which would kill the
  // run before any report is written. The CLI handles both signals itself: drop the listeners vitest added.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(sig)) if (!signalListeners[sig].includes(listener)) process.off(sig, listener);
  }
  let interrupted = false;
  io.onInterrupt?.(() => {
    interrupted = true;
    // vitest's cancellation never reaches the suites' HTTP client: tell it directly (no new request, the ones
    // in flight cut off, including those the plan started ahead of their suites).
    broadcastStop(prepared.target.exchangeLog);
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
    progress?.stop();
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
