/** Small pacing primitives for the HTTP client: a concurrency semaphore, a request-rate gate, abortable sleep. */

/** Which waiters a released slot goes to first: urgent, then normal, then later; FIFO within each lane. */
export type Lane = 'urgent' | 'normal' | 'later';

/** At most `max` holders at once; a released slot passes straight to the next waiter, by lane. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Record<Lane, Array<() => void>> = { urgent: [], normal: [], later: [] };

  constructor(private readonly max: number) {}

  acquire(lane: Lane = 'normal'): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting[lane].push(resolve));
  }

  release(): void {
    const next = this.waiting.urgent.shift() ?? this.waiting.normal.shift() ?? this.waiting.later.shift();
    if (next) next();
    else this.active -= 1;
  }
}

/** Spaces request starts at least 1000/perSecond ms apart. */
export class RateGate {
  private nextStart = 0;

  constructor(private readonly perSecond?: number) {}

  /** Reserves the next start slot and returns how long to wait for it (ms). */
  reserve(now: number): number {
    if (!this.perSecond || this.perSecond <= 0) return 0;
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.perSecond;
    return start - now;
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when missing or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}

/** The first value of a header in raw pairs (name, value, ...), by lower-case name. */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}

/** `p`, or false as soon as the run is stopped. */
export function untilAborted(p: Promise<void>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const stop = () => resolve(false);
    signal.addEventListener('abort', stop, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', stop);
      resolve(true);
    });
  });
}
