/**
 * links.{first,last,prev,next} and meta.path of one 200 page, and following links.next to the end.
 * URLs are parsed with `new URL`; query parameters may come in any order, with extra ones, `page` anywhere.
 */
import type { Finding, Observation } from '../evidence.ts';
import { DEFAULT_PER_PAGE } from '../target.ts';
import { pass, verdict, violation, type Facts } from './finding.ts';
import { describeQuery, givenMeta, idsOf, int, isObject, pageParts, posInt, statusOf, stringOrNull, type Json } from './page-body.ts';
import type { CheckContext, Sample } from './types.ts';

const LINK_KEYS = ['first', 'last', 'prev', 'next'] as const;
type LinkKey = (typeof LINK_KEYS)[number];

/** An absolute URL, or undefined for a relative or unparseable one. */
function absolute(u: string): URL | undefined {
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
}

/** The URL read as a client would resolve it against the endpoint (so a relative link's page can still be judged). */
function resolved(u: string, endpointUrl: string): URL | undefined {
  try {
    return new URL(u, endpointUrl);
  } catch {
    return undefined;
  }
}

/** The single `page` query value, or a description of what is wrong with it. */
export function pageParam(u: URL): string | undefined {
  const all = u.searchParams.getAll('page');
  return all.length === 1 ? all[0] : undefined;
}

function pageParamText(u: URL): string {
  const all = u.searchParams.getAll('page');
  return all.length === 0 ? 'no page parameter' : all.length === 1 ? `page=${all[0]}` : `page given ${all.length} times`;
}

/** "links.next" → "/links/next" (a JSON pointer, for Finding.field). */
const pointer = (what: string): string => '/' + what.split('.').join('/');

/** Finding for "this link points to page N" under `id`; undefined when the value cannot be judged. */
function pointsTo(id: string, what: string, value: string, want: number, ctx: CheckContext, ids: string[], given?: Facts['given']): Finding | undefined {
  const u = resolved(value, ctx.endpointUrl);
  if (!u) return undefined; // unparseable: LINKS-URL-PATH reports it
  return verdict(
    id,
    pageParam(u) === String(want),
    { pass: `${what} points to page ${want}`, fail: `Received ${what} ${value} (${pageParamText(u)}), documented a URL with page=${want}` },
    `page=${want}`,
    value,
    ids,
    { field: pointer(what), given },
  );
}

/** Absolute and on the endpoint's path (prefix included). */
function urlPathProblem(value: string, endpoint: URL): string | undefined {
  const u = absolute(value);
  if (!u) return 'is not an absolute URL';
  if (u.pathname !== endpoint.pathname) return `has path ${u.pathname}`;
  return undefined;
}

export function checkLinks(s: Sample, ctx: CheckContext): Finding[] {
  const parts = pageParts(s);
  if (!parts?.links || !parts.meta) return [];
  const { links, meta } = parts;
  const endpoint = new URL(ctx.endpointUrl);
  const ids = idsOf(s);
  const findings: Finding[] = [];
  const current = posInt(meta.current_page);
  const lastPage = posInt(meta.last_page);
  const value = (k: LinkKey): string | null | undefined => stringOrNull(links[k]);

  // LINKS-URL-PATH: every link absolute, on the endpoint path; meta.path the endpoint URL without query.
  for (const k of LINK_KEYS) {
    const v = value(k);
    if (typeof v !== 'string') continue;
    const problem = urlPathProblem(v, endpoint);
    findings.push(
      problem
        ? violation('LINKS-URL-PATH', `Received links.${k} ${v} (${problem}), documented an absolute URL on ${endpoint.pathname}`, `${endpoint.origin}${endpoint.pathname}?page=N`, v, ids, { field: `/links/${k}` })
        : pass('LINKS-URL-PATH', `links.${k} is an absolute URL on ${endpoint.pathname}`, ids),
    );
  }
  const path = meta.path;
  if (typeof path === 'string') {
    const problem = urlPathProblem(path, endpoint) ?? (/[?#]/.test(path) ? 'has a query string' : undefined);
    findings.push(
      problem
        ? violation('LINKS-URL-PATH', `Received meta.path ${path} (${problem}), documented the endpoint URL without query string`, `${endpoint.origin}${endpoint.pathname}`, path, ids, { field: '/meta/path' })
        : pass('LINKS-URL-PATH', `meta.path is the endpoint URL without query string`, ids),
    );
  }
  const itemUrls = metaLinkUrls(meta.links);
  if (itemUrls.length) {
    const bad = itemUrls.find((u) => urlPathProblem(u, endpoint));
    findings.push(
      bad
        ? violation('LINKS-URL-PATH', `Received meta.links url ${bad} (${urlPathProblem(bad, endpoint)}), documented an absolute URL on ${endpoint.pathname}`, `${endpoint.origin}${endpoint.pathname}?page=N`, bad, ids)
        : pass('LINKS-URL-PATH', `all ${itemUrls.length} meta.links urls are absolute URLs on ${endpoint.pathname}`, ids),
    );
  }

  // LINKS-FIRST-LAST
  const first = value('first');
  if (typeof first === 'string') push(findings, pointsTo('LINKS-FIRST-LAST', 'links.first', first, 1, ctx, ids));
  const last = value('last');
  if (typeof last === 'string' && lastPage !== undefined) push(findings, pointsTo('LINKS-FIRST-LAST', 'links.last', last, lastPage, ctx, ids, givenMeta(meta, 'last_page')));

  // LINKS-PREV-NEXT (past the end too: prev = page - 1, next null)
  if (current !== undefined) {
    const prev = value('prev');
    const wantPrev = current > 1 ? current - 1 : null;
    if (prev !== undefined) push(findings, neighbour('links.prev', prev, wantPrev, current, ctx, ids, meta));
    const next = value('next');
    if (next !== undefined && lastPage !== undefined) {
      const wantNext = current < lastPage ? current + 1 : null;
      push(findings, neighbour('links.next', next, wantNext, current, ctx, ids, meta, lastPage));
    }
  }

  // LINKS-ORIGIN (SHOULD): scheme, host and port of every absolute link equal the endpoint's.
  const all = [...LINK_KEYS.map((k) => [`links.${k}`, value(k)] as const), ['meta.path', path] as const, ...itemUrls.map((u) => ['meta.links url', u] as const)];
  const absolutes = all.flatMap(([name, v]) => {
    const u = typeof v === 'string' ? absolute(v) : undefined;
    return u ? [{ name, v: v as string, u }] : [];
  });
  if (absolutes.length) {
    const off = absolutes.find((a) => a.u.origin !== endpoint.origin);
    findings.push(
      off
        ? violation('LINKS-ORIGIN', `Received ${off.name} on ${off.u.origin} (${off.v}), documented the origin the suite called, ${endpoint.origin}`, endpoint.origin, off.u.origin, ids)
        : pass('LINKS-ORIGIN', `all ${absolutes.length} link URLs use ${endpoint.origin}`, ids),
    );
  }

  // LINKS-KEEP-PER-PAGE (SHOULD): a non-default per_page survives in the links.
  const perPage = int(meta.per_page);
  if (s.query.perPage !== undefined && perPage !== undefined && perPage !== DEFAULT_PER_PAGE) {
    const accepted = new Set([s.query.perPage, String(perPage)]);
    const checked = LINK_KEYS.flatMap((k) => {
      const v = value(k);
      const u = typeof v === 'string' ? resolved(v, ctx.endpointUrl) : undefined;
      return u ? [{ k, v: v as string, u }] : [];
    });
    if (checked.length) {
      const dropped = checked.find(({ u }) => !accepted.has(u.searchParams.get('per_page') ?? ''));
      findings.push(
        dropped
          ? violation('LINKS-KEEP-PER-PAGE', `Received links.${dropped.k} ${dropped.v} for ${describeQuery(s)}, documented a URL keeping per_page=${perPage} (withQueryString())`, `per_page=${perPage}`, dropped.v, ids, { field: `/links/${dropped.k}` })
          : pass('LINKS-KEEP-PER-PAGE', `links.${checked.map((c) => c.k).join('/')} keep per_page=${perPage}`, ids),
      );
    }
  }
  return findings;
}

function push(findings: Finding[], f: Finding | undefined): void {
  if (f) findings.push(f);
}

function neighbour(
  what: string,
  value: string | null,
  want: number | null,
  current: number,
  ctx: CheckContext,
  ids: string[],
  meta: Json,
  lastPage?: number,
): Finding | undefined {
  const where = lastPage === undefined ? `on page ${current}` : `on page ${current} of ${lastPage}`;
  // The neighbour is worked out from current_page (and, for next, last_page).
  const facts = { field: pointer(what), given: givenMeta(meta, 'current_page', ...(lastPage === undefined ? [] : ['last_page'])) };
  if (want === null) {
    return verdict(
      'LINKS-PREV-NEXT',
      value === null,
      { pass: `${what} is null ${where}`, fail: `Received ${what} ${value} ${where}, documented null` },
      null,
      value,
      ids,
      facts,
    );
  }
  if (value === null) return violation('LINKS-PREV-NEXT', `Received ${what} null ${where}, documented the URL of page ${want}`, `page=${want}`, null, ids, facts);
  return pointsTo('LINKS-PREV-NEXT', what, value, want, ctx, ids, facts.given);
}

/** The non-null string urls of meta.links items (anything else is SCHEMA-200's business). */
function metaLinkUrls(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((it) => (isObject(it) && typeof it.url === 'string' ? [it.url] : []));
}

/** Whether the target keeps the query string (per_page) in its links: "kept", "dropped" or "mixed". */
export function observeQueryStringKept(samples: Sample[]): Observation | undefined {
  const seen: Array<{ s: Sample; kept: boolean }> = [];
  for (const s of samples) {
    const links = pageParts(s)?.links;
    const first = links ? stringOrNull(links.first) : undefined;
    if (s.query.perPage === undefined || typeof first !== 'string') continue;
    const u = resolved(first, 'http://invalid.invalid/');
    if (u) seen.push({ s, kept: u.searchParams.has('per_page') });
  }
  if (!seen.length) return undefined;
  const kept = seen.filter((x) => x.kept).length;
  const exchangeIds = idsOf(...seen.map((x) => x.s)).slice(0, 5);
  if (kept === seen.length)
    return { requirementId: 'LINKS-KEEP-PER-PAGE', key: 'queryStringInLinks', value: 'kept', summary: 'Link URLs keep the query string (per_page), as withQueryString() does.', exchangeIds };
  if (kept === 0)
    return { requirementId: 'LINKS-KEEP-PER-PAGE', key: 'queryStringInLinks', value: 'dropped', summary: 'Link URLs carry only ?page=N (plain Laravel): a client following links.next falls back to 25 per page.', exchangeIds };
  return { requirementId: 'LINKS-KEEP-PER-PAGE', key: 'queryStringInLinks', value: 'mixed', summary: `Link URLs keep per_page on ${kept} of ${seen.length} pages.`, exchangeIds };
}

/**
 * LINKS-FOLLOW-NEXT over a chain of pages: chain[0] is page 1 as the suite requested it, chain[i + 1] the answer
 * to GET chain[i].links.next verbatim. The chain must be complete: followed until next is null, a step fails, a
 * page repeats, or the suite's step limit (beyond meta.last_page) is reached. Only the total must stay the same
 * (a plain-Laravel next drops per_page, so last_page may change after the first step).
 */
/**
 * `opts.startPage`: the page chain[0] was requested as (1 unless the suite follows only the tail of a huge
 * collection); `opts.truncated`: the suite stopped following after its step limit, so a links.next still set at
 * the end is not a violation.
 */
export function checkFollowNext(chain: Sample[], _ctx: CheckContext, opts: { startPage?: number; truncated?: boolean } = {}): Finding[] {
  if (!chain.length) return [];
  const id = 'LINKS-FOLLOW-NEXT';
  const findings: Finding[] = [];
  const seenPages = new Set<number>();
  const seenNext = new Set<string>();
  const totals: Array<{ s: Sample; total: number }> = [];
  let previous: number | undefined;
  let ended = false;

  for (let i = 0; i < chain.length; i++) {
    const s = chain[i];
    const ids = i > 0 ? idsOf(chain[i - 1], s) : idsOf(s);
    const status = statusOf(s);
    const parts = pageParts(s);
    if (status === 200 && (!parts?.meta || !parts.links)) return findings; // SCHEMA-200 fails it
    if (status !== 200 || !parts?.meta || !parts.links) {
      const got = status === undefined ? `no answer (${s.exchange.error?.message ?? 'transport error'})` : `status ${status}`;
      findings.push(violation(id, `Received ${got} at step ${i + 1} (GET ${s.exchange.request.url}), documented a 200 page`, 200, status ?? null, ids));
      return findings;
    }
    const current = int(parts.meta.current_page);
    const lastPage = int(parts.meta.last_page);
    const total = int(parts.meta.total);
    if (total !== undefined) totals.push({ s, total });
    if (current === undefined) return findings; // SCHEMA-200 fails it; the chain cannot be judged further

    const want = previous === undefined ? (opts.startPage ?? 1) : previous + 1;
    findings.push(
      verdict(
        id,
        current === want,
        {
          pass: `step ${i + 1} is page ${current}`,
          fail: i === 0
            ? `Received current_page ${current} on the first page of the chain, documented ${want}`
            : `Received current_page ${current} after following links.next from page ${previous}, documented ${want}`,
        },
        want,
        current,
        ids,
        { field: '/meta/current_page' },
      ),
    );
    if (seenPages.has(current)) {
      findings.push(violation(id, `Received page ${current} a second time at step ${i + 1}: links.next loops`, 'each page once', current, ids));
      return findings;
    }
    seenPages.add(current);
    previous = current;

    const next = stringOrNull(parts.links.next);
    if (next === undefined) return findings; // wrong type: SCHEMA-200
    if (next === null) {
      ended = true;
      if (lastPage === undefined) break; // SCHEMA-200 fails it
      findings.push(
        verdict(
          id,
          current === lastPage,
          {
            pass: `the chain ends with links.next null at the last page ${lastPage}`,
            fail:
              current < lastPage
                ? `Received links.next null on page ${current}, documented the URL of page ${current + 1} (last_page ${lastPage})`
                : `Received a chain reaching page ${current} past the last page ${lastPage}, documented a chain ending at last_page`,
          },
          lastPage,
          current,
          ids,
          { given: givenMeta(parts.meta, 'last_page') },
        ),
      );
      break;
    }
    if (lastPage !== undefined && current >= lastPage) {
      findings.push(violation(id, `Received links.next ${next} on page ${current} of ${lastPage}, documented null on the last page`, null, next, ids, { field: '/links/next', given: givenMeta(parts.meta, 'last_page') }));
      return findings;
    }
    if (seenNext.has(next)) {
      findings.push(violation(id, `Received links.next ${next} a second time at step ${i + 1}: the chain loops`, 'a new URL', next, ids));
      return findings;
    }
    seenNext.add(next);
  }

  if (!ended && previous !== undefined && !opts.truncated) {
    const lastStep = chain[chain.length - 1];
    findings.push(violation(id, `Received links.next still set after ${chain.length} steps (page ${previous}), documented a chain ending at meta.last_page`, 'links.next null at last_page', stringOrNull(pageParts(lastStep)?.links?.next) ?? null, idsOf(lastStep)));
  }
  if (totals.length > 1) {
    const odd = totals.find((t) => t.total !== totals[0].total);
    findings.push(
      odd
        ? violation(id, `Received total ${odd.total} on a page reached by links.next, documented the same total as page 1 (${totals[0].total})`, totals[0].total, odd.total, idsOf(totals[0].s, odd.s), { field: '/meta/total' })
        : pass(id, `every page of the chain reports total ${totals[0].total}`, idsOf(chain[0], chain[chain.length - 1])),
    );
  }
  return findings;
}
