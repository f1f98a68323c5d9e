/**
 * The requests of the collection suite (20-walk), apart from its checks: the walk at two page sizes (full, or
 * sampled when it would not fit the budget), the repeated first page, and links.next followed from page 1 (and
 * from a few pages before the end on a big collection). One memoized function, called by the suite and maybe
 * earlier by the run's plan (plan.ts), so the suite finds its requests answered.
 */
import { requirementsOf } from '../../src/requirements.ts';
import type { Observation } from '../../src/evidence.ts';
import type { Sample } from '../../src/checks/types.ts';
import { pageParts, posInt } from '../../src/checks/page-body.ts';
import type { Walk } from '../../src/checks/walk.ts';
import { DEFAULT_PER_PAGE } from '../../src/target.ts';
import { lastPageOf, nonDividingSize, LARGE_PER_PAGE } from '../../src/matrix.ts';
import { call, httpClient, target } from './session.ts';
import { discover, type Discovery } from './discovery.ts';
import { once } from '../../src/once.ts';
import { FIRST_PAGE } from '../../src/request.ts';

export const WALK_IDS = requirementsOf('walk');
/**
 * At most this many pages are followed through links.next from page 1. Every page's own links are checked on the
 * page matrix (LINKS-PREV-NEXT); following proves the links work as URLs, which two steps show as well as twenty.
 */
export const FOLLOW_MAX_STEPS = 2;
/** Steps followed from the last page (already asked by the page matrix): none on a correct target. */
const TAIL_MAX_STEPS = 2;
/**
 * One page this large holds a collection of up to 1,000 codes whole (the ambiguous "large" probe asks the very
 * same request): every other page of the run is compared with it at its offsets, in place of a second full walk.
 */
export const WHOLE_PER_PAGE = 1000;
export const wholePageQuery = { perPage: String(WHOLE_PER_PAGE) };
/** With the whole collection in one page, the large size is walked in full up to this many pages, else sampled. */
const FULL_WALK_MAX_PAGES = 3;
/** Seeded pages of the large size, compared with the whole page, when that walk is not full. */
const WHOLE_SEEDED_PAGES = 2;
/** A full walk may use at most this many requests (and a third of what is left of the budget). */
export const WALK_MAX_REQUESTS = 60;
/** Sampled walk: the first, the last and this many seeded pages of size A, each with at most 2 covering pages of size B. */
const SAMPLED_PICKS = 1;
const MAX_COVERING = 2;

/** A 200 page whose body is a JSON object (the checks' own reader, src/checks/page-body.ts). */
export const is200 = (s: Sample) => pageParts(s) !== undefined;
const metaOf = (s: Sample) => pageParts(s)?.meta ?? {};
const nextOf = (s: Sample) => pageParts(s)?.links?.next;
const intOr = (x: unknown, d: number) => posInt(x) ?? d;

/** `urgent`: a request others wait on (see Call.urgent in session.ts). */
function page(perPage: number, n: number, why: string, urgent = false): Promise<Sample> {
  return call({ purpose: `${why}: per_page ${perPage}, page ${n}`, query: { perPage: String(perPage), page: String(n) }, urgent });
}

async function walkAt(perPage: number, last: number): Promise<Walk> {
  // urgent: the walk's pages are asked for only once its first page is in, behind everything queued before.
  const pages = await Promise.all(Array.from({ length: last }, (_, i) => page(perPage, i + 1, 'walk', true)));
  return { perPage, pages };
}

/** Deterministic pseudo-random pages (seeded by the run's seed), for the sampled walk. */
function spread(seed: number, last: number, count: number): number[] {
  const out = new Set<number>();
  let x = seed || 1;
  for (let i = 0; out.size < Math.min(count, last) && i < count * 10; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.add(1 + (x % last));
  }
  return [...out].sort((a, b) => a - b);
}

export type WalkPart =
  | { mode: 'full'; total: number; walkA: Walk; walkB: Walk; effA: number; lastA: number; lastB: number }
  /** The whole collection in one page, with the large size walked in full (walkA) or at seeded pages (samples). */
  | { mode: 'whole'; total: number; whole: Sample; walkA?: Walk; samples: Sample[]; effA: number; lastA: number }
  | { mode: 'sampled'; total: number; samples: Sample[]; picks: number; effA: number; sizeB: number };

export interface FollowChain {
  chain: Sample[];
  truncated: boolean;
  /** The page the chain starts from (1 for the head). */
  startPage: number;
}

export interface WalkSamples {
  walk: WalkPart;
  /** The first page read once more, as a distinct request (repeatability) after discovery's (the smoke step's answer). */
  again: Sample;
  head: FollowChain;
  tail?: FollowChain;
  /** What following the links showed (links on another origin, per_page put back). */
  followObservations: Observation[];
}

/**
 * Every request of the walk suite. `concurrently`: the walk, the repeated page and the followed chain go out
 * together (the plan has checked that all of them fit the budget); otherwise one after the other, in that order.
 */
export const walkSamples = once(async (concurrently: boolean): Promise<WalkSamples | null> => {
  const d = await discover();
  if (d.total === null) return null;
  const total = d.total;
  // The first page once more, a distinct request (discovery's answer is the smoke step's, when there was one).
  const again = () => call({ purpose: 'first page again (repeatability)', query: FIRST_PAGE, fresh: true });
  const followObservations: Observation[] = [];
  if (concurrently) {
    const [walk, againSample, followed] = await Promise.all([walkPart(total, true), again(), followNext(d, total, followObservations)]);
    return { walk, again: againSample, ...followed, followObservations };
  }
  const walk = await walkPart(total, false);
  const againSample = await again();
  const followed = await followNext(d, total, followObservations);
  return { walk, again: againSample, ...followed, followObservations };
});

/** The whole collection in one 200 page, when the target honours per_page 1000 (no cap) and holds no more. */
async function wholePage(total: number): Promise<Sample | undefined> {
  if (total > WHOLE_PER_PAGE) return undefined;
  const whole = await call({ purpose: `walk: the whole collection in one page (per_page ${WHOLE_PER_PAGE})`, query: wholePageQuery, urgent: true });
  return is200(whole) && intOr(metaOf(whole).per_page, 0) >= WHOLE_PER_PAGE ? whole : undefined;
}

async function walkPart(total: number, concurrently: boolean): Promise<WalkPart> {
  const t = target();
  // Two walk sizes: the large size if the target honours it (or its cap), and the default.
  const [big, whole] = await Promise.all([page(LARGE_PER_PAGE, 1, 'walk', true), wholePage(total)]);
  const bigSize = is200(big) ? intOr(metaOf(big).per_page, DEFAULT_PER_PAGE) : DEFAULT_PER_PAGE;
  const sizeA = bigSize > DEFAULT_PER_PAGE ? LARGE_PER_PAGE : DEFAULT_PER_PAGE;
  const effA = sizeA === LARGE_PER_PAGE ? bigSize : DEFAULT_PER_PAGE;
  if (whole) {
    const lastA = lastPageOf(total, effA);
    if (lastA <= FULL_WALK_MAX_PAGES) return { mode: 'whole', total, whole, walkA: await walkAt(sizeA, lastA), samples: [], effA, lastA };
    const seeded = spread(t.seed, lastA, WHOLE_SEEDED_PAGES);
    const samples = await Promise.all(seeded.map((k) => page(sizeA, k, 'walk (seeded page)', true)));
    return { mode: 'whole', total, whole, samples, effA, lastA };
  }
  const sizeB = sizeA === DEFAULT_PER_PAGE ? nonDividingSize(total) : DEFAULT_PER_PAGE;
  const lastA = lastPageOf(total, effA);
  const lastB = lastPageOf(total, sizeB);
  const left = t.maxRequests - httpClient().stats.requests;
  const walkBudget = Math.min(WALK_MAX_REQUESTS, Math.floor(left / 3));

  if (lastA + lastB <= walkBudget) {
    const [walkA, walkB] = await Promise.all([walkAt(sizeA, lastA), walkAt(sizeB, lastB)]);
    return { mode: 'full', total, walkA, walkB, effA, lastA, lastB };
  }
  // Too big to walk within the budget: pages of size A at seeded positions, and the size-B pages that cover the
  // same records, so overlapping offsets must agree.
  const picksA = [...new Set([1, lastA, ...spread(t.seed, lastA, SAMPLED_PICKS)])];
  const pick = async (k: number): Promise<Sample[]> => {
    const a = await page(sizeA, k, 'sampled walk', true);
    const firstB = Math.floor(((k - 1) * effA) / sizeB) + 1;
    const lastBCover = Math.min(Math.ceil((k * effA) / sizeB), lastB);
    const covering = [];
    for (let b = firstB; b <= lastBCover && covering.length < MAX_COVERING; b++) covering.push(page(sizeB, b, 'sampled walk', true));
    return [a, ...(await Promise.all(covering))];
  };
  const samples: Sample[] = [];
  if (concurrently) for (const s of await Promise.all(picksA.map(pick))) samples.push(...s);
  else for (const k of picksA) samples.push(...(await pick(k)));
  return { mode: 'sampled', total, samples, picks: picksA.length, effA, sizeB };
}

/**
 * Follows links.next verbatim, as a client would: from page 1 to the end, or on a collection too big for that,
 * the first FOLLOW_MAX_STEPS pages and the last few pages up to the end.
 */
async function followNext(d: Discovery, total: number, observations: Observation[]): Promise<{ head: FollowChain; tail?: FollowChain }> {
  const perPage = DEFAULT_PER_PAGE;
  const head = { ...(await follow(d.first, FOLLOW_MAX_STEPS, perPage, observations)), startPage: 1 };
  if (!head.truncated) return { head };
  // The tail: from the last page (the page matrix asks it too) to the end: no step at all when next is null.
  const effective = intOr(metaOf(d.first).per_page, perPage);
  const last = lastPageOf(total, effective);
  const tailStart = await page(perPage, last, 'follow links.next (tail)', true);
  const tail = { ...(await follow(tailStart, TAIL_MAX_STEPS, perPage, observations)), startPage: last };
  return { head, tail };
}

/**
 * A link on another origin (the vendor's canonical host, or http:// behind a TLS proxy: LINKS-ORIGIN, a SHOULD)
 * is followed on the origin the suite was given: the token never goes to a host the user did not name, and a
 * host unreachable from here does not turn a SHOULD into a broken chain.
 */
function sameOrigin(link: string, observations: Observation[]): string {
  const base = new URL(target().endpointUrl);
  let u: URL;
  try {
    u = new URL(link, base); // a relative link (LINKS-URL-PATH fails it) is resolved as a browser would
  } catch {
    return link;
  }
  if (u.origin === base.origin) return u.href;
  observations.push({
    requirementId: 'LINKS-FOLLOW-NEXT',
    key: 'links.otherOrigin',
    value: u.origin,
    summary: `links.next points to ${u.origin} rather than ${base.origin}; the suite followed the same path and query on ${base.origin}.`,
  });
  return base.origin + u.pathname + u.search;
}

async function follow(start: Sample, maxSteps: number, perPage: number, observations: Observation[]): Promise<{ chain: Sample[]; truncated: boolean }> {
  const chain: Sample[] = [start];
  for (let i = 0; i < maxSteps; i++) {
    const current = chain[chain.length - 1];
    if (!is200(current)) return { chain, truncated: false };
    const next = nextOf(current);
    if (typeof next !== 'string') return { chain, truncated: false };
    let step = await call({ purpose: `follow links.next from page ${String(metaOf(current).current_page)}`, url: sameOrigin(next, observations), urgent: true });
    // A target that requires per_page yet drops it from its own links: its links cannot be followed as they
    // are. That is the SHOULD finding LINKS-KEEP-PER-PAGE, not a broken chain: follow with per_page put back.
    if (step.exchange.response?.status === 422 && !/[?&]per_page=/.test(next)) {
      const withPerPage = sameOrigin(next, []) + (next.includes('?') ? '&' : '?') + `per_page=${perPage}`;
      observations.push({
        requirementId: 'LINKS-FOLLOW-NEXT',
        key: 'links.nextNeedsPerPage',
        value: 'refused-without-per_page',
        summary: 'links.next omits per_page, which the target requires: following it verbatim gets a 422; the suite put per_page back to go on.',
        exchangeIds: [step.exchange.id],
      });
      step = await call({ purpose: `follow links.next from page ${String(metaOf(current).current_page)} (per_page added back)`, url: withPerPage, urgent: true });
    }
    chain.push(step);
  }
  const lastStep = chain[chain.length - 1];
  const stillNext = typeof nextOf(lastStep) === 'string';
  return { chain, truncated: stillNext };
}

/**
 * Requests of this suite other than the walk's own pages, at most: the large first page, the repeated first
 * page, and the followed chains (each step may need a second request with per_page put back).
 */
export function walkFixedRequestsAtMost(): number {
  return 1 + 1 + 1 + 2 * FOLLOW_MAX_STEPS + 1 + 2 * TAIL_MAX_STEPS + WHOLE_SEEDED_PAGES;
}
/** The walk's own pages, at most (full walk within WALK_MAX_REQUESTS, or the sampled pages). */
export const WALK_PAGES_AT_MOST = Math.max(WALK_MAX_REQUESTS, (2 + SAMPLED_PICKS) * (1 + MAX_COVERING));
