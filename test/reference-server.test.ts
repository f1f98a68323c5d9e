/** The reference server over real HTTP(S): every DESIGN.md section 1 behaviour, options and example faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';
import { phpJsonEncode } from '../reference/php-json.ts';
import { loadTestCa, loadTlsCert } from '../reference/tls.ts';
import { ENDPOINT_PATH } from '../src/target.ts';
import { rawRequest, type Reply } from './helpers/raw-request.ts';


const AUTH = { authorization: 'Bearer reference-token' };

/** A raw request (the path and headers go out exactly as given). */
function request(
  baseUrl: string,
  pathAndQuery: string,
  headers: Record<string, string> = AUTH,
  extra: { method?: string; ca?: string } = {},
): Promise<Reply> {
  const url = new URL(baseUrl);
  return rawRequest(url, url.pathname.replace(/\/$/, '') + pathAndQuery, { accept: 'application/json', ...headers }, extra);
}

const codes = (s: ReferenceServer, query = '', headers: Record<string, string> = AUTH, extra = {}) =>
  request(s.baseUrl, ENDPOINT_PATH + query, headers, extra);

const servers: ReferenceServer[] = [];
async function start(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  const s = await startReference(options);
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** meta.links in short form: labels, with "*" on the active item. */
const shape = (body: any): string[] => body.meta.links.map((l: any) => l.label + (l.active ? '*' : ''));
const span = (a: number, b: number): string[] => Array.from({ length: b - a + 1 }, (_, i) => String(a + i));

// The vendor page's 200 example, verbatim (the host is replaced with the server's).
const VENDOR_EXAMPLE = `{
    "data": [
        {
            "id": 1388,
            "title": "Visitor 1",
            "code": "12345",
            "expired_at": "2022-04-19 17:16:00",
            "is_expired": true,
            "will_deleted_at": "2022-04-20 17:16:00",
            "created_at": "2022-04-19 17:14:04",
            "intercom": {
                "id": 180,
                "title": "House",
                "is_online": true,
                "department": 100,
                "address": "Cameras",
                "created_at": null,
                "updated_at": "2022-04-18T17:25:56.000000Z"
            }
        }
    ],
    "links": {
        "first": "https://vms.local/api/v1/intercom/codes?page=1",
        "last": "https://vms.local/api/v1/intercom/codes?page=1",
        "prev": null,
        "next": null
    },
    "meta": {
        "current_page": 1,
        "from": 1,
        "last_page": 1,
        "links": [
            {
                "url": null,
                "label": "pagination.previous",
                "active": false
            },
            {
                "url": "https://vms.local/api/v1/intercom/codes?page=1",
                "label": "1",
                "active": true
            },
            {
                "url": null,
                "label": "pagination.next",
                "active": false
            }
        ],
        "path": "https://vms.local/api/v1/intercom/codes",
        "per_page": 25,
        "to": 1,
        "total": 1
    }
}`;

describe('default reference (137 codes)', () => {
  let s: ReferenceServer;
  beforeAll(async () => {
    s = await start();
  });

  it('200 body: key order, JSON content type whatever the Accept header, Laravel JSON escaping', async () => {
    const r = await codes(s, '', { ...AUTH, accept: 'text/html' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(Object.keys(r.json)).toEqual(['data', 'links', 'meta']);
    expect(Object.keys(r.json.links)).toEqual(['first', 'last', 'prev', 'next']);
    expect(Object.keys(r.json.meta)).toEqual(['current_page', 'from', 'last_page', 'links', 'path', 'per_page', 'to', 'total']);
    expect(Object.keys(r.json.data[0])).toEqual(['id', 'title', 'code', 'expired_at', 'is_expired', 'will_deleted_at', 'created_at', 'intercom']);
    expect(Object.keys(r.json.data[0].intercom)).toEqual(['id', 'title', 'is_online', 'department', 'address', 'created_at', 'updated_at']);
    expect(r.text).toContain('"path":"http:\\/\\/127.0.0.1:');
    expect(r.text).toBe(phpJsonEncode(r.json)); // slashes and non-ASCII escaped exactly as json_encode does
    expect(r.json.meta).toMatchObject({ current_page: 1, from: 1, to: 25, per_page: 25, total: 137, last_page: 6 });
    expect(r.json.meta.path).toBe(`${s.baseUrl}${ENDPOINT_PATH}`);
    expect(r.json.links.next).toBe(`${s.baseUrl}${ENDPOINT_PATH}?page=2`);
  });

  it.each([
    [25, 6, 12],
    [7, 20, 4],
    [137, 1, 137],
    [10, 14, 7],
    [1000, 1, 137],
  ])('per_page %i: last_page %i, last page holds %i records', async (perPage, lastPage, onLast) => {
    const r = await codes(s, `?per_page=${perPage}&page=${lastPage}`);
    expect(r.json.meta).toMatchObject({ last_page: lastPage, per_page: perPage, current_page: lastPage, to: 137 });
    expect(r.json.data).toHaveLength(onLast);
    expect(r.json.meta.from).toBe((lastPage - 1) * perPage + 1);
    expect(r.json.links.next).toBeNull();
  });

  it('a page past the end: 200, empty, prev = page - 1, no active item', async () => {
    const r = await codes(s, '?per_page=25&page=9');
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([]);
    expect(r.json.meta).toMatchObject({ current_page: 9, from: null, to: null, last_page: 6, total: 137 });
    expect(r.json.links.prev).toBe(`${s.baseUrl}${ENDPOINT_PATH}?page=8`);
    expect(r.json.links.next).toBeNull();
    expect(shape(r.json)).toEqual(['pagination.previous', ...span(1, 6), 'pagination.next']);
  });

  it.each([
    [1, [...span(1, 10), '...', '136', '137']],
    [2, [...span(1, 10), '...', '136', '137']],
    [7, [...span(1, 10), '...', '136', '137']],
    [8, ['1', '2', '...', ...span(5, 11), '...', '136', '137']],
    [70, ['1', '2', '...', ...span(67, 73), '...', '136', '137']],
    [130, ['1', '2', '...', ...span(127, 133), '...', '136', '137']],
    [131, ['1', '2', '...', ...span(128, 137)]],
    [137, ['1', '2', '...', ...span(128, 137)]],
  ])('meta.links window for 137 pages at page %i', async (page, labels) => {
    const r = await codes(s, `?per_page=1&page=${page}`);
    const expected = ['pagination.previous', ...labels.map((l) => (l === String(page) ? l + '*' : l)), 'pagination.next'];
    expect(shape(r.json)).toEqual(expected);
    const links = r.json.meta.links;
    expect(links[0].url).toBe(r.json.links.prev);
    expect(links.at(-1).url).toBe(r.json.links.next);
    for (const l of links.slice(1, -1)) {
      if (l.label === '...') expect(l.url).toBeNull();
      else expect(l.url).toBe(`${s.baseUrl}${ENDPOINT_PATH}?page=${l.label}`);
    }
  });

  it('13 pages or fewer: every page listed; 14: elided', async () => {
    const r13 = await codes(s, '?per_page=11&page=7');
    expect(r13.json.meta.last_page).toBe(13);
    expect(shape(r13.json)).toEqual(['pagination.previous', ...span(1, 6), '7*', ...span(8, 13), 'pagination.next']);
    const r14 = await codes(s, '?per_page=10&page=1');
    expect(r14.json.meta.last_page).toBe(14);
    expect(shape(r14.json)).toEqual(['pagination.previous', '1*', ...span(2, 10), '...', '13', '14', 'pagination.next']);
  });

  it('links carry only ?page=N without withQueryString', async () => {
    const r = await codes(s, '?per_page=5&page=3&foo=bar');
    expect(r.json.links).toEqual({
      first: `${s.baseUrl}${ENDPOINT_PATH}?page=1`,
      last: `${s.baseUrl}${ENDPOINT_PATH}?page=28`,
      prev: `${s.baseUrl}${ENDPOINT_PATH}?page=2`,
      next: `${s.baseUrl}${ENDPOINT_PATH}?page=4`,
    });
  });

  it.each([
    ['no header', {}],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['other scheme', { authorization: 'Basic cmVmZXJlbmNlLXRva2Vu' }],
    ['bare token', { authorization: 'reference-token' }],
    ['wrong token', { authorization: 'Bearer wrong-token' }],
    ['token with a suffix', { authorization: 'Bearer reference-token-x' }],
  ])('401 %s', async (_, headers) => {
    const r = await codes(s, '?page=1', headers);
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe('{"message":"Unauthenticated."}');
  });

  it('bearer scheme is case-insensitive (Laravel 11.34+), 401 comes before 422', async () => {
    expect((await codes(s, '', { authorization: 'bearer reference-token' })).status).toBe(200);
    expect((await codes(s, '', { authorization: 'BEARER reference-token' })).status).toBe(200);
    const r = await codes(s, '?page=abc&per_page=0', { authorization: 'Bearer nope' });
    expect(r.status).toBe(401);
    expect((await codes(s, '?page=abc', {})).status).toBe(401);
  });

  it.each([
    ['0', 'The page field must be at least 1.'],
    ['-1', 'The page field must be at least 1.'],
    ['abc', 'The page field must be an integer.'],
    ['1.5', 'The page field must be an integer.'],
    ['1e1', 'The page field must be an integer.'],
    ['02', 'The page field must be an integer.'],
    ['99999999999999999999', 'The page field must be an integer.'],
  ])('page=%s → 422 "%s"', async (value, message) => {
    const r = await codes(s, `?page=${encodeURIComponent(value)}`);
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toEqual({ message, errors: { page: [message] } });
  });

  it.each(['%202', '2%20', '%2B2', '+2', '2%09'])('page=%s is accepted as 2', async (raw) => {
    const r = await codes(s, `?page=${raw}`);
    expect(r.status).toBe(200);
    expect(r.json.meta.current_page).toBe(2);
  });

  it('per_page invalid too: both keys, per_page first, "(and 1 more error)"', async () => {
    const r = await codes(s, '?page=abc&per_page=-1');
    expect(r.status).toBe(422);
    expect(r.text).toBe(
      '{"message":"The per page field must be at least 1. (and 1 more error)","errors":{"per_page":["The per page field must be at least 1."],"page":["The page field must be an integer."]}}',
    );
  });

  it('empty page= is null after ConvertEmptyStringsToNull: 422 like real Laravel without `nullable`', async () => {
    const r = await codes(s, '?page=');
    expect(r.status).toBe(422);
    expect(r.json.errors).toEqual({ page: ['The page field must be an integer.', 'The page field must be at least 1.'] });
  });

  it('the largest PHP int is a valid (past-the-end) page, echoed exactly; one more is refused', async () => {
    const r = await codes(s, '?page=9223372036854775807');
    expect(r.status).toBe(200);
    expect(r.text).toContain('"current_page":9223372036854775807,');
    expect(r.text).toContain('?page=9223372036854775806"');
    expect((await codes(s, '?page=9223372036854775808')).status).toBe(422);
  });

  it('X-Client and X-UUID are ignored', async () => {
    const bodies = await Promise.all(
      ([{}, { 'x-client': 'web' }, { 'x-client': 'ios-cctv', 'x-uuid': 'abc' }, { 'x-client': 'nonsense' }] as Array<Record<string, string>>).map(async (h) =>
        (await codes(s, '?page=2', { ...AUTH, ...h })).text,
      ),
    );
    expect(new Set(bodies).size).toBe(1);
  });

  it('codes: unique, 5 digits, some with a leading zero', async () => {
    const r = await codes(s, '?per_page=137');
    const list: string[] = r.json.data.map((d: any) => d.code);
    expect(list).toHaveLength(137);
    expect(new Set(list).size).toBe(137);
    expect(list.every((c) => /^\d{5}$/.test(c))).toBe(true);
    expect(list.some((c) => c.startsWith('0'))).toBe(true);
    expect(r.text).toMatch(/\\u[0-9a-f]{4}/); // some non-ASCII title, escaped
  });

  it('other paths 404 and other methods 405, as the exception handler renders them; HEAD and OPTIONS', async () => {
    const nf = await request(s.baseUrl, '/api/v1/intercom/other', AUTH);
    expect(nf.status).toBe(404);
    expect(nf.text).toBe('{\n    "message": "The route api/v1/intercom/other could not be found."\n}');
    const post = await codes(s, '', AUTH, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(post.json).toEqual({ message: 'The POST method is not supported for route api/v1/intercom/codes. Supported methods: GET, HEAD.' });
    const head = await codes(s, '', AUTH, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const options = await codes(s, '', {}, { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.allow).toBe('GET,HEAD');
    expect((await request(s.baseUrl, ENDPOINT_PATH + '/?page=2')).json.meta.current_page).toBe(2); // trailing slash matches
  });

  it('links follow the Host header like Laravel url(): lower-cased, default port dropped; bad host refused', async () => {
    const a = await codes(s, '', { ...AUTH, host: 'VMS.Example:8443' });
    expect(a.json.meta.path).toBe(`http://vms.example:8443${ENDPOINT_PATH}`);
    const b = await codes(s, '', { ...AUTH, host: 'vms.example:80' });
    expect(b.json.links.first).toBe(`http://vms.example${ENDPOINT_PATH}?page=1`);
    const bad = await codes(s, '', { ...AUTH, host: 'bad host!' });
    expect(bad.status).toBe(404);
    expect(bad.json).toEqual({ message: 'Bad hostname provided.' });
  });

  it('counts the requests it received', async () => {
    const before = s.requests;
    await codes(s, '');
    await codes(s, '', {});
    expect(s.requests).toBe(before + 2);
  });
});

describe('edge totals', () => {
  it('total 1: the vendor example byte for byte, apart from the host', async () => {
    const s = await start({ total: 1 });
    const r = await codes(s, '');
    const expected = JSON.parse(VENDOR_EXAMPLE.replaceAll('https://vms.local', s.baseUrl));
    expect(r.json).toEqual(expected);
    expect(r.text).toBe(phpJsonEncode(expected));
    expect(JSON.stringify(r.json)).toBe(JSON.stringify(expected)); // same key order
  });

  it('total 0: last_page 1, empty data, null from/to, page 1 active', async () => {
    const s = await start({ total: 0 });
    const r = await codes(s, '?per_page=10');
    expect(r.json.data).toEqual([]);
    expect(r.json.meta).toMatchObject({ current_page: 1, from: null, to: null, last_page: 1, total: 0, per_page: 10 });
    expect(r.json.links).toEqual({
      first: `${s.baseUrl}${ENDPOINT_PATH}?page=1`,
      last: `${s.baseUrl}${ENDPOINT_PATH}?page=1`,
      prev: null,
      next: null,
    });
    expect(shape(r.json)).toEqual(['pagination.previous', '1*', 'pagination.next']);
    const past = await codes(s, '?page=3');
    expect(shape(past.json)).toEqual(['pagination.previous', '1', 'pagination.next']);
    expect(past.json.links.prev).toBe(`${s.baseUrl}${ENDPOINT_PATH}?page=2`);
  });

  it('determinism: same seed and clock → same body; another seed → other data', async () => {
    const now = () => new Date('2026-03-01T10:00:00Z');
    const [a, b, c] = await Promise.all([start({ seed: 5, now }), start({ seed: 5, now }), start({ seed: 6, now })]);
    const body = async (s: ReferenceServer) => (await codes(s, '?per_page=50&page=2')).text.replaceAll(s.baseUrl.replaceAll('/', '\\/'), 'HOST');
    expect(await body(a)).toBe(await body(b));
    expect(await body(c)).not.toBe(await body(a));
  });
});

describe('transport and mounting', () => {
  it('https with the self-signed test certificate', async () => {
    const s = await start({ tls: true });
    expect(s.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await codes(s, '', AUTH, { ca: loadTlsCert('self-signed').cert });
    expect(r.status).toBe(200);
    expect(r.json.meta.path).toBe(`${s.baseUrl}${ENDPOINT_PATH}`);
    await expect(codes(s, '')).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('CA-signed, expired and wrong-host certificates behave as labelled', async () => {
    const ca = loadTestCa();
    const good = await start({ tls: true, tlsCert: 'ca-signed' });
    expect((await codes(good, '', AUTH, { ca })).status).toBe(200);
    const expired = await start({ tls: true, tlsCert: 'expired' });
    await expect(codes(expired, '', AUTH, { ca })).rejects.toMatchObject({ code: 'CERT_HAS_EXPIRED' });
    const wrongHost = await start({ tls: true, tlsCert: 'wrong-host' });
    await expect(codes(wrongHost, '', AUTH, { ca })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('a prefix: links and meta.path include it; the bare path is not routed', async () => {
    const s = await start({ prefix: '/vms/' });
    expect(s.baseUrl).toMatch(/\/vms$/);
    const r = await codes(s, '?page=2&per_page=10');
    expect(r.status).toBe(200);
    expect(r.json.meta.path).toBe(`${s.baseUrl}${ENDPOINT_PATH}`);
    expect(r.json.links.next).toBe(`${s.baseUrl}${ENDPOINT_PATH}?page=3`);
    const origin = new URL(s.baseUrl).origin;
    expect((await request(origin, ENDPOINT_PATH)).status).toBe(404);
  });

  it('latency does not change the answer', async () => {
    const s = await start({ latencyMs: [1, 5] });
    expect((await codes(s, '')).status).toBe(200);
  });
});

describe('conformant vendor options', () => {
  it('withQueryString: every parameter kept, trimmed, page last', async () => {
    const s = await start({ withQueryString: true });
    const r = await codes(s, '?page=3&per_page=%205&foo=a+b');
    const url = (p: number) => `${s.baseUrl}${ENDPOINT_PATH}?per_page=5&foo=a%20b&page=${p}`;
    expect(r.json.links).toEqual({ first: url(1), last: url(28), prev: url(2), next: url(4) });
    expect(r.json.meta.links[1].url).toBe(url(1));
  });

  it('order desc: newest first, same records', async () => {
    const asc = await start({ seed: 9 });
    const desc = await start({ seed: 9, order: 'desc' });
    const a = (await codes(asc, '?per_page=137')).json.data.map((d: any) => d.id);
    const d = (await codes(desc, '?per_page=137')).json.data.map((x: any) => x.id);
    expect(d).toEqual([...a].reverse());
    expect((await codes(desc, '?per_page=10&page=14')).json.data.map((x: any) => x.id)).toEqual([...a].reverse().slice(130));
  });

  it('perPageMax: 422 above it', async () => {
    const s = await start({ perPageMax: 100 });
    expect((await codes(s, '?per_page=100')).status).toBe(200);
    const r = await codes(s, '?per_page=101');
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      message: 'The per page field must not be greater than 100.',
      errors: { per_page: ['The per page field must not be greater than 100.'] },
    });
  });

  it('requireParams: omitted parameters are refused', async () => {
    const s = await start({ requireParams: true });
    const r = await codes(s, '');
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      message: 'The per page field is required. (and 1 more error)',
      errors: { per_page: ['The per page field is required.'], page: ['The page field is required.'] },
    });
    expect((await codes(s, '?per_page=25&page=1')).status).toBe(200);
  });

  it('translated labels', async () => {
    const s = await start({ labels: 'translated' });
    const r = await codes(s, '');
    expect(r.json.meta.links[0].label).toBe('&laquo; Previous');
    expect(r.json.meta.links.at(-1).label).toBe('Next &raquo;');
  });

  it('onEachSide(1)', async () => {
    const s = await start({ onEachSide: 1 });
    expect(shape((await codes(s, '?per_page=1&page=70')).json)).toEqual(
      ['pagination.previous', '1', '2', '...', '69', '70*', '71', '...', '136', '137', 'pagination.next'],
    );
    expect(shape((await codes(s, '?per_page=16&page=1')).json)).toEqual(['pagination.previous', '1*', ...span(2, 9), 'pagination.next']);
  });

  it('pageKey (Laravel 12.23+)', async () => {
    const s = await start({ pageKey: true });
    const links = (await codes(s, '?per_page=1&page=70')).json.meta.links;
    expect(links[0]).toEqual({ url: expect.stringContaining('page=69'), label: 'pagination.previous', page: null, active: false });
    expect(links[1]).toMatchObject({ label: '1', page: 1 });
    expect(links[3]).toEqual({ url: null, label: '...', active: false });
    expect(links.at(-1)).toMatchObject({ page: null });
  });

  it('extraFields', async () => {
    const s = await start({ extraFields: true });
    const rec = (await codes(s, '')).json.data[0];
    expect(Object.keys(rec)).toEqual(['id', 'title', 'code', 'expired_at', 'is_expired', 'will_deleted_at', 'created_at', 'updated_at', 'comment', 'intercom']);
  });

  it('custom messages keep the shapes', async () => {
    const s = await start({ messages: 'custom' });
    const unauth = await codes(s, '', {});
    expect(unauth.status).toBe(401);
    expect(typeof unauth.json.message).toBe('string');
    expect(unauth.json.message).not.toBe('Unauthenticated.');
    const bad = await codes(s, '?page=x');
    expect(bad.json).toEqual({ message: 'The given data was invalid.', errors: { page: ['The page must be an integer.'] } });
  });

  it('case-sensitive bearer scheme (Laravel up to 11.33)', async () => {
    const s = await start({ bearerScheme: 'case-sensitive' });
    expect((await codes(s, '', { authorization: 'bearer reference-token' })).status).toBe(401);
    expect((await codes(s, '', AUTH)).status).toBe(200);
  });

  it('exponentGuard reproduces real Laravel\'s 500 on page=1e1001; off by default', async () => {
    const plain = await start();
    expect((await codes(plain, '?page=1e1001')).status).toBe(422);
    const s = await start({ exponentGuard: true });
    const r = await codes(s, '?page=1e1001');
    expect(r.status).toBe(500);
    expect(r.text).toBe('{\n    "message": "Server Error"\n}');
    expect((await codes(s, '?page=1e5')).status).toBe(422);
  });

  it('a custom token', async () => {
    const s = await start({ token: 'abc123' });
    expect(s.token).toBe('abc123');
    expect((await codes(s, '', { authorization: 'Bearer abc123' })).status).toBe(200);
    expect((await codes(s, '', AUTH)).status).toBe(401);
  });
});

describe('example faults', () => {
  it('to-off-by-one: meta.to one too high', async () => {
    const s = await start({ faults: ['to-off-by-one'] });
    const r = await codes(s, '?per_page=10&page=2');
    expect(r.json.meta).toMatchObject({ from: 11, to: 21 });
    expect(r.json.data).toHaveLength(10);
  });

  it('any-token-accepted: a wrong token gets data; no token still 401', async () => {
    const s = await start({ faults: ['any-token-accepted'] });
    expect((await codes(s, '', { authorization: 'Bearer wrong' })).status).toBe(200);
    expect((await codes(s, '', {})).status).toBe(401);
  });

  it('past-end-404: past the end answers 404, other pages unchanged', async () => {
    const s = await start({ faults: ['past-end-404'] });
    expect((await codes(s, '?page=6')).status).toBe(200);
    const r = await codes(s, '?page=7');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ message: 'Not Found' });
  });

  it('unknown fault names are refused', async () => {
    await expect(startReference({ faults: ['nope'] })).rejects.toThrow(/unknown fault "nope"/);
  });
});
