/** Faults: links and meta.links. */
import { defineFault, type JsonBody } from './registry.ts';
import { onPage, urlWithPage, withEndItem, mapUrls } from './helpers.ts';

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
