/**
 * The target's own rate limit, as it announces it: Laravel's ThrottleRequests puts X-RateLimit-Limit and
 * X-RateLimit-Remaining on every answer it counts (it runs after auth, so a 401 is neither counted nor labelled).
 * The client keeps a credit of requests the current window still allows and, rather than send one that is sure
 * to be refused with 429, pauses until the window ends. Laravel's windows start with their first hit and last a
 * minute (`throttle:api` is `perMinute(60)`); a 429 that still comes is waited out by its Retry-After as before.
 */

import { headerValue } from './throttle.ts';

/** Marks a line the suites' worker prints for the CLI's own log (the reporter forwards it, prefix removed). */
export const ANNOUNCE_PREFIX = '[vms-conformance announce] ';

/** Laravel's API throttle window (Limit::perMinute). */
export const RATE_WINDOW_MS = 60_000;
/** Slack after the estimated end of a window: Laravel keeps its timer in whole seconds. */
const WINDOW_SLACK_MS = 1000;

export interface RateReading {
  limit: number;
  remaining: number;
}

/** X-RateLimit-Limit / X-RateLimit-Remaining of an answer's headers (lower-cased names), if both are integers. */
export function rateReading(headers: Record<string, string> | undefined): RateReading | undefined {
  const int = (v: string | undefined) => (v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined);
  const limit = int(headers?.['x-ratelimit-limit']);
  const remaining = int(headers?.['x-ratelimit-remaining']);
  return limit !== undefined && remaining !== undefined && limit > 0 ? { limit, remaining } : undefined;
}

/** rateReading over raw header pairs (name, value, name, value...). */
export function rawRateReading(rawHeaders: readonly string[]): RateReading | undefined {
  const pick = (name: string) => headerValue(rawHeaders, name);
  return rateReading({ 'x-ratelimit-limit': pick('x-ratelimit-limit') ?? '', 'x-ratelimit-remaining': pick('x-ratelimit-remaining') ?? '' });
}

/** The one console line that announces a pause: how long, and why. */
export function pauseLine(limit: number | undefined, waitMs: number): string {
  // The headers give the limit, not the window's length: the minute is Laravel's (perMinute), said as an assumption.
  return `Rate limit: the target allows ${limit ?? 'a few'} requests per window (X-RateLimit-Limit) and this window has none left (X-RateLimit-Remaining); the next requests wait ${Math.ceil(waitMs / 1000)} s, to the end of a Laravel one-minute window, rather than be refused with 429.`;
}

export class RateWindow {
  /** The lowest X-RateLimit-Remaining the current window has shown: the target's count once nothing is in flight. */
  private lowest: number | undefined;
  private limit: number | undefined;
  /** Epoch ms the current window started (the start of the request that got Remaining = Limit - 1). */
  private startedAt: number | undefined;
  /** Counted requests sent and not yet answered. */
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  get announcedLimit(): number | undefined {
    return this.limit;
  }

  /**
   * An answer to a counted request, started at `startedAt`. Answers come back in any order, so the credit is the
   * lowest Remaining the window has shown, not the last one read: an earlier request's answer, read late, still
   * carries the higher count of its moment.
   */
  answered(reading: RateReading | undefined, startedAt: number, wasInFlight = true, refusedByAuth = false): void {
    if (wasInFlight) this.inFlight = Math.max(0, this.inFlight - 1);
    if (reading) {
      this.limit = reading.limit;
      if (reading.remaining === reading.limit - 1) [this.startedAt, this.lowest] = [startedAt, reading.remaining];
      else this.lowest = Math.min(this.lowest ?? reading.remaining, reading.remaining);
    } else if (wasInFlight && this.lowest !== undefined && !refusedByAuth) {
      // No reading (a transport failure, an answer from something in front): the target may have counted it. A 401
      // it did not: Laravel's limiter runs after auth (a valid token under a scheme the target refuses).
      this.lowest -= 1;
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Before a counted request starts: 0 to go, 'answer' to wait for the next answer first, or how long to wait for
   * the window's end. Requests in flight may each take one of the credit left, or may already be in the count of
   * an answer read out of order: with none left but some in flight, their answers decide, not a minute's pause. A
   * window whose start is unknown is taken to have begun now, the worst case. Unknown limit: always go.
   */
  take(now: number): number | 'answer' {
    if (this.lowest !== undefined && this.lowest - this.inFlight <= 0) {
      if (this.inFlight > 0) return 'answer';
      this.startedAt ??= now;
      const end = this.startedAt + RATE_WINDOW_MS + WINDOW_SLACK_MS;
      if (now < end) return end - now;
      // A new window: its first answers tell the credit.
      this.lowest = undefined;
      this.startedAt = undefined;
    }
    this.inFlight += 1;
    return 0;
  }

  /** Resolves at the next answer (take() said 'answer'). */
  nextAnswer(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
