/** The resolved configuration of one run against one target, as handed to the suites (JSON-safe). */
import type { Exchange } from './evidence.ts';
import type { ClientOptions } from './http/client.ts';
import type { ProxySettings } from './http/proxy.ts';

export const X_CLIENTS = ['ios-cctv', 'android-cctv', 'thick-legal', 'web'] as const;
export type XClient = (typeof X_CLIENTS)[number];

export const ENDPOINT_PATH = '/api/v1/intercom/codes';
export const DEFAULT_PER_PAGE = 25;

export interface TargetConfig {
  /** Origin plus optional path prefix, no trailing slash: "https://host/vms". */
  baseUrl: string;
  /** baseUrl + ENDPOINT_PATH. */
  endpointUrl: string;
  token: string;
  /** X-Client for the main matrix. */
  client: XClient;
  /** X-UUID sent on every request. */
  deviceId: string;
  insecure: boolean;
  /** PEM text of extra CA certificates (from --ca FILE). */
  ca?: string;
  timeoutMs: number;
  concurrency: number;
  maxRequests: number;
  /** Requests per second cap, if any. */
  ratePerSecond?: number;
  /** Epoch ms after which no new request is started (overall --deadline). */
  deadlineAt?: number;
  strict: boolean;
  only: string[];
  skip: string[];
  /** Extra headers (-H) sent on every request. */
  headers?: Record<string, string>;
  /** Forward proxy (--proxy, HTTPS_PROXY, ...); undefined: direct. */
  proxy?: ProxySettings;
  /** Seed for property-based tests (reported, so a run can be reproduced). */
  seed: number;
  /** JSONL file the HTTP client appends every masked exchange to (the HAR and stats come from it). */
  exchangeLog: string;
  /** JSONL file of run events (plan, 429 pauses) the console tails; see src/run-events.ts. */
  eventLog?: string;
  /** Requests already spent before the suites started (the smoke step). */
  requestsSpent: number;
  /** Number of the suites' first exchange id (the smoke step's exchanges come before it in the same log). */
  firstExchangeId: number;
  /**
   * The smoke step's answer (masked like every exchange): the first page, per_page 25, with the valid token. The
   * suites reuse it (a throttled target counts every request) rather than ask the same page once more.
   */
  smoke?: Exchange;
  /**
   * Set when the CLI started the suites while its smoke step was still under way: the file that brings the smoke
   * step's result (requestsSpent, firstExchangeId, smoke; src/smoke-handoff.ts). The suites wait for it, at most
   * waitMs (the run's backstop).
   */
  smokeHandoff?: { file: string; waitMs: number };
}

export function endpointUrlOf(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '') + ENDPOINT_PATH;
}

/** The HTTP client's options for a target; the caller adds what differs (concurrency of the smoke step, ids already used). */
export function clientOptionsOf(t: Omit<TargetConfig, 'requestsSpent' | 'firstExchangeId'>, secrets: string[]): ClientOptions {
  return {
    timeoutMs: t.timeoutMs,
    concurrency: t.concurrency,
    maxRequests: t.maxRequests,
    ratePerSecond: t.ratePerSecond,
    insecure: t.insecure,
    ca: t.ca,
    deadlineAt: t.deadlineAt,
    secrets,
    headers: t.headers,
    proxy: t.proxy,
    logFile: t.exchangeLog,
  };
}
