/**
 * The real CLI against a target that misbehaves on selected requests (test/helpers/hostile-server.ts in front
 * of the reference server): encodings a correct client must handle pass; hangs, resets, truncated bodies,
 * invalid JSON, HTML pages and 5xx fail the right requirements with the exchange as evidence, never a crash.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { startHostile, queryHas, type HostileServer, type Misbehaviour, type Rule } from './helpers/hostile-server.ts';
import { check, looksLikeCrash, readResults, runCli, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';
import type { RunResult } from '../src/evidence.ts';

const TOKEN = 'hostile-test-token';
/** Matches a request whose query string is exactly `q` (as the suite sends it: per_page first, then page). */
const queryIs = (q: string) => (req: { url?: string }) => (req.url ?? '').endsWith(`?${q}`);

let reference: ReferenceServer;
const runs: Record<string, { proxy: HostileServer; run: CliRun; result: RunResult }> = {};

async function runAgainst(name: string, rules: Rule[], args: string[] = []): Promise<void> {
  const proxy = await startHostile({ upstream: reference.baseUrl, rules });
  const run = await runCli(['--base-url', proxy.baseUrl, '--token', TOKEN, '--quiet', ...args]);
  runs[name] = { proxy, run, result: readResults(run.out) };
}

// One misbehaviour per request of the page matrix (total 30: sizes 1, 7, 10, 25 and 100; the cells the X-Client
// comparison and the walk read, 25/1 and 100/1, stay intact).
const BROKEN: Array<{ query: string; action: Misbehaviour; failing: string }> = [
  { query: 'per_page=7&page=2', action: 'reset', failing: 'HTTP-ANSWERED' },
  { query: 'per_page=7&page=5', action: 'truncate', failing: 'HTTP-ANSWERED' },
  { query: 'per_page=1&page=15', action: 'invalid-json', failing: 'HTTP-JSON-BODY' },
  { query: 'per_page=1&page=30', action: 'html-200', failing: 'HTTP-CONTENT-TYPE' },
  { query: 'per_page=25&page=3', action: 'html-500', failing: 'HTTP-NO-SERVER-ERROR' },
  { query: 'per_page=10&page=3', action: '5xx', failing: 'HTTP-NO-SERVER-ERROR' },
  { query: 'per_page=25&page=2147483648', action: 'bad-gzip', failing: 'HTTP-ANSWERED' },
];

beforeAll(async () => {
  reference = await startReference({ token: TOKEN, total: 30 });
  await Promise.all([
    runAgainst('encodings', [
      { match: queryHas('page', '1'), action: 'gzip' },
      { match: queryHas('page', '2'), action: 'chunked' },
      { match: queryIs('per_page=7&page=5'), action: 'rate-limit', times: 1 },
    ]),
    runAgainst('hang', [{ match: queryHas('page', 'abc'), action: 'hang' }], ['--timeout-ms', '3000']),
    runAgainst('broken', BROKEN.map((b) => ({ match: queryIs(b.query), action: b.action }))),
    // Every answer labelled gzip and not gzip, the smoke request's included (a broken compression middleware).
    runAgainst('undecodable', [{ match: () => true, action: 'bad-gzip' }]),
    runAgainst('garbled-first-page', [{ match: queryIs('per_page=25&page=1'), action: 'invalid-json' }]),
    // A limiter that never lets these through (429, Retry-After 1): links.next's page 2 and every ios-cctv request.
    runAgainst('refused-429', [{ match: (r) => queryIs('page=2')(r) || r.headers['x-client'] === 'ios-cctv', action: 'rate-limit' }]),
  ]);
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  for (const r of Object.values(runs)) await r.proxy.close();
  await reference?.close();
});

describe('encodings a correct client handles: gzip, chunked, 429 with Retry-After', () => {
  test('the run is conformant (exit 0) although bodies came gzip-encoded and chunked', () => {
    const { run, result, proxy } = runs.encodings!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(result.verdict).toBe('conformant');
    // The misbehaviours really happened.
    const actions = new Set(proxy.requests.map((r) => r.action));
    expect([...actions].sort()).toEqual(['chunked', 'gzip', 'proxy', 'rate-limit']);
    for (const id of ['HTTP-JSON-BODY', 'SCHEMA-200', 'PAG-CURRENT-PAGE', 'LINKS-FOLLOW-NEXT']) expect(check(result, id).status).toBe('pass');
  });

  test('the 429 was retried after Retry-After and reported in stats.rateLimited, not as a failure', () => {
    const { result, proxy } = runs.encodings!;
    expect(result.stats.rateLimited).toBe(1);
    const hits = proxy.requests.filter((r) => r.url.endsWith('?per_page=7&page=5'));
    expect(hits.map((h) => h.action)).toEqual(['rate-limit', 'proxy']);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(900); // Retry-After: 1 honoured
  });

  test('only GET ever reached the server over a whole run, at most 4 at once (the default concurrency)', () => {
    for (const { proxy } of Object.values(runs)) {
      expect(proxy.requests.length).toBeGreaterThan(20);
      expect(new Set(proxy.requests.map((r) => r.method))).toEqual(new Set(['GET']));
      expect(proxy.maxInFlight).toBeLessThanOrEqual(4);
    }
  });
});

describe('a target that hangs on one request (page=abc)', () => {
  test('exit 1: the requirements behind that request fail with "timed out after 3000 ms", the others are still evaluated', () => {
    const { run, result, proxy } = runs.hang!;
    expect(proxy.requests.some((r) => r.action === 'hang')).toBe(true);
    expect(run.code).toBe(1);
    expect(run.durationMs).toBeLessThan(50_000); // bounded by the 3 s timeout, not by the hang
    expect(looksLikeCrash(run.stderr + run.stdout)).toBe(false);
    const answered = check(result, 'HTTP-ANSWERED');
    expect(answered.status).toBe('fail');
    expect(answered.message).toContain('timed out after 3000 ms');
    expect(check(result, 'VAL-PAGE-INVALID').status).toBe('fail');
    expect(check(result, 'VAL-PAGE-INVALID').message).toMatch(/timed out after 3000 ms/);
    // Everything that does not depend on page=abc was still evaluated and passed.
    for (const id of ['PAG-LAST-PAGE', 'LINKS-FOLLOW-NEXT', 'WALK-EACH-RECORD-ONCE', 'AUTH-MISSING-TOKEN', 'VAL-PER-PAGE-INVALID', 'SCHEMA-422'])
      expect(check(result, id).status, id).toBe('pass');
    // The evidence is the timed-out exchange itself.
    const ids = answered.violations.flatMap((v) => v.exchangeIds ?? []);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(result.exchanges[id]?.request.url).toContain('page=abc');
      expect(result.exchanges[id]?.error?.kind).toBe('timeout');
    }
  });
});

describe('a target that resets, truncates, sends invalid JSON, HTML pages and 5xx on selected requests', () => {
  test('exit 1 with a verdict, never a crash', () => {
    const { run, result } = runs.broken!;
    expect(run.code).toBe(1);
    expect(result.verdict).toBe('non-conformant');
    expect(result.harnessErrors ?? []).toEqual([]);
    expect(looksLikeCrash(run.stderr + run.stdout)).toBe(false);
    expect(run.stdout).toMatch(/^NON-CONFORMANT: /m);
  });

  test.each(BROKEN)('$action on ?$query fails $failing with that exchange as evidence', ({ query, action, failing }) => {
    const { result, proxy } = runs.broken!;
    expect(proxy.requests.some((r) => r.action === action)).toBe(true);
    const c = check(result, failing);
    expect(c.status).toBe('fail');
    const referenced = c.violations.flatMap((v) => v.exchangeIds ?? []);
    const evidence = referenced.map((id) => result.exchanges[id]).filter((e) => e?.request.url.endsWith(`?${query}`));
    expect(evidence.length, `an exchange for ?${query} among ${failing}'s evidence`).toBeGreaterThan(0);
    const e = evidence[0]!;
    if (action === 'reset') expect(e.error?.kind).toBe('reset');
    if (action === 'truncate') expect(e.error?.message).toMatch(/truncated body/);
    if (action === 'invalid-json') expect(e.response?.status).toBe(200);
    if (action === 'html-200') expect(e.response?.headers['content-type']).toMatch(/text\/html/);
    if (action === 'html-500') expect(e.response?.status).toBe(500);
    if (action === '5xx') expect(e.response?.status).toBe(503);
    if (action === 'bad-gzip') expect(e.error?.message).toMatch(/could not be decoded/);
  });

  test('requirements untouched by the broken requests still pass', () => {
    const { result } = runs.broken!;
    for (const id of ['AUTH-MISSING-TOKEN', 'VAL-PAGE-INVALID', 'SCHEMA-401', 'SCHEMA-422', 'CLIENT-EVERY-VALUE']) expect(check(result, id).status, id).toBe('pass');
  });
});

describe('a target whose every answer is undecodable (Content-Encoding gzip on a body that is not)', () => {
  test('a verdict (exit 1), not a setup error: the target answered, and HTTP-ANSWERED fails with the evidence', () => {
    const { run, result } = runs.undecodable!;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/unreachable|not HTTP/);
    expect(result.verdict).toBe('non-conformant');
    const c = check(result, 'HTTP-ANSWERED');
    expect(c.status).toBe('fail');
    expect(c.violations[0]!.message).toMatch(/^Received 200 with a body that could not be read for smoke: .*could not be decoded/);
    const smoke = Object.values(result.exchanges).find((e) => e.purpose.startsWith('smoke'))!;
    expect(smoke.error).toMatchObject({ kind: 'protocol', answeredStatus: 200 });
  });
});

describe('a target whose first page is invalid JSON', () => {
  test('the requirements that need the total are skipped with the reason in the body\'s own words', () => {
    const { run, result } = runs['garbled-first-page']!;
    expect(run.code, run.stderr).toBe(1);
    expect(check(result, 'HTTP-JSON-BODY').status).toBe('fail');
    const c = check(result, 'PAG-CURRENT-PAGE');
    expect(c.status).toBe('skip');
    expect(c.message).toBe('not checked: the first page could not be read (its body is invalid or truncated JSON); see HTTP-* and SCHEMA-200');
  });
});

describe('a target that answers some requests 429 for longer than the suite waits', () => {
  test('no verdict (exit 2, incomplete), never a failure: what rests on the 429s is not evaluated, and says why', () => {
    const { run, result } = runs['refused-429']!;
    expect(run.code, run.stderr).toBe(2);
    expect(result.verdict).toBe('incomplete');
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    expect(result.stats.rateLimited).toBeGreaterThan(5);
    // The chain stopped at page 2 and every ios-cctv answer was a 429: neither requirement held, nor failed.
    for (const id of ['LINKS-FOLLOW-NEXT', 'CLIENT-EVERY-VALUE', 'AUTH-EVERY-CLIENT']) {
      const c = check(result, id);
      expect(c.status, id).toBe('skip');
      expect(c.cutShort, id).toBe(true);
      expect(c.message, id).toMatch(/^not evaluated: the target's rate limit outlasted what the suite waits for it/);
    }
    // Requirements whose requests all came through still pass.
    for (const id of ['AUTH-MISSING-TOKEN', 'PAG-PER-PAGE', 'VAL-PAGE-INVALID']) expect(check(result, id).status, id).toBe('pass');
  });
});
