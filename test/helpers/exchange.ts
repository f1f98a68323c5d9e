/**
 * Builds recorded (already masked) exchanges for check tests, without any HTTP.
 * Defaults describe a plain successful JSON answer; override only what a test is about.
 */
import type { Exchange, TransportError } from '../../src/evidence.ts';
import { toSample, type PageQuery, type Sample } from '../../src/checks/types.ts';
import { VENDOR_EXAMPLE_RECORD } from '../../fixtures/codes.ts';

export const TEST_ENDPOINT = 'https://vms.example.test/api/v1/intercom/codes';

export interface ExchangeInit {
  id?: string;
  purpose?: string;
  /** Omit (with `error`) for a request that got no HTTP answer. */
  status?: number;
  statusText?: string;
  /** A string is sent as is; anything else is JSON.stringify'd. */
  body?: unknown;
  /** Response headers (names lower-cased here). Default: content-type application/json. */
  headers?: Record<string, string>;
  /** Request URL; default TEST_ENDPOINT plus `query`. */
  url?: string;
  /** Builds the request URL from TEST_ENDPOINT when `url` is not given. */
  query?: PageQuery & { extra?: [string, string] };
  requestHeaders?: Record<string, string>;
  error?: TransportError;
  durationMs?: number;
}

let counter = 0;

export function urlFor(query: PageQuery & { extra?: [string, string] } = {}, base = TEST_ENDPOINT): string {
  const parts: string[] = [];
  if (query.perPage !== undefined) parts.push(`per_page=${encodeURIComponent(query.perPage)}`);
  if (query.page !== undefined) parts.push(`page=${encodeURIComponent(query.page)}`);
  if (query.extra) parts.push(`${encodeURIComponent(query.extra[0])}=${encodeURIComponent(query.extra[1])}`);
  return parts.length ? `${base}?${parts.join('&')}` : base;
}

export function makeExchange(init: ExchangeInit = {}): Exchange {
  counter += 1;
  const id = init.id ?? `t${counter}`;
  const exchange: Exchange = {
    id,
    purpose: init.purpose ?? 'test exchange',
    startedAt: '2024-01-01T00:00:00.000Z',
    durationMs: init.durationMs ?? 12,
    request: {
      method: 'GET',
      url: init.url ?? urlFor(init.query),
      headers: {
        accept: 'application/json',
        authorization: 'Bearer ***',
        'x-client': 'web',
        'x-uuid': 'test-device',
        ...lowerKeys(init.requestHeaders ?? {}),
      },
    },
  };
  const answered = init.status !== undefined || (init.error === undefined && init.body !== undefined);
  if (answered) {
    const body = init.body === undefined ? '' : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    exchange.response = {
      status: init.status ?? 200,
      statusText: init.statusText,
      httpVersion: '1.1',
      headers: lowerKeys(init.headers ?? { 'content-type': 'application/json' }),
      body,
      bodySize: Buffer.byteLength(body),
    };
  }
  if (init.error) exchange.error = init.error;
  return exchange;
}

/** makeExchange + toSample with the same query (the request URL carries it too). */
export function makeSample(init: ExchangeInit = {}): Sample {
  const query: PageQuery = {};
  if (init.query?.page !== undefined) query.page = init.query.page;
  if (init.query?.perPage !== undefined) query.perPage = init.query.perPage;
  return toSample(makeExchange(init), query);
}

/** A Laravel-faithful CodesPage body for tests (records are synthetic, codes already masked). */
export function codesPage(opts: {
  total: number;
  perPage?: number;
  page?: number;
  base?: string;
  firstId?: number;
}): Record<string, unknown> {
  const perPage = opts.perPage ?? 25;
  const page = opts.page ?? 1;
  const base = opts.base ?? TEST_ENDPOINT;
  const lastPage = Math.max(Math.ceil(opts.total / perPage), 1);
  const offset = (page - 1) * perPage;
  const count = Math.max(0, Math.min(perPage, opts.total - offset));
  const firstId = opts.firstId ?? 1000;
  const data = Array.from({ length: count }, (_, i) => record(firstId + offset + i));
  const link = (p: number) => `${base}?page=${p}`;
  const pageItems = Array.from({ length: lastPage }, (_, i) => ({
    url: link(i + 1),
    label: String(i + 1),
    active: i + 1 === page,
  }));
  return {
    data,
    links: {
      first: link(1),
      last: link(lastPage),
      prev: page > 1 ? link(page - 1) : null,
      next: page < lastPage ? link(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: count ? offset + 1 : null,
      last_page: lastPage,
      links: [
        { url: page > 1 ? link(page - 1) : null, label: 'pagination.previous', active: false },
        ...pageItems,
        { url: page < lastPage ? link(page + 1) : null, label: 'pagination.next', active: false },
      ],
      path: base,
      per_page: perPage,
      to: count ? offset + count : null,
      total: opts.total,
    },
  };
}

/** The vendor page's example record (masked code, as recorded), under another id. */
export function record(id: number): Record<string, unknown> {
  return { ...structuredClone(VENDOR_EXAMPLE_RECORD), id, title: `Visitor ${id}`, code: '*****' };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
