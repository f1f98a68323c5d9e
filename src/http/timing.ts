/**
 * The timing of one logical request: its attempts on the wire and the pauses before them (a 429's Retry-After,
 * the pacer's rate window, --rate, a network retry's backoff), as offsets from when the client took it up.
 * Recorded in the Exchange only when there is more to say than its startedAt and durationMs.
 */
import type { AttemptTiming, Exchange, WaitTiming } from '../evidence.ts';
import { describeAttemptError } from './classify.ts';
import type { AttemptOutcome } from './send.ts';

export class RequestTiming {
  private readonly attempts: AttemptTiming[] = [];
  private readonly waits: WaitTiming[] = [];
  /** How many attempts there were when the last wait was recorded. */
  private attemptsAtLastWait = -1;

  constructor(private readonly t0: number) {}

  /** Sleeps through `pause` (resolves as it does) and records the time it took as a wait. */
  async wait<T>(reason: WaitTiming['reason'], pause: Promise<T>): Promise<T> {
    const from = Date.now();
    try {
      return await pause;
    } finally {
      const ms = Date.now() - from;
      // A pause slept in two goes (a timer that wakes a millisecond before Date.now() reaches the pause's end, and
      // sleeps the rest) is one pause: it extends the wait it continues.
      // No attempt in between: a network retry's backoffs around an attempt refused at once stay two waits.
      const last = this.waits.at(-1);
      const continues = last?.reason === reason && this.attempts.length === this.attemptsAtLastWait && from - this.t0 - (last.startMs + last.ms) <= 1;
      if (ms > 0 && continues) last!.ms = from - this.t0 + ms - last!.startMs;
      else if (ms > 0) {
        this.waits.push({ startMs: from - this.t0, ms, reason });
        this.attemptsAtLastWait = this.attempts.length;
      }
    }
  }

  /** An attempt that went out at `from` and ended now; returned so a 429's honoured Retry-After can be added. */
  attempt(from: number, got: Pick<AttemptTiming, 'status' | 'errorKind'>): AttemptTiming {
    const a: AttemptTiming = { startMs: from - this.t0, durationMs: Date.now() - from, ...got };
    this.attempts.push(a);
    return a;
  }

  /** The Exchange fields: none for one attempt sent at once. */
  fields(): Pick<Exchange, 'attempts' | 'waits'> {
    if (this.waits.length === 0 && this.attempts.length <= 1) return {};
    return { attempts: this.attempts, ...(this.waits.length ? { waits: this.waits } : {}) };
  }
}

/** What one attempt got: its status, or the kind of failure as its exchange would name it. */
export function attemptResult(outcome: AttemptOutcome, timeoutMs: number, maxBytes: number): Pick<AttemptTiming, 'status' | 'errorKind'> {
  if (outcome.response) return { status: outcome.response.status };
  if (outcome.interrupted) return { errorKind: 'interrupted' };
  return { errorKind: describeAttemptError(outcome, timeoutMs, maxBytes).kind };
}
