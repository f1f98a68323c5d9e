/**
 * The collection as a whole: walking every page at two sizes (or sampling overlapping pages when a full walk
 * would not fit the budget), following links.next to the end, repeatability, and the meta.links window.
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import type { Sample } from '../src/checks/types.ts';
import { DEFAULT_PER_PAGE } from '../src/target.ts';
import { lastPageOf, nonDividingSize, LARGE_PER_PAGE } from '../src/matrix.ts';
import { checkWalk, checkSameOrder, checkRepeatable, checkSampledPages, type Walk } from '../src/checks/walk.ts';
import { checkFollowNext } from '../src/checks/links.ts';
import { checkMetaLinksWindow } from '../src/checks/meta-links.ts';
import { call, httpClient, notSent, target } from './support/session.ts';
import { discover, firstPageQuery, matrixSamples, once, pick } from './support/discovery.ts';
import { requirementTest, selected, type Outcome } from './support/requirement-test.ts';

const IDS = ['WALK-EACH-RECORD-ONCE', 'WALK-STABLE-ORDER', 'LINKS-FOLLOW-NEXT', 'META-LINKS-WINDOW'] as const;
/** At most this many pages are followed through links.next. */
const FOLLOW_MAX_STEPS = 20;
/** A full walk may use at most this many requests (and a third of what is left of the budget). */
const WALK_MAX_REQUESTS = 60;

interface Evaluation {
  findings: Finding[];
  observations: Observation[];
  skipped?: string;
}

const is200 = (s: Sample) => s.exchange.response?.status === 200 && typeof s.json === 'object' && s.json !== null;
const metaOf = (s: Sample) => ((s.json as { meta?: Record<string, unknown> }).meta ?? {}) as Record<string, unknown>;
const intOr = (x: unknown, d: number) => (typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : d);

function page(perPage: number, n: number, why: string): Promise<Sample> {
  return call({ purpose: `${why}: per_page ${perPage}, page ${n}`, query: { perPage: String(perPage), page: String(n) } });
}

async function walkAt(perPage: number, last: number): Promise<Walk> {
  const pages = await Promise.all(Array.from({ length: last }, (_, i) => page(perPage, i + 1, 'walk')));
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

const evaluate = once(async (): Promise<Evaluation> => {
  const d = await discover();
  if (d.total === null) return { findings: [], observations: [], skipped: `not checked: ${d.unknownBecause}` };
  const total = d.total;
  const t = target();
  const findings: Finding[] = [];
  const observations: Observation[] = [];

  // Two walk sizes: the large size if the target honours it (or its cap), and the default.
  const big = await page(LARGE_PER_PAGE, 1, 'walk');
  const bigSize = is200(big) ? intOr(metaOf(big).per_page, DEFAULT_PER_PAGE) : DEFAULT_PER_PAGE;
  const sizeA = bigSize > DEFAULT_PER_PAGE ? LARGE_PER_PAGE : DEFAULT_PER_PAGE;
  const effA = sizeA === LARGE_PER_PAGE ? bigSize : DEFAULT_PER_PAGE;
  const sizeB = sizeA === DEFAULT_PER_PAGE ? nonDividingSize(total) : DEFAULT_PER_PAGE;
  const lastA = lastPageOf(total, effA);
  const lastB = lastPageOf(total, sizeB);
  const left = t.maxRequests - httpClient().stats.requests;
  const walkBudget = Math.min(WALK_MAX_REQUESTS, Math.floor(left / 3));

  if (lastA + lastB <= walkBudget) {
    const [walkA, walkB] = await Promise.all([walkAt(sizeA, lastA), walkAt(sizeB, lastB)]);
    findings.push(...checkWalk(walkA, total), ...checkWalk(walkB, total), ...checkSameOrder(walkA, walkB));
    observations.push({
      key: 'walk.coverage',
      value: 'full',
      summary: `Walked all ${total} records twice: ${lastA} page(s) of ${effA} and ${lastB} page(s) of ${sizeB}.`,
    });
  } else {
    // Too big to walk within the budget: pages of size A at seeded positions, and the size-B pages that cover the
    // same records, so overlapping offsets must agree.
    const picksA = [...new Set([1, lastA, ...spread(t.seed, lastA, 3)])];
    const samples: Sample[] = [];
    for (const k of picksA) {
      samples.push(await page(sizeA, k, 'sampled walk'));
      const firstB = Math.floor(((k - 1) * effA) / sizeB) + 1;
      const lastBCover = Math.min(Math.ceil((k * effA) / sizeB), lastB);
      const covering = [];
      for (let b = firstB; b <= lastBCover && covering.length < 5; b++) covering.push(page(sizeB, b, 'sampled walk'));
      samples.push(...(await Promise.all(covering)));
    }
    const matrix = (await matrixSamples()).map((c) => c.sample);
    findings.push(...checkSampledPages([...samples, ...matrix].filter((s) => !notSent(s) && is200(s))));
    observations.push({
      key: 'walk.coverage',
      value: 'sampled',
      summary: `The collection (${total} records) is too large to walk within the request budget: sampled ${picksA.length} page(s) of ${effA} with the overlapping pages of ${sizeB}, plus the page matrix.`,
    });
  }

  // Repeating a page gives the same records in the same order.
  // A second, distinct request for the first page (the Accept variant only keeps it out of the response cache).
  const again = await call({ purpose: 'first page again (repeatability)', query: firstPageQuery, accept: 'application/json, */*;q=0.1' });
  findings.push(...checkRepeatable(d.first, again));

  const followed = await followNext(d.first, total);
  findings.push(...followed.findings);
  observations.push(...followed.observations);

  const window = checkMetaLinksWindow((await matrixSamples()).map((c) => c.sample).filter((s) => !notSent(s) && is200(s)));
  findings.push(...window.findings);
  if (window.observation) observations.push(window.observation);
  return { findings, observations };
});

/**
 * Follows links.next verbatim, as a client would: from page 1 to the end, or on a collection too big for that,
 * the first FOLLOW_MAX_STEPS pages and the last few pages up to the end.
 */
async function followNext(first: Sample, total: number): Promise<{ findings: Finding[]; observations: Observation[] }> {
  const ctx = { endpointUrl: target().endpointUrl, now: new Date() };
  const observations: Observation[] = [];
  let start = first;
  let perPage = DEFAULT_PER_PAGE;
  if (lastPageOf(total, DEFAULT_PER_PAGE) > FOLLOW_MAX_STEPS) {
    const big = await page(LARGE_PER_PAGE, 1, 'follow links.next');
    if (is200(big)) {
      start = big;
      perPage = LARGE_PER_PAGE;
    }
  }
  const head = await follow(start, FOLLOW_MAX_STEPS, perPage, observations);
  const findings = checkFollowNext(head.chain, ctx, { truncated: head.truncated });
  if (head.truncated) {
    // The tail: a few pages before the last, followed to the end.
    const effective = intOr(metaOf(start).per_page, perPage);
    const last = lastPageOf(total, effective);
    const from = Math.max(1, last - 3);
    const tailStart = await page(perPage, from, 'follow links.next (tail)');
    const tail = await follow(tailStart, 5, perPage, observations);
    findings.push(...checkFollowNext(tail.chain, ctx, { startPage: from, truncated: tail.truncated }));
  }
  return { findings, observations };
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
  if (u.origin === base.origin) return link;
  observations.push({
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
    const next = (current.json as { links?: { next?: unknown } }).links?.next;
    if (typeof next !== 'string') return { chain, truncated: false };
    let step = await call({ purpose: `follow links.next from page ${String(metaOf(current).current_page)}`, url: sameOrigin(next, observations) });
    // A target that requires per_page yet drops it from its own links: its links cannot be followed as they
    // are. That is the SHOULD finding LINKS-KEEP-PER-PAGE, not a broken chain: follow with per_page put back.
    if (step.exchange.response?.status === 422 && !/[?&]per_page=/.test(next)) {
      const withPerPage = sameOrigin(next, []) + (next.includes('?') ? '&' : '?') + `per_page=${perPage}`;
      observations.push({
        key: 'links.nextNeedsPerPage',
        value: 'refused-without-per_page',
        summary: 'links.next omits per_page, which the target requires: following it verbatim gets a 422; the suite put per_page back to go on.',
        exchangeIds: [step.exchange.id],
      });
      step = await call({ purpose: `follow links.next from page ${String(metaOf(current).current_page)} (per_page added back)`, url: withPerPage });
    }
    chain.push(step);
  }
  const lastStep = chain[chain.length - 1];
  const stillNext = is200(lastStep) && typeof (lastStep.json as { links?: { next?: unknown } }).links?.next === 'string';
  return { chain, truncated: stillNext };
}

const OBSERVATION_OWNER: Record<string, string> = {
  'walk.coverage': 'WALK-EACH-RECORD-ONCE',
  'links.nextNeedsPerPage': 'LINKS-FOLLOW-NEXT',
  'links.otherOrigin': 'LINKS-FOLLOW-NEXT',
  metaLinksWindow: 'META-LINKS-WINDOW',
};

describe('walking the collection', () => {
  for (const id of IDS) {
    requirementTest(id, undefined, async (): Promise<Outcome> => {
      if (!selected(...IDS)) return { findings: [] };
      const e = await evaluate();
      if (e.skipped) return { findings: [], skipped: e.skipped };
      const observations = e.observations.filter((o) => OBSERVATION_OWNER[o.key] === id);
      const findings = pick(e.findings, id);
      return findings.length ? { findings, observations } : { findings, observations, skipped: 'nothing to check on this target' };
    });
  }
});
