/**
 * The requests of the header, auth and validation suites, apart from their checks: each group is one memoized
 * function that sends its requests and hands back the samples. The suite files call it and check what comes
 * back; the run's plan (plan.ts) may call it earlier, so the requests are already answered when the suite runs.
 * Same function, same requests: nothing is sent that the suite would not send.
 */
import fc from 'fast-check';
import { DEFAULT_PER_PAGE, X_CLIENTS, type XClient } from '../../src/target.ts';
import type { PageQuery, Sample } from '../../src/checks/types.ts';
import { LARGE_PER_PAGE, lastPageOf } from '../../src/matrix.ts';
import { AMBIGUOUS_CASES, type AmbiguousCase } from '../../src/checks/ambiguous.ts';
import { isHugeNumber, queryArbitrary } from '../../src/checks/fuzz.ts';
import { call, target } from './session.ts';
import { authCases as authCasesFor, type AuthCase } from '../../src/cases/auth.ts';
import { crashProbes, type CrashProbe } from '../../src/cases/crash.ts';
import { INVALID_CASES, type InvalidCase } from '../../src/cases/validation.ts';
import { ODD_HEADERS } from '../../src/cases/headers.ts';
import { discover, once } from './discovery.ts';
import { FIRST_PAGE } from '../../src/request.ts';
import { stoppedBySuite } from '../../src/evidence.ts';
import { requirementsOf } from '../../src/requirements.ts';

// ---- X-Client and X-UUID (30-clients) ----

export const CLIENT_IDS = requirementsOf('clients');

export interface ClientSamples {
  /** Per query: the configured client's page and every other documented client's page. */
  perQuery: Array<{ query: PageQuery; main: Sample; others: Array<{ client: XClient; sample: Sample }> }>;
  /** Unknown or missing headers. */
  odd: Array<{ key: string; label: string; sample: Sample }>;
}


/**
 * The first page, and the last page at the large size (partial unless 100 divides the total; above 25, so a page
 * size cap must be the same for every client): both are page-matrix cells, so the configured client's answer is
 * already there and each other client costs one request per query.
 */
function clientQueries(total: number | null): PageQuery[] {
  const queries: PageQuery[] = [FIRST_PAGE];
  if (total !== null) queries.push({ perPage: String(LARGE_PER_PAGE), page: String(lastPageOf(total, LARGE_PER_PAGE)) });
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
 * Property-based runs: each is one request against live staging (and one of a throttled target's 60 a minute), so
 * kept small; the seed reproduces them. On top of the fixed crash-class probes (src/cases/crash.ts), which every
 * run sends whatever the seed: 4 keep a run of 1,000 codes within one 60-a-minute window (test/throttle-window.test.ts).
 */
export const FUZZ_RUNS = 4;
/** The huge per_page probe is only sent to collections this small (it returns the whole collection). */
export const HUGE_PAGE_MAX_TOTAL = 1000;


export type { InvalidCase };

/**
 * Ambiguous values two by two: a page value and a per_page value in one request. A 200 settles both (each reading
 * is judged), a 422 settles each parameter it names; a parameter it does not name, or any other answer, is asked
 * again on its own with the other parameter canonical, as a single case always was. A target that accepts (or
 * refuses) both values of a pair answers in one request. The per_page=1000 pair has page omitted: the very
 * request the walk reads the whole collection with.
 */
const AMBIGUOUS_PAIRS: Array<[string, string]> = [
  ['page.leadingSpace', 'perPage.plusSign'],
  ['page.trailingSpace', 'perPage.omitted'],
  ['page.plusSign', 'perPage.huge'],
  ['page.empty', 'perPage.empty'],
  ['page.omitted', 'perPage.large'],
];

export interface AmbiguousProbe {
  cases: AmbiguousCase[];
  query: PageQuery;
}

/** The query a single case is sent with: the other parameter canonical. */
function singleQuery(c: AmbiguousCase): PageQuery {
  return c.param === 'page'
    ? { perPage: String(DEFAULT_PER_PAGE), page: c.raw }
    : c.param === 'per_page'
      ? { perPage: c.raw, page: '1' }
      : { perPage: c.raw, page: c.raw };
}

/** The first round of ambiguous requests: the pairs (their cases all affordable), then every other case alone. */
export function ambiguousProbes(affordable: (c: AmbiguousCase) => boolean): AmbiguousProbe[] {
  const byKey = new Map(AMBIGUOUS_CASES.filter(affordable).map((c) => [c.key, c]));
  const probes: AmbiguousProbe[] = [];
  for (const [pageKey, perPageKey] of AMBIGUOUS_PAIRS) {
    const p = byKey.get(pageKey);
    const pp = byKey.get(perPageKey);
    if (!p || !pp) continue;
    byKey.delete(pageKey);
    byKey.delete(perPageKey);
    probes.push({ cases: [p, pp], query: { perPage: pp.raw, page: p.raw } });
  }
  for (const c of byKey.values()) probes.push({ cases: [c], query: singleQuery(c) });
  return probes;
}

/** Does this answer to a paired request settle the case (200, a 429 or no request; a 422 naming its parameter)? */
export function settles(sample: Sample, c: AmbiguousCase): boolean {
  const status = sample.exchange.response?.status;
  if (status === undefined) return stoppedBySuite(sample.exchange);
  if (status === 200 || status === 429) return true;
  if (status !== 422) return false;
  const errors = (sample.json as { errors?: unknown } | undefined)?.errors;
  return typeof errors === 'object' && errors !== null && Object.hasOwn(errors, c.param);
}

export interface ValidationSamples {
  invalid: Array<{ v: InvalidCase; sample: Sample }>;
  ambiguous: Array<{ c: AmbiguousCase; sample: Sample }>;
  fuzz: Sample[];
  crash: Array<{ probe: CrashProbe; sample: Sample }>;
}

/**
 * The seeded property-based queries. Building fast-check's string arbitraries takes tens of milliseconds: the
 * suites' setup file builds them while it waits for the smoke step (smoke-setup.ts), not amid the requests.
 */
export function fuzzQueries(seed: number): FuzzQuery[] {
  if (fuzzMemo?.seed !== seed) {
    // A page size a vendor may legitimately honour (1e6, "1e9") would fetch the whole collection: not a probe.
    const queries = fc.sample(queryArbitrary().filter((q) => !isHugeNumber(q.perPage, HUGE_PAGE_MAX_TOTAL)), { seed, numRuns: FUZZ_RUNS });
    fuzzMemo = { seed, queries };
  }
  return fuzzMemo.queries;
}
type FuzzQuery = ReturnType<typeof queryArbitrary> extends fc.Arbitrary<infer Q> ? Q : never;
let fuzzMemo: { seed: number; queries: FuzzQuery[] } | undefined;

export const validationSamples = once(async (): Promise<ValidationSamples> => {
  // Live staging: a huge page size on a big collection is a load test, not a probe; 1000 already shows a maximum.
  const total = (await discover()).total;
  const affordable = (c: AmbiguousCase) => !(c.key === 'perPage.huge' && (total === null || total > HUGE_PAGE_MAX_TOTAL));
  const fuzz = fuzzQueries(target().seed);
  const endpoint = target().endpointUrl;
  const [invalidSamples, ambiguousSamples, crashSamples, fuzzSamples] = await Promise.all([
    Promise.all(INVALID_CASES.map(async (v) => ({ v, sample: await call({ purpose: `validation: ${v.label}`, query: v.query }) }))),
    Promise.all(ambiguousProbes(affordable).map(askAmbiguous)).then((x) => x.flat()),
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

/** One probe of the first round, and the cases its answer leaves open asked again alone. */
async function askAmbiguous(probe: AmbiguousProbe): Promise<Array<{ c: AmbiguousCase; sample: Sample }>> {
  const label = probe.cases.map((c) => `${c.param} ${c.label}`).join(' and ');
  const sample = await call({ purpose: `ambiguous input: ${probe.cases.length > 1 ? label : probe.cases[0]!.label}`, query: probe.query });
  if (probe.cases.length === 1) return [{ c: probe.cases[0]!, sample }];
  return Promise.all(
    probe.cases.map(async (c) =>
      settles(sample, c) ? { c, sample } : { c, sample: await call({ purpose: `ambiguous input: ${c.label} (alone)`, query: singleQuery(c) }) },
    ),
  );
}

export function validationRequestsAtMost(): number {
  return INVALID_CASES.length + AMBIGUOUS_PAIRS.length + AMBIGUOUS_CASES.length + FUZZ_RUNS + crashProbes().length;
}

// ---- transport (90-transport) ----

export const TRANSPORT_IDS = requirementsOf('transport');

/**
 * The first page asked with Accept-Encoding: identity (every other request offers gzip, so a server compressing
 * regardless shows only here). In the plan, so it goes out with the others rather than after every other suite;
 * only HTTP-IDENTITY-ENCODING (SHOULD) reads it, so it waits behind the MUST requirements' requests.
 */
export const identitySample = once(async (): Promise<Sample> =>
  call({ purpose: 'first page with Accept-Encoding: identity (no compression accepted)', query: FIRST_PAGE, acceptEncoding: 'identity', later: true }),
);
