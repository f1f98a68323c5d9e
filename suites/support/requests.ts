/**
 * The requests of the header, auth and validation suites, apart from their checks: each group is one memoized
 * function that sends its requests and hands back the samples. The suite files call it and check what comes
 * back; the run's plan (plan.ts) may call it earlier, so the requests are already answered when the suite runs.
 * Same function, same requests: nothing is sent that the suite would not send.
 */
import fc from 'fast-check';
import { DEFAULT_PER_PAGE, X_CLIENTS, type XClient } from '../../src/target.ts';
import type { PageQuery, Sample } from '../../src/checks/types.ts';
import { LARGE_PER_PAGE, lastPageOf, nonDividingSize } from '../../src/matrix.ts';
import { AMBIGUOUS_CASES, type AmbiguousCase } from '../../src/checks/ambiguous.ts';
import { isHugeNumber, queryArbitrary } from '../../src/checks/fuzz.ts';
import { call, target } from './session.ts';
import { authCases as authCasesFor, type AuthCase } from '../../src/cases/auth.ts';
import { crashProbes, type CrashProbe } from '../../src/cases/crash.ts';
import { INVALID_CASES, type InvalidCase } from '../../src/cases/validation.ts';
import { ODD_HEADERS } from '../../src/cases/headers.ts';
import { discover, once } from './discovery.ts';
import { FIRST_PAGE } from '../../src/request.ts';
import { UNAUTHORIZED_REQUIREMENTS } from '../../src/checks/auth.ts';
import { requirementsOf } from '../../src/requirements.ts';

// ---- X-Client and X-UUID (30-clients) ----

export const CLIENT_IDS = requirementsOf('clients');

export interface ClientSamples {
  /** Per query: the configured client's page and every other documented client's page. */
  perQuery: Array<{ query: PageQuery; main: Sample; others: Array<{ client: XClient; sample: Sample }> }>;
  /** Unknown or missing headers. */
  odd: Array<{ key: string; label: string; sample: Sample }>;
}


function clientQueries(total: number | null): PageQuery[] {
  // A size above 25 too: a silent page-size cap must be the same for every client (the main client's page is the
  // page matrix's, already asked).
  const queries: PageQuery[] = [FIRST_PAGE, { perPage: String(LARGE_PER_PAGE), page: '1' }];
  if (total !== null) {
    const size = nonDividingSize(total);
    queries.push({ perPage: String(size), page: String(lastPageOf(total, size)) });
  }
  return queries;
}

/**
 * `concurrently` (the plan's concurrent mode): the odd-header requests go out with the others, and each other
 * client's page goes ahead of the queue once the configured client's page is in. Otherwise in the suite's own
 * order: the configured client's pages, then the other clients', then the odd headers.
 */
export const clientSamples = once(async (concurrently: boolean): Promise<ClientSamples> => {
  const t = target();
  const d = await discover();
  const oddHeaders = () =>
    Promise.all(
      ODD_HEADERS.map(async (o) => ({ key: o.key, label: o.label, sample: await call({ purpose: o.label, query: FIRST_PAGE, client: o.client, uuid: o.uuid }) })),
    );
  const perQueryPromise = Promise.all(
    clientQueries(d.total).map(async (query) => {
      const main = await call({ purpose: `X-Client ${t.client}: per_page ${query.perPage}, page ${query.page}`, query });
      const others = await Promise.all(
        X_CLIENTS.filter((c) => c !== t.client).map(async (client) => ({
          client,
          sample: await call({ purpose: `X-Client ${client}: per_page ${query.perPage}, page ${query.page}`, query, client, urgent: true }),
        })),
      );
      return { query, main, others };
    }),
  );
  const oddPromise = concurrently ? oddHeaders() : undefined;
  const perQuery = await perQueryPromise;
  const odd = await (oddPromise ?? oddHeaders());
  return { perQuery, odd };
});

/** At most this many requests (an upper bound, for the plan's budget). */
export function clientRequestsAtMost(): number {
  return clientQueries(0).length * X_CLIENTS.length + ODD_HEADERS.length;
}

// ---- 401 matrix (40-auth) ----

/** The 401 requirements checkUnauthorized judges, and the leak check it makes on every refusal (from the catalogue). */
export const AUTH_IDS = requirementsOf('auth');

export type { AuthCase } from '../../src/cases/auth.ts';

/** The 401 matrix for the configured token (src/cases/auth.ts holds the table). */
function authCases(): AuthCase[] {
  return authCasesFor(target().token);
}

export interface AuthSamples {
  cases: Array<{ c: AuthCase; sample: Sample }>;
  /** The valid token under the lower-case "bearer" scheme (observed, never judged). */
  lowerCaseScheme: Sample;
}

/**
 * `concurrently` (the plan's concurrent mode): the lower-case scheme probe goes out with the cases; otherwise after
 * them, as the suite always sent it.
 */
export const authSamples = once(async (concurrently: boolean): Promise<AuthSamples> => {
  const t = target();
  const lower = () => call({ purpose: 'auth: valid token under the lower-case "bearer" scheme', query: FIRST_PAGE, authorization: `bearer ${t.token}` });
  const casesPromise = Promise.all(authCases().map(async (c) => ({ c, sample: await call({ ...c, purpose: `auth: ${c.label}` }) })));
  const lowerPromise = concurrently ? lower() : undefined;
  const cases = await casesPromise;
  const lowerCaseScheme = await (lowerPromise ?? lower());
  return { cases, lowerCaseScheme };
});

export function authRequestsAtMost(): number {
  return authCases().length + 1;
}

// ---- 422 matrix, ambiguous values, fuzzing (50-validation) ----

export const VALIDATION_IDS = requirementsOf('validation');
/**
 * Property-based runs: each is one request against live staging, so kept small; the seed reproduces them. On top
 * of the fixed crash-class probes (src/cases/crash.ts), which every run sends whatever the seed.
 */
export const FUZZ_RUNS = 12;
/** The huge per_page probe is only sent to collections this small (it returns the whole collection). */
export const HUGE_PAGE_MAX_TOTAL = 1000;


export type { InvalidCase };

export interface ValidationSamples {
  invalid: Array<{ v: InvalidCase; sample: Sample }>;
  ambiguous: Array<{ c: AmbiguousCase; sample: Sample }>;
  fuzz: Sample[];
  crash: Array<{ probe: CrashProbe; sample: Sample }>;
}

export const validationSamples = once(async (): Promise<ValidationSamples> => {
  // Live staging: a huge page size on a big collection is a load test, not a probe; 1000 already shows a maximum.
  const total = (await discover()).total;
  const affordable = (c: AmbiguousCase) => !(c.key === 'perPage.huge' && (total === null || total > HUGE_PAGE_MAX_TOTAL));
  const ambiguous = AMBIGUOUS_CASES.filter(affordable).map((c) => ({
    c,
    query:
      c.param === 'page'
        ? { perPage: String(DEFAULT_PER_PAGE), page: c.raw }
        : c.param === 'per_page'
          ? { perPage: c.raw, page: '1' }
          : { perPage: c.raw, page: c.raw },
  }));
  // A page size a vendor may legitimately honour (1e6, "1e9") would fetch the whole collection: not a probe.
  const fuzz = fc.sample(
    queryArbitrary().filter((q) => !isHugeNumber(q.perPage, HUGE_PAGE_MAX_TOTAL)),
    { seed: target().seed, numRuns: FUZZ_RUNS },
  );
  const endpoint = target().endpointUrl;
  const [invalidSamples, ambiguousSamples, crashSamples, fuzzSamples] = await Promise.all([
    Promise.all(INVALID_CASES.map(async (v) => ({ v, sample: await call({ purpose: `validation: ${v.label}`, query: v.query }) }))),
    Promise.all(ambiguous.map(async ({ c, query }) => ({ c, sample: await call({ purpose: `ambiguous input: ${c.label}`, query }) }))),
    // The fixed crash-class probes go ahead of the random fuzz: a tight budget cuts the fuzz first.
    Promise.all(
      crashProbes().map(async (probe) => ({
        probe,
        sample: await call({ purpose: `crash-class probe: ${probe.label} in ${probe.param}`, url: `${endpoint}?${probe.rawQuery}` }),
      })),
    ),
    Promise.all(
      fuzz.map((q, i) =>
        call({ purpose: `property-based query #${i + 1} (seed ${target().seed})`, query: { perPage: q.perPage, page: q.page }, extra: q.extra ? [q.extra] : [] }),
      ),
    ),
  ]);
  return { invalid: invalidSamples, ambiguous: ambiguousSamples, fuzz: fuzzSamples, crash: crashSamples };
});

export function validationRequestsAtMost(): number {
  return INVALID_CASES.length + AMBIGUOUS_CASES.length + FUZZ_RUNS + crashProbes().length;
}
