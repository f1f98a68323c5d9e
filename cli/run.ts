/**
 * One conformance run against one target, in three steps: start the target (the embedded reference when no
 * base URL is given), smoke-test it, then run the vitest suites in one worker with the target handed in
 * through `provide` and collect the RunResult the conformance reporter builds (it also writes the artifacts).
 * The CLI overlaps them: vitest and its worker start first, the target starts and the smoke request goes out
 * meanwhile, and the suites wait for the smoke step's result before sending anything (src/smoke-handoff.ts).
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
import { COMPILED, PACKAGE_ROOT, packagePath } from '../src/paths.ts';
import type { ReferenceServer } from '../reference/server.ts';
import type { ConformanceReporterOptions } from '../reporters/conformance-reporter.ts';
import type { Exchange } from '../src/evidence.ts';
import { writeSmokeHandoff } from '../src/smoke-handoff.ts';
import { parseJsonBody } from '../src/checks/types.ts';
import { createSuites } from './suites-run.ts';
import { startEarlyWorker } from './suites-pool.ts';
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
  const run = openRun();
  // The suites' worker, then vitest/node (the largest import of a run): both load at once, on two cores. Compiled
  // only: the worker is plain JavaScript (from the sources, vitest starts its own).
  const earlyWorker = COMPILED ? startEarlyWorker() : undefined;
  const vitestNode = import('vitest/node');
  vitestNode.catch(() => {}); // a failure surfaces where it is awaited
  try {
    // Known before the target starts: all but the embedded reference's URL (its port) and the smoke step's answer.
    const given = givenOf(opts);
    const early = { ...plannedTarget(opts, { baseUrl: opts.baseUrl ?? '', embeddedReference: !opts.baseUrl, ...given }, run), eventLog: run.eventLog };
    const backstopMs = backstopOf(opts, early.timeoutMs);
    const handoff = path.join(run.dir, 'smoke.json');
    const suites = await createSuites({ ...early, requestsSpent: 0, firstExchangeId: 1, smokeHandoff: { file: handoff, waitMs: backstopMs } }, { backstopMs, baseline: opts.baseline ?? {}, earlyWorker }, vitestNode, io);
    // The worker starts (most of a cold start, on another core) while this thread starts the target and sends the
    // smoke request; the suites wait for the smoke step's result (src/smoke-handoff.ts), so nothing of theirs is
    // sent before it. vitest first: its worker is the longest step, the target and smoke step fit in its shadow.
    suites.start();
    const setupProblem = async (step?: TargetStep): Promise<RunOutcome> => {
      writeSmokeHandoff(handoff, { ok: false });
      await suites.abandon();
      return { exitCode: 2, setupError: step && !step.smoke.verdict.ok ? step.smoke.verdict : undefined, outDir: opts.out };
    };
    let step: TargetStep;
    try {
      step = await startAndSmoke(opts, io, given, run);
    } catch (e) {
      await setupProblem();
      throw e;
    }
    if (!step.smoke.verdict.ok) return await setupProblem(step);
    const { planned, smoke } = step;
    suites.report(reporterOptions(opts, planned, step.started, run.startedAt, io));
    // The target line first: it comes before any suite request, which waits for the hand-off.
    if (!io.quiet) io.log(targetLine(planned.endpointUrl, smoke.exchange, opts));
    writeSmokeHandoff(handoff, { ok: true, baseUrl: planned.baseUrl, requestsSpent: smoke.requestsSpent, firstExchangeId: smoke.firstExchangeId, smoke: smoke.exchange });
    return await suites.finish(opts.out);
  } finally {
    await earlyWorker?.dispose();
    await run.close();
  }
}

type TargetStep = Awaited<ReturnType<typeof startAndSmoke>>;

async function startAndSmoke(opts: TargetOptions, io: Pick<RunIo, 'quiet' | 'log'>, given: Given, run: OpenRun) {
  const started = await startTarget(opts, io, given, run);
  const planned: PlannedTarget = { ...plannedTarget(opts, started, run), eventLog: run.eventLog };
  return { started, planned, smoke: await smokeTest(planned) };
}

/** The run's private folder (exchange and event logs, the smoke hand-off) and the embedded reference, if any. */
interface OpenRun {
  dir: string;
  startedAt: Date;
  exchangeLog: string;
  eventLog: string;
  reference?: ReferenceServer;
  close(): Promise<void>;
}

function openRun(): OpenRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vms-conformance-'));
  const run: OpenRun = {
    dir,
    startedAt: new Date(),
    exchangeLog: path.join(dir, 'exchanges.jsonl'),
    eventLog: path.join(dir, 'events.jsonl'),
    async close() {
      await run.reference?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return run;
}

/** What a run knows of its target before starting it: the token (a fresh one for the embedded reference) and the CA. */
type Given = Pick<StartedTarget, 'token' | 'ca'>;

function givenOf(opts: TargetOptions): Given {
  return { token: opts.baseUrl ? opts.token! : randomBytes(18).toString('base64url'), ca: opts.ca ? readFileSync(opts.ca, 'utf8') : undefined };
}

/** Test and hook timeout: the whole run is bounded by the request timeouts and the budget; this is only a backstop. */
function backstopOf(opts: TargetOptions, timeoutMs: number): number {
  return Math.max(MAX_TOTAL_RETRY_AFTER_MS * 2, opts.deadlineMs ?? 0, timeoutMs * 40);
}

/**
 * The first two steps one after the other (the vitest config's way, cli/vitest-config.ts): start the target and
 * smoke-test it. A setup problem comes back as a RunOutcome (exit 2), with everything closed already.
 */
export async function prepareTarget(opts: TargetOptions, io: Pick<RunIo, 'quiet' | 'log' | 'write'>): Promise<PreparedTarget | RunOutcome> {
  const run = openRun();
  try {
    const { started, planned, smoke } = await startAndSmoke(opts, io, givenOf(opts), run);
    if (!smoke.verdict.ok) {
      await run.close();
      return { exitCode: 2, setupError: smoke.verdict, outDir: opts.out };
    }
    if (!io.quiet) io.log(targetLine(planned.endpointUrl, smoke.exchange, opts));
    const target: TargetConfig = { ...planned, requestsSpent: smoke.requestsSpent, firstExchangeId: smoke.firstExchangeId, smoke: smoke.exchange };
    return {
      target,
      reporterOptions: reporterOptions(opts, planned, started, run.startedAt, io),
      backstopMs: backstopOf(opts, target.timeoutMs),
      close: () => run.close(),
    };
  } catch (e) {
    await run.close();
    throw e;
  }
}

/** The run's first line, before any suite request: the target, the collection total the smoke answer gave, the limits. */
function targetLine(endpointUrl: string, smoke: Exchange, opts: TargetOptions): string {
  let total: unknown;
  try {
    total = (parseJsonBody(smoke.response?.body ?? '') as { meta?: { total?: unknown } } | undefined)?.meta?.total;
  } catch {
    total = undefined;
  }
  const records = Number.isInteger(total)
    ? `${total} records (meta.total)`
    : `collection total unknown (${smoke.response ? 'no meta.total in the first page' : `the first page's body could not be read: ${smoke.error?.message ?? 'no answer'}`})`;
  const limits = [`budget ${opts.maxRequests} requests`, `${opts.concurrency} at once`];
  if (opts.rate) limits.push(`at most ${opts.rate}/s`);
  if (opts.deadlineMs) limits.push(`deadline ${(opts.deadlineMs / 1000).toFixed(0)} s`);
  return `Target: GET ${endpointUrl} · ${records} · ${limits.join(', ')}`;
}

/** The user's target, or the embedded reference (with the run's fresh token) when no base URL is given. */
async function startTarget(opts: TargetOptions, io: Pick<RunIo, 'quiet' | 'log'>, given: Given, run: OpenRun): Promise<StartedTarget> {
  if (opts.baseUrl) return { baseUrl: opts.baseUrl, embeddedReference: false, ...given };
  const { startReference } = await import('../reference/server.ts');
  run.reference = await startReference({ token: given.token });
  if (!io.quiet) io.log(`No --base-url given: running against the embedded reference server at ${run.reference.baseUrl}`);
  return { baseUrl: run.reference.baseUrl, embeddedReference: true, ...given };
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

function reporterOptions(opts: TargetOptions, t: PlannedTarget, started: StartedTarget, startedAt: Date, io: Pick<RunIo, 'quiet' | 'write'>): ConformanceReporterOptions {
  return {
    progress: !io.quiet,
    ...(io.write ? { write: io.write } : {}),
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

