/**
 * The evidence model: what tests record, what checks return, what reporters render.
 *
 * Everything here is plain JSON (it crosses from the vitest worker to the main process as task meta
 * and is written to results.json), and everything here is already masked: masking happens once, where
 * an exchange is recorded (src/http/mask.ts), so no reporter can leak a token or a door code.
 */

export type Severity = 'must' | 'should';
export type Status = 'pass' | 'fail' | 'warn' | 'skip';

/** One HTTP request the suite made and what came back (or why nothing did). Masked. */
export interface Exchange {
  /** Run-unique id, e.g. "x17"; findings and reports refer to exchanges by it. */
  id: string;
  /** Why the suite sent it, in words: "page 3, per_page 25, X-Client web". */
  purpose: string;
  /** When the client took it up (ISO 8601); durationMs runs to its outcome, pauses and retries included. */
  startedAt: string;
  durationMs: number;
  request: {
    method: 'GET';
    /** Absolute URL as sent (credentials in it masked). */
    url: string;
    /** Header names lower-cased; Authorization masked to "Bearer ***" (scheme kept, secret hidden). */
    headers: Record<string, string>;
  };
  response?: {
    status: number;
    statusText?: string;
    httpVersion?: string;
    /** Header names lower-cased; repeated headers joined with ", ". */
    headers: Record<string, string>;
    /** Decoded body text (gzip etc. already undone), door codes masked. */
    body: string;
    /** Body size in bytes as received, before masking. */
    bodySize: number;
  };
  /** Set when no HTTP answer was obtained. */
  error?: TransportError;
  /** Retries made for network errors before this outcome (never for an HTTP answer). */
  retries?: number;
  /** 429 answers waited out (Retry-After) and retried before this outcome; each retry counted in the budget. */
  rateLimitRetries?: number;
  /**
   * Only for a request that was not one attempt sent at once: every attempt sent and every pause before one, in
   * order (the report's timeline draws them as segments). Offsets from startedAt.
   */
  attempts?: AttemptTiming[];
  waits?: WaitTiming[];
}

/** One attempt of a request on the wire. */
export interface AttemptTiming {
  startMs: number;
  durationMs: number;
  /** The HTTP status it got; absent when no answer came (errorKind says why). */
  status?: number;
  errorKind?: TransportError['kind'];
  /** A 429's Retry-After as the client honoured it (capped), in ms. */
  retryAfterMs?: number;
}

/**
 * A pause before an attempt. retry-after: a 429's Retry-After (this request's or a concurrent one's); rate-window:
 * the pacer waiting for the target's X-RateLimit window to end; rate: --rate spacing; network-retry: the backoff
 * before retrying a network error.
 */
export interface WaitTiming {
  startMs: number;
  ms: number;
  reason: 'retry-after' | 'rate-window' | 'rate' | 'network-retry';
}

export interface TransportError {
  /**
   * budget, deadline, rate-limited (the target's rate-limit window would outlast the suite's pause cap) and
   * interrupted are the suite's own stops, not the target's doing (see stoppedBySuite).
   */
  kind: 'timeout' | 'refused' | 'dns' | 'reset' | 'tls' | 'protocol' | 'budget' | 'deadline' | 'rate-limited' | 'interrupted' | 'other';
  message: string;
  code?: string;
  /** With kind 'interrupted': the request had gone out when the run was stopped (the target received it). */
  inFlight?: boolean;
  /** The status line and headers had come (this status) when the body failed: the target answered, badly. */
  answeredStatus?: number;
}

/**
 * The suite itself stopped this request (its budget, its deadline, its cap on pauses for the target's rate limit,
 * or the run being interrupted): whatever the target would have answered is unknown, so no check may judge it.
 */
export function stoppedBySuite(e: Exchange): boolean {
  const kind = e.error?.kind;
  return kind === 'budget' || kind === 'deadline' || kind === 'rate-limited' || kind === 'interrupted';
}

/** The request went out on the wire (the target may have received it), whatever came back. */
export function wasSent(e: Exchange): boolean {
  return !stoppedBySuite(e) || e.error?.inFlight === true;
}

/** A JSON-Schema (AJV) error in plain words. */
export interface SchemaError {
  /** JSON pointer into the body, e.g. "/meta/from". */
  path: string;
  /** Plain-words message: "must be integer or null". */
  message: string;
  keyword: string;
}

/**
 * What one check concludes about one requirement on some exchanges.
 * A check returns findings for every assertion it made: `ok: true` findings count as evaluated and
 * passing; `ok: false` findings are violations ("Received / Documented").
 */
export interface Finding {
  requirementId: string;
  ok: boolean;
  /** One line: what was checked, and for a violation what was received vs documented. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Ids of the exchanges that prove it. */
  exchangeIds?: string[];
  schemaErrors?: SchemaError[];
  /**
   * The body field a violation judges, as a JSON pointer ("/meta/last_page"); expected and actual are then that
   * field's documented and received values (for an array, its length). The probable cause links on it.
   */
  field?: string;
  /**
   * Received values of other body fields (JSON pointer → value) the documented value was worked out from: a
   * violation that follows from a wrong value elsewhere ({"/meta/last_page": 19}). Counts, page numbers and
   * timestamps only, never a door code.
   */
  given?: Record<string, unknown>;
}

/** A choice the target made where the vendor page is ambiguous (goes to results.json `observed`). */
export interface Observation {
  /** The requirement whose report row shows it (the catalogue's id). */
  requirementId: string;
  /** Stable key, e.g. "perPageOmitted", "pageWithPlusSign", "perPageMaximum", "bearerSchemeCase". */
  key: string;
  /** Short machine-readable value, e.g. "default-25", "required-422", "accepted", "rejected-422". */
  value: string;
  /** Human sentence for the report. */
  summary: string;
  exchangeIds?: string[];
}

/**
 * One thing the target sends that openapi.yaml does not describe (contract drift): advice, never a verdict.
 * Listed once, with a masked example and the first exchange that carried it.
 */
export interface DriftItem {
  kind: 'field' | 'header' | 'status';
  /** field: JSON path, [] for array items ("data[].comment", "meta.links[].page"); header: lower-cased name; status: "404". */
  name: string;
  /** Which part of the answer: "record", "record intercom", "meta", "links", "meta.links item", "page body", "response header", "status". */
  where: string;
  /** A header every HTTP server or the Laravel stack adds (Date, Set-Cookie, X-RateLimit-*), or the throttle's 429: not contract drift. */
  infrastructure?: boolean;
  /** Fields: the JSON type(s) seen, e.g. "string" or "null | string". */
  type?: string;
  /** The value's shape, masked (letters x/X, digits 9) and truncated: an undescribed value may be a secret. */
  example: string;
  /** Exchanges that carried it. */
  count: number;
  seenIn: { exchangeId: string; purpose: string; status?: number };
}

export interface DriftReport {
  /** Answers examined. */
  examined: number;
  items: DriftItem[];
  /** Items left out beyond the first MAX_DRIFT_ITEMS (contract drift first). */
  omitted?: number;
}

/** What a suite test attaches to `task.meta.conformance`. */
export interface TestEvidence {
  requirementId: string;
  findings: Finding[];
  /** Findings and observations name their exchanges by id; the exchanges themselves reach the reporter once, through the client's log. */
  observations?: Observation[];
  /** Set when the requirement could not be evaluated on this target, with the reason. */
  skipped?: string;
  /** The suite's own limits (request budget, deadline, interruption) kept this from being evaluated in full. */
  cutShort?: boolean;
}

/** One row of results.json `checks`: a requirement's aggregated outcome. */
export interface CheckResult {
  id: string;
  title: string;
  area: string;
  severity: Severity;
  status: Status;
  /** First violation's message, or what was verified, or the skip reason. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Number of assertions evaluated (ok findings + violations). */
  evaluated: number;
  /** Violations (capped), each with its exchange ids and schema errors. */
  violations: Finding[];
  /** Set when the failure is accepted by the baseline file (does not fail the verdict). */
  knownFailure?: { reason: string };
  /** A skip caused by the suite's own limits (budget, deadline, interruption), not by the target. */
  cutShort?: boolean;
  /** Sum of the durations of the requests its findings rest on (ms); absent when it was not evaluated. */
  durationMs?: number;
}

export interface RunStats {
  requests: number;
  maxRequests: number;
  retries: number;
  rateLimited: number;
  byStatus: Record<string, number>;
  transportErrors: number;
}

/** results.json; its JSON Schema is reporters/results.schema.json. */
export interface RunResult {
  /**
   * conformant: every MUST requirement evaluated held; non-conformant: a MUST requirement failed; incomplete: none
   * failed, but the budget, the deadline or an interruption left MUST requirements unevaluated (exit 2: no verdict).
   */
  verdict: 'conformant' | 'non-conformant' | 'incomplete';
  interrupted: boolean;
  target: {
    baseUrl: string;
    endpoint: string;
    client: string;
    deviceId: string;
    tls: 'none' | 'verified' | 'insecure' | 'custom-ca';
    embeddedReference: boolean;
    name?: string;
  };
  suite: { version: string; openapiSha256: string };
  startedAt: string;
  durationMs: number;
  stats: RunStats;
  coverage: {
    total: number | null;
    walk: 'full' | 'sampled' | 'none';
    note: string;
  };
  observed: Record<string, { value: string; summary: string; exchangeIds?: string[] }>;
  checks: CheckResult[];
  /** Exchanges referred to by any violation or observation, keyed by id (the report's evidence). */
  exchanges: Record<string, Exchange>;
  /** Seed of the property-based checks (--seed), so a run can be reproduced. */
  seed?: number;
  /** Set when the harness itself failed (exit 2), never a target verdict. */
  harnessErrors?: string[];
  /**
   * Baseline entries whose requirement now passes ("baseline entry X is stale: the requirement now passes;
   * remove it"). Non-empty makes the run non-conformant, so a baseline cannot silently outlive its bug.
   */
  staleBaseline?: string[];
  /** Contract drift (advice, never part of the verdict); absent when the drift pass did not run. */
  drift?: DriftReport;
}
