/**
 * What the suites learn about the target before checking it: its total (from the first page) and the page
 * matrix derived from it. Memoized: every suite file shares one discovery.
 */
import { answered, call, notSent, smokeSample } from './session.ts';
import type { Sample } from '../../src/checks/types.ts';
import type { Observation } from '../../src/evidence.ts';
import { FIRST_PAGE } from '../../src/request.ts';
import { BODY_KIND_WORDS, bodyKind } from '../../src/checks/answer.ts';
import { pageMatrix, type PagePlan } from '../../src/matrix.ts';

export interface Discovery {
  first: Sample;
  /** The target's meta.total, or null when the first page could not be read. */
  total: number | null;
  /** Why total is unknown, for the skip reasons of the checks that need it. */
  unknownBecause?: string;
}

export interface Cell {
  plan: PagePlan;
  sample: Sample;
}

import { once } from '../../src/once.ts';

export { once };

export const discover = once(async (): Promise<Discovery> => {
  // The smoke step asked this very request (the first page with the valid token, built by the same builder): its
  // answer is the discovery, so the plan starts without waiting for one more round trip. An answer that gives no
  // total (a 5xx, a body without meta.total) is asked once more: one bad answer must not cost the whole plan.
  const request = { purpose: 'first page (discovery): per_page 25, page 1', query: FIRST_PAGE };
  const smoke = smokeSample();
  const first = smoke && totalOf(smoke) !== null ? answered(request, smoke) : await call(request);
  const status = first.exchange.response?.status;
  const total = totalOf(first);
  if (notSent(first)) return { first, total: null, unknownBecause: 'the request budget was exhausted before discovery' };
  if (total !== null) return { first, total };
  const what = first.exchange.error
    ? first.exchange.error.message
    : status !== 200
      ? `it answered ${status}`
      : first.json === undefined
        ? `its body is ${BODY_KIND_WORDS[bodyKind(first.exchange.response!.body)]}`
        : 'its body has no integer meta.total';
  return { first, total: null, unknownBecause: `the first page could not be read (${what}); see HTTP-* and SCHEMA-200` };
});

/** A 200 page's meta.total, when it is a non-negative integer. */
function totalOf(s: Sample): number | null {
  const total = (s.json as { meta?: { total?: unknown } } | undefined)?.meta?.total;
  return s.exchange.response?.status === 200 && typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null;
}

/** Every cell of the page matrix, requested concurrently (the client bounds concurrency and budget). */
export const matrixSamples = once(async (): Promise<Cell[]> => {
  const d = await discover();
  if (d.total === null) return [];
  const plans = pageMatrix(d.total);
  return Promise.all(
    plans.map(async (plan) => ({
      plan,
      sample: await call({
        purpose: `page matrix: per_page ${plan.perPage}, page ${plan.page} (${plan.role})`,
        query: { perPage: String(plan.perPage), page: String(plan.page) },
      }),
    })),
  );
});

/** Splits findings by requirement id, for the thin per-requirement tests. */
export function pick<T extends { requirementId: string }>(items: T[], id: string): T[] {
  return items.filter((f) => f.requirementId === id);
}

/**
 * Live staging: codes may be created or deleted while the suite runs, and then totals, walks and the X-Client
 * comparison disagree on a correct server. Asked only when such a comparison failed: the first page is read once
 * more, and a meta.total that moved since discovery means the collection changed meanwhile.
 */
export const collectionChange = once(async (): Promise<Observation | undefined> => {
  const d = await discover();
  if (d.total === null) return undefined;
  const again = await call({
    purpose: 'first page re-read: did the collection change during the run?',
    query: FIRST_PAGE,
    fresh: true,
  });
  const total = (again.json as { meta?: { total?: unknown } } | undefined)?.meta?.total;
  if (again.exchange.response?.status !== 200 || typeof total !== 'number' || total === d.total) return undefined;
  return {
    // Attached to every comparison it made unjudgeable (requirement-test.ts sets the id per requirement).
    requirementId: 'PAG-TOTAL-CONSISTENT',
    key: 'collection.changed',
    value: `${d.total}->${total}`,
    summary: `meta.total moved from ${d.total} to ${total} while the suite ran: codes were created or deleted meanwhile, so comparisons between pages (totals, walks, X-Client answers) could not judge the target; rerun when the collection is quiet.`,
    exchangeIds: [d.first.exchange.id, again.exchange.id],
  };
});
