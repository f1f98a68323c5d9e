/**
 * The suite's one HTTP client. It talks to LIVE staging, so it can only express GET (there is no other
 * method and no body), spends a hard request budget, bounds concurrency and rate, times out, retries only
 * connection-level failures, honours 429 Retry-After within a bounded total wait, and records every
 * exchange already masked (the token and every door code never reach memory, logs or reports unmasked).
 */
import { stoppedBySuite, type Exchange, type RunStats, type TransportError } from '../evidence.ts';
import { budgetError, classifyError, describeAttemptError, interrupted, isRetryable } from './classify.ts';
import { looksSecretHeader, SecretMasker } from './mask.ts';
import { invalidRequest, joinHeaders, lowerCased } from './headers.ts';
import { AgentPool, proxyCredentials, type ProxySettings } from './proxy.ts';
import { sendGet, type Attempt, type AttemptOutcome } from './send.ts';
import { headerValue, parseRetryAfter, RateGate, Semaphore, sleep, untilAborted } from './throttle.ts';
import { pauseLine, rateReading, rawRateReading, RateWindow } from './rate-window.ts';
import { attemptResult, RequestTiming } from './timing.ts';
import { ExchangeLog, type LogWrites } from './exchange-log.ts';

export { classifyError };

export interface ClientOptions {
  /** Per request: connect + response headers + body must all finish within it. */
  timeoutMs: number;
  /** Max in-flight requests. */
  concurrency: number;
  /** Budget, counted across the whole run (startCount included). Every attempt sent counts, retries too. */
  maxRequests: number;
  /** Requests already spent (e.g. by the smoke step in another process). */
  startCount?: number;
  ratePerSecond?: number;
  insecure?: boolean;
  /** PEM text. */
  ca?: string;
  /** Default 2; only connection-level failures (refused/reset/dns/timeout before connecting), small backoff. */
  networkRetries?: number;
  /** Default 65000: cap on each Retry-After wait (Laravel's throttle windows are 60 s); total pause per run capped at MAX_TOTAL_RETRY_AFTER_MS. */
  maxRetryAfterMs?: number;
  /** Epoch ms: no new request starts after it (exchange error kind 'deadline'). */
  deadlineAt?: number;
  /** Token(s) to mask. */
  secrets: string[];
  /**
   * Extra headers sent on every request (-H: a gateway key, a tenant), under the request's own. A value whose
   * name looks secret is masked whole in the records, and wherever else it shows.
   */
  headers?: Record<string, string>;
  /** Forward proxy; undefined: connect directly. */
  proxy?: ProxySettings;
  /** Append each masked Exchange as one JSON line (JSONL): the HAR is built from it. */
  logFile?: string;
  /** 'now' (default): each line written before the exchange is returned; 'deferred': at flushLog() (ExchangeLog). */
  logWrites?: LogWrites;
  /**
   * Number of the first exchange id (default 1 → "x1"). A client in another process that appends to the
   * same log (the suites after the smoke step) starts after the ids already used, so ids stay run-unique.
   */
  firstId?: number;
  /** Told each time a 429's Retry-After extends the pause (the console announces the wait). */
  onRateLimitWait?: (waitMs: number) => void;
  /** An earlier answer (the smoke step's) whose X-RateLimit-* headers start the pacing; onPause: one line per pause, before it, and its length. */
  rateLimitFrom?: { headers: Record<string, string>; startedAt: number };
  onPause?: (line: string, waitMs: number) => void;
}

export interface GetRequest {
  url: string;
  headers: Record<string, string>;
  purpose: string;
  /** Goes ahead of the requests waiting for a slot (a step others wait on). Order only: budget and limits are the same. */
  urgent?: boolean;
  /**
   * Only SHOULD requirements read its answer: it waits behind every other request, so that when the plan exceeds
   * the target's rate window, the first window is spent on the MUST requirements. Order only, like `urgent`.
   */
  later?: boolean;
  /** Sent with the valid token: the target's rate limiter counts it (paced by X-RateLimit-Remaining). */
  counted?: boolean;
}

/**
 * Total time a run may stay paused by 429s. Laravel 10's default `api` group throttles to 60 requests a minute,
 * and a run needs about 100: a conformant vendor must be waited for, not failed; but not forever.
 */
export const MAX_TOTAL_RETRY_AFTER_MS = 300_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 65_000;
const DEFAULT_RETRY_AFTER_MS = 1000;
/** A server answering 429 forever must not eat the whole budget through one request. */
export const MAX_RATE_LIMIT_RETRIES_PER_REQUEST = 5;
const NETWORK_BACKOFF_MS = 100;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Headers that would announce a request body; a GET from this client never has one. */

export class HttpClient {
  readonly stats: RunStats;
  private readonly log: Exchange[] = [];
  private readonly masker: SecretMasker;
  private readonly slots: Semaphore;
  private readonly rate: RateGate;
  private readonly stop = new AbortController();
  private readonly inFlight = new Set<Attempt>();
  private readonly agents: AgentPool;
  private readonly extraHeaders: Record<string, string>;
  private readonly networkRetries: number;
  private readonly maxRetryAfterMs: number;
  private seq = 0;
  private retryAfterSpentMs = 0;
  /** Set by a 429 or the rate window: no request of this client starts before it; pauseReason says which set it last. */
  private pausedUntil = 0;
  private pauseReason: 'retry-after' | 'rate-window' = 'retry-after';
  private readonly exchangeLog: ExchangeLog | undefined;
  private readonly window = new RateWindow();
  /** Requests asked for (get) that have no slot yet, and who waits for there to be none (noneWaiting). */
  private waitingForSlot = 0;
  private readonly noneWaitingListeners: Array<() => void> = [];
  private announcedUntil = 0;

  constructor(private readonly opts: ClientOptions) {
    if (!(opts.concurrency >= 1)) throw new Error('concurrency must be at least 1');
    if (!(opts.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
    this.agents = new AgentPool(opts.proxy, { keepAlive: true, maxSockets: Math.floor(opts.concurrency) });
    this.extraHeaders = opts.headers ?? {};
    const secretHeaders = Object.keys(this.extraHeaders).filter(looksSecretHeader);
    const headerSecrets = secretHeaders.map((n) => this.extraHeaders[n]!);
    // The token stays first: the masker treats the first secret as the configured bearer token.
    this.masker = new SecretMasker([...opts.secrets, ...headerSecrets, ...proxyCredentials(opts.proxy)], { secretHeaders });
    this.seq = Math.max(0, Math.floor(opts.firstId ?? 1) - 1);
    this.slots = new Semaphore(Math.floor(opts.concurrency));
    this.rate = new RateGate(opts.ratePerSecond);
    this.networkRetries = Math.max(0, opts.networkRetries ?? 2);
    this.maxRetryAfterMs = Math.max(0, opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
    this.stats = {
      requests: opts.startCount ?? 0,
      maxRequests: opts.maxRequests,
      retries: 0,
      rateLimited: 0,
      byStatus: {},
      transportErrors: 0,
    };
    this.exchangeLog = opts.logFile ? new ExchangeLog(opts.logFile, opts.logWrites) : undefined;
    if (opts.rateLimitFrom) this.window.answered(rateReading(opts.rateLimitFrom.headers), opts.rateLimitFrom.startedAt, false);
  }

  get exchanges(): readonly Exchange[] {
    return this.log;
  }

  /** Never throws for target behaviour: transport failures come back as Exchange.error. Over budget → error kind 'budget', no request sent. */
  async get(req: GetRequest): Promise<Exchange> {
    const t0 = Date.now();
    req = { ...req, headers: { ...this.extraHeaders, ...req.headers } };
    const invalid = invalidRequest(req);
    if (invalid) return this.record(this.failed(req, t0, { kind: 'other', message: invalid }));
    if (this.stop.signal.aborted) return this.record(this.failed(req, t0, interrupted()));
    // Fast path: the counter only grows, so a spent budget can never be granted by waiting for a slot.
    if (this.budgetSpent()) return this.record(this.failed(req, t0, budgetError(this.stats.maxRequests)));
    this.waitingForSlot += 1;
    try {
      await this.agents.ready; // at once without a proxy; before the gate, which checks for a stop
      await this.slots.acquire(req.urgent === true ? 'urgent' : req.later === true ? 'later' : 'normal');
    } finally {
      this.waitingForSlot -= 1;
      if (this.waitingForSlot === 0) for (const resolve of this.noneWaitingListeners.splice(0)) resolve();
    }
    try {
      return this.record(await this.exchange(req));
    } finally {
      this.slots.release();
    }
  }

  /**
   * Stop (SIGINT/SIGTERM): no request starts any more (kind 'interrupted', not sent), and the ones in flight
   * are cut off (kind 'interrupted', inFlight: they reached the target and count as sent).
   */
  abortAll(): void {
    this.exchangeLog?.writeThrough();
    this.stop.abort();
    for (const attempt of this.inFlight) attempt.abort();
  }

  /** Resolves once no request is waiting for a slot: every request asked for so far has started (or been refused). */
  noneWaiting(): Promise<void> {
    if (this.waitingForSlot === 0) return Promise.resolve();
    return new Promise((resolve) => this.noneWaitingListeners.push(resolve));
  }

  /** Closes kept-alive connections and the log file (call when the run is over). */
  close(): void {
    this.agents.destroy();
    this.exchangeLog?.close();
  }

  /** Writes every exchange recorded so far to the log file (with logWrites 'deferred', they may not be there yet). */
  flushLog(): void {
    this.exchangeLog?.flush();
  }

  /**
   * One logical request and its retries. `retries` and `rateLimitRetries` count only retries that were sent, so
   * the run statistics count exactly the attempts that went on the wire (a retry an interruption stopped is not).
   */
  private async exchange(req: GetRequest): Promise<Exchange> {
    const t0 = Date.now();
    const id = `x${++this.seq}`;
    let networkRetries = 0;
    let rateLimitRetries = 0;
    let planned: 'network' | 'rate-limit' | undefined;
    let last: AttemptOutcome | undefined;
    const timing = new RequestTiming(t0);
    const done = (outcome: AttemptOutcome | TransportError): Exchange => ({
      ...this.build(id, req, t0, outcome, networkRetries, rateLimitRetries),
      ...timing.fields(),
    });

    for (;;) {
      const refusal = await this.gate(req.counted === true, timing);
      if (refusal) return done(last ?? refusal); // a retry that may not start returns what the last attempt got
      if (planned === 'network') {
        networkRetries += 1;
        this.stats.retries += 1;
      }
      if (planned === 'rate-limit') rateLimitRetries += 1;
      planned = undefined;
      const [startedAt, outcome] = [Date.now(), await this.attempt(req)];
      const sent = timing.attempt(startedAt, attemptResult(outcome, this.opts.timeoutMs, MAX_RESPONSE_BYTES));
      if (req.counted) this.window.answered(outcome.response ? rawRateReading(outcome.response.rawHeaders) : undefined, startedAt, true, outcome.response?.status === 401);
      if (outcome.interrupted) return done(interrupted(outcome.connected));
      last = outcome;

      if (outcome.response) {
        if (outcome.response.status !== 429) return done(outcome);
        this.stats.rateLimited += 1;
        const wait = this.retryAfterWait(outcome);
        if (wait === undefined || rateLimitRetries >= MAX_RATE_LIMIT_RETRIES_PER_REQUEST) return done(outcome);
        planned = 'rate-limit';
        sent.retryAfterMs = wait;
        // Concurrent 429s share one pause: only the time it is extended by counts against the total.
        const now = Date.now();
        const extension = Math.max(0, now + wait - Math.max(this.pausedUntil, now));
        this.retryAfterSpentMs += extension;
        this.pausedUntil = Math.max(this.pausedUntil, now + wait);
        if (extension > 0) {
          this.pauseReason = 'retry-after';
          this.opts.onRateLimitWait?.(wait);
        }
        continue;
      }

      if (networkRetries >= this.networkRetries || !isRetryable(outcome)) return done(outcome);
      planned = 'network';
      if (!(await timing.wait('network-retry', sleep(NETWORK_BACKOFF_MS * 2 ** networkRetries, this.stop.signal)))) return done(outcome);
    }
  }

  /** Waits for a 429 pause, the rate limit and (if counted) room in the target's window; then a reason not to start, or go (undefined). */
  private async gate(counted: boolean, timing: RequestTiming): Promise<TransportError | undefined> {
    const signal = this.stop.signal;
    for (;;) {
      while (Date.now() < this.pausedUntil) {
        if (!(await timing.wait(this.pauseReason, sleep(this.pausedUntil - Date.now(), signal)))) return interrupted();
      }
      const wait = this.rate.reserve(Date.now());
      if (wait > 0 && !(await timing.wait('rate', sleep(wait, signal)))) return interrupted();
      if (signal.aborted) return interrupted();
      if (this.opts.deadlineAt !== undefined && Date.now() >= this.opts.deadlineAt) {
        return { kind: 'deadline', message: 'run deadline reached: request not started' };
      }
      // Check and take in the same synchronous step, so concurrent callers can never overspend.
      if (this.budgetSpent()) return budgetError(this.stats.maxRequests);
      const windowWait = counted ? this.window.take(Date.now()) : 0;
      if (windowWait === 'answer') {
        // The window's last requests are in flight: their answers tell whether one more fits.
        if (!(await timing.wait('rate-window', untilAborted(this.window.nextAnswer(), signal)))) return interrupted();
        continue;
      }
      if (windowWait > 0) {
        const refusal = this.pauseForWindow(windowWait);
        if (refusal) return refusal;
        continue;
      }
      this.stats.requests += 1;
      return undefined;
    }
  }

  /** The target's window has no room left: every request pauses until it ends (told once), within the caps. */
  private pauseForWindow(wait: number): TransportError | undefined {
    const until = Date.now() + wait;
    if (until > this.announcedUntil) {
      const extension = Math.max(0, until - Math.max(this.pausedUntil, Date.now()));
      const overDeadline = this.opts.deadlineAt !== undefined && until >= this.opts.deadlineAt;
      if (overDeadline || this.retryAfterSpentMs + extension > MAX_TOTAL_RETRY_AFTER_MS) {
        return overDeadline
          ? { kind: 'deadline', message: "the target's rate-limit window ends after the run deadline: request not started" }
          : { kind: 'rate-limited', message: `the target's rate-limit window ends beyond the suite's cap on pauses (${MAX_TOTAL_RETRY_AFTER_MS / 60_000} minutes in all): request not started` };
      }
      [this.retryAfterSpentMs, this.announcedUntil] = [this.retryAfterSpentMs + extension, until];
      this.opts.onPause?.(pauseLine(this.window.announcedLimit, wait), wait);
    }
    if (until > this.pausedUntil) [this.pausedUntil, this.pauseReason] = [until, 'rate-window'];
    return undefined;
  }

  private async attempt(req: GetRequest): Promise<AttemptOutcome> {
    const attempt = sendGet({
      url: req.url,
      headers: req.headers,
      timeoutMs: this.opts.timeoutMs,
      agent: this.agents.for(req.url),
      insecure: this.opts.insecure === true,
      ca: this.opts.ca,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    this.inFlight.add(attempt);
    try {
      return await attempt.done;
    } finally {
      this.inFlight.delete(attempt);
    }
  }

  /** How long to honour this 429's Retry-After, or undefined when the caps or the deadline forbid it. */
  private retryAfterWait(outcome: AttemptOutcome): number | undefined {
    const header = headerValue(outcome.response?.rawHeaders ?? [], 'retry-after');
    const wanted = parseRetryAfter(header, Date.now()) ?? DEFAULT_RETRY_AFTER_MS;
    const wait = Math.min(wanted, this.maxRetryAfterMs);
    const now = Date.now();
    const extension = Math.max(0, now + wait - Math.max(this.pausedUntil, now));
    if (this.retryAfterSpentMs + extension > MAX_TOTAL_RETRY_AFTER_MS) return undefined;
    if (this.opts.deadlineAt !== undefined && now + wait >= this.opts.deadlineAt) return undefined;
    return wait;
  }

  private budgetSpent(): boolean {
    return this.stats.requests >= this.stats.maxRequests;
  }

  private build(id: string, req: GetRequest, t0: number, outcome: AttemptOutcome | TransportError, retries: number, rateLimitRetries: number): Exchange {
    const m = this.masker;
    const isAttempt = 'sentUrl' in outcome;
    const exchange: Exchange = {
      id,
      purpose: req.purpose,
      startedAt: new Date(t0).toISOString(),
      durationMs: Date.now() - t0,
      request: {
        method: 'GET',
        url: m.maskUrl(isAttempt ? outcome.sentUrl : req.url),
        headers: m.maskHeaders(isAttempt ? outcome.sentHeaders : lowerCased(req.headers)),
      },
      retries,
      rateLimitRetries,
    };
    if (!isAttempt) {
      exchange.error = { ...outcome, message: m.maskSecrets(outcome.message) };
    } else if (outcome.response) {
      const r = outcome.response;
      const headers = joinHeaders(r.rawHeaders, m);
      exchange.response = {
        status: r.status,
        statusText: r.statusText,
        httpVersion: r.httpVersion,
        headers,
        body: m.maskBody(r.body.toString('utf8'), headers['content-type']),
        bodySize: r.bodySize,
      };
    } else {
      const error = describeAttemptError(outcome, this.opts.timeoutMs, MAX_RESPONSE_BYTES);
      exchange.error = { ...error, message: this.masker.maskSecrets(error.message) };
    }
    return exchange;
  }

  private failed(req: GetRequest, t0: number, error: TransportError): Exchange {
    return this.build(`x${++this.seq}`, req, t0, error, 0, 0);
  }

  private record(exchange: Exchange): Exchange {
    this.log.push(exchange);
    if (exchange.response) {
      const key = String(exchange.response.status);
      this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
    } else if (exchange.error && !stoppedBySuite(exchange)) {
      this.stats.transportErrors += 1;
    }
    this.exchangeLog?.append(exchange);
    return exchange;
  }
}
