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
  private credit: number | undefined;
  private limit: number | undefined;
  /** Epoch ms the current window started (the start of the request that got Remaining = Limit - 1). */
  private startedAt: number | undefined;
  /** Counted requests sent and not yet answered. */
  private inFlight = 0;

  get announcedLimit(): number | undefined {
    return this.limit;
  }

  /** An answer to a counted request, started at `startedAt`: its reading (if any) replaces the credit. */
  answered(reading: RateReading | undefined, startedAt: number, wasInFlight = true): void {
    if (wasInFlight) this.inFlight = Math.max(0, this.inFlight - 1);
    if (!reading) return;
    this.limit = reading.limit;
    if (reading.remaining === reading.limit - 1) this.startedAt = startedAt;
    // Requests still in flight may each take one more.
    this.credit = reading.remaining - this.inFlight;
  }

  /**
   * Before a counted request starts: 0 to go (the credit is taken), or how long to wait for the window's end (a
   * window whose start is unknown is taken to have begun now, the worst case). Unknown limit: always go.
   */
  take(now: number): number {
    if (this.credit !== undefined && this.credit <= 0) {
      this.startedAt ??= now;
      const end = this.startedAt + RATE_WINDOW_MS + WINDOW_SLACK_MS;
      if (now < end) return end - now;
      // A new window: its first answers tell the credit.
      this.credit = undefined;
      this.startedAt = undefined;
    }
    if (this.credit !== undefined) this.credit -= 1;
    this.inFlight += 1;
    return 0;
  }
}
