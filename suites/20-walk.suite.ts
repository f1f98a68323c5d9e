/**
 * The collection as a whole: walking every page at two sizes (or sampling overlapping pages when a full walk
 * would not fit the budget), following links.next to the end, repeatability, and the meta.links window.
 * The requests are sent by support/walk-requests.ts (maybe ahead of this file's turn, see support/plan.ts).
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { checkWalk, checkSameOrder, checkRepeatable, checkSampledPages } from '../src/checks/walk.ts';
import { checkFollowNext } from '../src/checks/links.ts';
import { checkMetaLinksWindow } from '../src/checks/meta-links.ts';
import { notSent, target } from './support/session.ts';
import { discover, matrixSamples, once } from './support/discovery.ts';
import { requirementTests } from './support/requirement-test.ts';
import { startAhead } from './support/plan.ts';
import { is200, walkSamples, WALK_IDS, WHOLE_PER_PAGE } from './support/walk-requests.ts';
import { requestsFirst } from './support/requests-first.ts';

const IDS = WALK_IDS;

interface Evaluation {
  findings: Finding[];
  observations: Observation[];
  skipped?: string;
}

const evaluate = once(async (): Promise<Evaluation> => {
  const d = await discover();
  if (d.total === null) return { findings: [], observations: [], skipped: `not checked: ${d.unknownBecause}` };
  const s = await walkSamples((await startAhead()) === 'concurrent');
  if (!s) return { findings: [], observations: [], skipped: `not checked: ${d.unknownBecause}` };
  await requestsFirst();
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  const w = s.walk;
  const matrix = () => matrixSamples().then((cells) => cells.map((c) => c.sample).filter((x) => !notSent(x) && is200(x)));

  if (w.mode === 'full') {
    findings.push(...checkWalk(w.walkA, w.total), ...checkWalk(w.walkB, w.total), ...checkSameOrder(w.walkA, w.walkB));
    observations.push({
      requirementId: 'WALK-EACH-RECORD-ONCE',
      key: 'walk.coverage',
      value: 'full',
      summary: `Walked all ${w.total} records twice: ${w.lastA} page(s) of ${w.effA} and ${w.lastB} page(s) of ${w.walkB.perPage}.`,
    });
  } else if (w.mode === 'whole') {
    const whole = { perPage: WHOLE_PER_PAGE, pages: [w.whole] };
    findings.push(...checkWalk(whole, w.total));
    if (w.walkA) findings.push(...checkWalk(w.walkA, w.total), ...checkSameOrder(w.walkA, whole));
    // Every other page of the run sits at its offset in the whole collection.
    findings.push(...checkSampledPages([w.whole, ...w.samples.filter((x) => !notSent(x) && is200(x)), ...(await matrix())]));
    const others = w.walkA ? `all ${w.lastA} page(s) of ${w.effA}` : `${w.samples.length} seeded page(s) of ${w.effA}`;
    observations.push({
      requirementId: 'WALK-EACH-RECORD-ONCE',
      key: 'walk.coverage',
      value: w.walkA ? 'full' : 'sampled',
      summary: `Read all ${w.total} records in one page of ${WHOLE_PER_PAGE}, and compared ${others} and the page matrix with it at their offsets.`,
    });
  } else {
    findings.push(...checkSampledPages([...w.samples.filter((x) => !notSent(x) && is200(x)), ...(await matrix())]));
    observations.push({
      requirementId: 'WALK-EACH-RECORD-ONCE',
      key: 'walk.coverage',
      value: 'sampled',
      summary: `The collection (${w.total} records) is too large to walk within the request budget: sampled ${w.picks} page(s) of ${w.effA} with the overlapping pages of ${w.sizeB}, plus the page matrix.`,
    });
  }

  // Repeating a page gives the same records in the same order.
  findings.push(...checkRepeatable(d.first, s.again));

  const ctx = { endpointUrl: target().endpointUrl, now: new Date() };
  findings.push(...checkFollowNext(s.head.chain, ctx, { truncated: s.head.truncated }));
  if (s.tail) findings.push(...checkFollowNext(s.tail.chain, ctx, { startPage: s.tail.startPage, truncated: s.tail.truncated }));
  observations.push(...s.followObservations);

  const window = checkMetaLinksWindow(await matrix());
  findings.push(...window.findings);
  if (window.observation) observations.push(window.observation);
  return { findings, observations };
});

describe('walking the collection', () => {
  requirementTests(IDS, evaluate);
});
