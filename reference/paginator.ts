/**
 * The body Laravel renders for `JsonResource::collection($query->paginate($perPage))`:
 * LengthAwarePaginator::toArray() reshaped by PaginatedResourceResponse into
 * {data, links: {first, last, prev, next}, meta: {current_page, from, last_page, links, path, per_page, to, total}}
 * in exactly that key order. Pure: no I/O, no clock.
 *
 * Page numbers are bigints internally: PHP ints reach 2^63-1 and a valid `page=9223372036854775807` is echoed
 * back exactly. They come out as JS numbers whenever they are safe integers.
 */
import { windowElements } from './url-window.ts';
import { httpBuildQuery, type InputArray, type InputValue } from './php-query.ts';

export interface ItemSource<T> {
  total: number;
  slice(offset: number, count: number): T[];
}

export interface PaginatorLabels {
  previous: string;
  next: string;
}

/** Untranslated (`__('pagination.previous')` with no lang file: the vendor page) and the stock English ones. */
export const UNTRANSLATED_LABELS: PaginatorLabels = { previous: 'pagination.previous', next: 'pagination.next' };
export const TRANSLATED_LABELS: PaginatorLabels = { previous: '&laquo; Previous', next: 'Next &raquo;' };

export interface PaginateOptions {
  page: number | bigint;
  perPage: number | bigint;
  /** The request URL without query string (Laravel's $request->url()), e.g. "http://127.0.0.1:8080/api/v1/intercom/codes". */
  path: string;
  /** The request query after Laravel's middleware; only used with withQueryString. */
  query?: InputArray;
  withQueryString?: boolean;
  onEachSide?: number;
  labels?: PaginatorLabels;
  /** Laravel 12.23+: a `page` key in each meta.links item (number on pages, null on previous/next). */
  pageKey?: boolean;
}

export type PageNumber = number | bigint;

export interface MetaLink {
  url: string | null;
  label: string;
  page?: PageNumber | null;
  active: boolean;
}

export interface PaginatedBody<T> {
  data: T[];
  links: { first: string; last: string; prev: string | null; next: string | null };
  meta: {
    current_page: PageNumber;
    from: PageNumber | null;
    last_page: number;
    links: MetaLink[];
    path: string;
    per_page: PageNumber;
    to: PageNumber | null;
    total: number;
  };
}

/** A bigint as a JS number when that is exact, else the bigint (the PHP JSON encoder prints both). */
export const exact = (n: bigint): PageNumber => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);

const isPhpIntKey = (k: string): boolean => /^(0|-?[1-9][0-9]{0,17})$/.test(k);

/** AbstractPaginator::url(): path + "?" + Arr::query(array_merge($query, ['page' => $page])). */
export function pageUrl(path: string, page: bigint, query: InputArray | undefined): string {
  const params = new Map<string, InputValue | bigint>();
  let next = 0;
  // array_merge renumbers integer keys from 0; the page parameter itself is never kept from the query (addQuery).
  for (const [k, v] of query ?? []) {
    if (k === 'page') continue;
    params.set(isPhpIntKey(k) ? String(next++) : k, v);
  }
  params.set('page', page < 1n ? 1n : page);
  return path + (path.includes('?') ? '&' : '?') + httpBuildQuery(params);
}

export function paginate<T>(source: ItemSource<T> | readonly T[], options: PaginateOptions): PaginatedBody<T> {
  const items: ItemSource<T> = Array.isArray(source)
    ? { total: source.length, slice: (o, c) => source.slice(o, o + c) }
    : (source as ItemSource<T>);
  const total = items.total;
  const page = BigInt(options.page);
  const perPage = BigInt(options.perPage);
  if (page < 1n || perPage < 1n) throw new RangeError('page and perPage must be >= 1 (validated before paginating)');
  const bigTotal = BigInt(total);
  // max((int) ceil(total / perPage), 1)
  const lastPage = Number(bigTotal === 0n ? 1n : (bigTotal + perPage - 1n) / perPage);
  const path = options.path !== '/' ? options.path.replace(/\/+$/, '') : options.path;
  const query = options.withQueryString ? options.query : undefined;
  const url = (p: bigint): string => pageUrl(path, p, query);

  const offset = (page - 1n) * perPage;
  const data = offset < bigTotal ? items.slice(Number(offset), Number(perPage < bigTotal ? perPage : bigTotal)) : [];
  const from = data.length > 0 ? offset + 1n : null;
  const to = from !== null ? from + BigInt(data.length) - 1n : null;
  const prev = page > 1n ? url(page - 1n) : null;
  const next = page < BigInt(lastPage) ? url(page + 1n) : null;

  const labels = options.labels ?? UNTRANSLATED_LABELS;
  const withPage = (link: MetaLink, p: PageNumber | null | undefined): MetaLink =>
    options.pageKey && p !== undefined ? { url: link.url, label: link.label, page: p, active: link.active } : link;
  const links: MetaLink[] = [withPage({ url: prev, label: labels.previous, active: false }, null)];
  for (const element of windowElements(lastPage, page, options.onEachSide ?? 3)) {
    if (element === '...') {
      links.push({ url: null, label: '...', active: false });
      continue;
    }
    for (const p of element) {
      links.push(withPage({ url: url(BigInt(p)), label: String(p), active: page === BigInt(p) }, p));
    }
  }
  links.push(withPage({ url: next, label: labels.next, active: false }, null));

  return {
    data,
    links: { first: url(1n), last: url(BigInt(lastPage)), prev, next },
    meta: {
      current_page: exact(page),
      from: from === null ? null : exact(from),
      last_page: lastPage,
      links,
      path,
      per_page: exact(perPage),
      to: to === null ? null : exact(to),
      total,
    },
  };
}
