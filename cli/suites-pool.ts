/**
 * The suites' worker thread, started before vitest asks for one: a cold start is mostly two threads loading
 * code one after the other, this one loading vitest/node, then the worker loading vitest's runtime and the HTTP
 * sender. Started first, the worker loads its part on the other core while this thread loads vitest/node.
 *
 * A vitest custom pool (vitest.dev/advanced/pool) whose worker is vitest's own thread worker (vitest/worker, see
 * cli/suites-worker.ts); it adopts the early thread only when that thread was started with exactly the
 * environment and Node flags vitest asks for and is still alive, and otherwise hands vitest its stock thread worker,
 * so what the suites see is the same either way.
 */
import { isatty } from 'node:tty';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

const POOL_NAME = 'vms-conformance-threads';
const ENTRY = new URL('./suites-worker.js', import.meta.url);

/** A worker started early, until vitest adopts it. */
export interface EarlyWorker {
  readonly thread: Worker;
  readonly env: Record<string, string | undefined>;
  readonly execArgv: readonly string[];
  /** The thread failed or ended before vitest asked for it: it is not adopted. */
  gone: boolean;
  adopted: boolean;
  /** Ends the thread unless vitest adopted it (call when the run is over). */
  dispose(): Promise<void>;
}

/**
 * vitest's worker environment and flags, as its pool computes them (vitest/dist/chunks/cli-api: resolveOptions and
 * the project's env and execArgv); the pool compares them with what it is asked for before adopting the thread.
 */
function expectedLaunch(): { env: Record<string, string | undefined>; execArgv: string[] } {
  const vitestRoot = path.dirname(createRequire(import.meta.url).resolve('vitest/package.json'));
  const production = process.env.NODE_ENV === 'production';
  const env = {
    ...process.env,
    TEST: 'true',
    VITEST: 'true',
    NODE_ENV: process.env.NODE_ENV || 'test',
    VITEST_MODE: 'RUN',
    FORCE_TTY: isatty(1) ? 'true' : '',
    // what vitest copies into process.env from Vite's import.meta.env while it starts (mode "test", base "/")
    BASE_URL: '/',
    MODE: 'test',
    DEV: production ? '' : '1',
    PROD: production ? '1' : '',
  };
  const execArgv = [
    ...process.execArgv.filter((a) => a.startsWith('--cpu-prof') || a.startsWith('--heap-prof') || a.startsWith('--diagnostic-dir')),
    '--experimental-import-meta-resolve',
    '--require',
    path.join(vitestRoot, 'suppress-warnings.cjs'),
    // Vite's SSR conditions (node, and development unless NODE_ENV is production)
    '--conditions',
    'node',
    '--conditions',
    production ? 'production' : 'development',
  ];
  return { env, execArgv };
}

/** Starts the suites' worker now; it loads vitest's runtime and the sender, then waits for vitest. */
export function startEarlyWorker(): EarlyWorker {
  const { env, execArgv } = expectedLaunch();
  const thread = new Worker(ENTRY, { env, execArgv, stdout: true, stderr: true });
  thread.unref(); // until vitest adopts it, it must never keep the process alive
  const early: EarlyWorker = {
    thread,
    env,
    execArgv,
    gone: false,
    adopted: false,
    async dispose() {
      if (!early.adopted) await thread.terminate().catch(() => {});
    },
  };
  // A failure before vitest asks for the worker is not reported here: vitest then starts a fresh one, and reports
  // whatever fails there.
  const lost = () => void (early.gone = true);
  thread.once('error', lost).once('exit', lost);
  return early;
}

function sameLaunch(early: EarlyWorker, env: Partial<NodeJS.ProcessEnv>, execArgv: readonly string[]): boolean {
  if (execArgv.length !== early.execArgv.length || execArgv.some((a, i) => a !== early.execArgv[i])) return false;
  const keys = new Set([...Object.keys(env), ...Object.keys(early.env)]);
  for (const k of keys) if (env[k] !== early.env[k]) return false;
  return true;
}

/** The early thread, adopted: what vitest's ThreadsPoolWorker does with the thread it starts itself. */
class EarlyThreadWorker implements PoolWorker {
  readonly name = POOL_NAME;
  private thread?: Worker;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;

  constructor(options: PoolOptions, thread: Worker) {
    this.thread = thread;
    this.stdout = options.project.vitest.logger.outputStream;
    this.stderr = options.project.vitest.logger.errorStream;
  }

  on(event: string, callback: (arg: unknown) => void): void {
    this.worker().on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    this.worker().off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.worker().postMessage(message);
  }

  async start(): Promise<void> {
    const thread = this.worker();
    thread.ref();
    thread.stdout.pipe(this.stdout);
    thread.stderr.pipe(this.stderr);
  }

  async stop(): Promise<void> {
    const thread = this.worker();
    await thread.terminate();
    thread.stdout.unpipe(this.stdout);
    thread.stderr.unpipe(this.stderr);
    this.thread = undefined;
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  private worker(): Worker {
    if (!this.thread) throw new Error('the suites worker was stopped');
    return this.thread;
  }
}

/**
 * The pool for vitest's `pool` option: the early thread when it fits, else vitest's own thread worker, unchanged
 * but for its name (vitest expects a pool's workers to carry the pool's name when it looks for one to reuse).
 */
export function suitesPool(early: EarlyWorker | undefined, vitestNode: typeof import('vitest/node')): PoolRunnerInitializer {
  class StockThreadsWorker extends vitestNode.ThreadsPoolWorker {
    override readonly name = POOL_NAME;
  }
  return {
    name: POOL_NAME,
    createPoolWorker(options) {
      if (!early || early.adopted || early.gone || !sameLaunch(early, options.env, options.execArgv)) return new StockThreadsWorker(options);
      early.adopted = true;
      return new EarlyThreadWorker(options, early.thread);
    },
  };
}
