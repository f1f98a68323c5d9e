import { describe, expect, it } from 'vitest';
import { checkClientParity, checkHeaderTolerance, observeHeaderChoice } from '../src/checks/headers.ts';
import { codesPage, makeSample } from './helpers/exchange.ts';

const query = { perPage: '7', page: '2' };
const page = (total = 20) => codesPage({ total, perPage: 7, page: 2 });
const reference = () => makeSample({ status: 200, body: page(), query, requestHeaders: { 'x-client': 'web' } });
const asClient = (client: string, init: Parameters<typeof makeSample>[0]) =>
  makeSample({ query, requestHeaders: { 'x-client': client }, ...init });

describe('checkClientParity', () => {
  it('the same page passes; is_expired and live intercom status may differ', () => {
    expect(checkClientParity(reference(), asClient('ios-cctv', { status: 200, body: page() }), 'ios-cctv')).toMatchObject([{ ok: true }]);
    const flipped = page() as { data: Array<Record<string, unknown>> };
    flipped.data[0]!.is_expired = false;
    (flipped.data[1]!.intercom as Record<string, unknown>).is_online = false;
    expect(checkClientParity(reference(), asClient('web', { status: 200, body: flipped }), 'android-cctv')[0]!.ok).toBe(true);
  });

  it('a 500 only for thick-legal is a violation naming the client', () => {
    const f = checkClientParity(reference(), asClient('thick-legal', { status: 500, statusText: 'Internal Server Error', body: '' }), 'thick-legal');
    expect(f).toHaveLength(1);
    expect(f[0]!.ok).toBe(false);
    expect(f[0]!.message).toBe('Received 500 Internal Server Error for X-Client thick-legal, documented the same 200 as for X-Client web');
    expect(f[0]!.exchangeIds).toHaveLength(2);
  });

  it('different totals for ios-cctv', () => {
    const f = checkClientParity(reference(), asClient('ios-cctv', { status: 200, body: page(21) }), 'ios-cctv');
    const v = f.filter((x) => !x.ok);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('meta.total 21 (web: 20)');
    expect(v[0]!.expected).toEqual({ total: 20 });
  });

  it('different ids or order, and a changed field named without its value', () => {
    const swapped = page() as { data: unknown[] };
    swapped.data.reverse();
    expect(checkClientParity(reference(), asClient('x', { status: 200, body: swapped }), 'ios-cctv')[0]!.message).toContain('in the same order');
    const changed = page() as { data: Array<Record<string, unknown>> };
    changed.data[2]!.code = '******';
    changed.data[2]!.title = 'Other title';
    const f = checkClientParity(reference(), asClient('x', { status: 200, body: changed }), 'web');
    expect(f[0]!.ok).toBe(false);
    expect(f[0]!.message).toContain('record 1009 (title, code)');
    expect(JSON.stringify(f)).not.toContain('Other title');
    expect(JSON.stringify(f)).not.toContain('******');
  });

  it('no reference 200: not evaluated; the other unanswered: violation', () => {
    const bad = makeSample({ status: 500, body: '' });
    expect(checkClientParity(bad, asClient('ios-cctv', { status: 200, body: page() }), 'ios-cctv')).toEqual([]);
    expect(checkClientParity(reference(), asClient('ios-cctv', { error: { kind: 'reset', message: 'ECONNRESET' } }), 'ios-cctv')[0]!.ok).toBe(false);
  });
});

describe('checkHeaderTolerance and observeHeaderChoice', () => {
  it('200 and a JSON 400 are both fine and observed', () => {
    const ignored = makeSample({ status: 200, body: page() });
    expect(checkHeaderTolerance(ignored, 'unknown X-Client')[0]!.ok).toBe(true);
    expect(observeHeaderChoice(ignored, 'xClient.unknown')).toMatchObject({ key: 'xClient.unknown', value: 'ignored-200' });
    const refused = makeSample({ status: 400, body: { message: 'Unknown client' } });
    expect(checkHeaderTolerance(refused, 'unknown X-Client')[0]!.ok).toBe(true);
    expect(observeHeaderChoice(refused, 'xClient.unknown').value).toBe('rejected-400');
  });

  it('500, a redirect, an HTML 4xx and a timeout fail', () => {
    const s500 = makeSample({ status: 500, body: '{"message":"Server Error"}' });
    expect(checkHeaderTolerance(s500, 'unknown X-Client')[0]).toMatchObject({ ok: false, requirementId: 'CLIENT-UNKNOWN-OR-MISSING' });
    expect(checkHeaderTolerance(s500, 'unknown X-Client')[0]!.message).toContain('Received 500 with unknown X-Client');
    expect(observeHeaderChoice(s500, 'xClient.unknown').value).toBe('server-error-500');
    expect(checkHeaderTolerance(makeSample({ status: 302, body: '', headers: { location: '/login' } }), 'no X-UUID')[0]!.ok).toBe(false);
    expect(checkHeaderTolerance(makeSample({ status: 400, body: '<html>Bad</html>', headers: { 'content-type': 'text/html' } }), 'no X-UUID')[0]!.ok).toBe(false);
    const t = makeSample({ error: { kind: 'timeout', message: 'x' } });
    expect(checkHeaderTolerance(t, 'no X-Client')[0]!.ok).toBe(false);
    expect(observeHeaderChoice(t, 'xClient.missing').value).toBe('no-answer');
  });
});
