/**
 * The smoke step's result, from the CLI's main thread to the suites' worker. The CLI starts vitest (its Vite
 * server and the worker take most of a cold start) while the target starts and the smoke request is under way, so
 * the worker boots in parallel instead of after them; the suites wait for this file before their first request.
 * One small JSON file in the run's private folder, written whole (a rename), polled by the worker: a message sent
 * before the worker listens would be lost, a file is not. It holds no secret: the token, -H values and proxy
 * settings reach the worker through vitest's `provide`, the smoke answer is masked like every exchange.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Exchange } from './evidence.ts';
import { onStop } from './stop.ts';

export type SmokeHandoff =
  | {
      ok: true;
      /** The target's base URL as started (the embedded reference's port is known only then). Never a secret. */
      baseUrl: string;
      /** Requests the smoke step spent, the suites' first exchange id, and its (masked) answer. */
      requestsSpent: number;
      firstExchangeId: number;
      smoke: Exchange;
    }
  /** The smoke step found a setup problem (the CLI exits 2): no suite may send anything. */
  | { ok: false };

export function writeSmokeHandoff(file: string, handoff: SmokeHandoff): void {
  writeFileSync(`${file}.part`, JSON.stringify(handoff), { mode: 0o600 });
  renameSync(`${file}.part`, file);
}

const POLL_MS = 5;

/**
 * Resolves with the handoff once the file is there; rejects when the run is stopped (`stopChannel`, see
 * src/stop.ts) or after `timeoutMs` (the suites' hook backstop: a CLI that never writes it is a bug).
 */
export function waitForSmokeHandoff(file: string, opts: { timeoutMs: number; stopChannel?: string }): Promise<SmokeHandoff> {
  return new Promise((resolve, reject) => {
    const give = Date.now() + opts.timeoutMs;
    let stopped = false;
    if (opts.stopChannel) onStop(opts.stopChannel, () => (stopped = true));
    const look = () => {
      if (stopped) return reject(new Error('the run was stopped before the smoke step ended'));
      if (existsSync(file)) {
        try {
          return resolve(JSON.parse(readFileSync(file, 'utf8')) as SmokeHandoff);
        } catch (e) {
          return reject(e);
        }
      }
      if (Date.now() > give) return reject(new Error(`the smoke step's result never arrived (${file})`));
      setTimeout(look, POLL_MS);
    };
    look();
  });
}
