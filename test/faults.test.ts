/**
 * Every fault of reference/faults.ts at the HTTP level: a probe request shows the bug on a server with the fault
 * on, and the same probe does NOT show it on the clean reference (so each probe discriminates). Cheap and fast; the
 * kill matrix (test/kill-matrix.test.ts) then proves the conformance suite itself catches each fault.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { defineFault, getFault, listFaults, resolveFaults } from '../reference/faults/index.ts';
import { startReference, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';
import { ENDPOINT_PATH } from '../src/target.ts';
import { rawRequest, type Reply } from './helpers/raw-request.ts';


const TOKEN = 'reference-token';
const DEFAULT_HEADERS: Record<string, string> = {
  accept: 'application/json',
  authorization: `Bearer ${TOKEN}`,
  'x-client': 'web',
  'x-uuid': 'faults-test-device',
};

/** GET the endpoint with a query; headers override the defaults, null removes one. */
type Get = (query: string, headers?: Record<string, string | null>) => Promise<Reply>;

function getter(server: ReferenceServer): Get {
  return (query, overrides = {}) => {
    const url = new URL(server.baseUrl + ENDPOINT_PATH + query);
    const headers: Record<string, string> = { ...DEFAULT_HEADERS };
    for (const [k, v] of Object.entries(overrides)) {
      if (v === null) delete headers[k];
      else headers[k] = v;
    }
    return rawRequest(url, url.pathname + url.search, headers).catch((e: Error) => ({ status: 0, headers: {}, text: '', json: undefined, error: e.message }));
  };
}

interface Probe {
  /** Server options for both the clean and the faulty server (default: 137 codes). */
  options?: ReferenceOptions;
  /** True when the bug is visible. */
  shows(get: Get, server: ReferenceServer): Promise<boolean>;
}

const P25 = '?per_page=25&page=1';
const page = (get: Get, q = P25, h?: Record<string, string | null>) => get(q, h);
const idAt = (s: ReferenceServer, i: number) => s.codes.slice(i, 1)[0]!.id;
const labels = (r: Reply): string[] => (r.json?.meta?.links ?? []).map((it: { label: string }) => it.label);

const PROBES: Record<string, Probe> = {
  // pagination arithmetic
  'to-off-by-one': { shows: async (g) => (await page(g)).json.meta.to === 26 },
  'from-zero-based': { shows: async (g) => (await page(g, '?per_page=25&page=2')).json.meta.from === 25 },
  'to-past-partial-last-page': { shows: async (g) => (await page(g, '?per_page=25&page=6')).json.meta.to === 150 },
  'empty-list-last-page-zero': { options: { total: 0 }, shows: async (g) => (await page(g)).json.meta.last_page === 0 },
  'last-page-floor': { shows: async (g) => (await page(g)).json.meta.last_page === 5 },
  'last-page-plus-one-on-exact-multiple': {
    options: { total: 200 },
    shows: async (g) => (await page(g)).json.meta.last_page === 9 && (await page(g, '?per_page=7&page=1')).json.meta.last_page === 29,
  },
  'per-page-ignored': { shows: async (g) => (await page(g, '?per_page=7&page=1')).json.data.length === 25 },
  'per-page-misreported': {
    shows: async (g) => {
      const r = await page(g, '?per_page=7&page=1');
      return r.json.meta.per_page === 25 && r.json.data.length === 7;
    },
  },
  'per-page-cap-beyond-first-page': {
    shows: async (g) => (await page(g, '?per_page=100&page=1')).json.meta.per_page === 100 && (await page(g, '?per_page=100&page=2')).json.meta.per_page === 50,
  },
  'per-page-cap-one-client': {
    shows: async (g) =>
      (await page(g, '?per_page=100&page=1', { 'x-client': 'ios-cctv' })).json.meta.per_page === 50 &&
      (await page(g, '?per_page=100&page=1')).json.meta.per_page === 100,
  },
  'total-is-page-count': { shows: async (g) => (await page(g, '?per_page=7&page=1')).json.meta.total === 7 },
  'total-as-string': { shows: async (g) => typeof (await page(g)).json.meta.total === 'string' },
  'extra-record-per-page': { shows: async (g) => (await page(g, '?per_page=7&page=1')).json.data.length === 8 },
  // links
  'next-on-last-page': { shows: async (g) => (await page(g, '?per_page=25&page=6')).json.links.next !== null },
  'prev-on-first-page': { shows: async (g) => (await page(g)).json.links.prev !== null },
  'last-link-floor': { shows: async (g) => (await page(g)).json.links.last.endsWith('page=5') },
  'first-link-page-zero': { shows: async (g) => (await page(g)).json.links.first.endsWith('page=0') },
  'active-item-zero-based': { shows: async (g) => !(await page(g)).json.meta.links.some((it: { active: boolean }) => it.active) },
  'meta-links-without-prev-next': { shows: async (g) => labels(await page(g))[0] === '1' },
  'meta-links-no-ellipsis': { shows: async (g) => !labels(await page(g, '?per_page=1&page=70')).includes('...') },
  'meta-links-window-drops-last-pages': { shows: async (g) => !labels(await page(g, '?per_page=1&page=70')).includes('137') },
  'links-relative': { shows: async (g) => (await page(g)).json.links.first.startsWith('/') },
  'links-prefix-dropped': { options: { prefix: '/vms' }, shows: async (g) => !(await page(g)).json.meta.path.includes('/vms/') },
  'meta-path-with-query': { shows: async (g) => (await page(g)).json.meta.path.includes('?') },
  'page-name-mismatch': {
    shows: async (g) => {
      const r = await page(g, '?per_page=25&page=2');
      return r.json.meta.current_page === 1 && r.json.links.first.includes('p=1');
    },
  },
  // walk
  'offset-off-by-one': { shows: async (g, s) => (await page(g, '?per_page=25&page=2')).json.data[0].id === idAt(s, 24) },
  'offset-skips-records': { shows: async (g, s) => (await page(g, '?per_page=25&page=2')).json.data[0].id === idAt(s, 26) },
  'unstable-order': {
    shows: async (g) => {
      const ids = async () => (await page(g)).json.data.map((r: { id: number }) => r.id).join(',');
      return (await ids()) !== (await ids());
    },
  },
  'page-sorted-by-title': {
    shows: async (g) => {
      const ids: number[] = (await page(g)).json.data.map((r: { id: number }) => r.id);
      return ids.some((id, i) => i > 0 && id < ids[i - 1]!);
    },
  },
  // past the end
  'past-end-404': { shows: async (g) => (await page(g, '?per_page=25&page=99')).status === 404 },
  'past-end-clamped': { shows: async (g) => (await page(g, '?per_page=25&page=99')).json.meta.current_page === 6 },
  'past-end-php-warning': { shows: async (g) => (await page(g, '?per_page=25&page=99')).text.startsWith('<br />') },
  // schema and types
  'ids-as-strings': { shows: async (g) => typeof (await page(g)).json.data[0].id === 'string' },
  'booleans-as-integers': { shows: async (g) => typeof (await page(g)).json.data[0].is_expired === 'number' },
  'timestamps-iso': { shows: async (g) => (await page(g)).json.data[0].expired_at.includes('T') },
  'legacy-zero-dates': { shows: async (g) => (await page(g)).json.data.some((r: { created_at: string }) => r.created_at.startsWith('0000-')) },
  'intercom-null': { shows: async (g) => (await page(g)).json.data.some((r: { intercom: unknown }) => r.intercom === null) },
  'data-wrapped': { shows: async (g) => !Array.isArray((await page(g)).json.data) },
  // record semantics
  'is-expired-inverted': {
    shows: async (g, s) => (await page(g)).json.data.every((r: { is_expired: boolean }, i: number) => r.is_expired !== s.codes.slice(i, 1)[0]!.is_expired),
  },
  'will-delete-before-expiry': {
    shows: async (g) => (await page(g)).json.data.every((r: { expired_at: string; will_deleted_at: string }) => r.will_deleted_at < r.expired_at),
  },
  // auth
  'any-token-accepted': { shows: async (g) => (await page(g, P25, { authorization: 'Bearer wrong-token' })).status === 200 },
  'empty-bearer-accepted': { shows: async (g) => (await page(g, P25, { authorization: 'Bearer ' })).status === 200 },
  'missing-token-served': { shows: async (g) => (await page(g, P25, { authorization: null })).status === 200 },
  'non-bearer-header-unchecked': { shows: async (g) => (await page(g, P25, { authorization: TOKEN })).status === 200 },
  'client-thick-legal-skips-auth': {
    shows: async (g) => (await page(g, P25, { authorization: null, 'x-client': 'thick-legal' })).status === 200,
  },
  'forbidden-instead-of-401': { shows: async (g) => (await page(g, P25, { authorization: 'Bearer wrong' })).status === 403 },
  'html-401': {
    shows: async (g) => {
      const r = await page(g, P25, { authorization: 'Bearer wrong' });
      return r.status === 401 && String(r.headers['content-type']).startsWith('text/html') && r.json === undefined;
    },
  },
  'redirect-to-login': { shows: async (g) => (await page(g, P25, { authorization: null })).status === 302 },
  'unauthenticated-error-key': {
    shows: async (g) => {
      const r = await page(g, P25, { authorization: null });
      return r.status === 401 && typeof r.json?.message !== 'string';
    },
  },
  'token-compare-case-insensitive': { shows: async (g) => (await page(g, P25, { authorization: `Bearer ${TOKEN.toUpperCase()}` })).status === 200 },
  'token-prefix-compare': { shows: async (g) => (await page(g, P25, { authorization: `Bearer ${TOKEN}0a` })).status === 200 },
  'token-like-compare': { shows: async (g) => (await page(g, P25, { authorization: `Bearer ${TOKEN.slice(0, -1)}` })).status === 200 },
  'literal-null-token-as-guest': {
    shows: async (g) =>
      (await page(g, P25, { authorization: 'Bearer null' })).status === 200 && (await page(g, P25, { authorization: 'Bearer undefined' })).status === 200,
  },
  'sanctum-id-ignored': {
    options: { sanctumTokenId: 41 },
    shows: async (g) => (await page(g, P25, { authorization: `Bearer 42|${TOKEN}` })).status === 200,
  },
  'token-split-on-space': { shows: async (g) => (await page(g, P25, { authorization: `Bearer ${TOKEN} ${TOKEN}` })).status === 200 },
  'validation-before-auth': { shows: async (g) => (await page(g, '?per_page=25&page=abc', { authorization: null })).status === 422 },
  // validation
  'invalid-values-clamped': { shows: async (g) => (await page(g, '?per_page=0&page=abc')).status === 200 },
  'page-not-validated-typeerror': {
    shows: async (g) => (await page(g, '?per_page=25&page=abc')).status === 500 && (await page(g, '?per_page=25&page=0')).status === 200,
  },
  'zero-per-page-500': { shows: async (g) => (await page(g, '?per_page=0&page=1')).status === 500 },
  'huge-per-page-500': { shows: async (g) => (await page(g, '?per_page=100000&page=1')).status === 500 },
  'huge-per-page-connection-dropped': { shows: async (g) => (await page(g, '?per_page=100000&page=1')).error !== undefined },
  'per-page-omitted-model-default': { shows: async (g) => (await page(g, '?page=1')).json.meta.per_page === 15 },
  'errors-missing': {
    shows: async (g) => {
      const r = await page(g, '?per_page=25&page=abc');
      return r.status === 422 && r.json.errors === undefined;
    },
  },
  'errors-camel-case-key': { shows: async (g) => (await page(g, '?per_page=abc&page=1')).json.errors?.perPage !== undefined },
  'errors-as-strings': { shows: async (g) => typeof (await page(g, '?per_page=25&page=abc')).json.errors?.page === 'string' },
  'only-first-error': { shows: async (g) => Object.keys((await page(g, '?per_page=abc&page=0')).json.errors ?? {}).length === 1 },
  'laravel-11-22-nul-per-page-500': {
    shows: async (g) =>
      (await page(g, '?per_page=%00&page=1')).status === 500 &&
      (await page(g, '?per_page=25&page=%00')).status !== 500 &&
      (await page(g, '?per_page=%01&page=1')).status !== 500,
  },
  'validation-400': { shows: async (g) => (await page(g, '?per_page=25&page=abc')).status === 400 },
  // content type and headers
  'json-as-text-html': { shows: async (g) => String((await page(g)).headers['content-type']).startsWith('text/html') },
  'utf8-bom': { shows: async (g) => (await page(g)).text.startsWith('\uFEFF{') && (await page(g, P25, { authorization: null })).text.startsWith('\uFEFF{') },
  'utf8-bom-error-answers': {
    shows: async (g) => !(await page(g)).text.startsWith('\uFEFF') && (await page(g, P25, { authorization: null })).text.startsWith('\uFEFF{'),
  },
  'gzip-regardless': { shows: async (g) => (await page(g, P25, { 'accept-encoding': 'identity' })).headers['content-encoding'] === 'gzip' },
  'client-thick-legal-500': { shows: async (g) => (await page(g, P25, { 'x-client': 'thick-legal' })).status === 500 },
  'client-ios-hides-expired': { shows: async (g) => (await page(g, P25, { 'x-client': 'ios-cctv' })).json.meta.total !== 137 },
  'missing-uuid-500': { shows: async (g) => (await page(g, P25, { 'x-uuid': null })).status === 500 },
  'unknown-client-500': { shows: async (g) => (await page(g, P25, { 'x-client': 'vms-unknown' })).status === 500 },
};

describe('fault registry', () => {
  it('holds at least 30 faults, each with a description and known requirement ids', () => {
    const faults = listFaults();
    expect(faults.length).toBeGreaterThanOrEqual(30);
    for (const f of faults) {
      expect(f.description.length, f.name).toBeGreaterThan(20);
      expect(f.requirementIds.length, f.name).toBeGreaterThan(0);
    }
  });

  it('every fault has an HTTP probe here, and every probe a fault', () => {
    const names = listFaults().map((f) => f.name).sort();
    expect(Object.keys(PROBES).sort()).toEqual(names);
  });

  it('refuses unknown names, duplicates and unknown requirement ids', () => {
    expect(() => getFault('no-such-fault')).toThrow(/unknown fault/);
    expect(() => resolveFaults(['to-off-by-one', 'nope'])).toThrow(/unknown fault "nope"/);
    expect(() => defineFault({ name: 'to-off-by-one', description: 'again', requirementIds: ['PAG-FROM-TO'] })).toThrow(/twice/);
    expect(() => defineFault({ name: 'fault-with-bad-id', description: 'x', requirementIds: ['NOT-A-REQ'] })).toThrow(/unknown requirement/);
    expect(() => defineFault({ name: 'fault-with-no-id', description: 'x', requirementIds: [] })).toThrow(/names no requirement/);
  });
});

describe('each fault shows at the HTTP level, and only with the fault on', () => {
  const servers = new Map<string, ReferenceServer>();
  const serverFor = async (key: string, options: ReferenceOptions): Promise<ReferenceServer> => {
    let s = servers.get(key);
    if (!s) {
      s = await startReference({ token: TOKEN, ...options });
      servers.set(key, s);
    }
    return s;
  };
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()));
  });

  for (const [name, probe] of Object.entries(PROBES)) {
    it(name, async () => {
      const options = probe.options ?? {};
      const clean = await serverFor(`clean:${JSON.stringify(options)}`, options);
      const faulty = await startReference({ token: TOKEN, ...options, faults: [name] });
      try {
        expect(await probe.shows(getter(faulty), faulty), `${name}: the probe does not see the bug`).toBe(true);
        expect(await probe.shows(getter(clean), clean), `${name}: the probe also fires on the clean reference`).toBe(false);
      } finally {
        await faulty.close();
      }
    });
  }
});
