/**
 * The suites under vitest, in one worker, with the conformance reporter writing the artifacts. Created before the
 * smoke step ends (cli/run.ts): vitest and its worker start meanwhile, and the reporter's options, which name the
 * target as started, arrive with `report()` once the smoke step passed.
 */
import path from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason } from 'vitest/node';
import type { TargetConfig } from '../src/target.ts';
import ConformanceReporter, { type ConformanceReporterOptions } from '../reporters/conformance-reporter.ts';
import { suitesTestConfig } from './suites-config.ts';
import { suitesPool, type EarlyWorker } from './suites-pool.ts';
import { exitCodeOf } from '../src/verdict.ts';
import { RunProgress } from './progress.ts';
import { broadcastStop } from '../src/stop.ts';
import type { RunIo, RunOutcome } from './run.ts';

export interface Suites {
  /** Starts the worker (vitest.start), not awaited: its first suite file waits for the smoke step's result. */
  start(): void;
  /** The smoke step passed: the reporter, with the target as started (before the suites hear of it). */
  report(options: ConformanceReporterOptions): void;
  /** The smoke step found a setup problem: nothing is reported or written, vitest is closed. */
  abandon(): Promise<void>;
  /** The run once the smoke step passed: progress on the console, interruptible, its outcome. */
  finish(outDir: string): Promise<RunOutcome>;
}

export async function createSuites(
  target: TargetConfig,
  run: { backstopMs: number; baseline: Record<string, string>; earlyWorker?: EarlyWorker },
  vitestNode: Promise<typeof import('vitest/node')>,
  io: RunIo,
): Promise<Suites> {
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
        baseline: run.baseline,
      });
  let reporter: ConformanceReporter | undefined;
  // vitest takes its reporters when it is created; the conformance reporter comes later (report(), once the smoke
  // step passed). Until then nothing is told: no suite has run, and an abandoned run never gets one.
  const forward: Reporter = {
    onUserConsoleLog: (log) => reporter?.onUserConsoleLog(log),
    onTestCaseResult: (testCase: TestCase) => reporter?.onTestCaseResult(testCase),
    onTestRunEnd: (modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason) =>
      reporter?.onTestRunEnd(modules, errors, reason),
  };
  // createVitest + start (not startVitest, which resolves only once the run is over): the interrupt handler
  // must be in place while the suites run.
  const vitestModule = await vitestNode;
  const { createVitest } = vitestModule;
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const vitest = await createVitest(
    'test',
    { ...suitesTestConfig(target, run.backstopMs), ...(run.earlyWorker ? { pool: suitesPool(run.earlyWorker, vitestModule) } : {}), config: false, watch: false, reporters: [forward] },
    { cacheDir: path.join(path.dirname(target.exchangeLog), 'vite-cache'), logLevel: 'silent' },
  );
  // vitest's logger exits the process 1 ms after SIGINT/SIGTERM (its terminal clean-up), which would kill the
  // run before any report is written. The CLI handles both signals itself: drop the listeners vitest added.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(sig)) if (!signalListeners[sig].includes(listener)) process.off(sig, listener);
  }
  let running: Promise<unknown> | undefined;
  return {
    start() {
      running = vitest.start([]);
      running.catch(() => {}); // awaited in finish()
    },
    report(options) {
      reporter = new ConformanceReporter({
        ...options,
        style: { color: io.color ?? false, width: Math.max(60, Math.min(io.width ?? 110, 140)) },
        onCase: (o) => progress?.onCase(o),
        onRunEnd: () => progress?.stop(),
        announce: io.quiet ? undefined : io.log,
      });
    },
    async abandon() {
      await running?.catch(() => {});
      await vitest.close();
    },
    async finish(outDir) {
      // Started once the target line is out: the console shows the run from then on.
      progress?.start();
      let interrupted = false;
      io.onInterrupt?.(() => {
        interrupted = true;
        // vitest's cancellation never reaches the suites' HTTP client: tell it directly (no new request, the ones
        // in flight cut off, including those the plan started ahead of their suites).
        broadcastStop(target.exchangeLog);
        // The running test is aborted at once (its context signal), the pending ones are marked skipped, and the
        // reporter's onTestRunEnd still writes every artifact with what finished (reason 'interrupted').
        void vitest.cancelCurrentRun('keyboard-input');
      });
      let startError: unknown;
      try {
        await running;
      } catch (e) {
        startError = e;
      } finally {
        progress?.stop();
        await vitest.close();
      }
      const result = reporter?.result;
      if (!result) {
        const why = startError instanceof Error ? `: ${startError.message.split('\n')[0]}` : '';
        return { exitCode: 2, setupError: { reason: `the suites produced no result${why}`, hint: 'this is a bug in vms-conformance: please report it with the console output' }, outDir };
      }
      if (interrupted) return { exitCode: 130, result, outDir };
      return { exitCode: exitCodeOf(result), result, outDir };
    },
  };
}
