/** Faults: Pagination arithmetic. */
import { defineFault } from './registry.ts';
import { isObject, onPage, urlWithPage, num, withEndItem } from './helpers.ts';

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

// ---- a silent page-size cap applied inconsistently (a consistent cap is a conformant choice: per-page-clamp-50) ----

const CAP = 50n;

defineFault({
  name: 'per-page-cap-beyond-first-page',
  description: 'A performance patch caps per_page at 50 only for page 2 and later (where the OFFSET query is slow): page 1 honours per_page=100, page 2 silently serves 50.',
  requirementIds: ['PAG-PER-PAGE'],
  params: (_ctx, p) => (p.page > 1n && p.perPage > CAP ? { ...p, perPage: CAP } : p),
});

defineFault({
  name: 'per-page-cap-one-client',
  description: 'Requests from X-Client ios-cctv are capped at 50 per page (a limit added for the old iOS app) while every other client gets the size it asks for.',
  requirementIds: ['CLIENT-EVERY-VALUE'],
  params: (ctx, p) => (ctx.client === 'ios-cctv' && p.perPage > CAP ? { ...p, perPage: CAP } : p),
});
