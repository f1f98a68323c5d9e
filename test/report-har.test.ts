/** exchanges.har against the har-schema package (see helpers/artifact-validators.ts); timings' lower bounds below. */
import { describe, expect, it } from 'vitest';
import { renderHar } from '../reporters/har.ts';
import { exchange, syntheticRun } from './report-fixtures.ts';
import { validateHar } from './helpers/artifact-validators.ts';

describe('renderHar', () => {
  const { exchanges } = syntheticRun();
  const har = JSON.parse(JSON.stringify(renderHar(exchanges, { version: '0.1.0' })));

  it('is valid HAR 1.2 according to har-schema', () => {
    expect(validateHar).toBeTypeOf('function');
    const ok = validateHar(har);
    expect(validateHar.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'vms-conformance', version: '0.1.0' });
  });

  it('the validator does reject a broken HAR', () => {
    const broken = JSON.parse(JSON.stringify(har));
    delete broken.log.entries[0].response.status;
    expect(validateHar(broken)).toBe(false);
  });

  it('leaves out requests refused by the budget, keeps every sent one', () => {
    const ids = har.log.entries.map((e: any) => e._id);
    expect(ids).not.toContain('x6');
    expect(ids.sort()).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x7', 'x8']);
  });

  it('keeps masked headers as recorded', () => {
    const x1 = har.log.entries.find((e: any) => e._id === 'x1');
    expect(x1.request.headers).toContainEqual({ name: 'authorization', value: 'Bearer ***' });
    const x4 = har.log.entries.find((e: any) => e._id === 'x4');
    expect(x4.request.headers).toContainEqual({ name: 'authorization', value: 'Basic ***' });
  });

  it('fills request, response, content and timings', () => {
    const x8 = har.log.entries.find((e: any) => e._id === 'x8');
    expect(x8.request).toMatchObject({ method: 'GET', httpVersion: 'HTTP/1.1', headersSize: -1, bodySize: 0, cookies: [] });
    expect(x8.request.queryString).toEqual([
      { name: 'per_page', value: '5' },
      { name: 'page', value: '2' },
    ]);
    expect(x8.response).toMatchObject({ status: 200, statusText: 'OK', redirectURL: '', headersSize: -1 });
    expect(x8.response.content.mimeType).toBe('application/json');
    expect(x8.response.content.text).toBe('{"data":[],"links":{},"meta":{}}');
    expect(x8.response.content.size).toBe(32);
    for (const e of har.log.entries) {
      expect(e.time).toBeGreaterThanOrEqual(0);
      for (const k of ['send', 'wait', 'receive']) expect(e.timings[k]).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
    }
  });

  it("reports a request's pauses (a 429's Retry-After) as blocked time, with its attempts and waits", () => {
    const waited = {
      ...exchange('x9', { durationMs: 1040 }),
      rateLimitRetries: 1,
      attempts: [
        { startMs: 0, durationMs: 15, status: 429, retryAfterMs: 1000 },
        { startMs: 1015, durationMs: 25, status: 200 },
      ],
      waits: [{ startMs: 15, ms: 1000, reason: 'retry-after' as const }],
    };
    const doc = JSON.parse(JSON.stringify(renderHar([waited], { version: '0.1.0' })));
    expect(validateHar(doc), JSON.stringify(validateHar.errors)).toBe(true);
    const [e] = doc.log.entries;
    expect(e.timings).toEqual({ blocked: 1000, send: 0, wait: 40, receive: 0 });
    expect(e.time).toBe(1040);
    expect(e._attempts.map((a: { status: number }) => a.status)).toEqual([429, 200]);
    expect(e._waits).toEqual(waited.waits);
  });

  it('records a transport error as status 0 with _error', () => {
    const x5 = har.log.entries.find((e: any) => e._id === 'x5');
    expect(x5.response.status).toBe(0);
    expect(x5.response._error).toBe('timeout: no answer within 10000 ms');
    expect(x5._retries).toBe(2);
  });
});
