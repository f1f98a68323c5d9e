/**
 * meta.links: its structure (MUST) and its page window (SHOULD, against Laravel's UrlWindow for the window size
 * the target itself shows). Written from Laravel's sources, independently of reference/ (so one bug cannot hide
 * in both).
 */
import type { Finding, Observation } from '../evidence.ts';
import { pass, verdict, violation } from './finding.ts';
import { givenMeta, idsOf, isObject, pageParts, posInt, stringOrNull } from './page-body.ts';
import { pageParam } from './links.ts';
import type { Sample } from './types.ts';

export type WindowItem = number | '...';

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
}

/**
 * The page items of Laravel's meta.links (UrlWindow + LengthAwarePaginator::elements, Laravel 8 and later):
 * every page while lastPage < 2n + 8; otherwise, with window = n + 4, pages 1..window+n then "...", last two
 * (current <= window); first two, "...", then lastPage-(window+n-1)..lastPage (current > lastPage - window);
 * else first two, "...", current-n..current+n, "...", last two.
 */
export function expectedWindow(current: number, lastPage: number, onEachSide: number): WindowItem[] {
  const n = onEachSide;
  if (lastPage < n * 2 + 8) return range(1, lastPage);
  const window = n + 4;
  if (current <= window) return [...range(1, window + n), '...', lastPage - 1, lastPage];
  if (current > lastPage - window) return [1, 2, '...', ...range(lastPage - (window + (n - 1)), lastPage)];
  return [1, 2, '...', ...range(current - n, current + n), '...', lastPage - 1, lastPage];
}

/** "1, 2, …, 67–73, …, 136, 137": runs of three or more pages collapsed, for messages. */
export function formatWindow(items: WindowItem[]): string {
  const out: string[] = [];
  for (let i = 0; i < items.length; ) {
    const a = items[i];
    if (a === '...') {
      out.push('…');
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && typeof items[j + 1] === 'number' && items[j + 1] === (items[j] as number) + 1) j++;
    out.push(j - i >= 2 ? `${a}–${items[j]}` : items.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return out.join(', ');
}

interface Item {
  url: string | null;
  label: string;
  active: boolean;
}

/** meta.links as typed items, or undefined when it is not an array of {url, label, active} (SCHEMA-200). */
function items(meta: Record<string, unknown>): Item[] | undefined {
  const raw = meta.links;
  if (!Array.isArray(raw)) return undefined;
  const out: Item[] = [];
  for (const it of raw) {
    if (!isObject(it)) return undefined;
    const url = stringOrNull(it.url);
    if (url === undefined || typeof it.label !== 'string' || typeof it.active !== 'boolean') return undefined;
    out.push({ url, label: it.label, active: it.active });
  }
  return out;
}

const PAGE_LABEL = /^[1-9][0-9]*$/;
const GAP = '...';
const FIELD = { field: '/meta/links' };

function show(it: Item | undefined): string {
  return it ? JSON.stringify({ url: it.url, label: it.label, active: it.active }) : 'nothing';
}

/** Page number of an item's url (resolved leniently: LINKS-URL-PATH judges absoluteness). */
function urlPage(url: string): string | undefined {
  try {
    return pageParam(new URL(url, 'http://invalid.invalid/'));
  } catch {
    return undefined;
  }
}

export function checkMetaLinksStructure(s: Sample): Finding[] {
  const parts = pageParts(s);
  const meta = parts?.meta;
  const list = meta ? items(meta) : undefined;
  if (!meta || !list) return [];
  const id = 'META-LINKS-STRUCTURE';
  const ids = idsOf(s);
  if (list.length < 3) {
    return [violation(id, `Received ${list.length} meta.links items, documented previous, at least page 1, and next`, 'previous, page items, next', list.length, ids, FIELD)];
  }
  const findings: Finding[] = [];
  const current = posInt(meta.current_page);
  const lastPage = posInt(meta.last_page);
  const prevItem = list[0];
  const nextItem = list[list.length - 1];
  const middle = list.slice(1, -1);

  // Previous first and next last: url equal to links.prev / links.next, never active. Labels are translations.
  const ends: Array<[string, Item, string | null | undefined]> = [
    ['previous', prevItem, parts?.links ? stringOrNull(parts.links.prev) : undefined],
    ['next', nextItem, parts?.links ? stringOrNull(parts.links.next) : undefined],
  ];
  for (const [name, it, link] of ends) {
    const where = name === 'previous' ? 'first' : 'last';
    const urlOk = link === undefined || it.url === link;
    findings.push(
      verdict(
        id,
        urlOk && !it.active && !PAGE_LABEL.test(it.label) && it.label !== GAP,
        {
          pass: `the ${where} meta.links item is ${name} (url = links.${name === 'previous' ? 'prev' : 'next'}, inactive)`,
          fail: `Received ${show(it)} as the ${where} meta.links item, documented the ${name} item (url ${link === undefined ? `of links.${name === 'previous' ? 'prev' : 'next'}` : JSON.stringify(link)}, active false)`,
        },
        { url: link ?? null, active: false },
        it,
        ids,
        FIELD,
      ),
    );
  }

  // Every item in between is a page number or "...".
  const odd = middle.find((it) => !PAGE_LABEL.test(it.label) && it.label !== GAP);
  findings.push(
    odd
      ? violation(id, `Received meta.links item ${show(odd)} between previous and next, documented a page number or "..."`, 'page number or "..."', odd.label, ids, FIELD)
      : pass(id, `${middle.length} meta.links items between previous and next are page numbers or "..."`, ids),
  );
  const pages = middle.filter((it) => PAGE_LABEL.test(it.label)).map((it) => ({ it, n: Number(it.label) }));

  // Page labels strictly increasing; first page 1, last page last_page.
  const down = pages.findIndex((p, i) => i > 0 && p.n <= pages[i - 1].n);
  findings.push(
    down > 0
      ? violation(id, `Received meta.links page ${pages[down].n} after page ${pages[down - 1].n}, documented strictly increasing page numbers`, 'strictly increasing', pages.map((p) => p.n), ids, FIELD)
      : pass(id, 'meta.links page numbers increase strictly', ids),
  );
  const firstN = pages[0]?.n;
  const lastN = pages[pages.length - 1]?.n;
  const endsOk = firstN === 1 && (lastPage === undefined || lastN === lastPage);
  findings.push(
    verdict(
      id,
      endsOk,
      {
        pass: `meta.links lists page 1 first and the last page ${lastN} last`,
        fail: `Received meta.links pages from ${firstN ?? 'none'} to ${lastN ?? 'none'}, documented from 1 to last_page ${lastPage ?? '?'}`,
      },
      { first: 1, last: lastPage ?? null },
      { first: firstN ?? null, last: lastN ?? null },
      ids,
      { ...FIELD, given: givenMeta(meta, 'last_page') },
    ),
  );

  // Each page item's url carries its own page number.
  const wrongUrl = pages.find(({ it }) => it.url === null || urlPage(it.url) !== it.label);
  findings.push(
    wrongUrl
      ? violation(id, `Received meta.links page ${wrongUrl.it.label} with url ${wrongUrl.it.url}, documented a url with page=${wrongUrl.it.label}`, `page=${wrongUrl.it.label}`, wrongUrl.it.url, ids, FIELD)
      : pass(id, `every meta.links page item's url carries its own page number`, ids),
  );

  // "..." items: url null, inactive, exactly between non-adjacent pages; adjacent pages have none between.
  findings.push(gapFinding(middle, ids));

  // Exactly one active item, the current page; none past the end.
  if (current !== undefined && lastPage !== undefined) {
    const active = list.filter((it) => it.active);
    const exists = current <= lastPage;
    const ok = exists ? active.length === 1 && active[0].label === String(current) && PAGE_LABEL.test(active[0].label) : active.length === 0;
    findings.push(
      verdict(
        id,
        ok,
        {
          pass: exists ? `only page ${current} is active in meta.links` : `no meta.links item is active on page ${current} past the end`,
          fail: exists
            ? `Received ${active.length === 0 ? 'no active item' : `active ${active.map((a) => JSON.stringify(a.label)).join(', ')}`} on page ${current}, documented exactly one active item, "${current}"`
            : `Received active ${active.map((a) => JSON.stringify(a.label)).join(', ')} on page ${current} past the last page ${lastPage}, documented no active item`,
        },
        exists ? [String(current)] : [],
        active.map((a) => a.label),
        ids,
        { ...FIELD, given: givenMeta(meta, 'current_page', 'last_page') },
      ),
    );
  }
  return findings;
}

function gapFinding(middle: Item[], ids: string[]): Finding {
  const id = 'META-LINKS-STRUCTURE';
  let before: number | undefined; // the page item before the current run of "..."
  let gaps = 0;
  const fail = (msg: string, actual: unknown): Finding => violation(id, msg, '"..." (url null, inactive) exactly between non-adjacent pages', actual, ids, FIELD);
  for (let i = 0; i < middle.length; i++) {
    const it = middle[i];
    if (it.label === GAP) {
      if (it.url !== null || it.active) return fail(`Received "..." item ${show(it)}, documented url null and active false`, it);
      if (before === undefined) return fail('Received "..." before the first page item, documented "..." only between pages', it);
      gaps++;
      continue;
    }
    if (!PAGE_LABEL.test(it.label)) continue; // reported as an unexpected label
    const n = Number(it.label);
    if (before !== undefined) {
      if (gaps > 1) return fail(`Received ${gaps} "..." items between pages ${before} and ${n}, documented one`, gaps);
      if (n === before + 1 && gaps === 1) return fail(`Received "..." between adjacent pages ${before} and ${n}, documented none`, [before, GAP, n]);
      if (n > before + 1 && gaps === 0) return fail(`Received pages ${before} and ${n} next to each other, documented a "..." item for the missing pages`, [before, n]);
    }
    before = n;
    gaps = 0;
  }
  if (gaps > 0) return fail('Received "..." after the last page item, documented "..." only between pages', GAP);
  return violationFree(ids);
}

function violationFree(ids: string[]): Finding {
  return pass('META-LINKS-STRUCTURE', '"..." items (url null) sit exactly between non-adjacent pages', ids);
}

/** A sample whose meta.links is well formed enough to compare its page window. */
interface WindowSample {
  s: Sample;
  current: number;
  lastPage: number;
  shown: WindowItem[];
}

function windowSamples(samples: Sample[]): WindowSample[] {
  const out: WindowSample[] = [];
  for (const s of samples) {
    const meta = pageParts(s)?.meta;
    const list = meta ? items(meta) : undefined;
    const current = posInt(meta?.current_page);
    const lastPage = posInt(meta?.last_page);
    if (!list || list.length < 3 || current === undefined || lastPage === undefined) continue;
    const middle = list.slice(1, -1);
    if (!middle.every((it) => PAGE_LABEL.test(it.label) || it.label === GAP)) continue;
    out.push({ s, current, lastPage, shown: middle.map((it) => (it.label === GAP ? GAP : Number(it.label))) });
  }
  return out;
}

/** The smallest onEachSide for which Laravel lists every page of `lastPage` pages. */
function allPagesFrom(lastPage: number): number {
  return lastPage < 8 ? 0 : Math.floor((lastPage - 8) / 2) + 1;
}

const same = (a: WindowItem[], b: WindowItem[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The onEachSide values a sample is consistent with: one value, an open interval [from, ∞), or none. */
function consistentWith(w: WindowSample): { exactly?: number; from?: number } {
  const pages = w.shown.filter((x) => x !== GAP).length;
  const from = allPagesFrom(w.lastPage);
  // Every page listed, 1..lastPage (compared in place: building the range would cost O(last_page) per sample).
  if (w.shown.length === w.lastPage && w.shown.every((x, i) => x === i + 1)) return { from };
  // An eliding window shows 2n + 5 (middle) or 2n + 6 (near an end) pages.
  for (const n of [Math.floor((pages - 5) / 2), Math.floor((pages - 6) / 2)]) {
    if (n >= 0 && n < from && same(w.shown, expectedWindow(w.current, w.lastPage, n))) return { exactly: n };
  }
  return {};
}

/**
 * The window size the target shows: the onEachSide most samples agree with (Laravel's 3 on a tie, else the
 * smallest). A target listing every page gets the smallest size that lists all pages of its largest sample.
 * Undefined when no sample fits any size.
 */
export function inferOnEachSide(samples: Sample[]): number | undefined {
  return infer(windowSamples(samples));
}

function infer(ws: WindowSample[]): number | undefined {
  const fits = ws.map(consistentWith);
  const candidates = new Set<number>([3]);
  for (const f of fits) {
    if (f.exactly !== undefined) candidates.add(f.exactly);
    if (f.from !== undefined) candidates.add(f.from);
  }
  const score = (n: number): number => fits.filter((f) => f.exactly === n || (f.from !== undefined && n >= f.from)).length;
  let best: number | undefined;
  let bestScore = 0;
  for (const n of [...candidates].sort((a, b) => a - b)) {
    const sc = score(n);
    if (sc > bestScore) {
      best = n;
      bestScore = sc;
    }
  }
  if (best === undefined) return undefined;
  return score(3) === bestScore ? 3 : best;
}

/** META-LINKS-WINDOW (SHOULD): each sample's page items equal Laravel's UrlWindow for the inferred onEachSide. */
export function checkMetaLinksWindow(samples: Sample[]): { findings: Finding[]; observation?: Observation } {
  const ws = windowSamples(samples);
  if (!ws.length) return { findings: [] };
  const inferred = infer(ws);
  const n = inferred ?? 3;
  const findings = ws.map((w) => {
    const want = expectedWindow(w.current, w.lastPage, n);
    return verdict(
      'META-LINKS-WINDOW',
      same(w.shown, want),
      {
        pass: `meta.links pages on page ${w.current} of ${w.lastPage} are Laravel's window for onEachSide(${n})`,
        fail: `Received meta.links pages ${formatWindow(w.shown)} on page ${w.current} of ${w.lastPage}, documented Laravel's window for onEachSide(${n}): ${formatWindow(want)}`,
      },
      want,
      w.shown,
      idsOf(w.s),
      { ...FIELD, given: givenMeta(pageParts(w.s)?.meta, 'current_page', 'last_page') },
    );
  });
  // Only samples with 8 pages or more tell window sizes apart.
  const telling = ws.filter((w) => w.lastPage >= 8);
  if (inferred === undefined || !telling.length) return { findings };
  const exchangeIds = idsOf(...telling.map((w) => w.s)).slice(0, 5);
  const allPages = ws.every((w) => w.lastPage < 2 * n + 8) && ws.some((w) => w.lastPage >= 2 * 3 + 8);
  const observation: Observation = allPages
    ? { requirementId: 'META-LINKS-WINDOW', key: 'metaLinksWindow', value: 'all-pages', summary: 'meta.links lists every page, without "..." (no UrlWindow eliding).', exchangeIds }
    : { requirementId: 'META-LINKS-WINDOW', key: 'metaLinksWindow', value: `onEachSide-${n}`, summary: `meta.links shows Laravel's page window with onEachSide(${n})${n === 3 ? ' (the default)' : ''}.`, exchangeIds };
  return { findings, observation };
}
