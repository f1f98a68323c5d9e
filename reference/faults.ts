/**
 * Fault injection for the reference server: each fault is one realistic bug, declared as a small entry with
 * the requirement ids the suite is expected to fail on it (at least those), and hooks that bend the
 * Laravel-correct request handling at well-defined points. The pipeline (reference/server.ts), in order:
 *
 *   respond   before anything: take the request over (hang, reset, HTML page...); return true when handled
 *   auth      after the bearer check: return the new decision (true = let through)
 *   validate  after validation: return another outcome (accept bad input, reject good input, other errors)
 *   params    after validation: change the page / per_page actually used
 *   data      wrap the data source (drop, repeat or reorder records; other totals)
 *   body      any JSON body about to be encoded (ctx.status says which: 200, 401, 422, 404...)
 *   response  after encoding: change status, headers or the body text
 *
 * Several faults can be active at once; hooks run in the order the faults were given.
 * Unknown names are an error (resolveFaults), and so are duplicate names or unknown requirement ids.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { formatTimestamp, parseTimestamp, type DataSource, type IntercomCode } from '../fixtures/codes.ts';
import { isRequirementId } from '../src/requirements.ts';
import type { InputArray } from './php-query.ts';
import type { PhpJsonValue } from './php-json.ts';
import { filterValidateInt, isNumeric, validatePageParams, type ValidationOutcome } from './validate.ts';

export type JsonBody = { [key: string]: PhpJsonValue | undefined };

export interface FaultContext {
  readonly method: string;
  /** Request path without the query string, as received (prefix included). */
  readonly path: string;
  readonly rawQuery: string;
  /** The query after Laravel's TrimStrings + ConvertEmptyStringsToNull. */
  readonly query: InputArray;
  readonly headers: IncomingHttpHeaders;
  /** X-Client and X-UUID headers as sent. */
  readonly client: string | undefined;
  readonly deviceId: string | undefined;
  /** 1-based number of this request among those the server received. */
  readonly requestNumber: number;
  readonly now: Date;
  /** Collection size behind the endpoint (before any `data` hook). */
  readonly total: number;
  /** Set once known. */
  page?: bigint;
  perPage?: bigint;
  lastPage?: number;
  /** Status of the response being built (set before `body` and `response`). */
  status?: number;
}

export interface DraftResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface PageParams {
  page: bigint;
  perPage: bigint;
}

export interface Fault {
  name: string;
  description: string;
  /** Requirements the suite must report failed on a server with this fault (at least these). */
  requirementIds: readonly string[];
  respond?(req: IncomingMessage, res: ServerResponse, ctx: FaultContext): boolean | Promise<boolean>;
  auth?(ctx: FaultContext, authenticated: boolean): boolean;
  validate?(ctx: FaultContext, outcome: ValidationOutcome): ValidationOutcome;
  params?(ctx: FaultContext, params: PageParams): PageParams;
  data?(source: DataSource, ctx: FaultContext): DataSource;
  body?(body: JsonBody, ctx: FaultContext): JsonBody;
  response?(draft: DraftResponse, ctx: FaultContext): DraftResponse;
}

const REGISTRY = new Map<string, Fault>();

/** Add a fault to the registry (names are unique, requirement ids must exist in the catalogue). */
export function defineFault(fault: Fault): Fault {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(fault.name)) throw new Error(`fault name "${fault.name}" must be kebab-case`);
  if (REGISTRY.has(fault.name)) throw new Error(`fault "${fault.name}" is defined twice`);
  if (fault.requirementIds.length === 0) throw new Error(`fault "${fault.name}" names no requirement it breaks`);
  for (const id of fault.requirementIds) {
    if (!isRequirementId(id)) throw new Error(`fault "${fault.name}": unknown requirement id ${id}`);
  }
  REGISTRY.set(fault.name, Object.freeze({ ...fault, requirementIds: Object.freeze([...fault.requirementIds]) }));
  return fault;
}

export function listFaults(): Fault[] {
  return [...REGISTRY.values()];
}

export function getFault(name: string): Fault {
  const fault = REGISTRY.get(name);
  if (!fault) throw new Error(`unknown fault "${name}" (known: ${[...REGISTRY.keys()].sort().join(', ')})`);
  return fault;
}

export function resolveFaults(names: readonly string[] = []): Fault[] {
  return names.map(getFault);
}

const isObject = (v: unknown): v is JsonBody => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------
// The catalogue. Keep each entry small: one bug, the requirements it breaks, the hooks it needs.
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'to-off-by-one',
  description: 'meta.to is one too high on every non-empty page (to = from + count instead of from + count - 1).',
  requirementIds: ['PAG-FROM-TO'],
  body(body, ctx) {
    if (ctx.status === 200 && isObject(body.meta) && typeof body.meta.to === 'number') {
      return { ...body, meta: { ...body.meta, to: body.meta.to + 1 } };
    }
    return body;
  },
});

defineFault({
  name: 'any-token-accepted',
  description: 'Any non-empty bearer token is accepted (the guard only checks that a token is present).',
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    return authenticated || (typeof header === 'string' && /bearer \S/i.test(header));
  },
});

defineFault({
  name: 'past-end-404',
  description: 'A page past the end answers 404 {"message":"Not Found"} instead of 200 with empty data.',
  requirementIds: ['PAG-PAST-END'],
  response(draft, ctx) {
    if (draft.status === 200 && ctx.page !== undefined && ctx.lastPage !== undefined && ctx.page > BigInt(ctx.lastPage)) {
      return { ...draft, status: 404, body: '{"message":"Not Found"}' };
    }
    return draft;
  },
});

// ---------------------------------------------------------------------------------------------------
// Helpers for the entries below.
// ---------------------------------------------------------------------------------------------------

interface PageBody {
  data: PhpJsonValue[];
  links: JsonBody;
  meta: JsonBody;
}

/** The 200 paginated body's parts, or undefined for any other answer. */
function pageOf(body: JsonBody, ctx: FaultContext): PageBody | undefined {
  if (ctx.status !== 200 || !Array.isArray(body.data) || !isObject(body.links) || !isObject(body.meta)) return undefined;
  return { data: body.data as PhpJsonValue[], links: body.links, meta: body.meta };
}

/** Rewrites a 200 page body; any other body goes through untouched. */
function onPage(fn: (page: PageBody, ctx: FaultContext) => JsonBody): (body: JsonBody, ctx: FaultContext) => JsonBody {
  return (body, ctx) => {
    const page = pageOf(body, ctx);
    return page ? fn(page, ctx) : body;
  };
}

/** Rewrites every record of a 200 page. */
function onRecords(fn: (record: JsonBody, index: number, ctx: FaultContext) => PhpJsonValue): (body: JsonBody, ctx: FaultContext) => JsonBody {
  return onPage((p, ctx) => ({ data: p.data.map((r, i) => (isObject(r) ? fn(r, i, ctx) : r)), links: p.links, meta: p.meta }));
}

/** A link URL of the paginator (page always last) pointing to another page. */
function urlWithPage(url: string, page: number | bigint): string {
  return url.replace(/([?&])page=[^&]*$/, `$1page=${page}`);
}

const num = (v: PhpJsonValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

/** Sets the url of the previous (first) or next (last) meta.links item. */
function withEndItem(links: PhpJsonValue | undefined, which: 'previous' | 'next', url: string | null): PhpJsonValue | undefined {
  if (!Array.isArray(links) || links.length === 0) return links;
  const items = [...links] as JsonBody[];
  const i = which === 'previous' ? 0 : items.length - 1;
  items[i] = { ...items[i], url };
  return items as PhpJsonValue;
}

/** Every link URL of a page body (links.*, meta.path, meta.links[].url) rewritten. */
function mapUrls(p: PageBody, fn: (url: string, where: 'link' | 'path') => string): JsonBody {
  const links: JsonBody = {};
  for (const [k, v] of Object.entries(p.links)) links[k] = typeof v === 'string' ? fn(v, 'link') : v;
  const items = Array.isArray(p.meta.links)
    ? (p.meta.links as JsonBody[]).map((it) => (typeof it.url === 'string' ? { ...it, url: fn(it.url, 'link') } : it))
    : p.meta.links;
  const path = typeof p.meta.path === 'string' ? fn(p.meta.path, 'path') : p.meta.path;
  return { data: p.data, links, meta: { ...p.meta, links: items as PhpJsonValue, path } };
}

const lastPageFor = (total: number, perPage: bigint): bigint => (total === 0 ? 1n : (BigInt(total) + perPage - 1n) / perPage);

/** A query value read the way PHP's (int) cast reads it (leading numeric prefix; floats truncated), or null. */
function phpIntCast(value: unknown): bigint | null {
  if (typeof value !== 'string') return null;
  const m = /^[ \t\n\r\v\f]*([+-]?\d+)(?:\.\d*)?(?:[eE]([+-]?\d+))?/.exec(value);
  if (!m) return null;
  let n = BigInt(m[1]!);
  const exp = m[2] === undefined ? 0 : Number(m[2]);
  if (exp > 0) n *= 10n ** BigInt(Math.min(exp, 30));
  const max = 9223372036854775807n;
  return n > max ? max : n < -max - 1n ? -max - 1n : n;
}

const JSON_TYPE = { 'content-type': 'application/json', 'cache-control': 'no-cache, private' };
const serverError = (): DraftResponse => ({
  status: 500,
  headers: { ...JSON_TYPE },
  body: '{\n    "message": "Server Error"\n}',
});

const withRecords = (source: DataSource, map: (records: IntercomCode[], offset: number) => IntercomCode[]): DataSource => ({
  total: source.total,
  slice: (offset, count) => map(source.slice(offset, count), offset),
});

// ---------------------------------------------------------------------------------------------------
// Pagination arithmetic
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'from-zero-based',
  description: 'meta.from is the 0-based offset ((page - 1) * per_page) instead of the 1-based position of the first record.',
  requirementIds: ['PAG-FROM-TO'],
  body: onPage((p) => {
    const from = num(p.meta.from);
    return from === undefined ? { ...p } : { ...p, meta: { ...p.meta, from: from - 1 } };
  }),
});

defineFault({
  name: 'to-past-partial-last-page',
  description: 'meta.to is from + per_page - 1 even on a partial last page (the count of the page is not used): wrong only on the last page.',
  requirementIds: ['PAG-FROM-TO'],
  body: onPage((p, ctx) => {
    const from = num(p.meta.from);
    const perPage = num(p.meta.per_page);
    if (from === undefined || perPage === undefined || ctx.total === 0) return { ...p };
    return { ...p, meta: { ...p.meta, to: from + perPage - 1 } };
  }),
});

defineFault({
  name: 'empty-list-last-page-zero',
  description: 'An empty list reports last_page 0 and links.last ?page=0 (ceil(total / per_page) without the max(…, 1)).',
  requirementIds: ['PAG-LAST-PAGE'],
  body: onPage((p, ctx) =>
    ctx.total !== 0
      ? { ...p }
      : {
          ...p,
          links: { ...p.links, last: typeof p.links.last === 'string' ? urlWithPage(p.links.last, 0) : p.links.last },
          meta: { ...p.meta, last_page: 0 },
        },
  ),
});

defineFault({
  name: 'last-page-floor',
  description: 'last_page = intdiv(total, per_page) (floor instead of ceil): the partial last page is never announced, next is null one page early.',
  requirementIds: ['PAG-LAST-PAGE'],
  body: onPage((p, ctx) => {
    const perPage = ctx.perPage ?? 25n;
    const last = BigInt(ctx.total) / perPage > 0n ? BigInt(ctx.total) / perPage : 1n;
    const current = ctx.page ?? 1n;
    const links = { ...p.links };
    if (typeof links.last === 'string') links.last = urlWithPage(links.last, last);
    let metaLinks = p.meta.links;
    if (current >= last && links.next !== null) {
      links.next = null;
      metaLinks = withEndItem(metaLinks, 'next', null);
    }
    return { data: p.data, links, meta: { ...p.meta, last_page: Number(last), links: metaLinks } };
  }),
});

defineFault({
  name: 'last-page-plus-one-on-exact-multiple',
  description: 'last_page = intdiv(total, per_page) + 1, right unless per_page divides total: then an extra empty last page is announced (and linked as next).',
  requirementIds: ['PAG-LAST-PAGE'],
  body: onPage((p, ctx) => {
    const perPage = ctx.perPage ?? 25n;
    if (ctx.total === 0 || BigInt(ctx.total) % perPage !== 0n) return { ...p };
    const last = BigInt(ctx.total) / perPage + 1n;
    const current = ctx.page ?? 1n;
    const links = { ...p.links };
    if (typeof links.last === 'string') links.last = urlWithPage(links.last, last);
    let metaLinks = p.meta.links;
    if (current < last && typeof links.first === 'string') {
      links.next = urlWithPage(links.first, current + 1n);
      metaLinks = withEndItem(metaLinks, 'next', links.next);
    }
    return { data: p.data, links, meta: { ...p.meta, last_page: Number(last), links: metaLinks } };
  }),
});

defineFault({
  name: 'per-page-ignored',
  description: 'per_page is ignored: every page has the default 25 records (the controller calls paginate(25)).',
  requirementIds: ['PAG-PER-PAGE'],
  params: (_ctx, params) => ({ page: params.page, perPage: 25n }),
});

defineFault({
  name: 'per-page-misreported',
  description: 'meta.per_page is hard-coded to 25 in a hand-built meta while the data honours per_page: wrong only when per_page is not 25.',
  requirementIds: ['PAG-PER-PAGE'],
  body: onPage((p) => ({ ...p, meta: { ...p.meta, per_page: 25 } })),
});

defineFault({
  name: 'total-is-page-count',
  description: 'meta.total is the number of records on the page ($items->count()) instead of the size of the collection.',
  requirementIds: ['PAG-TOTAL-CONSISTENT', 'PAG-LAST-PAGE'],
  body: onPage((p) => ({ ...p, meta: { ...p.meta, total: p.data.length } })),
});

defineFault({
  name: 'total-as-string',
  description: 'meta.total is a string ("137"): a raw COUNT(*) from PDO with stringified fetches, put in a hand-built meta.',
  requirementIds: ['SCHEMA-200'],
  body: onPage((p) => ({ ...p, meta: { ...p.meta, total: String(p.meta.total) } })),
});

defineFault({
  name: 'extra-record-per-page',
  description: 'Each page fetches per_page + 1 rows (to know whether a next page exists) and forgets to drop the extra one.',
  requirementIds: ['PAG-DATA-LENGTH', 'WALK-EACH-RECORD-ONCE'],
  data: (source) => ({ total: source.total, slice: (offset, count) => source.slice(offset, count + 1) }),
});

// ---------------------------------------------------------------------------------------------------
// links and meta.links
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'next-on-last-page',
  description: 'links.next (and the next item of meta.links) is set while page <= last_page, so the last page links to an empty page after it.',
  requirementIds: ['LINKS-PREV-NEXT', 'LINKS-FOLLOW-NEXT'],
  body: onPage((p, ctx) => {
    const current = ctx.page ?? 1n;
    if (ctx.lastPage === undefined || current !== BigInt(ctx.lastPage) || typeof p.links.first !== 'string') return { ...p };
    const next = urlWithPage(p.links.first, current + 1n);
    return { data: p.data, links: { ...p.links, next }, meta: { ...p.meta, links: withEndItem(p.meta.links, 'next', next) } };
  }),
});

defineFault({
  name: 'prev-on-first-page',
  description: 'links.prev is url(max(page - 1, 1)): page 1 links to itself as its previous page.',
  requirementIds: ['LINKS-PREV-NEXT'],
  body: onPage((p, ctx) => {
    if ((ctx.page ?? 1n) !== 1n || typeof p.links.first !== 'string') return { ...p };
    const prev = p.links.first;
    return { data: p.data, links: { ...p.links, prev }, meta: { ...p.meta, links: withEndItem(p.meta.links, 'previous', prev) } };
  }),
});

defineFault({
  name: 'last-link-floor',
  description: 'links.last is built with intdiv(total, per_page): it points one page short whenever the last page is partial (meta.last_page is right).',
  requirementIds: ['LINKS-FIRST-LAST'],
  body: onPage((p, ctx) => {
    const perPage = ctx.perPage ?? 25n;
    const floor = BigInt(ctx.total) / perPage;
    if (typeof p.links.last !== 'string') return { ...p };
    return { ...p, links: { ...p.links, last: urlWithPage(p.links.last, floor > 0n ? floor : 1n) } };
  }),
});

defineFault({
  name: 'first-link-page-zero',
  description: 'links.first points to ?page=0 (a 0-based page index leaked into the URL builder).',
  requirementIds: ['LINKS-FIRST-LAST'],
  body: onPage((p) => ({ ...p, links: { ...p.links, first: typeof p.links.first === 'string' ? urlWithPage(p.links.first, 0) : p.links.first } })),
});

defineFault({
  name: 'active-item-zero-based',
  description: 'meta.links marks the item of page - 1 as active (0-based comparison): page 1 has no active item, page 2 shows page 1 active.',
  requirementIds: ['META-LINKS-STRUCTURE'],
  body: onPage((p, ctx) => {
    if (!Array.isArray(p.meta.links)) return { ...p };
    const wanted = String((ctx.page ?? 1n) - 1n);
    const items = (p.meta.links as JsonBody[]).map((it) => ({ ...it, active: /^\d+$/.test(String(it.label)) && it.label === wanted }));
    return { ...p, meta: { ...p.meta, links: items } };
  }),
});

defineFault({
  name: 'meta-links-without-prev-next',
  description: 'meta.links lists only the page items: the previous and next items are missing (a hand-built list).',
  requirementIds: ['META-LINKS-STRUCTURE'],
  body: onPage((p) => (Array.isArray(p.meta.links) ? { ...p, meta: { ...p.meta, links: p.meta.links.slice(1, -1) } } : { ...p })),
});

defineFault({
  name: 'meta-links-no-ellipsis',
  description: 'meta.links drops the "..." separators of the window (first, slider and last parts joined): broken only beyond 13 pages.',
  requirementIds: ['META-LINKS-STRUCTURE'],
  body: onPage((p) =>
    Array.isArray(p.meta.links)
      ? { ...p, meta: { ...p.meta, links: (p.meta.links as JsonBody[]).filter((it) => it.label !== '...') } }
      : { ...p },
  ),
});

defineFault({
  name: 'meta-links-window-drops-last-pages',
  description: 'Beyond 13 pages, meta.links renders only the first part and the slider of the window: the two last pages are missing.',
  requirementIds: ['META-LINKS-STRUCTURE'],
  body: onPage((p) => {
    if (!Array.isArray(p.meta.links)) return { ...p };
    const items = p.meta.links as JsonBody[];
    const lastGap = items.map((it) => it.label).lastIndexOf('...');
    if (lastGap === -1) return { ...p };
    return { ...p, meta: { ...p.meta, links: [...items.slice(0, lastGap), items[items.length - 1]!] } };
  }),
});

defineFault({
  name: 'links-relative',
  description: 'The paginator path is set with ->withPath("/api/v1/intercom/codes"): every link and meta.path is a relative URL.',
  requirementIds: ['LINKS-URL-PATH'],
  body: onPage((p) => mapUrls(p, (u) => u.replace(/^[a-z]+:\/\/[^/]+/i, ''))),
});

defineFault({
  name: 'links-prefix-dropped',
  description: 'Behind a proxy that strips the path prefix, links and meta.path lose it (https://host/api/v1/... instead of https://host/vms/api/v1/...).',
  requirementIds: ['LINKS-URL-PATH'],
  body: onPage((p) => mapUrls(p, (u) => u.replace(/^([a-z]+:\/\/[^/]+)\/[^?]*?(\/api\/v1\/intercom\/codes)/i, '$1$2'))),
});

defineFault({
  name: 'meta-path-with-query',
  description: "meta.path is $request->fullUrl(): it carries the request's query string.",
  requirementIds: ['LINKS-URL-PATH'],
  body: onPage((p, ctx) =>
    typeof p.meta.path === 'string' && ctx.rawQuery !== ''
      ? { ...p, meta: { ...p.meta, path: `${p.meta.path}?${ctx.rawQuery}` } }
      : { ...p },
  ),
});

defineFault({
  name: 'page-name-mismatch',
  description: 'The paginator is built with pageName "p": the page query parameter is ignored (always page 1) and links carry ?p=N.',
  requirementIds: ['PAG-CURRENT-PAGE', 'LINKS-PREV-NEXT'],
  params: (_ctx, params) => ({ page: 1n, perPage: params.perPage }),
  body: onPage((p) => mapUrls(p, (u, where) => (where === 'link' ? u.replace(/([?&])page=/, '$1p=') : u))),
});

// ---------------------------------------------------------------------------------------------------
// Walking the collection
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'offset-off-by-one',
  description: 'offset = (page - 1) * per_page - 1 from page 2 on: each page repeats the last record of the page before (and the last record is never shown).',
  requirementIds: ['WALK-EACH-RECORD-ONCE'],
  data: (source) => ({ total: source.total, slice: (offset, count) => source.slice(offset > 0 ? offset - 1 : 0, count) }),
});

defineFault({
  name: 'offset-skips-records',
  description: 'offset = (page - 1) * (per_page + 1): one record is skipped between consecutive pages.',
  requirementIds: ['WALK-EACH-RECORD-ONCE'],
  data: (source, ctx) => ({
    total: source.total,
    slice: (offset, count) => source.slice(offset + Number((ctx.page ?? 1n) - 1n), count),
  }),
});

defineFault({
  name: 'unstable-order',
  description: 'No ORDER BY (or one on a non-unique column): the database returns the rows in a different order on every request.',
  requirementIds: ['WALK-STABLE-ORDER', 'WALK-EACH-RECORD-ONCE'],
  data: (source, ctx) => {
    const order = Array.from({ length: source.total }, (_, i) => i);
    let s = (ctx.requestNumber * 2654435761) >>> 0;
    for (let i = order.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return { total: source.total, slice: (offset, count) => order.slice(offset, offset + count).map((i) => source.slice(i, 1)[0]!) };
  },
});

defineFault({
  name: 'page-sorted-by-title',
  description: 'Each page is re-sorted by title after paginating ($page->getCollection()->sortBy("title")): the order depends on the page size.',
  requirementIds: ['WALK-STABLE-ORDER'],
  data: (source) => withRecords(source, (records) => [...records].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id))),
});

// ---------------------------------------------------------------------------------------------------
// Past the end
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'past-end-clamped',
  description: 'A page past the end is clamped to the last page (min(page, last_page)): current_page and data are the last page\'s.',
  requirementIds: ['PAG-PAST-END'],
  params: (ctx, params) => {
    const last = lastPageFor(ctx.total, params.perPage);
    return { page: params.page > last ? last : params.page, perPage: params.perPage };
  },
});

defineFault({
  name: 'past-end-php-warning',
  description: 'Past the end, the controller reads $items[0] and PHP (display_errors on) prints a warning before the JSON.',
  requirementIds: ['HTTP-JSON-BODY', 'SCHEMA-200'],
  response(draft, ctx) {
    if (draft.status !== 200 || ctx.page === undefined || ctx.lastPage === undefined || ctx.page <= BigInt(ctx.lastPage)) return draft;
    const warning = '<br />\n<b>Warning</b>:  Undefined array key 0 in <b>/var/www/app/Http/Controllers/Api/IntercomCodeController.php</b> on line <b>42</b><br />\n';
    return { ...draft, body: warning + draft.body };
  },
});

// ---------------------------------------------------------------------------------------------------
// Schema and types of the records
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'ids-as-strings',
  description: 'Integer columns come out as strings (PDO ATTR_STRINGIFY_FETCHES): "id": "1388", intercom "id" and "department" too.',
  requirementIds: ['SCHEMA-200'],
  body: onRecords((r) => ({
    ...r,
    id: String(r.id),
    intercom: isObject(r.intercom) ? { ...r.intercom, id: String(r.intercom.id), department: String(r.intercom.department) } : r.intercom ?? null,
  })),
});

defineFault({
  name: 'booleans-as-integers',
  description: 'is_expired and intercom.is_online are 0/1 (tinyint columns without a boolean cast).',
  requirementIds: ['SCHEMA-200'],
  body: onRecords((r) => ({
    ...r,
    is_expired: r.is_expired ? 1 : 0,
    intercom: isObject(r.intercom) ? { ...r.intercom, is_online: r.intercom.is_online ? 1 : 0 } : r.intercom ?? null,
  })),
});

const isoMicro = (v: PhpJsonValue | undefined): PhpJsonValue =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(' ', 'T')}.000000Z` : v ?? null;

defineFault({
  name: 'timestamps-iso',
  description: 'expired_at, will_deleted_at and created_at use Eloquent\'s ISO format (2022-04-19T17:16:00.000000Z) instead of the documented Y-m-d H:i:s.',
  requirementIds: ['REC-TIMESTAMPS', 'SCHEMA-200'],
  body: onRecords((r) => ({ ...r, expired_at: isoMicro(r.expired_at), will_deleted_at: isoMicro(r.will_deleted_at), created_at: isoMicro(r.created_at) })),
});

defineFault({
  name: 'legacy-zero-dates',
  description: 'Codes imported from the legacy system carry MySQL zero dates: "created_at": "0000-00-00 00:00:00" (the right shape, not a date).',
  requirementIds: ['REC-TIMESTAMPS'],
  body: onRecords((r, i) => (i % 5 === 2 ? { ...r, created_at: '0000-00-00 00:00:00' } : r)),
});

defineFault({
  name: 'intercom-null',
  description: 'Codes whose intercom was soft-deleted come out with "intercom": null (the relation finds no row).',
  requirementIds: ['SCHEMA-200'],
  body: onRecords((r, i) => (i % 4 === 1 ? { ...r, intercom: null } : r)),
});

defineFault({
  name: 'data-wrapped',
  description: 'The records are wrapped once more: "data": {"items": [...]} (a resource returning [\'items\' => ...]).',
  requirementIds: ['SCHEMA-200'],
  body: onPage((p) => ({ data: { items: p.data }, links: p.links, meta: p.meta })),
});

// ---------------------------------------------------------------------------------------------------
// Record semantics
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'is-expired-inverted',
  description: 'is_expired is expired_at->isFuture() (the comparison is the wrong way round).',
  requirementIds: ['REC-IS-EXPIRED'],
  data: (source) => withRecords(source, (records) => records.map((r) => ({ ...r, is_expired: !r.is_expired }))),
});

defineFault({
  name: 'will-delete-before-expiry',
  description: 'will_deleted_at is expired_at->subDay() instead of addDay(): codes are deleted before they expire.',
  requirementIds: ['REC-DELETE-AFTER-EXPIRY'],
  data: (source) =>
    withRecords(source, (records) =>
      records.map((r) => ({ ...r, will_deleted_at: formatTimestamp(parseTimestamp(r.expired_at) - 24 * 3600 * 1000) })),
    ),
});

// ---------------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------------

const unauthenticated = (draft: DraftResponse, ctx: FaultContext): boolean => draft.status === 401 && ctx.status === 401;

defineFault({
  name: 'empty-bearer-accepted',
  description: 'An empty bearer token ("Bearer ") is let through: the custom guard only refuses a missing header.',
  requirementIds: ['AUTH-EMPTY-BEARER'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    return authenticated || (typeof header === 'string' && /^bearer\s*$/i.test(header));
  },
});

defineFault({
  name: 'missing-token-served',
  description: 'The route sits in an optional-auth group: a request without an Authorization header is served as a guest.',
  requirementIds: ['AUTH-MISSING-TOKEN', 'AUTH-NO-DATA-LEAK'],
  auth: (ctx, authenticated) => authenticated || ctx.headers.authorization === undefined,
});

defineFault({
  name: 'non-bearer-header-unchecked',
  description: 'The middleware checks the token only when the header starts with "Bearer "; any other Authorization header (Basic, a bare key) passes as a legacy device key.',
  requirementIds: ['AUTH-WRONG-SCHEME'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    return authenticated || (typeof header === 'string' && header.trim() !== '' && !/^bearer(\s|$)/i.test(header));
  },
});

defineFault({
  name: 'client-thick-legal-skips-auth',
  description: 'Requests with X-Client thick-legal skip the token check (the legacy desktop client authenticates by device only).',
  requirementIds: ['AUTH-EVERY-CLIENT', 'AUTH-NO-DATA-LEAK'],
  auth: (ctx, authenticated) => authenticated || ctx.client === 'thick-legal',
});

defineFault({
  name: 'forbidden-instead-of-401',
  description: 'Missing or invalid credentials get 403 {"message": "This action is unauthorized."} (a policy check instead of the auth middleware).',
  requirementIds: ['AUTH-MISSING-TOKEN', 'AUTH-EMPTY-BEARER', 'AUTH-WRONG-SCHEME', 'AUTH-WRONG-TOKEN', 'AUTH-EVERY-CLIENT', 'AUTH-BEFORE-VALIDATION'],
  response: (draft, ctx) =>
    unauthenticated(draft, ctx) ? { ...draft, status: 403, body: '{"message":"This action is unauthorized."}' } : draft,
});

defineFault({
  name: 'html-401',
  description: 'The 401 is rendered with the HTML error page (text/html "401 | Unauthorized"), ignoring Accept: application/json.',
  requirementIds: ['SCHEMA-401', 'HTTP-JSON-BODY', 'HTTP-CONTENT-TYPE'],
  response: (draft, ctx) =>
    unauthenticated(draft, ctx)
      ? {
          status: 401,
          headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache, private' },
          body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Unauthorized</title>\n</head>\n<body>\n<div class="code">401</div>\n<div class="message">Unauthorized</div>\n</body>\n</html>\n',
        }
      : draft,
});

defineFault({
  name: 'redirect-to-login',
  description: 'Unauthenticated requests are redirected (302) to the login page: the web guard\'s redirectTo() ignores expectsJson().',
  requirementIds: ['AUTH-MISSING-TOKEN', 'AUTH-EMPTY-BEARER', 'AUTH-WRONG-SCHEME', 'AUTH-WRONG-TOKEN', 'AUTH-EVERY-CLIENT'],
  response(draft, ctx) {
    if (!unauthenticated(draft, ctx)) return draft;
    const login = `http://${ctx.headers.host ?? 'localhost'}/login`;
    return {
      status: 302,
      headers: { location: login, 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache, private' },
      body: `<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="UTF-8" />\n        <meta http-equiv="refresh" content="0;url='${login}'" />\n\n        <title>Redirecting to ${login}</title>\n    </head>\n    <body>\n        Redirecting to <a href="${login}">${login}</a>.\n    </body>\n</html>`,
    };
  },
});

defineFault({
  name: 'unauthenticated-error-key',
  description: 'The 401 body is {"error": "Unauthenticated"} (a JWT package\'s format) without the message key.',
  requirementIds: ['SCHEMA-401'],
  response: (draft, ctx) => (unauthenticated(draft, ctx) ? { ...draft, body: '{"error":"Unauthenticated"}' } : draft),
});

defineFault({
  name: 'validation-before-auth',
  description: 'The parameters are validated in a middleware that runs before auth:sanctum: invalid parameters without a token get 422.',
  requirementIds: ['AUTH-BEFORE-VALIDATION'],
  auth: (ctx, authenticated) => authenticated || !validatePageParams(ctx.query).ok,
});

// ---------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'invalid-values-clamped',
  description: 'No validation: page and per_page are read as max(1, (int) $value), so abc, 0 and -1 give page 1 (or 1 per page).',
  requirementIds: ['VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  validate(ctx, outcome) {
    if (outcome.ok) return outcome;
    const read = (key: string, fallback: bigint): bigint => {
      const raw = ctx.query.get(key);
      if (raw === undefined || raw === null) return fallback;
      const n = phpIntCast(raw);
      return n === null || n < 1n ? 1n : n;
    };
    return { ok: true, page: read('page', 1n), perPage: read('per_page', 25n) };
  },
});

defineFault({
  name: 'page-not-validated-typeerror',
  description: 'page is not validated and goes to a typed int parameter: a non-numeric page is a TypeError (500); 0 and -1 fall back to page 1.',
  requirementIds: ['VAL-PAGE-INVALID', 'VAL-FUZZ', 'HTTP-NO-SERVER-ERROR'],
  validate(ctx, outcome) {
    if (outcome.ok) return outcome;
    const errors = outcome.body.errors;
    if (errors.per_page) return outcome;
    const raw = ctx.query.get('page');
    if (typeof raw !== 'string' || !isNumeric(raw)) return outcome; // the response hook turns this into the TypeError
    const n = phpIntCast(raw) ?? 1n;
    return { ok: true, page: n < 1n ? 1n : n, perPage: filterValidateInt(ctx.query.get('per_page')) ?? 25n };
  },
  response(draft, ctx) {
    if (draft.status !== 422) return draft;
    const raw = ctx.query.get('page');
    return raw !== undefined && (typeof raw !== 'string' || !isNumeric(raw)) ? serverError() : draft;
  },
});

defineFault({
  name: 'zero-per-page-500',
  description: 'per_page is validated as integer only (no min:1): 0 is a DivisionByZeroError and -1 an SQL error, both 500.',
  requirementIds: ['VAL-PER-PAGE-INVALID', 'HTTP-NO-SERVER-ERROR'],
  response(draft, ctx) {
    if (draft.status !== 422) return draft;
    const perPage = filterValidateInt(ctx.query.get('per_page'));
    return perPage !== null && perPage < 1n ? serverError() : draft;
  },
});

defineFault({
  name: 'huge-per-page-500',
  description: 'per_page is used to size an in-memory chunk: 100000 or more exhausts PHP\'s memory_limit (500 Server Error).',
  requirementIds: ['VAL-AMBIGUOUS-INPUT', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) => (draft.status === 200 && (ctx.perPage ?? 0n) >= 100000n ? serverError() : draft),
});

defineFault({
  name: 'huge-per-page-connection-dropped',
  description: 'per_page of 100000 or more makes the PHP-FPM worker die mid-request: the connection closes without an answer.',
  requirementIds: ['HTTP-ANSWERED'],
  respond(req, _res, ctx) {
    const n = phpIntCast(ctx.query.get('per_page'));
    if (n === null || n < 100000n) return false;
    req.socket.destroy();
    return true;
  },
});

defineFault({
  name: 'per-page-omitted-model-default',
  description: 'An omitted per_page falls back to the model\'s $perPage (15) instead of the documented 25 (paginate($request->per_page)).',
  requirementIds: ['VAL-AMBIGUOUS-INPUT'],
  params: (ctx, params) => (ctx.query.get('per_page') === undefined ? { page: params.page, perPage: 15n } : params),
});

defineFault({
  name: 'errors-missing',
  description: 'The 422 body is {"message": "..."} only: the custom exception handler drops errors.',
  requirementIds: ['SCHEMA-422', 'VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  body: (body, ctx) => (ctx.status === 422 ? { message: body.message } : body),
});

defineFault({
  name: 'errors-camel-case-key',
  description: 'The 422 errors use the request DTO\'s property names: "perPage" instead of the query parameter "per_page".',
  requirementIds: ['VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  body(body, ctx) {
    if (ctx.status !== 422 || !isObject(body.errors)) return body;
    const errors: JsonBody = {};
    for (const [k, v] of Object.entries(body.errors)) errors[k === 'per_page' ? 'perPage' : k] = v;
    return { ...body, errors };
  },
});

defineFault({
  name: 'errors-as-strings',
  description: 'The 422 errors map each parameter to its first message as a string ($validator->errors()->first($key)), not an array.',
  requirementIds: ['SCHEMA-422', 'VAL-PAGE-INVALID'],
  body(body, ctx) {
    if (ctx.status !== 422 || !isObject(body.errors)) return body;
    const errors: JsonBody = {};
    for (const [k, v] of Object.entries(body.errors)) errors[k] = Array.isArray(v) ? (v[0] ?? '') : v;
    return { ...body, errors };
  },
});

defineFault({
  name: 'only-first-error',
  description: 'Only the first failing parameter is reported (validation stops at the first error: a "bail" on the whole request).',
  requirementIds: ['VAL-ALL-ERRORS'],
  body(body, ctx) {
    if (ctx.status !== 422 || !isObject(body.errors)) return body;
    const [first] = Object.entries(body.errors);
    return first ? { ...body, errors: { [first[0]]: first[1] } } : body;
  },
});

defineFault({
  name: 'validation-400',
  description: 'Validation errors are answered 400 Bad Request (the handler maps ValidationException to 400) with the same body.',
  requirementIds: ['VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  response: (draft) => (draft.status === 422 ? { ...draft, status: 400 } : draft),
});

// ---------------------------------------------------------------------------------------------------
// Content type and headers
// ---------------------------------------------------------------------------------------------------

defineFault({
  name: 'json-as-text-html',
  description: 'The 200 JSON is sent as text/html (echo json_encode(...) from the controller, no JSON response).',
  requirementIds: ['HTTP-CONTENT-TYPE'],
  response: (draft) => (draft.status === 200 ? { ...draft, headers: { ...draft.headers, 'content-type': 'text/html; charset=UTF-8' } } : draft),
});

defineFault({
  name: 'client-thick-legal-500',
  description: 'A match() on X-Client lacks the thick-legal arm: authenticated thick-legal requests fail with UnhandledMatchError (500).',
  requirementIds: ['CLIENT-EVERY-VALUE', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) => (draft.status === 200 && ctx.client === 'thick-legal' ? serverError() : draft),
});

defineFault({
  name: 'client-ios-hides-expired',
  description: 'For X-Client ios-cctv the query also filters out expired codes (a mobile-only scope), so that client sees another list.',
  requirementIds: ['CLIENT-EVERY-VALUE'],
  data(source, ctx) {
    if (ctx.client !== 'ios-cctv') return source;
    const keep: number[] = [];
    for (let i = 0; i < source.total; i++) if (!source.slice(i, 1)[0]!.is_expired) keep.push(i);
    return { total: keep.length, slice: (offset, count) => keep.slice(offset, offset + count).map((i) => source.slice(i, 1)[0]!) };
  },
});

defineFault({
  name: 'missing-uuid-500',
  description: 'X-UUID is passed to a method typed string: without the header it is a TypeError (500).',
  requirementIds: ['CLIENT-UNKNOWN-OR-MISSING', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) => (draft.status === 200 && ctx.deviceId === undefined ? serverError() : draft),
});

defineFault({
  name: 'unknown-client-500',
  description: 'An X-Client outside the documented four (or none) hits a match() without a default arm: 500.',
  requirementIds: ['CLIENT-UNKNOWN-OR-MISSING', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) =>
    draft.status === 200 && !['ios-cctv', 'android-cctv', 'thick-legal', 'web'].includes(ctx.client ?? '') ? serverError() : draft,
});
