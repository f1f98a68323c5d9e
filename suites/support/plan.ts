/**
 * The run's request plan. The suite files run one after the other, and each used to send its requests only when
 * its turn came: the run waited on every suite's round trips in turn. Once discovery knows the total, `startAhead`
 * starts the request groups of every selected suite at once (the HTTP client still bounds concurrency and rate);
 * the suites then find their requests answered. The groups are the very functions the suites call (memoized),
 * so nothing is sent that the suites would not send, and each request is counted once by the one client.
 *
 * Only when everything the plan may send fits the budget with room to spare: the walk's decision (full or sampled)
 * looks at the budget left, and it must not depend on how far the other suites' requests have got. With a tighter
 * --max-requests the suites send their requests in turn, in file order, as they always did.
 */
import { pageMatrix } from '../../src/matrix.ts';
import { requirementsOf } from '../../src/requirements.ts';
import { httpClient, prioritiseUrgent, target } from './session.ts';
import { discover, matrixSamples, once } from './discovery.ts';
import { selected } from './requirement-test.ts';
import { WALK_IDS, WALK_MAX_REQUESTS, WALK_PAGES_AT_MOST, walkFixedRequestsAtMost, walkSamples } from './walk-requests.ts';
import { appendRunEvent } from '../../src/run-events.ts';
import {
  AUTH_IDS,
  authRequestsAtMost,
  authSamples,
  CLIENT_IDS,
  clientRequestsAtMost,
  clientSamples,
  identitySample,
  VALIDATION_IDS,
  validationRequestsAtMost,
  validationSamples,
} from './requests.ts';

/** The page matrix's requirements (10-pagination), from the catalogue. */
export const PAGINATION_IDS = requirementsOf('pagination');

export type PlanMode = 'concurrent' | 'in-turn';

interface Group {
  ids: readonly string[];
  /** Upper bound of the requests the group sends. */
  atMost: (total: number) => number;
  start: () => Promise<unknown>;
}

function groups(): Group[] {
  return [
    { ids: PAGINATION_IDS, atMost: (total) => pageMatrix(total).length, start: matrixSamples },
    { ids: WALK_IDS, atMost: () => walkFixedRequestsAtMost(), start: () => walkSamples(true) },
    { ids: CLIENT_IDS, atMost: () => clientRequestsAtMost(), start: () => clientSamples(true) },
    { ids: AUTH_IDS, atMost: () => authRequestsAtMost(), start: () => authSamples(true) },
    { ids: VALIDATION_IDS, atMost: () => validationRequestsAtMost(), start: validationSamples },
    // HTTP-IDENTITY-ENCODING's one request (the transport suite's other checks judge every exchange of the run).
    { ids: ['HTTP-IDENTITY-ENCODING'], atMost: () => 1, start: identitySample },
  ];
}

/**
 * Pure budget rule: go concurrent only if, after every other planned request, at least three times the walk's
 * cap is left, so the walk's budget is its cap whatever the timing (walk pages ≤ WALK_MAX_REQUESTS).
 */
export function planMode(budgetLeft: number, plannedAtMost: number): PlanMode {
  return budgetLeft - plannedAtMost >= 3 * WALK_MAX_REQUESTS ? 'concurrent' : 'in-turn';
}

/**
 * Called by every suite that needs discovery, before its own requests: the first call decides the mode and, when
 * concurrent, starts every selected group. Later calls return the same decision.
 */
export const startAhead = once(async (): Promise<PlanMode> => {
  const d = await discover();
  if (d.total === null) return 'in-turn';
  const t = target();
  const chosen = groups().filter((g) => g.ids.some((id) => selected(id)));
  const planned = chosen.reduce((n, g) => n + g.atMost(d.total!), 0);
  const budgetLeft = t.maxRequests - httpClient().stats.requests;
  const mode = planMode(budgetLeft, planned);
  const walkPages = chosen.some((g) => g.ids === WALK_IDS) ? WALK_PAGES_AT_MOST : 0;
  appendRunEvent(t.eventLog, { type: 'plan', plannedAtMost: httpClient().stats.requests + Math.min(budgetLeft, planned + walkPages), mode, total: d.total });
  if (mode === 'concurrent') {
    // Requests that wait on an answer (links.next, the walk after its first page) go ahead of the queue.
    prioritiseUrgent();
    // The suites await these same promises; an error surfaces there (as a harness error), not here.
    for (const g of chosen) g.start().catch(() => undefined);
  }
  return mode;
});
