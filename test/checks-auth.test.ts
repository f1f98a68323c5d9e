import { describe, expect, it } from 'vitest';
import { checkUnauthorized, observeBearerSchemeCase, UNAUTHORIZED_REQUIREMENTS } from '../src/checks/auth.ts';
import { codesPage, makeSample } from './helpers/exchange.ts';

const statusOf = (id: string, f: ReturnType<typeof checkUnauthorized>) => f.find((x) => x.requirementId === id)!;
const leakOf = (f: ReturnType<typeof checkUnauthorized>) => f.find((x) => x.requirementId === 'AUTH-NO-DATA-LEAK')!;

describe('checkUnauthorized', () => {
  it.each(UNAUTHORIZED_REQUIREMENTS)('Laravel 401 passes %s and leaks nothing', (id) => {
    const f = checkUnauthorized(makeSample({ status: 401, body: { message: 'Unauthenticated.' } }), id);
    expect(f).toHaveLength(2);
    expect(statusOf(id, f).ok).toBe(true);
    expect(leakOf(f).ok).toBe(true);
  });

  it('custom 401 wording and an error number are fine', () => {
    const f = checkUnauthorized(makeSample({ status: 401, body: { message: 'Token invalide', code: 401 } }), 'AUTH-WRONG-TOKEN');
    expect(f.every((x) => x.ok)).toBe(true);
  });

  it('403 → Received 403, documented 401', () => {
    const f = checkUnauthorized(makeSample({ status: 403, body: { message: 'Forbidden' } }), 'AUTH-WRONG-TOKEN');
    expect(statusOf('AUTH-WRONG-TOKEN', f)).toMatchObject({ ok: false, expected: 401, actual: 403 });
    expect(statusOf('AUTH-WRONG-TOKEN', f).message).toBe('Received 403, documented 401');
  });

  it('302 to the login page names the location without its query', () => {
    const s = makeSample({ status: 302, body: '', headers: { location: 'https://vms.example.test/login?next=%2Fapi' } });
    const f = checkUnauthorized(s, 'AUTH-MISSING-TOKEN');
    expect(statusOf('AUTH-MISSING-TOKEN', f).ok).toBe(false);
    expect(statusOf('AUTH-MISSING-TOKEN', f).message).toBe(
      'Received 302: redirected to https://vms.example.test/login (login page?), documented 401',
    );
  });

  it('200 with data for a wrong token: served without credentials, and a leak', () => {
    const f = checkUnauthorized(makeSample({ status: 200, body: codesPage({ total: 3 }) }), 'AUTH-WRONG-TOKEN');
    expect(statusOf('AUTH-WRONG-TOKEN', f).message).toContain('served without valid credentials');
    const leak = leakOf(f);
    expect(leak.ok).toBe(false);
    expect(leak.message).toContain('data with 3 records');
    expect(leak.message).toContain('pagination meta');
    expect(leak.message).toContain('3 code values');
    expect(JSON.stringify(f)).not.toContain('*****');
  });

  it('422 before auth: validation ran before authentication', () => {
    const s = makeSample({ status: 422, body: { message: 'The page field must be at least 1.', errors: { page: ['The page field must be at least 1.'] } }, query: { page: '0' } });
    const f = checkUnauthorized(s, 'AUTH-BEFORE-VALIDATION');
    expect(statusOf('AUTH-BEFORE-VALIDATION', f).message).toBe('Received 422: validation ran before authentication, documented 401');
    expect(leakOf(f).ok).toBe(true);
    expect(statusOf('AUTH-WRONG-TOKEN', checkUnauthorized(s, 'AUTH-WRONG-TOKEN')).message).toBe('Received 422, documented 401');
  });

  it('a 401 carrying codes or pagination leaks', () => {
    const withCodes = makeSample({ status: 401, body: { message: 'Unauthenticated.', hint: [{ id: 1, code: '*****' }] } });
    expect(leakOf(checkUnauthorized(withCodes, 'AUTH-WRONG-TOKEN'))).toMatchObject({ ok: false });
    const withMeta = makeSample({ status: 401, body: { message: 'Unauthenticated.', data: [], meta: { total: 40 }, links: { next: null } } });
    const leak = leakOf(checkUnauthorized(withMeta, 'AUTH-WRONG-TOKEN'));
    expect(leak.ok).toBe(false);
    expect(leak.actual).toEqual(['pagination meta', 'pagination links']);
    const topString = makeSample({ status: 401, body: { message: 'Unauthenticated.', code: '*****' } });
    expect(leakOf(checkUnauthorized(topString, 'AUTH-WRONG-TOKEN')).ok).toBe(false);
  });

  it('an HTML 401 body: status holds, no JSON leak unless a "code" pair shows', () => {
    const html = makeSample({ status: 401, body: '<html><body>Unauthorized</body></html>', headers: { 'content-type': 'text/html' } });
    const f = checkUnauthorized(html, 'AUTH-EMPTY-BEARER');
    expect(statusOf('AUTH-EMPTY-BEARER', f).ok).toBe(true); // the body is judged by HTTP-JSON-BODY / SCHEMA-401
    expect(leakOf(f).ok).toBe(true);
    const truncated = makeSample({ status: 401, body: '{"data":[{"id":1,"code":"****' });
    expect(leakOf(checkUnauthorized(truncated, 'AUTH-EMPTY-BEARER')).ok).toBe(false);
  });

  it('5xx and no answer are violations; budget and 429 are not judged', () => {
    const f = checkUnauthorized(makeSample({ status: 500, statusText: 'Internal Server Error', body: '' }), 'AUTH-WRONG-SCHEME');
    expect(statusOf('AUTH-WRONG-SCHEME', f).message).toBe('Received 500 Internal Server Error, documented 401');
    const t = checkUnauthorized(makeSample({ error: { kind: 'timeout', message: 'x' } }), 'AUTH-EVERY-CLIENT');
    expect(t).toHaveLength(1);
    expect(t[0]!.ok).toBe(false);
    // Not judged: a marker per requirement naming the exchange (dropped by the suites' evidence layer), never a violation.
    for (const s of [makeSample({ error: { kind: 'budget', message: 'x' } }), makeSample({ status: 429, body: { message: 'Too Many Attempts.' } })]) {
      const f = checkUnauthorized(s, 'AUTH-EVERY-CLIENT');
      expect(f.map((x) => [x.requirementId, x.ok, x.exchangeIds])).toEqual([['AUTH-EVERY-CLIENT', true, [s.exchange.id]], ['AUTH-NO-DATA-LEAK', true, [s.exchange.id]]]);
      expect(f[0]!.message).toMatch(/^not judged: /);
    }
  });
});

describe('observeBearerSchemeCase (never judged: both readings are real Laravel versions)', () => {
  const lower = (status: number | undefined) =>
    status === undefined ? makeSample({ error: { kind: 'reset', message: 'socket hang up' } }) : makeSample({ status, body: status === 200 ? codesPage({ total: 2 }) : { message: 'Unauthenticated.' } });
  it('200: case-insensitive (11.34+); 401: case-sensitive (up to 11.33); anything else as it came', () => {
    expect(observeBearerSchemeCase(lower(200))).toMatchObject({ requirementId: 'AUTH-WRONG-SCHEME', key: 'auth.bearerSchemeCase', value: 'case-insensitive' });
    expect(observeBearerSchemeCase(lower(401)).value).toBe('case-sensitive');
    expect(observeBearerSchemeCase(lower(500)).value).toBe('answered-500');
    expect(observeBearerSchemeCase(lower(undefined)).value).toBe('answered-nothing');
  });
});
