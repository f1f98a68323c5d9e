/**
 * "Stop" from the CLI's main thread to the suites' worker thread (vitest runs them in a worker of the same
 * process: pool 'threads'). vitest's own cancellation skips the tests not yet run, but the HTTP client in the
 * worker, and the requests the run's plan started ahead of their suites, never hear of it: without this, new
 * requests kept starting after SIGINT and the requests in flight were lost when the worker was torn down.
 * One channel per run, named after something run-unique (the run's exchange log path).
 */
import { BroadcastChannel } from 'node:worker_threads';

const PREFIX = 'vms-conformance:stop:';

/** Tells every listener of this run to stop. */
export function broadcastStop(run: string): void {
  const channel = new BroadcastChannel(PREFIX + run);
  channel.postMessage('stop');
  channel.close();
}

/** Calls `fn` once when this run is told to stop. The channel never keeps the process alive. */
export function onStop(run: string, fn: () => void): void {
  const channel = new BroadcastChannel(PREFIX + run);
  channel.unref();
  channel.onmessage = () => {
    channel.close();
    fn();
  };
}
