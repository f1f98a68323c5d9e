/**
 * One conformance run against one target: start the embedded reference when no base URL is given, smoke-test
 * the target, run the vitest suites in one worker with the target handed in through `provide`, and collect the
 * RunResult the conformance reporter builds (it also writes the artifacts).
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { TestSequencer, TestSpecification } from 'vitest/node';
import type { RunResult } from '../src/evidence.ts';
import type { TargetOptions } from './config.ts';
import { endpointUrlOf, type TargetConfig } from '../src/target.ts';
import { HttpClient, MAX_TOTAL_RETRY_AFTER_MS } from '../src/http/client.ts';
import { judgeSmoke } from '../src/smoke.ts';
import { PACKAGE_ROOT, packagePath } from '../src/paths.ts';
import type { ReferenceServer } from '../reference/server.ts';
import ConformanceReporter from '../reporters/conformance-reporter.ts';
import { exitCodeOf } from '../src/aggregate.ts';

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
    let baseUrl = opts.baseUrl;
    let token = opts.token;
    if (!baseUrl) {
      token = randomBytes(18).toString('base64url');
      const { startReference } = await import('../reference/server.ts');
      reference = await startReference({ token });
      baseUrl = reference.baseUrl;
      if (!io.quiet) io.log(`No --base-url given: running against the embedded reference server at ${baseUrl}`);
    }
    const ca = opts.ca ? readFileSync(opts.ca, 'utf8') : undefined;
    const deadlineAt = opts.deadlineMs ? startedAt.getTime() + opts.deadlineMs : undefined;
    const endpointUrl = endpointUrlOf(baseUrl);

    const smokeClient = new HttpClient({
      timeoutMs: opts.timeoutMs,
      concurrency: 1,
      maxRequests: opts.maxRequests,
      ratePerSecond: opts.rate,
      insecure: opts.insecure,
      ca,
      deadlineAt,
      secrets: [token!],
      logFile: exchangeLog,
    });
    const smoke = await smokeClient.get({
      url: `${endpointUrl}?per_page=25&page=1`,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'x-client': opts.client,
        'x-uuid': opts.deviceId,
      },
      purpose: 'smoke: reachability, HTTP and the valid token',
    });
    smokeClient.close();
    const verdict = judgeSmoke(smoke, { insecure: opts.insecure, hasCa: Boolean(ca) });
    if (!verdict.ok) return { exitCode: 2, setupError: verdict, outDir: opts.out };

    const target: TargetConfig = {
      baseUrl,
      endpointUrl,
      token: token!,
      client: opts.client,
      deviceId: opts.deviceId,
      insecure: opts.insecure,
      ca,
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      maxRequests: opts.maxRequests,
      ratePerSecond: opts.rate,
      deadlineAt,
      strict: opts.strict,
      only: opts.only,
      skip: opts.skip,
      seed: opts.seed,
      exchangeLog,
      requestsSpent: smokeClient.stats.requests,
      firstExchangeId: smokeClient.exchanges.length + 1,
      smoke,
    };
    const reporter = new ConformanceReporter({
      outDir: opts.out,
      exchangeLog,
      progress: !io.quiet,
      announce: io.quiet ? undefined : io.log,
      context: {
        target: {
          baseUrl,
          endpoint: endpointUrl,
          client: opts.client,
          deviceId: opts.deviceId,
          tls: !baseUrl.startsWith('https:') ? 'none' : opts.insecure ? 'insecure' : ca ? 'custom-ca' : 'verified',
          embeddedReference: Boolean(reference),
          name: opts.name,
        },
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
    });
    // The whole run is bounded by the request timeouts and the budget; this is only a backstop.
    const backstopMs = Math.max(MAX_TOTAL_RETRY_AFTER_MS * 2, opts.deadlineMs ?? 0, opts.timeoutMs * 40);
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
      { cacheDir: path.join(runDir, 'vite-cache'), logLevel: 'silent' },
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
      return { exitCode: 2, setupError: { reason: `the suites produced no result${why}`, hint: 'this is a bug in vms-conformance: please report it with the console output' }, outDir: opts.out };
    }
    if (interrupted) return { exitCode: 130, result, outDir: opts.out };
    return { exitCode: exitCodeOf(result), result, outDir: opts.out };
  } finally {
    await reference?.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}
