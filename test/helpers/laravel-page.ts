/**
 * Test-only builder of the bodies real Laravel sends for GET /api/v1/intercom/codes:
 * LengthAwarePaginator + JsonResource::collection (data, links, meta), UrlWindow with onEachSide(n),
 * url() with optional withQueryString(). Written from Laravel's PHP independently of src/checks and reference/,
 * in the PHP's own shape (first/slider/last), so a bug in the checks' window cannot hide here.
 */
import type { Sample } from '../../src/checks/types.ts';
import { makeSample, TEST_ENDPOINT } from './exchange.ts';
import { VENDOR_EXAMPLE_RECORD } from '../../fixtures/codes.ts';

export interface LaravelPageOptions {
  total: number;
  /** The page the paginator resolved (Laravel keeps it even past the end). */
  page: number;
  perPage: number;
  onEachSide?: number;
  /** withQueryString(): links keep the request's other query parameters, page last. */
  withQueryString?: boolean;
  /** The request's query parameters (for withQueryString); default per_page and page as sent. */
  query?: Record<string, string>;
  /** meta.path / the paginator path (Laravel: the request URL without query string). */
  path?: string;
  prevLabel?: string;
  nextLabel?: string;
  /** Laravel 12.23+: a `page` key on every meta.links item but "...". */
  pageKey?: boolean;
  /** The id at a 0-based collection position; default descending from total (newest first). */
  idAt?: (position: number) => number;
  /** The suite's clock the synthetic records' dates are spread around. */
  now?: Date;
}

type UrlRange = Map<number, string>;

/** Laravel's UrlWindow::get() (8.x and later), transliterated. */
function urlWindowPhp(current: number, lastPage: number, onEachSide: number, url: (p: number) => string) {
  const getUrlRange = (start: number, end: number): UrlRange => {
    const m: UrlRange = new Map();
    for (let p = start; p <= end; p++) m.set(p, url(p));
    return m;
  };
  const getStart = () => getUrlRange(1, 2);
  const getFinish = () => getUrlRange(lastPage - 1, lastPage);
  if (lastPage < onEachSide * 2 + 8) return { first: getUrlRange(1, lastPage), slider: null, last: null };
  const window = onEachSide + 4;
  if (lastPage <= 1) return { first: null, slider: null, last: null };
  if (current <= window) return { first: getUrlRange(1, window + onEachSide), slider: null, last: getFinish() };
  if (current > lastPage - window) {
    return { first: getStart(), slider: null, last: getUrlRange(lastPage - (window + (onEachSide - 1)), lastPage) };
  }
  return { first: getStart(), slider: getUrlRange(current - onEachSide, current + onEachSide), last: getFinish() };
}

/** LengthAwarePaginator::elements(): array_filter([first, '...'?, slider, '...'?, last]). */
function elements(current: number, lastPage: number, onEachSide: number, url: (p: number) => string): Array<UrlRange | '...'> {
  const w = urlWindowPhp(current, lastPage, onEachSide, url);
  const out: Array<UrlRange | '...' | null> = [w.first, w.slider ? '...' : null, w.slider, w.last ? '...' : null, w.last];
  return out.filter((x): x is UrlRange | '...' => x !== null);
}

/** The page numbers and "..." Laravel lists for this page (for tests that state the expected window). */
export function laravelWindow(current: number, lastPage: number, onEachSide = 3): Array<number | '...'> {
  return elements(current, lastPage, onEachSide, String).flatMap((e): Array<number | '...'> => (e === '...' ? ['...'] : [...e.keys()]));
}

function ts(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A synthetic code record; dates spread over ±3 days around `now` so is_expired is judged both ways. */
export function codeRecord(id: number, now: Date): Record<string, unknown> {
  const day = 86_400_000;
  const expired = now.getTime() + ((id % 7) - 3) * day + (id % 2 ? 3 : -5) * 3_600_000;
  return {
    id,
    title: `Visitor ${id}`,
    code: '*****',
    expired_at: ts(expired),
    is_expired: expired < now.getTime(),
    will_deleted_at: ts(expired + day),
    created_at: ts(expired - 2 * 60_000),
    intercom: { ...VENDOR_EXAMPLE_RECORD.intercom },
  };
}

export function laravelPage(o: LaravelPageOptions): Record<string, unknown> {
  const path = (o.path ?? TEST_ENDPOINT).replace(/\/+$/, '');
  const onEachSide = o.onEachSide ?? 3;
  const now = o.now ?? new Date('2024-06-01T12:00:00Z');
  const idAt = o.idAt ?? ((i: number) => o.total - i);
  const lastPage = Math.max(Math.ceil(o.total / o.perPage), 1);
  const current = o.page;
  // AbstractPaginator::url(): the appended query (never page) first, then page.
  const appended: Record<string, string> = {};
  if (o.withQueryString) {
    const q = o.query ?? { per_page: String(o.perPage), page: String(o.page) };
    for (const [k, v] of Object.entries(q)) if (k !== 'page') appended[k] = v;
  }
  const url = (p: number): string => `${path}?${new URLSearchParams({ ...appended, page: String(Math.max(p, 1)) })}`;
  const offset = (current - 1) * o.perPage;
  const count = Math.max(0, Math.min(o.perPage, o.total - offset));
  const data = Array.from({ length: count }, (_, i) => codeRecord(idAt(offset + i), now));
  const prevUrl = current > 1 ? url(current - 1) : null;
  const nextUrl = current < lastPage ? url(current + 1) : null;
  type Item = { url: string | null; label: string; active: boolean; page?: number };
  const pageItems = elements(current, lastPage, onEachSide, url).flatMap((e): Item[] =>
    e === '...'
      ? [{ url: null, label: '...', active: false }]
      : [...e].map(([p, u]) => ({ url: u, label: String(p), active: p === current, ...(o.pageKey ? { page: p } : {}) })),
  );
  return {
    data,
    links: { first: url(1), last: url(lastPage), prev: prevUrl, next: nextUrl },
    meta: {
      current_page: current,
      from: count ? offset + 1 : null,
      last_page: lastPage,
      links: [
        { url: prevUrl, label: o.prevLabel ?? 'pagination.previous', active: false, ...(o.pageKey ? { page: null } : {}) },
        ...pageItems,
        { url: nextUrl, label: o.nextLabel ?? 'pagination.next', active: false, ...(o.pageKey ? { page: null } : {}) },
      ],
      path,
      per_page: o.perPage,
      to: count ? offset + count : null,
      total: o.total,
    },
  };
}

/** A 200 sample of `laravelPage(o)` requested with per_page and page (both sent as canonical strings). */
export function laravelSample(o: LaravelPageOptions, mutate?: (body: any) => unknown): Sample {
  let body: unknown = laravelPage(o);
  const replaced = mutate?.(body);
  if (replaced !== undefined) body = replaced; // a mutator may return a whole new body
  return makeSample({ status: 200, body, query: { perPage: String(o.perPage), page: String(o.page) } });
}
