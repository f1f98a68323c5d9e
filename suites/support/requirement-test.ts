/**
 * `requirementTests(ids, evaluate)`: one vitest test per requirement of a suite file. Each test's function
 * returns findings; the wrapper attaches them (exchanges by id) to task.meta.conformance (read by
 * reporters/conformance-reporter.ts) and fails the vitest test on a MUST violation, so vitest's own view agrees.
 * An exception from the suite code is deliberately NOT caught: it reaches the reporter as a harness error (exit
 * 2), never as a verdict on the target.
 */
import { test } from 'vitest';
import type { Exchange, Finding, Observation, TestEvidence } from '../../src/evidence.ts';
import { isNotJudged } from '../../src/checks/answer.ts';
import { MAX_RATE_LIMIT_RETRIES_PER_REQUEST, MAX_TOTAL_RETRY_AFTER_MS } from '../../src/http/client.ts';
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

/**
 * Findings that rest on requests the suite itself stopped (budget, deadline, its pause cap, interruption) or on a
 * 429 the client gave up waiting out are dropped: no evidence either way (a 429 is never the target's failure).
 */
function toEvidence(id: string, outcome: Outcome): TestEvidence {
  const unjudged = knownExchanges().filter(isNotJudged);
  const unjudgedIds = new Set(unjudged.map((e) => e.id));
  const restsOnUnjudged = (f: Finding) => (f.exchangeIds ?? []).some((x) => unjudgedIds.has(x));
  const own = (f: Finding) => (f.requirementId || id) === id;
  const kept = outcome.findings.filter((f) => !restsOnUnjudged(f));
  const keptOwn = kept.filter(own);
  // Part of the requirement's evidence never came and what came held: that is not a pass of the whole requirement
  // (a chain that stopped at step 2, 8 of 9 wrong tokens), so it is cut short too. A violation that came stands.
  const partial = outcome.findings.some((f) => own(f) && restsOnUnjudged(f)) && keptOwn.every((f) => f.ok);
  // Nothing judged while the client refused requests for the suite's own limits: cut short, not "nothing to check".
  const cutShort = partial || (keptOwn.length === 0 && unjudged.length > 0);
  const findings = partial ? kept.filter((f) => !own(f)) : kept;
  const skipped = cutShort ? limitReason(unjudged) : outcome.skipped;
  return { requirementId: id, findings, observations: outcome.observations, skipped, ...(cutShort ? { cutShort } : {}) };
}

/** Why a requirement was not evaluated, from what stopped the run's requests (one reason per limit met). */
export function limitReason(stopped: readonly Exchange[]): string {
  const met = new Set(stopped.map((e) => (e.response?.status === 429 ? 'rate-limited' : e.error?.kind)));
  const reasons: string[] = [];
  if (met.has('budget') || met.has('deadline')) reasons.push('the request budget or the deadline was reached first (raise --max-requests or --deadline-ms)');
  if (met.has('rate-limited'))
    reasons.push(
      `the target's rate limit outlasted what the suite waits for it (429 answers: at most ${MAX_RATE_LIMIT_RETRIES_PER_REQUEST} retries a request and ${MAX_TOTAL_RETRY_AFTER_MS / 60_000} minutes of pauses in all, within the budget and the deadline; run it when the target's limit has room)`,
    );
  if (met.has('interrupted') || reasons.length === 0) reasons.push('the run was stopped first');
  return `not evaluated: ${reasons.join('; ')}`;
}

