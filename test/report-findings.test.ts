/**
 * Findings grouped by shape, the request in words, schema errors by path pattern, the marked body field and the
 * probable cause: on violations shaped like the real checks' (the floor-instead-of-ceil bug, a string id).
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Exchange, Finding, RunResult } from '../src/evidence.ts';
import { groupViolations, requestWords, schemaGroupText } from '../reporters/findings.ts';
import { locatePointer, markedBodyHtml } from '../reporters/body-mark.ts';
import { reindentJson } from '../reporters/body.ts';
import { causeSentence, probableCauses } from '../reporters/probable-cause.ts';
import { escapeHtml } from '../reporters/html.ts';
import { exchange, ENDPOINT, headers, syntheticRun } from './report-fixtures.ts';

const lastPage = (id: string, perPage: number, got: number, want: number, prefix = ''): Finding => ({
  requirementId: 'PAG-LAST-PAGE',
  ok: false,
  message: `${prefix}Received meta.last_page ${got} for total 137 and per_page ${perPage}, documented max(ceil(total / per_page), 1) = ${want}`,
  expected: want,
  actual: got,
  exchangeIds: [id],
});

function exchanges(specs: Array<[string, string, string?]>): Record<string, Exchange> {
  return Object.fromEntries(
    specs.map(([id, query, client]) => [id, exchange(id, { request: { method: 'GET', url: `${ENDPOINT}?${query}`, headers: headers(client ? { 'x-client': client } : {}) } })]),
  );
}

describe('groupViolations', () => {
  const xs = exchanges([
    ['x1', 'per_page=7&page=1'],
    ['x2', 'per_page=7&page=2'],
    ['x3', 'per_page=7&page=20'],
    ['x4', 'per_page=25&page=1'],
    ['x5', 'per_page=25&page=1', 'ios-cctv'],
  ]);

  it('makes violations that differ only in the request one finding with a count and the requests in words', () => {
    const check = { violations: [lastPage('x1', 7, 19, 20), lastPage('x2', 7, 19, 20), lastPage('x3', 7, 19, 20), lastPage('x4', 25, 5, 6)] };
    const groups = groupViolations(check, xs);
    expect(groups.map((g) => g.count)).toEqual([3, 1]);
    expect(groups[0].requests.map((r) => r.words)).toEqual(['per_page=7&page=1, web', 'per_page=7&page=2, web', 'per_page=7&page=20, web']);
    expect(groups[0].pointer).toBe('/meta/last_page');
    expect(groups[0]).toMatchObject({ expected: 20, actual: 19 });
  });

  it('drops the request label of labelled messages when grouping them', () => {
    const groups = groupViolations({ violations: [lastPage('x4', 25, 5, 6, 'X-Client web: '), lastPage('x5', 25, 5, 6, 'X-Client ios-cctv: ')] }, xs);
    expect(groups).toHaveLength(1);
    expect(groups[0].message).toMatch(/^Received meta.last_page 5/);
    expect(groups[0].requests.map((r) => r.words)).toEqual(['per_page=25&page=1, web', 'per_page=25&page=1, ios-cctv']);
  });

  it('groups schema errors by path pattern: "/data/*/id must be integer, N records on M responses"', () => {
    const schemaViolation = (id: string, n: number): Finding => ({
      requirementId: 'SCHEMA-200',
      ok: false,
      message: `The 200 body does not match CodesPage: ${n} schema errors`,
      exchangeIds: [id],
      schemaErrors: Array.from({ length: n }, (_, i) => ({ path: `/data/${i}/id`, message: 'must be integer', keyword: 'type' })),
    });
    const groups = groupViolations({ violations: [schemaViolation('x1', 7), schemaViolation('x2', 7), schemaViolation('x3', 3)] }, xs);
    expect(groups).toHaveLength(1);
    expect(groups[0].count).toBe(3);
    expect(groups[0].schemaGroups).toHaveLength(1);
    expect(schemaGroupText(groups[0].schemaGroups[0])).toBe('/data/*/id must be integer, 17 records on 3 responses');
    expect(groups[0].pointer).toBe('/data/0/id');
  });

  it('names the request in words: query, X-Client, an unusual Authorization', () => {
    const x = exchange('x9', { request: { method: 'GET', url: `${ENDPOINT}?page=%2B2&per_page=abc`, headers: headers({ authorization: 'Basic ***' }) } });
    expect(requestWords(x)).toBe('page=+2&per_page=abc, web, Authorization Basic ***');
    const { ['x-client']: _c, ['authorization']: _a, ...bare } = headers();
    expect(requestWords(exchange('x10', { request: { method: 'GET', url: ENDPOINT, headers: bare } }))).toBe('no query, no X-Client, no Authorization');
  });
});

describe('the marked body field', () => {
  const text = reindentJson('{"data":[{"id":1},{"id":"2"}],"meta":{"current_page":1,"last_page":19,"links":[{"url":null}]}}');

  it('finds the member a JSON pointer names, and nothing for a path that is not there', () => {
    const at = (p: string) => {
      const r = locatePointer(text, p);
      return r && text.slice(r.start, r.end);
    };
    expect(at('/meta/last_page')).toBe('"last_page": 19');
    expect(at('/data/1/id')).toBe('"id": "2"');
    expect(at('/meta/links/0/url')).toBe('"url": null');
    expect(at('/meta/nope')).toBeUndefined();
    expect(at('/data/9')).toBeUndefined();
    // A body cut short before the field: not found, no error.
    expect(locatePointer(text.slice(0, 40), '/meta/last_page')).toBeUndefined();
  });

  it('wraps it in <mark>, escaping everything', () => {
    const hostile = reindentJson('{"x":"<script>","meta":{"last_page":19}}');
    const { html, marked } = markedBodyHtml(hostile, '/meta/last_page', escapeHtml);
    expect(marked).toBe(true);
    expect(html).toContain('<mark class="hit" title="/meta/last_page">&#34;last_page&#34;: 19</mark>');
    expect(html).not.toContain('<script>');
  });
});

describe('probableCauses', () => {
  function run(): RunResult {
    const r = syntheticRun().result;
    const set = (id: string, violations: Finding[]) => {
      const c = r.checks.find((x) => x.id === id)! as CheckResult;
      Object.assign(c, { status: 'fail', violations, message: violations[0].message });
    };
    set('PAG-LAST-PAGE', [lastPage('x1', 7, 19, 20), lastPage('x4', 25, 5, 6)]);
    set('META-LINKS-STRUCTURE', [
      { requirementId: 'META-LINKS-STRUCTURE', ok: false, message: 'Received meta.links pages from 1 to 20, documented from 1 to last_page 19', expected: { last: 19 }, actual: { last: 20 }, exchangeIds: ['x1'] },
    ]);
    set('CLIENT-EVERY-VALUE', [lastPage('x5', 25, 5, 6, 'X-Client ios-cctv: ')].map((v) => ({ ...v, requirementId: 'CLIENT-EVERY-VALUE' })));
    return r;
  }

  it('leads with the wrong field and lists the requirements that fail on the same value', () => {
    const causes = probableCauses(run());
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ field: 'meta.last_page', lead: 'PAG-LAST-PAGE', consequences: ['META-LINKS-STRUCTURE', 'CLIENT-EVERY-VALUE'] });
    expect(causeSentence(causes[0])).toBe(
      'meta.last_page is wrong: received 19 where 20 is documented (1 request), 5 where 6 is documented (1 request). PAG-LAST-PAGE fails on it directly; META-LINKS-STRUCTURE, CLIENT-EVERY-VALUE fail on the same value. Fix meta.last_page first.',
    );
  });

  it('says nothing when only one requirement fails on a field, or the others fail on other values', () => {
    const r = run();
    const client = r.checks.find((c) => c.id === 'CLIENT-EVERY-VALUE')!;
    client.violations = [lastPage('x5', 25, 4, 6, 'X-Client ios-cctv: ')];
    r.checks.find((c) => c.id === 'META-LINKS-STRUCTURE')!.status = 'pass';
    expect(probableCauses(r)).toEqual([]);
    expect(probableCauses(syntheticRun().result)).toEqual([]);
  });
});
