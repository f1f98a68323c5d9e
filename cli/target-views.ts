/**
 * The views of one target that a run hands out, derived in one place from the user's options and what
 * starting the target gave (its URL and token, the CA text): the suites' TargetConfig (handed to the worker)
 * and the target as the reports describe it. The HTTP client's options follow from the TargetConfig
 * (src/target.ts clientOptionsOf), for the smoke step and the suites alike.
 */
import type { RunResult } from '../src/evidence.ts';
import { endpointUrlOf, type TargetConfig } from '../src/target.ts';
import type { TargetOptions } from './config.ts';

/** What starting the target gave: the embedded reference's URL and token, or the user's own. */
export interface StartedTarget {
  baseUrl: string;
  token: string;
  embeddedReference: boolean;
  /** PEM text of --ca. */
  ca?: string;
}

/** Everything of the suites' view that is known before the smoke step (it adds what it spent). */
export type PlannedTarget = Omit<TargetConfig, 'requestsSpent' | 'firstExchangeId'>;

export function plannedTarget(opts: TargetOptions, started: StartedTarget, run: { startedAt: Date; exchangeLog: string }): PlannedTarget {
  return {
    baseUrl: started.baseUrl,
    endpointUrl: endpointUrlOf(started.baseUrl),
    token: started.token,
    client: opts.client,
    deviceId: opts.deviceId,
    insecure: opts.insecure,
    ca: started.ca,
    timeoutMs: opts.timeoutMs,
    concurrency: opts.concurrency,
    maxRequests: opts.maxRequests,
    ratePerSecond: opts.rate,
    deadlineAt: opts.deadlineMs ? run.startedAt.getTime() + opts.deadlineMs : undefined,
    strict: opts.strict,
    only: opts.only,
    skip: opts.skip,
    seed: opts.seed,
    headers: opts.headers,
    proxy: opts.proxy,
    exchangeLog: run.exchangeLog,
  };
}

/** The target as results.json and the reports describe it (no token). */
export function reportedTarget(opts: TargetOptions, t: PlannedTarget, embeddedReference: boolean): RunResult['target'] {
  return {
    baseUrl: t.baseUrl,
    endpoint: t.endpointUrl,
    client: t.client,
    deviceId: t.deviceId,
    tls: !t.baseUrl.startsWith('https:') ? 'none' : t.insecure ? 'insecure' : t.ca ? 'custom-ca' : 'verified',
    embeddedReference,
    name: opts.name,
  };
}
