/**
 * The suites' shared session: one HTTP client for the whole run (the worker runs every suite file in one
 * module graph, so the budget, the concurrency limit and the response cache are shared), and `call()`, which
 * sends a GET once per distinct request and hands back the parsed Sample.
 */
import { inject } from 'vitest';
import { HttpClient } from '../../src/http/client.ts';
import { appendRunEvent } from '../../src/run-events.ts';
import { onStop } from '../../src/stop.ts';
import { clientOptionsOf, endpointUrlOf, type TargetConfig } from '../../src/target.ts';
import { buildRequest, FIRST_PAGE, type RequestSpec } from '../../src/request.ts';
import { toSample, type PageQuery, type Sample } from '../../src/checks/types.ts';
import { nearMissSecrets } from '../../src/cases/auth.ts';
import { stoppedBySuite, type Exchange } from '../../src/evidence.ts';
import { ANNOUNCE_PREFIX } from '../../src/http/rate-window.ts';
import { waitForSmokeHandoff, type SmokeHandoff } from '../../src/smoke-handoff.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    target: TargetConfig;
  }
}

let session: { target: TargetConfig; client: HttpClient } | undefined;
/** The smoke step's result, when it came after the worker started (target.smokeHandoff). */
let handedOver: Extract<SmokeHandoff, { ok: true }> | undefined;

/**
 * Before any suite code (suites/support/smoke-setup.ts, a vitest setup file): when the CLI started the suites
 * while its smoke step was under way, wait for that step's result. A setup problem there means no suite runs.
 */
export async function awaitSmokeStep(): Promise<void> {
  const t = inject('target');
  if (!t.smokeHandoff || handedOver) return;
  const handoff = await waitForSmokeHandoff(t.smokeHandoff.file, { timeoutMs: t.smokeHandoff.waitMs, stopChannel: t.exchangeLog });
  if (!handoff.ok) throw new Error('the smoke step found a setup problem: no suite runs');
  handedOver = handoff;
}

export function target(): TargetConfig {
  return current().target;
}

export function httpClient(): HttpClient {
  return current().client;
}

function current() {
  if (!session) {
    const provided = inject('target');
    if (provided.smokeHandoff && !handedOver) throw new Error('the suites started before the smoke step ended (awaitSmokeStep)');
    const t: TargetConfig = handedOver
      ? {
          ...provided,
          baseUrl: handedOver.baseUrl,
          endpointUrl: endpointUrlOf(handedOver.baseUrl),
          requestsSpent: handedOver.requestsSpent,
          firstExchangeId: handedOver.firstExchangeId,
          smoke: handedOver.smoke,
        }
      : provided;
    session = {
      target: t,
      client: new HttpClient({
        ...clientOptionsOf(t, [t.token, ...invalidTokens(t.token)]),
        startCount: t.requestsSpent,
        firstId: t.firstExchangeId,
        logWrites: 'deferred', // flushed after each suite file (flushExchangeLog)
        rateLimitFrom: t.smoke?.response ? { headers: t.smoke.response.headers, startedAt: Date.parse(t.smoke.startedAt) } : undefined,
        // The worker's console reaches the CLI's log function through the reporter (ANNOUNCE_PREFIX).
        onPause: (line, waitMs) => {
          console.log(ANNOUNCE_PREFIX + line);
          appendRunEvent(t.eventLog, { type: 'window-wait', waitMs, at: new Date().toISOString() });
        },
        onRateLimitWait: (waitMs) => appendRunEvent(t.eventLog, { type: 'rate-limit-wait', waitMs, at: new Date().toISOString() }),
      }),
    };
    // Stop means stop (SIGINT/SIGTERM in the CLI): no request starts any more, the ones in flight are cut off.
    const client = session.client;
    if (t.exchangeLog) onStop(t.exchangeLog, () => client.abortAll());
  }
  return session;
}

/**
 * After each suite file (smoke-setup.ts): the file's exchanges are in the log before vitest reports the file
 * done, so the reporter, which reads the log at the run's end, finds every one.
 */
export function flushExchangeLog(): void {
  session?.client.flushLog();
}

/** The smoke step's answer as a Sample (the first page, per_page 25), when the run had a smoke step. */
export function smokeSample(): Sample | undefined {
  const smoke = target().smoke;
  return smoke ? toSample(smoke, FIRST_PAGE) : undefined;
}

/** Every exchange findings may point to: the smoke step's and the suites' own. */
export function knownExchanges(): readonly Exchange[] {
  const smoke = target().smoke;
  return smoke ? [smoke, ...httpClient().exchanges] : httpClient().exchanges;
}

/**
 * Made-up invalid tokens: every near-miss of the 401 matrix that holds most of the real token (src/cases/auth.ts),
 * masked like the real one, because a near-miss of a secret is still a hint to it.
 */
export function invalidTokens(token: string): string[] {
  return nearMissSecrets(token);
}

export interface Call extends RequestSpec {
  purpose: string;
  /**
   * A step of a chain that must go one request at a time (following links.next): it goes ahead of the
   * independent requests waiting for a slot, so the chain is not stuck behind the whole plan. Order only:
   * the request, its budget and its concurrency are the same.
   */
  urgent?: boolean;
  /** Only SHOULD requirements read it: sent after every other waiting request (the client's `later`). */
  later?: boolean;
  /** A second, distinct request for something already asked (repeatability, a re-read): never served from the cache. */
  fresh?: boolean;
}

const cache = new Map<string, Promise<Sample>>();
const cacheKey = (url: string, headers: Record<string, string>): string => JSON.stringify([url, headers]);

/** Sends the request once per distinct (URL, headers), unless `fresh`; later calls with the same key share the answer. */
export function call(c: Call): Promise<Sample> {
  const t = target();
  const { url, headers } = buildRequest(t, c);
  // The target's limiter counts what it authenticates: requests with the valid token.
  const counted = headers['authorization']?.toLowerCase() === `bearer ${t.token}`.toLowerCase();
  const send = () =>
    httpClient()
      .get({ url, headers, purpose: c.purpose, urgent: c.urgent === true && prioritised, later: c.later, counted })
      .then((exchange) => toSample(exchange, c.query ?? queryOf(url)));
  if (c.fresh) return send();
  const key = cacheKey(url, headers);
  let pending = cache.get(key);
  if (!pending) cache.set(key, (pending = send()));
  return pending;
}

/**
 * The answer to `c` is already known (the smoke step asked the very same request): later calls with the same key
 * share it, as if it had been sent here.
 */
export function answered(c: Call, sample: Sample): Sample {
  const { url, headers } = buildRequest(target(), c);
  cache.set(cacheKey(url, headers), Promise.resolve(sample));
  return sample;
}

/** Urgent requests jump the client's queue only once the plan sends every suite's requests together (plan.ts). */
let prioritised = false;

export function prioritiseUrgent(): void {
  prioritised = true;
}

/** The page/per_page a URL carries (for following links verbatim). */
export function queryOf(url: string): PageQuery {
  try {
    const params = new URL(url).searchParams;
    const q: PageQuery = {};
    if (params.has('per_page')) q.perPage = params.get('per_page') ?? undefined;
    if (params.has('page')) q.page = params.get('page') ?? undefined;
    return q;
  } catch {
    return {};
  }
}

/** Did the suite's own limits (budget, deadline, interruption) stop this request? Then it is no evidence either way. */
export const notSent = (s: Sample): boolean => stoppedBySuite(s.exchange);
