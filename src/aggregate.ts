/**
 * Turns what the suite tests recorded into results.json: one row per catalogue requirement, the verdict,
 * the observed choices, the evidence exchanges and the run statistics. Pure: no I/O, no clock.
 */
import { stoppedBySuite, wasSent, type CheckResult, type DriftReport, type Exchange, type Finding, type Observation, type RunResult, type Status, type TestEvidence } from './evidence.ts';
import { REQUIREMENTS, isRequirementId, type Requirement } from './requirements.ts';
import { exclusionReason } from './selection.ts';

export interface RunContext {
  target: RunResult['target'];
  suite: RunResult['suite'];
  startedAt: string;
  durationMs: number;
  strict: boolean;
  only: string[];
  skip: string[];
  /** Requirement id → reason (known failures accepted for this target). */
  baseline?: Record<string, string>;
  interrupted: boolean;
  coverage: RunResult['coverage'];
  maxRequests: number;
  /** Seed of the property-based checks, reported so the run can be reproduced. */
  seed?: number;
}

export interface TestOutcome {
  name: string;
  file: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  evidence?: TestEvidence;
  errors?: string[];
  /** The note of a test skipped with ctx.skip(note), used as the skip reason when there is no evidence. */
  note?: string;
  /** The contract-drift pass's report (task.meta.drift), advice only. */
  drift?: DriftReport;
}

export const MAX_VIOLATIONS_PER_REQUIREMENT = 50;


interface Collected {
  findings: Finding[];
  skipReasons: string[];
  cutShort: boolean;
}

export function buildRunResult(outcomes: TestOutcome[], exchanges: Exchange[], ctx: RunContext): RunResult {
  const harnessErrors: string[] = [];
  // Nothing ran: the suites were not found or not loaded. "Every requirement skipped" must never read as conformant.
  if (outcomes.length === 0 && !ctx.interrupted) harnessErrors.push('no suite test ran (0 tests collected): the suites were not found or not loaded');
  const byId = new Map<string, Collected>(REQUIREMENTS.map((r) => [r.id, { findings: [], skipReasons: [], cutShort: false }]));
  const observations: Observation[] = [];

  for (const outcome of outcomes) {
    const ev = outcome.evidence;
    if (!ev) {
      if (outcome.state === 'failed') harnessErrors.push(describeHarnessFailure(outcome, 'failed without recording evidence'));
      continue;
    }
    observations.push(...(ev.observations ?? []));
    const findings = ev.findings ?? [];
    // A test that failed although it recorded no violation failed for another reason: suite code threw,
    // possibly half-way. Its evidence may be incomplete, so it is a harness error, not a pass.
    if (outcome.state === 'failed' && !findings.some((f) => !f.ok)) {
      harnessErrors.push(describeHarnessFailure(outcome, 'failed without recording a violation'));
    }
    if (!isRequirementId(ev.requirementId)) {
      harnessErrors.push(`${outcome.name}: evidence for unknown requirement id ${ev.requirementId}`);
      continue;
    }
    // A check may report findings for several requirements (e.g. a 5xx seen by a pagination test):
    // each finding counts for the requirement it names.
    for (const f of findings) {
      const bucket = byId.get(f.requirementId || ev.requirementId);
      if (!bucket) {
        harnessErrors.push(`${outcome.name}: finding for unknown requirement id ${f.requirementId}`);
        continue;
      }
      bucket.findings.push(f);
    }
    if (ev.skipped !== undefined) byId.get(ev.requirementId)!.skipReasons.push(ev.skipped);
    if (ev.cutShort) byId.get(ev.requirementId)!.cutShort = true;
  }

  // Skip notes of tests that recorded nothing (ctx.skip(note)) count for the id their name starts with.
  for (const outcome of outcomes) {
    if (outcome.evidence || outcome.state !== 'skipped' || !outcome.note) continue;
    const id = outcome.name.split(/\s+/, 1)[0];
    byId.get(id)?.skipReasons.push(outcome.note);
  }

  const baseline = ctx.baseline ?? {};
  for (const id of Object.keys(baseline)) {
    if (!isRequirementId(id)) harnessErrors.push(`baseline entry ${id} is not a requirement id`);
  }

  const checks = REQUIREMENTS.map((req) => checkResultOf(req, byId.get(req.id)!, ctx, baseline[req.id]));
  const staleBaseline = checks
    .filter((c) => c.status === 'pass' && baseline[c.id] !== undefined)
    .map((c) => c.id);

  const nonConformant =
    checks.some((c) => c.status === 'fail' && !c.knownFailure) || staleBaseline.length > 0;

  const allExchanges = dedupeById(exchanges);
  const { observed, coverage } = splitCoverage(mergeObservations(observations), ctx.coverage);

  const result: RunResult = {
    verdict: nonConformant ? 'non-conformant' : checks.some((c) => c.severity === 'must' && c.cutShort) ? 'incomplete' : 'conformant',
    interrupted: ctx.interrupted,
    target: ctx.target,
    suite: ctx.suite,
    startedAt: ctx.startedAt,
    durationMs: Math.max(0, Math.round(ctx.durationMs)),
    stats: statsOf(allExchanges, ctx.maxRequests),
    coverage,
    observed,
    checks,
    exchanges: referencedExchanges(checks, observed, allExchanges),
  };
  if (ctx.seed !== undefined) result.seed = ctx.seed;
  if (harnessErrors.length > 0) result.harnessErrors = harnessErrors;
  if (staleBaseline.length > 0) result.staleBaseline = staleBaseline;
  const drift = outcomes.find((o) => o.drift)?.drift;
  if (drift) result.drift = drift;
  return result;
}

/**
 * The suites report what they covered as observations ('collection.total', 'walk.coverage'); those are facts
 * about the run, not choices of the target, so they move from `observed` to `coverage`.
 */
function splitCoverage(
  all: RunResult['observed'],
  fallback: RunResult['coverage'],
): { observed: RunResult['observed']; coverage: RunResult['coverage'] } {
  const { ['collection.total']: total, ['walk.coverage']: walk, ...observed } = all;
  const n = total ? Number(total.value) : NaN;
  return {
    observed,
    coverage: {
      total: Number.isInteger(n) ? n : fallback.total,
      walk: walk?.value === 'full' || walk?.value === 'sampled' ? walk.value : fallback.walk,
      note: walk?.summary ?? fallback.note,
    },
  };
}

function describeHarnessFailure(outcome: TestOutcome, what: string): string {
  const errors = (outcome.errors ?? []).filter((e) => e.trim() !== '');
  return `${outcome.name} (${outcome.file}) ${what}${errors.length ? ': ' + errors.join('; ') : ''}`;
}

function checkResultOf(req: Requirement, collected: Collected, ctx: RunContext, baselineReason?: string): CheckResult {
  const base = { id: req.id, title: req.title, area: req.area, severity: req.level };
  const excluded = exclusionReason(req.id, ctx.only, ctx.skip);
  if (excluded) return { ...base, status: 'skip', message: excluded, evaluated: 0, violations: [] };

  const { findings, skipReasons } = collected;
  const violations = findings.filter((f) => !f.ok);
  const evaluated = findings.length;

  if (violations.length > 0) {
    const first = violations[0];
    const failing = req.level === 'must' || ctx.strict;
    const row: CheckResult = {
      ...base,
      status: failing ? 'fail' : 'warn',
      message: first.message,
      evaluated,
      violations: violations.slice(0, MAX_VIOLATIONS_PER_REQUIREMENT),
    };
    if (first.expected !== undefined) row.expected = first.expected;
    if (first.actual !== undefined) row.actual = first.actual;
    if (baselineReason !== undefined) row.knownFailure = { reason: baselineReason };
    return row;
  }
  if (evaluated > 0) {
    return { ...base, status: 'pass', message: `${evaluated} assertion${evaluated === 1 ? '' : 's'} held`, evaluated, violations: [] };
  }
  // No evidence at all (a test vitest never ran, e.g. after an interruption) is cut short too, never a pass.
  const cutShort = collected.cutShort || skipReasons.length === 0;
  const skip: CheckResult = { ...base, status: 'skip', message: skipReasons[0] ?? 'not evaluated', evaluated: 0, violations: [] };
  return cutShort ? { ...skip, cutShort: true } : skip;
}

function mergeObservations(observations: Observation[]): RunResult['observed'] {
  const observed: RunResult['observed'] = {};
  const otherValues = new Map<string, string[]>();
  for (const o of observations) {
    const seen = observed[o.key];
    if (!seen) {
      observed[o.key] = { value: o.value, summary: o.summary, ...(o.exchangeIds?.length ? { exchangeIds: [...o.exchangeIds] } : {}) };
      continue;
    }
    if (o.value !== seen.value) {
      const others = otherValues.get(o.key) ?? [];
      if (!others.includes(o.value)) others.push(o.value);
      otherValues.set(o.key, others);
      // The differing answer's exchanges are evidence of the inconsistency: keep them too.
      const ids = new Set([...(seen.exchangeIds ?? []), ...(o.exchangeIds ?? [])]);
      if (ids.size > 0) seen.exchangeIds = [...ids];
    }
  }
  for (const [key, others] of otherValues) {
    observed[key].summary += ` (also observed: ${others.join(', ')})`;
  }
  return observed;
}

function dedupeById(exchanges: Exchange[]): Exchange[] {
  const seen = new Map<string, Exchange>();
  for (const x of exchanges) if (!seen.has(x.id)) seen.set(x.id, x);
  return [...seen.values()];
}

function referencedExchanges(
  checks: CheckResult[],
  observed: RunResult['observed'],
  exchanges: Exchange[],
): Record<string, Exchange> {
  const byId = new Map(exchanges.map((x) => [x.id, x]));
  const out: Record<string, Exchange> = {};
  const add = (id: string) => {
    const x = byId.get(id);
    if (x && !out[id]) out[id] = x;
  };
  for (const c of checks) for (const v of c.violations) for (const id of v.exchangeIds ?? []) add(id);
  for (const o of Object.values(observed)) for (const id of o.exchangeIds ?? []) add(id);
  return out;
}

/**
 * Run statistics from the full exchange log. The HTTP client records one exchange per logical request and
 * retries inside it (network retries, 429s waited out): every attempt went on the wire and counts against
 * --max-requests, so `requests` counts attempts, and every 429 waited out counts as rate-limited.
 */
function statsOf(exchanges: Exchange[], maxRequests: number): RunResult['stats'] {
  const stats: RunResult['stats'] = { requests: 0, maxRequests, retries: 0, rateLimited: 0, byStatus: {}, transportErrors: 0 };
  for (const x of exchanges) {
    const retries = nonNegative(x.retries);
    const rateLimitRetries = nonNegative(x.rateLimitRetries);
    // Stopped by the client before its last attempt went out: only the retries before it reached the target
    // (the client counts a retry only once it is sent).
    const lastSent = wasSent(x) ? 1 : 0;
    stats.requests += lastSent + retries + rateLimitRetries;
    stats.retries += retries;
    stats.rateLimited += rateLimitRetries;
    if (x.response) {
      const key = String(x.response.status);
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
      if (x.response.status === 429) stats.rateLimited++;
    } else if (x.error && !stoppedBySuite(x)) {
      stats.transportErrors++;
    }
  }
  return stats;
}

function nonNegative(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Harness errors and incomplete runs → 2 (no verdict); non-conformant → 1; else 0. (The CLI handles interrupted runs.) */
export function exitCodeOf(result: RunResult): 0 | 1 | 2 {
  if (result.harnessErrors && result.harnessErrors.length > 0) return 2;
  if (result.verdict === 'incomplete') return 2;
  return result.verdict === 'non-conformant' ? 1 : 0;
}

/** How many requirements ended in each status. */
export function countStatuses(checks: CheckResult[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

/** The run's headline, as every report prints it: a harness error or an incomplete run is no verdict. */
export function verdictLabel(result: RunResult): 'HARNESS ERROR' | 'INCOMPLETE' | 'CONFORMANT' | 'NON-CONFORMANT' {
  if (result.harnessErrors && result.harnessErrors.length > 0) return 'HARNESS ERROR';
  return result.verdict === 'incomplete' ? 'INCOMPLETE' : result.verdict === 'conformant' ? 'CONFORMANT' : 'NON-CONFORMANT';
}

/** The message for a stale baseline entry, as documented. */
export function staleBaselineMessage(id: string): string {
  return `baseline entry ${id} is stale: the requirement now passes; remove it`;
}
