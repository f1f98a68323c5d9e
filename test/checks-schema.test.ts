import { describe, expect, it } from 'vitest';
import type { SchemaError } from '../src/evidence.ts';
import { checkSchema } from '../src/checks/schema.ts';
import { codesPage, makeSample } from './helpers/exchange.ts';

describe('checkSchema with a stub validator', () => {
  const errs: SchemaError[] = [
    { path: '/meta/from', message: 'must be integer or null (got "1")', keyword: 'type' },
    { path: '/data/0/code', message: 'must be string (got a number)', keyword: 'type' },
    { path: '', message: "must have required property 'links'", keyword: 'required' },
    { path: '/meta/total', message: 'must be integer (got 1.5)', keyword: 'type' },
  ];
  const stub = { validateResponse: (status: number) => (status === 200 ? errs : status === 401 || status === 422 ? [] : null) };

  it('maps statuses to ids and fills schemaErrors', () => {
    const f = checkSchema(makeSample({ status: 200, body: { data: [] } }), stub);
    expect(f).toHaveLength(1);
    expect(f[0]!.requirementId).toBe('SCHEMA-200');
    expect(f[0]!.ok).toBe(false);
    expect(f[0]!.schemaErrors).toEqual(errs);
    expect(f[0]!.message).toContain('4 schema errors');
    expect(f[0]!.message).toContain('/meta/from must be integer or null');
    expect(f[0]!.message).toContain('and 1 more');
    expect(checkSchema(makeSample({ status: 401, body: { message: 'x' } }), stub)[0]).toMatchObject({ requirementId: 'SCHEMA-401', ok: true });
  });

  it('gives no finding for undocumented statuses or no answer', () => {
    expect(checkSchema(makeSample({ status: 404, body: { message: 'Not Found' } }), stub)).toEqual([]);
    expect(checkSchema(makeSample({ status: 500, body: '<html>' }), stub)).toEqual([]);
    expect(checkSchema(makeSample({ error: { kind: 'timeout', message: 't' } }), stub)).toEqual([]);
  });

  it('a non-JSON body for a documented status violates that status\'s schema', () => {
    const f = checkSchema(makeSample({ status: 401, body: '<!DOCTYPE html><title>Login</title>', headers: { 'content-type': 'text/html' } }), stub);
    expect(f[0]).toMatchObject({ requirementId: 'SCHEMA-401', ok: false, actual: 'an HTML page' });
    const g = checkSchema(makeSample({ status: 422, body: '' }), stub);
    expect(g[0]).toMatchObject({ requirementId: 'SCHEMA-422', ok: false, actual: 'an empty body' });
  });
});

describe('checkSchema against openapi.yaml', () => {
  it('accepts Laravel bodies', () => {
    expect(checkSchema(makeSample({ status: 200, body: codesPage({ total: 30, perPage: 25, page: 2 }) }))[0]!.ok).toBe(true);
    expect(checkSchema(makeSample({ status: 401, body: { message: 'Unauthenticated.' } }))[0]!.ok).toBe(true);
    const body422 = {
      message: 'The per page field must be an integer. (and 1 more error)',
      errors: { per_page: ['The per page field must be an integer.'], page: ['The page field must be at least 1.'] },
    };
    expect(checkSchema(makeSample({ status: 422, body: body422 }))[0]!.ok).toBe(true);
  });

  it('refuses a body behind a byte order mark, whose content the other checks still read', () => {
    const body = codesPage({ total: 30, perPage: 25, page: 2 });
    const s = makeSample({ status: 200, body: '\uFEFF' + JSON.stringify(body) });
    expect(s.json).toEqual(body);
    const f = checkSchema(s);
    expect(f).toHaveLength(1);
    expect(f[0]!.ok).toBe(false);
    expect(f[0]!.message).toMatch(/^Received a JSON object behind a byte order mark \(U\+FEFF, .*\) with 200, documented a CodesPage body/);
  });

  it('reports every error with a path and never the code value', () => {
    const body = codesPage({ total: 2 }) as { data: Array<Record<string, unknown>>; meta: Record<string, unknown> };
    body.meta.from = '1';
    body.data[0]!.code = 424242;
    const f = checkSchema(makeSample({ status: 200, body }));
    expect(f[0]!.ok).toBe(false);
    const paths = f[0]!.schemaErrors!.map((e) => e.path);
    expect(paths).toContain('/meta/from');
    expect(paths).toContain('/data/0/code');
    expect(JSON.stringify(f)).not.toContain('424242');
  });

  it('a 401 without a string message fails', () => {
    const f = checkSchema(makeSample({ status: 401, body: { error: 'Unauthenticated' } }));
    expect(f[0]).toMatchObject({ requirementId: 'SCHEMA-401', ok: false });
  });
});
