/** The reference server's pure modules, against Laravel/PHP behaviour written out by hand. */
import { describe, expect, it } from 'vitest';
import { phpJsonEncode } from '../reference/php-json.ts';
import { httpBuildQuery, laravelInput, laravelTrim, parsePhpQuery, type InputArray } from '../reference/php-query.ts';
import { urlWindow, windowElements } from '../reference/url-window.ts';
import { filterValidateInt, isNumeric, validatePageParams, ExponentOutOfRangeError } from '../reference/validate.ts';
import { paginate, pageUrl } from '../reference/paginator.ts';
import { bearerToken, isAuthenticated } from '../reference/auth.ts';
import { defineFault, getFault, listFaults, resolveFaults } from '../reference/faults/index.ts';
import { generateCodes, VENDOR_EXAMPLE_RECORD, parseTimestamp } from '../fixtures/codes.ts';
import { REQUIREMENTS } from '../src/requirements.ts';

const input = (raw: string): InputArray => laravelInput(parsePhpQuery(raw));
/** meta.links page numbers and "...", as in Laravel's elements(). */
const flat = (lastPage: number, page: number, onEachSide = 3): Array<number | '...'> =>
  windowElements(lastPage, page, onEachSide).flatMap((e): Array<number | '...'> => (e === '...' ? ['...'] : e));
const span = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('php-json: json_encode as Laravel calls it', () => {
  it('escapes slashes and non-ASCII by default (flags 0), lower-case hex, surrogate pairs', () => {
    expect(phpJsonEncode({ url: 'https://x/a', t: 'Gäste 访客 😀', q: '"\\\n\u0001' })).toBe(
      '{"url":"https:\\/\\/x\\/a","t":"G\\u00e4ste \\u8bbf\\u5ba2 \\ud83d\\ude00","q":"\\"\\\\\\n\\u0001"}',
    );
  });
  it('pretty print with unescaped slashes (the exception handler), empty array and object', () => {
    expect(phpJsonEncode({ message: 'a/b', data: [], errors: {} }, { prettyPrint: true, unescapedSlashes: true })).toBe(
      '{\n    "message": "a/b",\n    "data": [],\n    "errors": {}\n}',
    );
  });
  it('prints bigints exactly', () => {
    expect(phpJsonEncode({ n: 9223372036854775807n })).toBe('{"n":9223372036854775807}');
  });
});

describe('php-query: $_GET and the Laravel middleware', () => {
  it('last value wins, + is a space, brackets make arrays, dots and spaces in names become _', () => {
    const q = parsePhpQuery('page=1&page=2&a+b=%2B3&per.page=5&x[]=1&x[]=2&y[k]=v&flag');
    expect(q.get('page')).toBe('2');
    expect(q.get('a_b')).toBe('+3');
    expect(q.get('per_page')).toBe('5');
    expect([...(q.get('x') as Map<string, string>)]).toEqual([['0', '1'], ['1', '2']]);
    expect((q.get('y') as Map<string, string>).get('k')).toBe('v');
    expect(q.get('flag')).toBe('');
  });
  it('TrimStrings trims Unicode white space, ConvertEmptyStringsToNull makes "" null', () => {
    const q = input('page=%20%202%09&per_page=&x=%C2%A0%E2%80%8B7%E3%80%80');
    expect(q.get('page')).toBe('2');
    expect(q.get('per_page')).toBeNull();
    expect(q.get('x')).toBe('7');
    expect(laravelTrim('\xff 1 ')).toBe('\xff 1'); // invalid UTF-8: PHP trim()
  });
  it('http_build_query RFC 3986, null left out, nested arrays', () => {
    const q = new Map<string, any>([['a b', 'x y/z~'], ['n', null], ['arr', new Map([['0', '1']])], ['page', 3n]]);
    expect(httpBuildQuery(q)).toBe('a%20b=x%20y%2Fz~&arr%5B0%5D=1&page=3');
  });
  it('pageUrl keeps the query first and page last, drops the incoming page, renumbers integer keys', () => {
    expect(pageUrl('http://h/p', 4n, input('page=3&per_page=5'))).toBe('http://h/p?per_page=5&page=4');
    expect(pageUrl('http://h/p', 2n, input('7=a&z=1'))).toBe('http://h/p?0=a&z=1&page=2');
    expect(pageUrl('http://h/p', 1n, undefined)).toBe('http://h/p?page=1');
  });
});

describe('url-window: Laravel UrlWindow', () => {
  it('lists every page below onEachSide*2+8 pages', () => {
    expect(flat(13, 7)).toEqual(span(1, 13));
    expect(flat(1, 1)).toEqual([1]);
    expect(flat(14, 1)).toEqual([...span(1, 10), '...', 13, 14]);
  });
  it('137 pages: the DESIGN.md windows', () => {
    const tail = ['...', 136, 137];
    expect(flat(137, 1)).toEqual([...span(1, 10), ...tail]);
    expect(flat(137, 2)).toEqual([...span(1, 10), ...tail]);
    expect(flat(137, 7)).toEqual([...span(1, 10), ...tail]);
    expect(flat(137, 8)).toEqual([1, 2, '...', ...span(5, 11), ...tail]);
    expect(flat(137, 70)).toEqual([1, 2, '...', ...span(67, 73), ...tail]);
    expect(flat(137, 130)).toEqual([1, 2, '...', ...span(127, 133), ...tail]);
    expect(flat(137, 131)).toEqual([1, 2, '...', ...span(128, 137)]);
    expect(flat(137, 137)).toEqual([1, 2, '...', ...span(128, 137)]);
    expect(flat(137, 500)).toEqual([1, 2, '...', ...span(128, 137)]);
  });
  it('onEachSide(1) and onEachSide(0)', () => {
    expect(flat(9, 5, 1)).toEqual(span(1, 9));
    expect(flat(10, 5, 1)).toEqual([...span(1, 6), '...', 9, 10]);
    expect(flat(10, 6, 1)).toEqual([1, 2, '...', ...span(5, 10)]);
    expect(flat(20, 10, 1)).toEqual([1, 2, '...', 9, 10, 11, '...', 19, 20]);
    expect(urlWindow(20, 10, 0)).toEqual({ first: [1, 2], slider: [10], last: [19, 20] });
  });
});

describe('validate: integer|min:1 with FILTER_VALIDATE_INT', () => {
  it('filter_var FILTER_VALIDATE_INT', () => {
    const ok: Array<[string, bigint]> = [['0', 0n], ['-0', 0n], ['+0', 0n], ['7', 7n], [' 2', 2n], ['2\n', 2n], ['+2', 2n], ['-5', -5n], ['9223372036854775807', 9223372036854775807n], ['-9223372036854775808', -9223372036854775808n]];
    for (const [s, n] of ok) expect(filterValidateInt(s), s).toBe(n);
    for (const s of ['', ' ', '02', '00', '-02', '1.5', '1e1', 'abc', '0x1A', '9223372036854775808', '1 2', '\f1', '１']) {
      expect(filterValidateInt(s), JSON.stringify(s)).toBeNull();
    }
    expect(filterValidateInt(null)).toBeNull();
    expect(filterValidateInt(new Map())).toBeNull();
  });
  it('is_numeric', () => {
    for (const s of ['1', ' 1', '1 ', '1.', '.5', '-1e5', '+1.5E-3']) expect(isNumeric(s), s).toBe(true);
    for (const s of ['', '.', 'e5', '1e', '0x1', 'abc', '1 1']) expect(isNumeric(s), s).toBe(false);
  });
  const errorsOf = (raw: string, opts = {}) => {
    const r = validatePageParams(input(raw), opts);
    return r.ok ? r : r.body;
  };
  it.each([
    ['page=0', ['The page field must be at least 1.']],
    ['page=-1', ['The page field must be at least 1.']],
    ['page=abc', ['The page field must be an integer.']],
    ['page=1.5', ['The page field must be an integer.']],
    ['page=1e1', ['The page field must be an integer.']],
    ['page=02', ['The page field must be an integer.']],
    ['page=99999999999999999999', ['The page field must be an integer.']],
    ['page=0.5', ['The page field must be an integer.', 'The page field must be at least 1.']],
    ['page=', ['The page field must be an integer.', 'The page field must be at least 1.']],
    ['page[]=1', ['The page field must be an integer.']],
  ])('%s → 422 %j', (raw, messages) => {
    const body = errorsOf(raw);
    expect(body).toEqual({
      message: messages.length === 1 ? messages[0] : `${messages[0]} (and 1 more error)`,
      errors: { page: messages },
    });
  });
  it('accepted forms and defaults', () => {
    expect(errorsOf('page=%202')).toEqual({ ok: true, page: 2n, perPage: 25n });
    expect(errorsOf('page=2%20')).toEqual({ ok: true, page: 2n, perPage: 25n });
    expect(errorsOf('page=%2B2&per_page=7')).toEqual({ ok: true, page: 2n, perPage: 7n });
    expect(errorsOf('')).toEqual({ ok: true, page: 1n, perPage: 25n });
  });
  it('both invalid: per_page first, summary counts the rest', () => {
    const body = errorsOf('page=abc&per_page=0') as { message: string; errors: object };
    expect(Object.keys(body.errors)).toEqual(['per_page', 'page']);
    expect(body.message).toBe('The per page field must be at least 1. (and 1 more error)');
    const three = errorsOf('page=0.5&per_page=x') as { message: string };
    expect(three.message).toBe('The per page field must be an integer. (and 2 more errors)');
  });
  it('required, max, custom texts, exponent guard', () => {
    expect(errorsOf('', { requireParams: true })).toEqual({
      message: 'The per page field is required. (and 1 more error)',
      errors: { per_page: ['The per page field is required.'], page: ['The page field is required.'] },
    });
    expect(errorsOf('per_page=&page=1', { requireParams: true })).toEqual({
      message: 'The per page field is required.',
      errors: { per_page: ['The per page field is required.'] },
    });
    expect(errorsOf('per_page=101', { perPageMax: 100 })).toEqual({
      message: 'The per page field must not be greater than 100.',
      errors: { per_page: ['The per page field must not be greater than 100.'] },
    });
    expect(errorsOf('per_page=100', { perPageMax: 100 })).toEqual({ ok: true, page: 1n, perPage: 100n });
    expect(errorsOf('page=x', { messages: 'custom' })).toEqual({
      message: 'The given data was invalid.',
      errors: { page: ['The page must be an integer.'] },
    });
    expect(errorsOf('page=1e1001')).toEqual({ message: 'The page field must be an integer.', errors: { page: ['The page field must be an integer.'] } });
    expect(() => validatePageParams(input('page=1e1001'), { exponentGuard: true })).toThrow(ExponentOutOfRangeError);
    expect(errorsOf('page=1e1000', { exponentGuard: true })).toMatchObject({ errors: { page: ['The page field must be an integer.'] } });
  });
});

describe('paginator', () => {
  const items = Array.from({ length: 137 }, (_, i) => i + 1);
  const path = 'http://h/api/v1/intercom/codes';
  it('key order and arithmetic', () => {
    const b = paginate(items, { page: 6, perPage: 25, path });
    expect(Object.keys(b)).toEqual(['data', 'links', 'meta']);
    expect(Object.keys(b.links)).toEqual(['first', 'last', 'prev', 'next']);
    expect(Object.keys(b.meta)).toEqual(['current_page', 'from', 'last_page', 'links', 'path', 'per_page', 'to', 'total']);
    expect(b.data).toEqual(span(126, 137));
    expect(b.meta).toMatchObject({ current_page: 6, from: 126, last_page: 6, to: 137, total: 137, per_page: 25, path });
    expect(b.links).toEqual({ first: `${path}?page=1`, last: `${path}?page=6`, prev: `${path}?page=5`, next: null });
  });
  it('empty collection and past the end', () => {
    const e = paginate([], { page: 1, perPage: 10, path });
    expect(e.meta).toMatchObject({ current_page: 1, from: null, to: null, last_page: 1, total: 0 });
    expect(e.meta.links.map((l) => [l.label, l.active])).toEqual([['pagination.previous', false], ['1', true], ['pagination.next', false]]);
    const p = paginate(items, { page: 9, perPage: 25, path });
    expect(p.data).toEqual([]);
    expect(p.meta).toMatchObject({ current_page: 9, from: null, to: null, last_page: 6 });
    expect(p.links.prev).toBe(`${path}?page=8`);
    expect(p.links.next).toBeNull();
    expect(p.meta.links.some((l) => l.active)).toBe(false);
  });
  it('page key (Laravel 12.23+)', () => {
    const b = paginate(items, { page: 70, perPage: 1, path, pageKey: true });
    expect(b.meta.links[0]).toEqual({ url: `${path}?page=69`, label: 'pagination.previous', page: null, active: false });
    expect(b.meta.links[1]).toEqual({ url: `${path}?page=1`, label: '1', page: 1, active: false });
    expect(b.meta.links[3]).toEqual({ url: null, label: '...', active: false });
  });
  it('huge page numbers stay exact', () => {
    const b = paginate(items, { page: 9223372036854775807n, perPage: 25, path });
    expect(b.meta.current_page).toBe(9223372036854775807n);
    expect(b.links.prev).toBe(`${path}?page=9223372036854775806`);
  });
});

describe('auth: Request::bearerToken()', () => {
  it('reads the last Bearer, up to a comma; case per Laravel version', () => {
    expect(bearerToken('Bearer T')).toBe('T');
    expect(bearerToken('bearer T')).toBe('T');
    expect(bearerToken('bearer T', 'case-sensitive')).toBeUndefined();
    expect(bearerToken('Basic x, Bearer T')).toBe('T');
    expect(bearerToken('Bearer T,extra')).toBe('T');
    expect(bearerToken('Basic x')).toBeUndefined();
    expect(bearerToken('T')).toBeUndefined();
    expect(isAuthenticated('Bearer ', 'T')).toBe(false);
    expect(isAuthenticated(undefined, 'T')).toBe(false);
    expect(isAuthenticated('Bearer T2', 'T')).toBe(false);
  });
});

describe('fixtures/codes', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('deterministic by seed, different across seeds', () => {
    const a = generateCodes({ total: 137, seed: 42, now }).slice(0, 137);
    const b = generateCodes({ total: 137, seed: 42, now }).slice(0, 137);
    const c = generateCodes({ total: 137, seed: 43, now }).slice(0, 137);
    expect(a).toEqual(b);
    expect(c.map((r) => r.code)).not.toEqual(a.map((r) => r.code));
  });
  it('record invariants', () => {
    const source = generateCodes({ total: 5000, seed: 42, now, clock: () => now });
    const all = source.slice(0, 5000);
    expect(all).toHaveLength(5000);
    expect(source.slice(4990, 25)).toHaveLength(10);
    expect(new Set(all.map((r) => r.code)).size).toBe(5000);
    expect(all.every((r) => /^\d{5}$/.test(r.code))).toBe(true);
    expect(all.some((r) => r.code.startsWith('0'))).toBe(true);
    expect(all.every((r, i) => i === 0 || r.id > all[i - 1]!.id)).toBe(true);
    expect(all.some((r, i) => i > 0 && r.id - all[i - 1]!.id > 1)).toBe(true);
    expect(all.some((r) => /[^\x00-\x7f]/.test(r.title))).toBe(true);
    const intercoms = new Map(all.map((r) => [r.intercom.id, r.intercom]));
    expect(intercoms.size).toBeGreaterThanOrEqual(3);
    expect(intercoms.size).toBeLessThanOrEqual(6);
    expect([...intercoms.values()].some((i) => i.created_at === null)).toBe(true);
    for (const r of all) {
      expect(r.intercom.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      for (const t of [r.expired_at, r.created_at, r.will_deleted_at]) expect(t).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(parseTimestamp(r.created_at)).toBeLessThan(parseTimestamp(r.expired_at));
      expect(parseTimestamp(r.will_deleted_at) - parseTimestamp(r.expired_at)).toBe(86_400_000);
      expect(r.is_expired).toBe(parseTimestamp(r.expired_at) < now.getTime());
    }
    const far = all.filter((r) => Math.abs(parseTimestamp(r.expired_at) - now.getTime()) > 14 * 3600_000);
    expect(far.length / all.length).toBeGreaterThan(0.95);
    expect(all.some((r) => r.is_expired) && all.some((r) => !r.is_expired)).toBe(true);
  });
  it('total 1 is the vendor example record', () => {
    expect(generateCodes({ total: 1 }).slice(0, 25)).toEqual([VENDOR_EXAMPLE_RECORD]);
  });
  it('a page of a million-record collection costs O(per_page)', () => {
    const big = generateCodes({ total: 1_000_000, seed: 7, now });
    const last = big.slice(999_990, 25);
    expect(last).toHaveLength(10);
    expect(last[9]!.id).toBeGreaterThan(big.slice(0, 1)[0]!.id);
  });
});

describe('faults registry', () => {
  it('the example faults are registered with known requirement ids', () => {
    const names = listFaults().map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['to-off-by-one', 'any-token-accepted', 'past-end-404']));
    const ids = new Set(REQUIREMENTS.map((r) => r.id));
    for (const f of listFaults()) for (const id of f.requirementIds) expect(ids.has(id), `${f.name}: ${id}`).toBe(true);
    expect(getFault('past-end-404').requirementIds).toEqual(['PAG-PAST-END']);
  });
  it('refuses unknown names, duplicates and unknown requirement ids', () => {
    expect(() => resolveFaults(['no-such-fault'])).toThrow(/unknown fault "no-such-fault"/);
    expect(() => defineFault({ name: 'to-off-by-one', description: 'x', requirementIds: ['PAG-FROM-TO'] })).toThrow(/twice/);
    expect(() => defineFault({ name: 'bad-id-fault', description: 'x', requirementIds: ['NOPE'] })).toThrow(/unknown requirement/);
  });
});
