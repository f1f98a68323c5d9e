import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/evidence.ts';
import { checkIdentityEncoding, checkTransport, MAX_LISTED_OFFENDERS } from '../src/checks/transport.ts';
import { isApplicationJson } from '../src/checks/answer.ts';
import { codesPage, makeExchange } from './helpers/exchange.ts';

const TIMEOUT = 10_000;
const only = (findings: Finding[], id: string) => findings.filter((f) => f.requirementId === id);
const violations = (findings: Finding[], id: string) => only(findings, id).filter((f) => !f.ok);

const laravel401 = () => makeExchange({ status: 401, body: { message: 'Unauthenticated.' } });
const laravel422 = () =>
  makeExchange({
    status: 422,
    body: {
      message: 'The per page field must be an integer. (and 1 more error)',
      errors: { per_page: ['The per page field must be an integer.'], page: ['The page field must be at least 1.'] },
    },
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  });
const page200 = () => makeExchange({ status: 200, body: codesPage({ total: 3 }) });

describe('checkTransport', () => {
  it('passes realistic Laravel answers with one ok finding per requirement', () => {
    const f = checkTransport([page200(), laravel401(), laravel422(), makeExchange({ status: 404, body: 'Not Found', headers: { 'content-type': 'text/html' } })], TIMEOUT);
    for (const id of ['HTTP-NO-SERVER-ERROR', 'HTTP-ANSWERED', 'HTTP-JSON-BODY', 'HTTP-CONTENT-TYPE']) {
      expect(only(f, id)).toHaveLength(1);
      expect(only(f, id)[0]!.ok).toBe(true);
    }
    // the 404 is not one of the JSON statuses: 3 judged for body and content type
    expect(only(f, 'HTTP-JSON-BODY')[0]!.message).toContain('3 answers');
    expect(only(f, 'HTTP-ANSWERED')[0]!.message).toContain('4 requests');
  });

  it('flags a 5xx, naming the status and the query', () => {
    const e = makeExchange({ status: 500, statusText: 'Internal Server Error', body: '<html>oops</html>', headers: { 'content-type': 'text/html' }, query: { page: '0', perPage: '25' } });
    const v = violations(checkTransport([page200(), e], TIMEOUT), 'HTTP-NO-SERVER-ERROR');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toMatch(/^Received 500 Internal Server Error .*page=0.*documented 200, 401 or 422/);
    expect(v[0]!.exchangeIds).toEqual([e.id]);
    expect(v[0]!.actual).toBe(500);
  });

  it('flags timeouts and resets but not the suite\'s own budget and deadline', () => {
    const timeout = makeExchange({ error: { kind: 'timeout', message: 'Headers Timeout Error' } });
    const reset = makeExchange({ error: { kind: 'reset', message: 'connection reset by peer', code: 'ECONNRESET' } });
    const truncated = makeExchange({ error: { kind: 'reset', message: 'connection closed mid-body: truncated body' } });
    const garbled = makeExchange({ error: { kind: 'protocol', message: '' } });
    const budget = makeExchange({ error: { kind: 'budget', message: 'max requests reached' } });
    const deadline = makeExchange({ error: { kind: 'deadline', message: 'deadline passed' } });
    const f = checkTransport([timeout, reset, truncated, garbled, budget, deadline], TIMEOUT);
    const v = violations(f, 'HTTP-ANSWERED');
    expect(v.map((x) => x.exchangeIds![0])).toEqual([timeout.id, reset.id, truncated.id, garbled.id]);
    expect(v[0]!.message).toContain('timed out after 10000 ms');
    expect(v[1]!.message).toContain('connection reset');
    expect(v[2]!.message).toContain('truncated');
    expect(v[3]!.message).toContain('malformed or truncated HTTP answer');
    // nothing answered: no other transport finding
    expect(only(f, 'HTTP-NO-SERVER-ERROR')).toHaveLength(0);
  });

  it('only budget/deadline exchanges: nothing evaluated', () => {
    expect(checkTransport([makeExchange({ error: { kind: 'budget', message: 'x' } })], TIMEOUT)).toEqual([]);
    expect(checkTransport([], TIMEOUT)).toEqual([]);
  });

  it('flags an HTML 401, invalid JSON and a JSON array, without quoting the body', () => {
    const html = makeExchange({ status: 401, body: '<!DOCTYPE html><html><body>Login 12345</body></html>', headers: { 'content-type': 'text/html; charset=UTF-8' } });
    const broken = makeExchange({ status: 200, body: '{"data":[{"id":1,"code":"*****"' });
    const array = makeExchange({ status: 422, body: '[]' });
    const f = checkTransport([html, broken, array], TIMEOUT);
    const v = violations(f, 'HTTP-JSON-BODY');
    expect(v.map((x) => x.actual)).toEqual(['an HTML page', 'invalid or truncated JSON', 'JSON that is not an object']);
    for (const x of v) expect(x.message).not.toContain('12345');
    const ct = violations(f, 'HTTP-CONTENT-TYPE');
    expect(ct).toHaveLength(1);
    expect(ct[0]!.message).toContain('"text/html; charset=UTF-8"');
    expect(ct[0]!.message).toContain('documented application/json');
  });

  it('a byte order mark before the JSON is named (RFC 8259 forbids it); JSON whitespace around the body is fine', () => {
    const bom = makeExchange({ status: 200, body: '\uFEFF' + JSON.stringify(codesPage({ total: 3 })) });
    const bom401 = makeExchange({ status: 401, body: '\uFEFF{"message":"Unauthenticated."}' });
    const spaced = makeExchange({ status: 422, body: ' \r\n\t{"message":"m","errors":{"page":["e"]}}\n' });
    // String.trim() would strip a no-break space, which JSON.parse refuses: the body is not a JSON object
    const nbsp = makeExchange({ status: 200, body: '\u00a0{}' });
    const v = violations(checkTransport([bom, bom401, spaced, nbsp], TIMEOUT), 'HTTP-JSON-BODY');
    expect(v.map((x) => x.exchangeIds)).toEqual([[bom.id], [bom401.id], [nbsp.id]]);
    expect(v[0]!.actual).toBe('a JSON object behind a byte order mark (U+FEFF, which RFC 8259 forbids before JSON)');
    expect(v[0]!.message).toMatch(/^Received a JSON object behind a byte order mark .* with 200 for .*, documented a JSON object$/);
    expect(v[2]!.actual).not.toContain('JSON object');
  });

  it('content type: charset allowed, +json, text/html, missing and mixed duplicates refused', () => {
    expect(isApplicationJson('application/json')).toBe(true);
    expect(isApplicationJson('application/json; charset=UTF-8')).toBe(true);
    expect(isApplicationJson('Application/JSON;charset=utf-8')).toBe(true);
    expect(isApplicationJson('application/json, application/json')).toBe(true);
    expect(isApplicationJson('application/problem+json')).toBe(false);
    expect(isApplicationJson('text/html; charset=UTF-8')).toBe(false);
    expect(isApplicationJson('text/plain')).toBe(false);
    expect(isApplicationJson(undefined)).toBe(false);
    expect(isApplicationJson('')).toBe(false);
    expect(isApplicationJson('application/json, text/html')).toBe(false);
    const missing = makeExchange({ status: 200, body: codesPage({ total: 1 }), headers: {} });
    const v = violations(checkTransport([missing], TIMEOUT), 'HTTP-CONTENT-TYPE');
    expect(v[0]!.message).toContain('(none)');
  });

  it('caps violations per requirement and sums up the rest', () => {
    const many = Array.from({ length: 25 }, () => makeExchange({ status: 503, body: '' }));
    const v = violations(checkTransport(many, TIMEOUT), 'HTTP-NO-SERVER-ERROR');
    expect(v).toHaveLength(MAX_LISTED_OFFENDERS + 1);
    expect(v.at(-1)!.message).toMatch(/^\.\.\. and 5 more exchanges/);
  });

  it('never throws on garbage', () => {
    const weird = makeExchange({ status: 200, body: 'null', url: 'not a url', headers: { 'content-type': 'application/json' } });
    const noResponse = makeExchange({});
    delete (noResponse as { response?: unknown }).response;
    expect(() => checkTransport([weird, noResponse], TIMEOUT)).not.toThrow();
    const f = checkTransport([weird, noResponse], TIMEOUT);
    expect(violations(f, 'HTTP-JSON-BODY')).toHaveLength(1);
    expect(violations(f, 'HTTP-ANSWERED')[0]!.message).toContain('no answer was recorded');
  });
});

describe('checkIdentityEncoding (HTTP-IDENTITY-ENCODING)', () => {
  const identity = { 'accept-encoding': 'identity' };
  it('judges only the requests that accepted identity alone', () => {
    const gzipToGzip = makeExchange({ status: 200, body: codesPage({ total: 3 }), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, requestHeaders: { 'accept-encoding': 'gzip, deflate' } });
    expect(checkIdentityEncoding([gzipToGzip])).toEqual([]);
  });

  it('an uncompressed answer to identity passes; a gzipped one is a violation naming the coding', () => {
    const plain = makeExchange({ status: 200, body: codesPage({ total: 3 }), requestHeaders: identity });
    expect(checkIdentityEncoding([plain]).map((f) => f.ok)).toEqual([true]);
    const explicit = makeExchange({ status: 200, body: codesPage({ total: 3 }), headers: { 'content-type': 'application/json', 'content-encoding': 'identity' }, requestHeaders: identity });
    expect(checkIdentityEncoding([explicit]).map((f) => f.ok)).toEqual([true]);
    const gzipped = makeExchange({ status: 200, body: codesPage({ total: 3 }), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, requestHeaders: identity });
    const [f] = checkIdentityEncoding([gzipped]);
    expect(f!.ok).toBe(false);
    expect(f!.requirementId).toBe('HTTP-IDENTITY-ENCODING');
    expect(f!.message).toMatch(/Received Content-Encoding "gzip".*Accept-Encoding: identity.*RFC 9110/);
  });

  it('a request without an answer is not judged here (HTTP-ANSWERED judges it)', () => {
    expect(checkIdentityEncoding([makeExchange({ error: { kind: 'timeout', message: 'x' }, requestHeaders: identity })])).toEqual([]);
  });
});
