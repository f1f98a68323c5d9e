/** Synthetic runs for the reporter tests: realistic masked exchanges, evidence and a hostile body. */
import { buildRunResult, type RunContext, type TestOutcome } from '../src/aggregate.ts';
import type { Exchange, Finding, RunResult, TestEvidence } from '../src/evidence.ts';
import { REQUIREMENTS } from '../src/requirements.ts';

export const BASE = 'https://vms.example.test/vms';
export const ENDPOINT = `${BASE}/api/v1/intercom/codes`;
/** Never present in any artifact (masking happens before the reporters): asserted absent. */
export const SECRET_TOKEN = 'tok-9f8e7d6c5b4a';

export const HOSTILE = '</script><script>window.__pwned = 1</script><img src="https://evil.example/x.png">';

export function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    accept: 'application/json',
    authorization: 'Bearer ***',
    'x-client': 'web',
    'x-uuid': '6f1c2d7e-1111-4222-8333-944455556666',
    ...extra,
  };
}

export function exchange(id: string, opts: Partial<Exchange> & { status?: number; body?: string; query?: string } = {}): Exchange {
  const body = opts.body ?? '{"data":[],"links":{},"meta":{}}';
  return {
    id,
    purpose: opts.purpose ?? `page request ${id}`,
    startedAt: opts.startedAt ?? '2025-05-01T10:00:00.000Z',
    durationMs: opts.durationMs ?? 12.5,
    request: opts.request ?? { method: 'GET', url: `${ENDPOINT}${opts.query ?? '?page=1'}`, headers: headers() },
    ...(opts.error
      ? { error: opts.error }
      : {
          response: opts.response ?? {
            status: opts.status ?? 200,
            statusText: 'OK',
            httpVersion: '1.1',
            headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, private' },
            body,
            bodySize: Buffer.byteLength(body),
          },
        }),
    ...(opts.retries ? { retries: opts.retries } : {}),
  };
}

export function ok(requirementId: string, n = 1, exchangeIds: string[] = []): Finding[] {
  return Array.from({ length: n }, (_, i) => ({ requirementId, ok: true, message: `held ${i}`, exchangeIds }));
}

export function outcome(evidence: TestEvidence, state: TestOutcome['state'] = evidence.findings.some((f) => !f.ok) ? 'failed' : 'passed'): TestOutcome {
  return { name: `${evidence.requirementId} ${evidence.requirementId.toLowerCase()}`, file: 'suites/x.suite.ts', state, evidence };
}

export function context(over: Partial<RunContext> = {}): RunContext {
  return {
    target: {
      baseUrl: BASE,
      endpoint: ENDPOINT,
      client: 'web',
      deviceId: '6f1c2d7e-1111-4222-8333-944455556666',
      tls: 'insecure',
      embeddedReference: false,
    },
    suite: { version: '0.1.0', openapiSha256: 'a'.repeat(64) },
    startedAt: '2025-05-01T10:00:00.000Z',
    durationMs: 4321,
    strict: false,
    only: [],
    skip: [],
    interrupted: false,
    coverage: { total: 137, walk: 'full', note: 'walked 6 pages of 25' },
    maxRequests: 2000,
    seed: 12345,
    ...over,
  };
}

/** Long body (> 20 KB) to exercise truncation. */
export const BIG_BODY = JSON.stringify({ data: Array.from({ length: 400 }, (_, i) => ({ id: i, code: '******', name: `Code number ${i}` })) });

/**
 * A run with: PAG-LAST-PAGE failing (exchange x2, hostile body), SCHEMA-200 failing with schema errors
 * and a big body, AUTH-WRONG-SCHEME failing on a Basic request, LINKS-ORIGIN warning, AUTH-EMPTY-BEARER
 * skipped, WALK-STABLE-ORDER skipped, everything else passing; one transport error; observations.
 */
export function syntheticRun(over: Partial<RunContext> = {}): { result: RunResult; exchanges: Exchange[]; outcomes: TestOutcome[] } {
  const lastPageBody = JSON.stringify({
    data: [{ id: 1, code: '******', name: HOSTILE }],
    links: { first: `${ENDPOINT}?page=1`, last: `${ENDPOINT}?page=4`, prev: null, next: `${ENDPOINT}?page=2` },
    meta: { current_page: 1, from: 1, last_page: 4, path: ENDPOINT, per_page: 25, to: 25, total: 137, big: '__BIG__' },
  }).replace('"__BIG__"', '99999999999999999999');
  const exchanges: Exchange[] = [
    exchange('x1'),
    exchange('x2', { body: lastPageBody, purpose: 'page 1, per_page 25, X-Client web' }),
    exchange('x3', { body: BIG_BODY, query: '?page=2&per_page=25' }),
    exchange('x4', {
      request: { method: 'GET', url: `${ENDPOINT}?page=1`, headers: headers({ authorization: 'Basic ***' }) },
      status: 200,
      purpose: 'token under Basic',
    }),
    exchange('x5', { error: { kind: 'timeout', message: 'no answer within 10000 ms' }, purpose: 'page 9999', retries: 2 }),
    exchange('x6', { error: { kind: 'budget', message: 'request budget exhausted' } }),
    exchange('x7', { status: 429, body: '{"message":"Too Many Attempts."}' }),
    exchange('x8', { query: '?per_page=5&page=2', purpose: 'per_page 5, page 2' }),
  ];

  const special: TestEvidence[] = [
    {
      requirementId: 'PAG-LAST-PAGE',
      findings: [
        ...ok('PAG-LAST-PAGE', 3, ['x1']),
        {
          requirementId: 'PAG-LAST-PAGE',
          ok: false,
          message: 'meta.last_page = 4 but max(ceil(137 / 25), 1) = 6 (Received 4 / Documented 6)',
          expected: 6,
          actual: 4,
          exchangeIds: ['x2'],
        },
      ],
      observations: [{ key: 'perPageOmitted', value: 'default-25', summary: 'An omitted per_page is answered with 25 per page.', exchangeIds: ['x1'] }],
    },
    {
      requirementId: 'SCHEMA-200',
      findings: [
        {
          requirementId: 'SCHEMA-200',
          ok: false,
          message: 'The 200 body does not match CodesPage: 2 schema errors',
          expected: 'CodesPage',
          actual: { from: '1', links: 'missing' },
          exchangeIds: ['x3'],
          schemaErrors: [
            { path: '/meta/from', message: 'must be integer or null', keyword: 'type' },
            { path: '/meta', message: "must have required property 'links'", keyword: 'required' },
          ],
        },
      ],
    },
    {
      requirementId: 'AUTH-WRONG-SCHEME',
      findings: [{ requirementId: 'AUTH-WRONG-SCHEME', ok: false, message: 'The token under Basic got 200, expected 401', expected: 401, actual: 200, exchangeIds: ['x4'] }],
    },
    {
      requirementId: 'LINKS-ORIGIN',
      findings: [{ requirementId: 'LINKS-ORIGIN', ok: false, message: 'links.first uses http://internal:8080, the suite called https://vms.example.test', exchangeIds: ['x8'] }],
      observations: [{ key: 'linkOrigin', value: 'other-origin', summary: 'Links use http://internal:8080.', exchangeIds: ['x8'] }],
    },
    { requirementId: 'AUTH-EMPTY-BEARER', findings: [], skipped: 'the target closes the connection on an empty bearer; see HTTP-ANSWERED' },
    { requirementId: 'WALK-STABLE-ORDER', findings: [], skipped: 'the collection has a single page' },
    {
      requirementId: 'HTTP-ANSWERED',
      findings: [...ok('HTTP-ANSWERED', 10), { requirementId: 'HTTP-ANSWERED', ok: false, message: 'page 9999 got no answer: timeout', exchangeIds: ['x5'] }],
    },
  ];
  const specialIds = new Set(special.map((e) => e.requirementId));
  const passing: TestEvidence[] = REQUIREMENTS.filter((r) => !specialIds.has(r.id)).map((r) => ({
    requirementId: r.id,
    findings: ok(r.id, 2, ['x1']),
  }));
  const outcomes = [...special, ...passing].map((e) => outcome(e));
  const result = buildRunResult(outcomes, exchanges, context(over));
  return { result, exchanges, outcomes };
}
