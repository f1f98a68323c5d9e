/**
 * `requirementTests(ids, evaluate)`: one vitest test per requirement of a suite file. Each test's function
 * returns findings; the wrapper attaches them (exchanges by id) to task.meta.conformance (read by
 * reporters/conformance-reporter.ts) and fails the vitest test on a MUST violation, so vitest's own view agrees.
 * An exception from the suite code is deliberately NOT caught: it reaches the reporter as a harness error (exit
 * 2), never as a verdict on the target.
 */
import { test } from 'vitest';
import { stoppedBySuite, type Finding, type Observation, type TestEvidence } from '../../src/evidence.ts';
import { requirement } from '../../src/requirements.ts';
import { isSelected } from '../../src/selection.ts';
import { knownExchanges, target } from './session.ts';
import { collectionChange, pick } from './discovery.ts';

declare module 'vitest' {
  interface TaskMeta {
    conformance?: TestEvidence;
  }
}

export interface Outcome {
  findings: Finding[];
  observations?: Observation[];
  /** The requirement cannot be judged on this target; why. */
  skipped?: string;
}

export function selected(...ids: string[]): boolean {
  const t = target();
  return ids.some((id) => isSelected(id, t.only, t.skip));
}

function requirementTest(id: string, variant: string | undefined, fn: () => Promise<Outcome>): void {
  const req = requirement(id);
  const name = variant ? `${id} ${req.title} [${variant}]` : `${id} ${req.title}`;
  test(name, async ({ task }) => {
    if (!selected(id)) {
      task.meta.conformance = { requirementId: id, findings: [], skipped: 'excluded by --only/--skip' };
      return;
    }
    const evidence = toEvidence(id, await fn());
    task.meta.conformance = evidence;
    const violations = evidence.findings.filter((f) => !f.ok);
    if (req.level === 'must' && violations.length > 0) {
      const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
      throw new Error(`${id}: ${violations[0].message}${more}`);
    }
  });
}

export interface SuiteEvaluation {
  findings: Finding[];
  observations: Observation[];
  /** Nothing in this suite can be judged on this target; why. */
  skipped?: string;
}

/**
 * The tests of one suite file: one per requirement id, each taking its findings and observations (by requirement id)
 * from one shared evaluation (memoized by the suite, so it runs once, and only when one of its ids is selected).
 */
export function requirementTests<E extends SuiteEvaluation>(
  ids: readonly string[],
  evaluate: () => Promise<E> | E,
  opts: {
    variant?: string;
    /** The skip reason when a requirement got no finding (default: nothing to check on this target). */
    whenEmpty?: (id: string, e: E) => string;
  } = {},
): void {
  for (const id of ids) {
    requirementTest(id, opts.variant, async (): Promise<Outcome> => {
      const e = await evaluate();
      if (e.skipped) return { findings: [], skipped: e.skipped };
      const observations = e.observations.filter((o) => o.requirementId === id);
      const { findings, change } = await unlessCollectionChanged(id, pick(e.findings, id));
      if (change) {
        observations.push({ ...change, requirementId: id });
        // Comparisons could not judge the target: a skip with the reason, unless a violation of another kind stands.
        if (findings.every((f) => f.ok)) return { findings: [], observations, skipped: change.summary };
      }
      if (findings.length > 0) return { findings, observations };
      return { findings, observations, skipped: opts.whenEmpty?.(id, e) ?? 'nothing to check on this target' };
    });
  }
}

/** Requirements that compare answers with each other: a collection changing during the run breaks them. */
const COMPARISONS = new Set(['PAG-TOTAL-CONSISTENT', 'WALK-EACH-RECORD-ONCE', 'WALK-STABLE-ORDER', 'LINKS-FOLLOW-NEXT', 'CLIENT-EVERY-VALUE']);

/**
 * When a comparison failed and the collection changed meanwhile (collectionChange), the violations that only
 * compare 200 pages are dropped: they cannot tell a bug from a new code. A violation with any other answer (a
 * 5xx for one X-Client, a broken chain) stands.
 */
async function unlessCollectionChanged(id: string, findings: Finding[]): Promise<{ findings: Finding[]; change?: Observation }> {
  if (!COMPARISONS.has(id) || findings.every((f) => f.ok)) return { findings };
  const change = await collectionChange();
  if (!change) return { findings };
  const byId = new Map(knownExchanges().map((x) => [x.id, x]));
  const onlyPages = (f: Finding) => (f.exchangeIds ?? []).every((x) => byId.get(x)?.response?.status === 200);
  return { findings: findings.filter((f) => f.ok || !onlyPages(f)), change };
}

/** Findings that rest on requests the suite itself stopped (budget, deadline, interruption) are dropped: no evidence either way. */
function toEvidence(id: string, outcome: Outcome): TestEvidence {
  const all = knownExchanges();
  const byId = new Map(all.map((e) => [e.id, e]));
  const restsOnStopped = (f: Finding) =>
    (f.exchangeIds ?? []).some((x) => {
      const e = byId.get(x);
      return e !== undefined && stoppedBySuite(e);
    });
  const findings = outcome.findings.filter((f) => !restsOnStopped(f));
  const dropped = outcome.findings.length - findings.length;
  let skipped = outcome.skipped;
  // Nothing judged while the client refused requests for the suite's own limits: cut short, not "nothing to check".
  const limited = dropped > 0 || all.some(stoppedBySuite);
  const cutShort = findings.length === 0 && limited;
  if (cutShort) skipped = LIMIT_REASON;
  return { requirementId: id, findings, observations: outcome.observations, skipped, ...(cutShort ? { cutShort } : {}) };
}

export const LIMIT_REASON = 'not evaluated: the request budget or the deadline was reached first (raise --max-requests or --deadline-ms)';

