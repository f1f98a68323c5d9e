/**
 * The programmatic API (the package's main export, `import { runConformance } from 'vms-conformance'`):
 * run the suites against one target and get the result object that results.json holds. The artifacts are
 * written to `out` as with the CLI; nothing is printed unless `log` is given.
 */
import { resolveSettings, UsageError } from './config.ts';
import { runTarget } from './run.ts';
import type { XClient } from '../src/target.ts';
import type { RunResult } from '../src/evidence.ts';

export { UsageError };
export { REQUIREMENTS, type Requirement } from '../src/requirements.ts';
export { exitCodeOf } from '../src/aggregate.ts';
export type { CheckResult, Exchange, RunResult } from '../src/evidence.ts';
export { SUITE_VERSION } from './run.ts';

/** The config file's keys (camelCase), with the same meaning and defaults as the CLI's flags. */
export interface ConformanceSettings {
  /** Omitted: the embedded reference server. */
  baseUrl?: string;
  token?: string;
  client?: XClient;
  deviceId?: string;
  insecure?: boolean;
  /** Path of a PEM bundle (relative to `cwd`). */
  ca?: string;
  timeoutMs?: number;
  concurrency?: number;
  maxRequests?: number;
  rate?: number;
  deadlineMs?: number;
  strict?: boolean;
  only?: string[];
  skip?: string[];
  /** Path of a known-failures file (relative to `cwd`). */
  baseline?: string;
  /** Report folder (default ./conformance-report, relative to `cwd`). */
  out?: string;
  seed?: number;
  /** Extra headers sent on every request: { 'X-Api-Key': '...' } or ['X-Api-Key: ...']. */
  header?: Record<string, string> | string[];
  /** Forward proxy URL (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY of `env`). */
  proxy?: string;
}

export interface RunConformanceOptions {
  /** Where relative paths resolve from (default process.cwd()). */
  cwd?: string;
  /** Environment for the proxy variables (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Progress lines and the summary table (default: none). */
  log?: (line: string) => void;
  /** Aborting stops the run: the reports are written with what finished, exit code 130. */
  signal?: AbortSignal;
}

export interface ConformanceRun {
  /** As the CLI's exit status: 0 conformant, 1 non-conformant, 2 no verdict, 130 interrupted. */
  exitCode: number;
  /** What results.json holds; absent when the target could not be tested (setupError). */
  result?: RunResult;
  /** Why the target could not be tested (exit code 2), and what to do about it. */
  setupError?: { reason: string; hint: string };
  /** Absolute report folder. */
  outDir: string;
}

/** Throws UsageError for invalid settings; everything the target does comes back in the result. */
export async function runConformance(settings: ConformanceSettings = {}, options: RunConformanceOptions = {}): Promise<ConformanceRun> {
  const opts = resolveSettings(settings as Record<string, unknown>, options.cwd ?? process.cwd(), options.env ?? process.env);
  const log = options.log;
  // vitest sets process.exitCode when a suite test fails; a library call must not change the caller's exit status.
  const exitCode = process.exitCode;
  try {
    return await runTarget(opts, {
      quiet: !log,
      log: log ?? (() => {}),
      onInterrupt: (stop) => {
        if (options.signal?.aborted) stop();
        else options.signal?.addEventListener('abort', stop, { once: true });
      },
    });
  } finally {
    process.exitCode = exitCode;
  }
}
