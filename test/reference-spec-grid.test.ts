/**
 * The reference server's bodies validate against openapi.yaml (src/spec.ts) over a grid of totals, page sizes
 * and pages (first, middle, last, past the end), plus its 401 and 422 bodies and its conformant variants.
 * Skipped, with a message, when src/spec.ts is not there.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';
import { packagePath } from '../src/paths.ts';
import { ENDPOINT_PATH } from '../src/target.ts';

const SPEC_PRESENT = existsSync(packagePath('src', 'spec.ts')) && existsSync(packagePath('openapi.yaml'));
if (!SPEC_PRESENT) console.warn('reference-spec-grid: src/spec.ts or openapi.yaml missing; grid skipped');

type Validate = (status: number, body: unknown) => Array<{ path: string; message: string }> | null;

const get = (url: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> =>
  new Promise((resolve, reject) => {
    http
      .get(url, { headers: { accept: 'application/json', ...headers } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) }));
      })
      .on('error', reject);
  });

describe.skipIf(!SPEC_PRESENT)('reference bodies against openapi.yaml', () => {
  let validate: Validate;
  const servers: ReferenceServer[] = [];
  beforeAll(async () => {
    const spec = await import('../src/spec.ts');
    const compiled = spec.loadSpec();
    validate = (status, body) => compiled.validateResponse(status, body);
    // The validator itself must be able to fail, or this grid proves nothing.
    expect(validate(200, { data: 'x' })?.length ?? 0).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const start = async (o: ReferenceOptions) => {
    const s = await startReference(o);
    servers.push(s);
    return s;
  };
  const expectValid = async (s: ReferenceServer, query: string, status: number, headers = { authorization: `Bearer ${s.token}` }) => {
    const r = await get(`${s.baseUrl}${ENDPOINT_PATH}${query}`, headers);
    expect(r.status, query).toBe(status);
    expect(validate(r.status, r.json), `${status} ${query}`).toEqual([]);
  };

  it.each([0, 1, 100, 137, 1000])('total %i: per_page 1, 7, 10, 25, 100 × first/middle/last/past-end pages', async (total) => {
    const s = await start({ total });
    for (const perPage of [1, 7, 10, 25, 100]) {
      const last = Math.max(Math.ceil(total / perPage), 1);
      for (const page of new Set([1, Math.ceil(last / 2), last, last + 1])) {
        await expectValid(s, `?per_page=${perPage}&page=${page}`, 200);
      }
    }
  });

  it('401 and 422 bodies', async () => {
    const s = await start({});
    await expectValid(s, '', 401, {} as { authorization: string });
    await expectValid(s, '?page=abc&per_page=0', 422);
    await expectValid(s, '?page=', 422);
  });

  it.each<[string, ReferenceOptions]>([
    ['translated labels, onEachSide 1', { labels: 'translated', onEachSide: 1 }],
    ['withQueryString, desc order', { withQueryString: true, order: 'desc' }],
    ['custom messages, required params', { messages: 'custom', requireParams: true }],
    ['page key', { pageKey: true }],
    ['extra fields', { extraFields: true }],
  ])('conformant variant: %s', async (_, options) => {
    const s = await start(options);
    await expectValid(s, '?per_page=1&page=70', 200);
    await expectValid(s, '?per_page=10&page=20', 200);
    await expectValid(s, '', options.requireParams ? 422 : 200);
    await expectValid(s, '?page=x&per_page=1', 422);
    await expectValid(s, '', 401, {} as { authorization: string });
  });
});
