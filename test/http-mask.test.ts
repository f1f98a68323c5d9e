import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MASKED_AUTH, maskAuthorization, maskCode, SecretMasker } from '../src/http/mask.ts';

const TOKEN = '42|s3cr3tT0kenValue/with+chars';

describe('maskAuthorization', () => {
  it.each([
    ['Bearer abc.def', 'Bearer ***'],
    ['Basic dXNlcjpwYXNz', 'Basic ***'],
    ['bearer abc', 'bearer ***'],
    ['BEARER   abc def', 'BEARER   ***'],
    ['Bearer ', 'Bearer '],
    ['Bearer', 'Bearer'],
    ['', ''],
    ['abc.def', '***'],
  ])('%j → %j', (input, expected) => {
    expect(maskAuthorization(input)).toBe(expected);
  });

  it('MASKED_AUTH is the masked bearer form', () => {
    expect(maskAuthorization(`Bearer ${TOKEN}`)).toBe(MASKED_AUTH);
  });
});

describe('maskCode', () => {
  it('keeps the length and the first character', () => {
    expect(maskCode('12345')).toBe('1****');
    expect(maskCode('7')).toBe('7');
    expect(maskCode('')).toBe('');
    expect(maskCode('AB-99')).toBe('A****');
  });
});

describe('SecretMasker.maskBody', () => {
  it('masks every "code" at any depth, keeping the JSON valid and the key order', () => {
    const m = new SecretMasker([TOKEN]);
    const body = '{"data":[{"id":1,"code":"12345","intercom":{"code":"98765","title":"x"}}],"meta":{"nested":[{"deep":{"code" : "5555"}}]}}';
    const out = m.maskBody(body, 'application/json');
    expect(out).toBe('{"data":[{"id":1,"code":"1****","intercom":{"code":"9****","title":"x"}}],"meta":{"nested":[{"deep":{"code" : "5***"}}]}}');
    expect(Object.keys(JSON.parse(out).data[0])).toEqual(['id', 'code', 'intercom']);
  });

  it('masks numeric codes without changing their JSON type or length', () => {
    const m = new SecretMasker([]);
    const out = m.maskBody('{"code":12345,"other":{"code":-42}}');
    const parsed = JSON.parse(out);
    expect(typeof parsed.code).toBe('number');
    expect(String(parsed.code)).toHaveLength(5);
    expect(out).not.toContain('12345');
    expect(String(parsed.code).startsWith('1')).toBe(true);
    expect(parsed.other.code).toBe(-40);
  });

  it('masks codes with escapes and keeps the JSON valid', () => {
    const m = new SecretMasker([]);
    const out = m.maskBody('{"code":"12\\"345"}');
    expect(JSON.parse(out).code).toBe('1*****');
  });

  it('leaves null / missing codes and unrelated keys alone', () => {
    const m = new SecretMasker([]);
    const body = '{"code":null,"barcode":"12345","title":"code: 12345"}';
    expect(m.maskBody(body)).toBe(body);
  });

  it('records invalid JSON faithfully while still masking codes', () => {
    const m = new SecretMasker([]);
    expect(m.maskBody('{"data":[{"code":"12345",}')).toBe('{"data":[{"code":"1****",}');
    expect(m.maskBody('not json at all')).toBe('not json at all');
  });

  it('remembers codes and masks them when they reappear in an HTML error page', () => {
    const m = new SecretMasker([]);
    m.maskBody('{"data":[{"code":"48213"},{"code":"A7B9Q"}]}');
    const html = '<html><body>Error near code 48213 (A7B9Q), request 148213 kept</body></html>';
    expect(m.maskBody(html, 'text/html')).toBe('<html><body>Error near code 4**** (A****), request 148213 kept</body></html>');
  });

  it('masks remembered codes in JSON free text only, never in numbers, URLs, dates or page labels', () => {
    const m = new SecretMasker([]);
    m.maskBody('{"code":"2022"}');
    m.maskBody('{"code":"1388"}');
    const body = JSON.stringify({
      message: 'Code 1388 has expired',
      id: 1388,
      expired_at: '2022-04-19 17:16:00',
      url: 'https://vms.local/api/v1/intercom/codes?page=1388',
      label: '1388',
    });
    const parsed = JSON.parse(m.maskBody(body, 'application/json'));
    expect(parsed.message).toBe('Code 1*** has expired');
    expect(parsed.id).toBe(1388);
    expect(parsed.expired_at).toBe('2022-04-19 17:16:00');
    expect(parsed.url).toBe('https://vms.local/api/v1/intercom/codes?page=1388');
    expect(parsed.label).toBe('1388');
  });

  it('masks HTML-escaped code pairs on debug pages', () => {
    const m = new SecretMasker([]);
    expect(m.maskBody('<pre>{&quot;code&quot;:&quot;77777&quot;}</pre>')).toBe('<pre>{&quot;code&quot;:&quot;7****&quot;}</pre>');
  });

  it('masks the token echoed in a body, in every spelling', () => {
    const m = new SecretMasker([TOKEN]);
    // PHP's json_encode writes "/" as "\/" in the raw text.
    const body = `{"echo":${JSON.stringify(`Bearer ${TOKEN}`)},"php":"${TOKEN.replace(/\//g, '\\/')}","url":"?t=${encodeURIComponent(TOKEN)}"}`;
    const out = m.maskBody(body);
    expect(out).not.toContain('s3cr3tT0kenValue');
    expect(JSON.parse(out).echo).toBe('Bearer ***');
  });

  it('a short dummy token is masked as a whole token only, never inside keys or words', () => {
    const m = new SecretMasker(['test']);
    const body = '{"latest":"test","echo":"Bearer test","contest":1}';
    expect(m.maskBody(body)).toBe('{"latest":"***","echo":"Bearer ***","contest":1}');
  });

  it('ignores secrets shorter than 4 characters', () => {
    const m = new SecretMasker(['ab', '']);
    expect(m.maskBody('abc ab')).toBe('abc ab');
  });
});

describe('SecretMasker.maskUrl and maskHeaders', () => {
  it('masks userinfo and secrets in the query', () => {
    const m = new SecretMasker([TOKEN]);
    expect(m.maskUrl('https://user:pw@host/x?page=1')).toBe('https://***:***@host/x?page=1');
    expect(m.maskUrl(`https://host/x?api_token=${encodeURIComponent(TOKEN)}&page=2`)).toBe('https://host/x?api_token=***&page=2');
    expect(m.maskUrl(`https://host/x?q=${encodeURIComponent(TOKEN)}`)).toBe('https://host/x?q=***');
    expect(m.maskUrl('https://host/x?page=2')).toBe('https://host/x?page=2');
  });

  it('masks credentials in headers and secrets anywhere', () => {
    const m = new SecretMasker([TOKEN]);
    const out = m.maskHeaders({
      authorization: `Bearer ${TOKEN}`,
      'proxy-authorization': 'Basic Zm9vOmJhcg==',
      cookie: 'laravel_session=abc; XSRF-TOKEN=def',
      'set-cookie': 'laravel_session=abc; Path=/; Expires=Wed, 21 Oct 2035 07:28:00 GMT; HttpOnly, other=xyz; Path=/',
      'x-echo': `got ${TOKEN}`,
      accept: 'application/json',
    });
    expect(out).toEqual({
      authorization: 'Bearer ***',
      'proxy-authorization': 'Basic ***',
      cookie: 'laravel_session=***; XSRF-TOKEN=***',
      'set-cookie': 'laravel_session=***; Path=/; Expires=Wed, 21 Oct 2035 07:28:00 GMT; HttpOnly, other=***; Path=/',
      'x-echo': 'got ***',
      accept: 'application/json',
    });
  });
});

describe('Authorization values other than the configured token', () => {
  const masker = new SecretMasker(['the-real-token-0123456789', 'the-real-token-012345678x']);
  it('the configured token is "Bearer ***"', () => {
    expect(masker.maskHeaders({ authorization: 'Bearer the-real-token-0123456789' }).authorization).toBe('Bearer ***');
  });
  it('a near-miss of the token is masked but marked as altered (a report must not replay it as the valid token)', () => {
    const v = masker.maskHeaders({ authorization: 'Bearer the-real-token-012345678x' }).authorization;
    expect(v).toBe('Bearer ***-altered');
    expect(v).not.toContain('real-token');
  });
  it('a made-up token holding no secret is shown as sent', () => {
    expect(masker.maskHeaders({ authorization: 'Bearer vms-conformance-invalid-token' }).authorization).toBe('Bearer vms-conformance-invalid-token');
  });
  it('other schemes and the bare token stay fully masked', () => {
    expect(masker.maskHeaders({ authorization: 'Basic dGhlLXJlYWw=' }).authorization).toBe('Basic ***');
    expect(masker.maskHeaders({ authorization: 'the-real-token-0123456789' }).authorization).toBe('***');
  });
});

describe('remembered codes never corrupt what the checks read', () => {
  it('a code equal to a port number is not masked inside a JSON-escaped link (PHP escapes "/")', () => {
    const m = new SecretMasker(['some-long-secret-token-value']);
    m.maskBody('{"data":[{"id":1,"code":"34567"}]}', 'application/json');
    const body = '{"links":{"next":"http:\\/\\/127.0.0.1:34567\\/api\\/v1\\/intercom\\/codes?page=2"},"meta":{"path":"http://127.0.0.1:34567/x"}}';
    expect(m.maskBody(body, 'application/json')).toBe(body);
    // free text still masked
    expect(m.maskBody('{"message":"code 34567 expired"}', 'application/json')).toBe('{"message":"code 3**** expired"}');
  });
});

describe('every spelling of every secret, and JSON bodies stay valid', () => {
  const token = '81|pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1';
  const nearMiss = token.slice(0, -1) + 'x';
  const masker = new SecretMasker([token, nearMiss]);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const spellings = (s: string) => [
    s,
    encodeURIComponent(s),
    b64(s),
    b64(`${s}:`),
    b64(`${s}:`).replace(/=+$/, ''),
    Buffer.from(`${s}:`).toString('base64url'),
    encodeURIComponent(b64(`${s}:`)),
    b64(`x${s}`),
    b64(`xy${s}`),
    b64(`Authorization: Basic ${b64(`${s}:`)}`),
  ];

  it.each([
    ['the token', token],
    ['a near-miss token', nearMiss],
    ['the Sanctum secret after "id|"', token.split('|')[1]!],
  ])('%s: no spelling survives in text, headers or URLs', (_label, secret) => {
    for (const spelling of spellings(secret)) {
      const core = secret.slice(3, 15);
      const leaked = (out: string) => out.includes(core) || Buffer.from(out.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('latin1').includes(core.slice(0, 8));
      expect(leaked(masker.maskSecrets(`echo ${spelling} end`)), spelling).toBe(false);
      expect(leaked(masker.maskHeaders({ 'x-debug': spelling })['x-debug']!), spelling).toBe(false);
      expect(masker.maskUrl(`http://h/x?e=${spelling}`), spelling).not.toContain(spelling);
    }
  });

  it('PHP-escaped base64 ("\\/") in a JSON body is masked, and the body stays valid JSON', () => {
    const slashy = 'ab/cd+ef/gh?ij>kl~mn/op'; // its base64 has "/" and "+"
    const m = new SecretMasker([slashy]);
    const body = JSON.stringify({ a: b64(`${slashy}:`), b: `\n${slashy}`, c: `x\\${slashy}` }).replace(/\//g, '\\/');
    const out = m.maskBody(body, 'application/json');
    expect(() => JSON.parse(out)).not.toThrow();
    expect(Object.keys(JSON.parse(out))).toEqual(['a', 'b', 'c']);
    expect(JSON.stringify(JSON.parse(out))).not.toContain('gh?ij');
  });

  it('property: masking any JSON holding secrets in any spelling keeps it valid with the same keys', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=|"\\nt';
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...alphabet), minLength: 16, maxLength: 48 }),
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.nat(9), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 6 }),
        (secret, parts) => {
          const m = new SecretMasker([secret]);
          const forms = spellings(secret);
          const value = Object.fromEntries(parts.map(([pre, i, post], k) => [`k${k}`, `${pre}${forms[i]!}${post}`]));
          for (const text of [JSON.stringify(value), JSON.stringify(value).replace(/\//g, '\\/')]) {
            const out = m.maskBody(text, 'application/json');
            expect(Object.keys(JSON.parse(out))).toEqual(Object.keys(value));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('outside JSON, a backslash before a secret does not protect it', () => {
  it('a secret after a backslash in a header, a URL or plain text is masked', () => {
    const m = new SecretMasker(['nABCDEFGHIJKLMNOPQRSTUV', 'ntoken1']);
    expect(m.maskSecrets('C:\\nABCDEFGHIJKLMNOPQRSTUV')).toBe('C:\\***');
    expect(m.maskHeaders({ 'x-debug': 'a\\ntoken1' })['x-debug']).toBe('a\\***');
    expect(m.maskBody('path C:\\ntoken1 and C:\\nABCDEFGHIJKLMNOPQRSTUV', 'text/plain')).toBe('path C:\\*** and C:\\***');
  });
});
