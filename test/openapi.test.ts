// openapi.yaml (the contract) and src/spec.ts (its compiled schemas): the document says what the vendor page says,
// the page's own examples validate, broken copies fail at the right path, and messages never echo a door code.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { loadSpec, type SchemaName } from '../src/spec.ts';
import { packagePath } from '../src/paths.ts';
import { ENDPOINT_PATH, X_CLIENTS } from '../src/target.ts';

const spec = loadSpec();
const doc = spec.document;
const operation = doc.paths?.[ENDPOINT_PATH]?.get as OpenAPIV3_1.OperationObject;

const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(packagePath('fixtures', 'examples', name), 'utf8'));

// Bodies are mutated freely below.
type Body = any;
const page200 = (): Body => readFixture('codes-200.json');
const body401 = (): Body => readFixture('unauthenticated-401.json');
const body422 = (): Body => readFixture('validation-422.json');

function param(name: string): OpenAPIV3_1.ParameterObject {
  const found = (operation.parameters as OpenAPIV3_1.ParameterObject[]).filter((p) => p.name === name);
  expect(found, `parameter ${name}`).toHaveLength(1);
  return found[0]!;
}

function mediaType(status: string): OpenAPIV3_1.MediaTypeObject {
  const response = operation.responses?.[status] as OpenAPIV3_1.ResponseObject;
  return response.content!['application/json']!;
}

describe('openapi.yaml document', () => {
  it('is OpenAPI 3.1.0 with one operation, listIntercomCodes, behind bearer auth', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths ?? {})).toEqual([ENDPOINT_PATH]);
    const methods = Object.keys(doc.paths![ENDPOINT_PATH]!).filter((k) =>
      ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(k),
    );
    expect(methods).toEqual(['get']);
    expect(operation.operationId).toBe('listIntercomCodes');
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(operation.security ?? doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.servers?.map((s) => s.url)).toContain('https://vms.local');
  });

  it('documents the query and header parameters of the vendor page', () => {
    expect(param('per_page')).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1, default: 25 } });
    expect(param('page')).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1 } });
    expect(param('X-Client')).toMatchObject({ in: 'header', schema: { type: 'string', enum: [...X_CLIENTS] } });
    expect(param('X-UUID')).toMatchObject({ in: 'header', schema: { type: 'string' } });
    expect(param('Accept')).toMatchObject({ in: 'header', schema: { enum: ['application/json'] } });
    expect(operation.parameters).toHaveLength(5);
  });

  it('states the page ambiguities in the parameter descriptions', () => {
    expect(param('per_page').description).toMatch(/required/i);
    expect(param('per_page').description).toMatch(/25 by default/);
    expect(param('per_page').description).toMatch(/no maximum/i);
    expect(param('X-Client').description).toMatch(/says nothing/i);
    expect(operation.description).toMatch(/withQueryString/);
  });

  it('documents 200, 401 and 422 with named schemas', () => {
    expect(Object.keys(operation.responses ?? {}).sort()).toEqual(['200', '401', '422']);
    expect(mediaType('200').schema).toEqual({ $ref: '#/components/schemas/CodesPage' });
    expect(mediaType('401').schema).toEqual({ $ref: '#/components/schemas/Unauthenticated' });
    expect(mediaType('422').schema).toEqual({ $ref: '#/components/schemas/ValidationError' });
    const names: SchemaName[] = [
      'CodesPage', 'Unauthenticated', 'ValidationError', 'IntercomCode', 'Intercom', 'PaginationMeta',
      'PaginationLinks', 'MetaLink',
    ];
    for (const name of names) expect(doc.components?.schemas?.[name], name).toBeDefined();
  });

  it('never forbids unknown properties (forward compatibility)', () => {
    const forbidding: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'additionalProperties' && value === false) forbidding.push(at);
        if (key === 'unevaluatedProperties' && value === false) forbidding.push(at);
        walk(value, `${at}/${key}`);
      }
    };
    walk(doc, '');
    expect(forbidding).toEqual([]);
  });

  it('embeds the fixtures as the response examples', () => {
    expect(mediaType('200').examples?.vendorPage).toMatchObject({ value: page200() });
    expect(mediaType('401').examples?.laravelDefault).toMatchObject({ value: { message: 'Unauthenticated.' } });
    expect(mediaType('422').examples?.vendorPage).toMatchObject({ value: body422() });
  });
});

describe('loadSpec()', () => {
  it('is memoised and hashes the bytes of openapi.yaml', () => {
    expect(loadSpec()).toBe(spec);
    const expected = createHash('sha256').update(readFileSync(packagePath('openapi.yaml'))).digest('hex');
    expect(spec.sha256).toBe(expected);
  });

  it('maps documented statuses to their schemas, and nothing else', () => {
    expect(spec.validateResponse(200, page200())).toEqual([]);
    expect(spec.validateResponse(401, body401())).toEqual([]);
    expect(spec.validateResponse(422, body422())).toEqual([]);
    expect(spec.validateResponse(200, body401())).not.toEqual([]);
    expect(spec.validateResponse(500, page200())).toBeNull();
    expect(spec.validateResponse(404, {})).toBeNull();
  });
});

describe('the vendor page examples validate', () => {
  const statusSchema: Record<string, SchemaName> = { '200': 'CodesPage', '401': 'Unauthenticated', '422': 'ValidationError' };
  for (const [status, name] of Object.entries(statusSchema)) {
    it(`every embedded ${status} example matches ${name}`, () => {
      const examples = Object.values(mediaType(status).examples ?? {}) as OpenAPIV3_1.ExampleObject[];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(spec.validate(name, example.value)).toEqual([]);
    });
  }

  it.each([
    ['codes-200.json', 'CodesPage'],
    ['unauthenticated-401.json', 'Unauthenticated'],
    ['validation-422.json', 'ValidationError'],
  ] as const)('fixtures/examples/%s matches %s', (file, name) => {
    expect(spec.validate(name, readFixture(file))).toEqual([]);
  });

  it('each part of the 200 example matches its own component', () => {
    const body = page200();
    expect(spec.validate('IntercomCode', body.data[0])).toEqual([]);
    expect(spec.validate('Intercom', body.data[0].intercom)).toEqual([]);
    expect(spec.validate('PaginationLinks', body.links)).toEqual([]);
    expect(spec.validate('PaginationMeta', body.meta)).toEqual([]);
    for (const item of body.meta.links) expect(spec.validate('MetaLink', item)).toEqual([]);
  });
});

describe('real Laravel output that differs from the example still validates', () => {
  it.each<[string, (b: Body) => void]>([
    ['an empty list (data [], from/to null)', (b) => {
      b.data = [];
      b.meta.from = null;
      b.meta.to = null;
      b.meta.total = 0;
    }],
    ['a page past the end (prev set, nothing active)', (b) => {
      b.data = [];
      Object.assign(b.meta, { current_page: 5, from: null, to: null });
      b.links.prev = 'https://vms.local/api/v1/intercom/codes?page=4';
      b.meta.links[0].url = b.links.prev;
      b.meta.links[1].active = false;
    }],
    ['Laravel 12.23+ meta.links items with a page key', (b) => {
      b.meta.links[0].page = null;
      b.meta.links[1].page = 1;
      b.meta.links[2].page = null;
    }],
    ['an extra record field', (b) => (b.data[0].note = 'added by the vendor')],
    ['an extra top-level key', (b) => (b.extra = { anything: true })],
    ['intercom updated_at null', (b) => (b.data[0].intercom.updated_at = null)],
    ['intercom created_at set', (b) => (b.data[0].intercom.created_at = '2021-01-02T03:04:05.000000Z')],
    ['withQueryString links and a prefixed host with port', (b) => {
      b.links.first = 'http://127.0.0.1:8080/vms/api/v1/intercom/codes?per_page=5&page=1';
      b.meta.path = 'http://127.0.0.1:8080/vms/api/v1/intercom/codes';
    }],
    ['translated previous/next labels', (b) => {
      b.meta.links[0].label = '&laquo; Previous';
      b.meta.links[2].label = 'Next &raquo;';
    }],
  ])('%s', (_, mutate) => {
    const body = page200();
    mutate(body);
    expect(spec.validate('CodesPage', body)).toEqual([]);
  });

  it('a 422 naming both parameters, with several messages', () => {
    const body = {
      message: 'The page field must be at least 1. (and 1 more error)',
      errors: { per_page: ['The per page field must be an integer.'], page: ['a', 'b'] },
    };
    expect(spec.validateResponse(422, body)).toEqual([]);
  });
});

describe('broken copies fail at the expected path', () => {
  const cases: Array<[string, SchemaName, () => Body, string, string, RegExp?]> = [
    ['id as a string', 'CodesPage', () => withData((r) => (r.id = '1388')), '/data/0/id', 'type',
      /^must be integer \(got "1388"\)$/],
    ['meta.total removed', 'CodesPage', () => with200((b) => delete b.meta.total), '/meta/total', 'required',
      /^must have required property 'total'$/],
    ['expired_at in ISO 8601', 'CodesPage', () => withData((r) => (r.expired_at = '2022-04-19T17:16:00Z')),
      '/data/0/expired_at', 'pattern', /^must match format YYYY-MM-DD HH:MM:SS \(got "2022-04-19T17:16:00Z"\)$/],
    ['intercom created_at without microseconds', 'CodesPage',
      () => withData((r) => (r.intercom.created_at = '2022-04-18T17:25:56Z')), '/data/0/intercom/created_at',
      'pattern', /YYYY-MM-DDTHH:MM:SS\.ffffffZ/],
    ['meta.from as a string', 'CodesPage', () => with200((b) => (b.meta.from = '1')), '/meta/from', 'type',
      /^must be integer or null \(got "1"\)$/],
    ['intercom missing', 'CodesPage', () => withData((r) => delete r.intercom), '/data/0/intercom', 'required',
      /^must have required property 'intercom'$/],
    ['intercom null', 'CodesPage', () => withData((r) => (r.intercom = null)), '/data/0/intercom', 'type',
      /^must be object \(got null\)$/],
    ['is_expired as 0', 'CodesPage', () => withData((r) => (r.is_expired = 0)), '/data/0/is_expired', 'type',
      /^must be boolean \(got 0\)$/],
    ['is_expired as 1', 'CodesPage', () => withData((r) => (r.is_expired = 1)), '/data/0/is_expired', 'type'],
    ['data not an array', 'CodesPage', () => with200((b) => (b.data = { 0: b.data[0] })), '/data', 'type',
      /^must be array \(got an object\)$/],
    ['links.next not absolute', 'CodesPage', () => with200((b) => (b.links.next = '/api/v1/intercom/codes?page=2')),
      '/links/next', 'format'],
    ['meta.links item active as a string', 'CodesPage', () => with200((b) => (b.meta.links[1].active = 'true')),
      '/meta/links/1/active', 'type'],
    ['422 errors value a string', 'ValidationError', () => ({ message: 'x', errors: { page: 'must be an integer' } }),
      '/errors/page', 'type', /^must be array/],
    ['422 errors empty', 'ValidationError', () => ({ message: 'x', errors: {} }), '/errors', 'minProperties'],
    ['422 errors value an empty array', 'ValidationError', () => ({ message: 'x', errors: { page: [] } }),
      '/errors/page', 'minItems'],
    ['422 without errors', 'ValidationError', () => ({ message: 'x' }), '/errors', 'required'],
    ['401 without message', 'Unauthenticated', () => ({ error: 'Unauthenticated.' }), '/message', 'required'],
    ['401 as an array', 'Unauthenticated', () => ['Unauthenticated.'], '', 'type', /got an array of 1 item\)$/],
  ];

  it.each(cases)('%s', (_, name, build, path, keyword, message) => {
    const errors = spec.validate(name, build());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, keyword });
    if (message) expect(errors[0]!.message).toMatch(message);
  });

  it.each(['id', 'title', 'code', 'expired_at', 'is_expired', 'will_deleted_at', 'created_at', 'intercom'])(
    'every documented record key is required: %s',
    (key) => {
      expect(spec.validate('CodesPage', withData((r) => delete r[key]))).toEqual([
        { path: `/data/0/${key}`, message: `must have required property '${key}'`, keyword: 'required' },
      ]);
    },
  );

  it('reports every defect at once', () => {
    const body = with200((b) => {
      b.data[0].id = '1388';
      delete b.meta.total;
      b.meta.links[0].label = 7;
      b.links = null;
    });
    const paths = spec.validate('CodesPage', body).map((e) => e.path);
    expect(paths.length).toBeGreaterThanOrEqual(4);
    expect(paths).toEqual(expect.arrayContaining(['/data/0/id', '/meta/total', '/meta/links/0/label', '/links']));
  });

  it('truncates long offending values', () => {
    const [error] = spec.validate('CodesPage', withData((r) => (r.created_at = 'x'.repeat(500))));
    expect(error!.message.length).toBeLessThan(160);
  });
});

describe('door codes never reach a message', () => {
  it.each<[string, unknown]>([
    ['a number', 12345],
    ['an object holding the code', { value: '12345' }],
    ['an array holding the code', ['12345']],
    ['a boolean', true],
  ])('code as %s', (_, code) => {
    const errors = spec.validate('CodesPage', withData((r) => (r.code = code)));
    expect(errors.map((e) => e.path)).toEqual(['/data/0/code']);
    expect(JSON.stringify(errors)).not.toContain('12345');
    expect(JSON.stringify(errors)).not.toContain('true)');
  });

  it.each<[string, unknown]>([
    ['a bare string item', '12345'],
    ['a bare number item', 12345],
  ])('data holding codes without their key: %s', (_, item) => {
    const errors = spec.validate('CodesPage', with200((b) => (b.data = [item])));
    expect(errors.map((e) => e.path)).toEqual(['/data/0']);
    expect(JSON.stringify(errors)).not.toContain('12345');
  });

  it('other failures of the same record do not echo the code', () => {
    const body = withData((r) => {
      r.code = '12345';
      r.id = '12345x';
      r.title = 12;
      delete r.intercom;
    });
    const errors = spec.validate('CodesPage', body);
    expect(errors.length).toBe(3);
    expect(errors.map((e) => e.message).join()).not.toMatch(/"12345"|got 12345\b/);
  });
});

function with200(mutate: (body: Body) => void): Body {
  const body = page200();
  mutate(body);
  return body;
}

function withData(mutate: (record: Body) => void): Body {
  return with200((b) => mutate(b.data[0]));
}
