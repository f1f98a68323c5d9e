/**
 * src/drift.ts on recorded exchanges: the described sets come from openapi.yaml (a field the schemas describe is
 * never drift, one they do not is, at any depth), each item is listed once with a masked example, infrastructure
 * headers are grouped apart, undescribed statuses are listed, and nothing of a value's text survives the mask.
 */
import { describe, expect, test } from 'vitest';
import { computeDrift, describedBy, isInfrastructureHeader, maskedExample, MAX_DRIFT_ITEMS } from '../src/drift.ts';
import { loadSpec } from '../src/spec.ts';
import { codesPage, makeExchange } from './helpers/exchange.ts';
import { renderDriftHtml, renderDriftMarkdown } from '../reporters/drift.ts';

const doc = loadSpec().document;

function pageWith(mutate: (body: Record<string, any>) => void): Record<string, unknown> {
  const body = codesPage({ total: 3, perPage: 2 }) as Record<string, any>;
  mutate(body);
  return body;
}

describe('described sets, from openapi.yaml', () => {
  test('documented statuses and the content type', () => {
    const d = describedBy(doc);
    expect([...d.statuses].sort()).toEqual(['200', '401', '422']);
    expect(d.headers.has('content-type')).toBe(true);
  });

  test('a page exactly as documented has no drift', () => {
    const r = computeDrift([makeExchange({ body: codesPage({ total: 3, perPage: 2 }) })], doc);
    expect(r).toEqual({ examined: 1, items: [] });
  });

  test('422 errors keys are described by additionalProperties: no drift for them', () => {
    const r = computeDrift([makeExchange({ status: 422, body: { message: 'x', errors: { per_page: ['bad'], anything: ['y'] } } })], doc);
    expect(r.items).toEqual([]);
  });
});

describe('fields beyond the contract', () => {
  const exchanges = [
    makeExchange({ id: 'x1', purpose: 'page 1', body: pageWith((b) => {
      b.data[0].comment = null;
      b.data[1].comment = 'Gate for Mrs Smith 4411';
      b.data[0].intercom.serial = 'SN-1234';
      b.meta.links.forEach((l: any, i: number) => (l.page = i === 0 ? null : i));
      b.links.self = 'https://vms.example.test/api/v1/intercom/codes?page=1';
      b.debug = { sql: 'select *' };
    }) }),
    makeExchange({ id: 'x2', purpose: 'page 2', body: pageWith((b) => (b.data[0].comment = 'x')) }),
    makeExchange({ id: 'x3', status: 401, body: { message: 'Unauthenticated.', hint: 'renew your token' } }),
  ];
  const r = computeDrift(exchanges, doc);
  const byName = new Map(r.items.map((i) => [i.name, i]));

  test('listed once each, at any depth, with where it is', () => {
    expect(r.items.filter((i) => i.kind === 'field').map((i) => `${i.where}: ${i.name}`)).toEqual([
      'record: data[].comment',
      'record intercom: data[].intercom.serial',
      'page body: debug',
      '401 body: hint',
      'links: links.self',
      'meta.links item: meta.links[].page',
    ]);
    expect(byName.get('data[].comment')!.count).toBe(2);
    expect(byName.get('data[].comment')!.type).toBe('null | string');
    // The first non-null value is the example, with the exchange it came from.
    expect(byName.get('data[].comment')!.example).toBe('"Xxxx xxx Xxx Xxxxx 9999" (23 chars)');
    expect(byName.get('data[].comment')!.seenIn).toEqual({ exchangeId: 'x1', purpose: 'page 1', status: 200 });
    expect(byName.get('hint')!.seenIn.status).toBe(401);
  });

  test('no value text survives: only its shape', () => {
    const json = JSON.stringify(r);
    for (const secret of ['Smith', '4411', 'SN-1234', 'select', 'renew']) expect(json).not.toContain(secret);
    expect(byName.get('debug')!.example).toBe('{1 keys}');
  });
});

describe('headers and statuses', () => {
  test('infrastructure headers are marked, others are contract drift, content-type is described', () => {
    const r = computeDrift(
      [makeExchange({ body: codesPage({ total: 1 }), headers: { 'content-type': 'application/json', date: 'Tue, 01 Dec 2026 10:00:00 GMT', 'set-cookie': 'laravel_session=abc123; path=/', 'x-ratelimit-remaining': '59', 'x-vendor-build': 'build-7781' } })],
      doc,
    );
    expect(r.items.map((i) => [i.name, i.infrastructure ?? false])).toEqual([
      ['x-vendor-build', false],
      ['date', true],
      ['set-cookie', true],
      ['x-ratelimit-remaining', true],
    ]);
    expect(JSON.stringify(r)).not.toContain('abc123');
    expect(JSON.stringify(r)).not.toContain('7781');
  });

  test('statuses openapi.yaml does not document are listed with the standard reason phrase', () => {
    const r = computeDrift([makeExchange({ status: 404, statusText: 'Secret text', body: '{"message":"Not Found"}' }), makeExchange({ status: 200, body: codesPage({ total: 1 }) })], doc);
    expect(r.items).toEqual([expect.objectContaining({ kind: 'status', name: '404', example: 'HTTP 404 Not Found', count: 1 })]);
  });

  test("the throttle's 429 is infrastructure, not contract drift", () => {
    const r = computeDrift([makeExchange({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '3' }, body: '{"message":"Too Many Attempts."}' })], doc);
    expect(r.items.map((i) => [i.kind, i.name, i.infrastructure])).toEqual([
      ['status', '429', true],
      ['header', 'retry-after', true],
    ]);
  });

  test('requests the suite itself stopped are not examined', () => {
    const r = computeDrift([makeExchange({ error: { kind: 'budget', message: 'budget' } })], doc);
    expect(r.examined).toBe(0);
  });
});

test('a body with thousands of distinct keys: at most MAX_DRIFT_ITEMS listed, the rest counted, long names cut', () => {
  const body = pageWith((b) => {
    for (let i = 0; i < 300; i++) b.meta[`k${i}`] = i;
    b.meta['a'.repeat(500)] = 1; // sorts first, so it is listed (cut)
  });
  const r = computeDrift([makeExchange({ body })], doc);
  expect(r.items).toHaveLength(MAX_DRIFT_ITEMS);
  expect(r.omitted).toBe(301 - MAX_DRIFT_ITEMS);
  expect(r.items[0].name).toMatch(/^meta\.a+…$/);
  expect(r.items[0].name.length).toBe(120);
});

test('maskedExample keeps the shape, never the text', () => {
  expect(maskedExample('2026-12-01 10:00:00')).toBe('"9999-99-99 99:99:99" (19 chars)');
  expect(maskedExample(12345)).toBe('99999');
  expect(maskedExample(true)).toBe('true');
  expect(maskedExample('Ünïcode € \u001b[31m')).toBe('"Xxxxxxx €  [99x" (15 chars)');
  expect(maskedExample('a'.repeat(100))).toMatch(/^"x{31}…" \(100 chars\)$/);
  expect(isInfrastructureHeader('X-RateLimit-Limit')).toBe(true);
  expect(isInfrastructureHeader('x-vendor-build')).toBe(false);
});

test('a hostile field name is escaped in report.html and cannot break the summary.md table', () => {
  const key = '<script>alert(1)</script>|`x`';
  const r = computeDrift([makeExchange({ body: pageWith((b) => (b.meta[key] = 1)) })], doc);
  expect(renderDriftHtml(r)).not.toContain('<script>alert');
  const row = renderDriftMarkdown(r).find((l) => l.includes('alert'))!;
  expect(row.split(' | ')).toHaveLength(5); // still five cells
  expect(row).not.toContain('`x`');
});
