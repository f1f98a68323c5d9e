/**
 * What changed between two conformance runs (an accepted build and the next one, last night and tonight):
 * regressions first (pass to fail, new failures, a failure that became a new kind of failure), then fixes, new
 * and gone warnings, other status changes, changed choices on the ambiguous points, and contract drift that
 * appeared or went away. Pure: two RunResult objects in, a RunComparison out, no I/O.
 */
import type { CheckResult, DriftItem, RunResult, Severity } from './evidence.ts';
import { verdictLabel } from './aggregate.ts';

/** A check's state in one run: its status, "known" for a failure the baseline accepts, "absent" when the run has no such check. */
export type CheckState = 'pass' | 'fail' | 'known' | 'warn' | 'skip' | 'absent';

export interface CheckChange {
  id: string;
  title: string;
  severity: Severity;
  from: CheckState;
  to: CheckState;
  /** Why it is listed, in words: "passed, now fails", "fails in a new way". */
  change: string;
  /** The NEW run's message (the OLD one's when the check is gone). */
  message: string;
  /** Failure kinds NEW has and OLD had not (for "fails in a new way"). */
  newKinds?: string[];
}

export interface ChoiceChange {
  key: string;
  from?: { value: string; summary: string };
  to?: { value: string; summary: string };
}

export interface RunSide {
  label: string;
  verdict: ReturnType<typeof verdictLabel>;
  version: string;
  openapiSha256: string;
  startedAt: string;
  endpoint: string;
  name?: string;
}

export interface RunComparison {
  old: RunSide;
  new: RunSide;
  regressions: CheckChange[];
  fixes: CheckChange[];
  newWarnings: CheckChange[];
  goneWarnings: CheckChange[];
  /** Evaluated ↔ not evaluated, baseline acceptance changes: neither better nor worse for the target. */
  otherChanges: CheckChange[];
  choices: ChoiceChange[];
  driftAppeared: DriftItem[];
  driftGone: DriftItem[];
  /** Facts that qualify the comparison: different targets, a changed openapi.yaml, a run without a verdict. */
  notes: string[];
}

function stateOf(c: CheckResult | undefined): CheckState {
  if (!c) return 'absent';
  return c.status === 'fail' && c.knownFailure ? 'known' : c.status;
}

/**
 * The kind of a violation, without the values that change from run to run (numbers, quoted values, exchange ids):
 * "meta.to is 26, expected 25" and "meta.to is 51, expected 50" are one kind.
 */
export function failureKind(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/\bx\d+\b/g, 'x#')
    .replace(/\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

function kindsOf(c: CheckResult | undefined): Set<string> {
  if (!c) return new Set();
  const messages = c.violations.length ? c.violations.map((v) => v.message) : [c.message];
  return new Set(messages.map(failureKind));
}

const failing = (s: CheckState) => s === 'fail' || s === 'known';

function classify(o: CheckResult | undefined, n: CheckResult | undefined): { bucket: keyof Pick<RunComparison, 'regressions' | 'fixes' | 'newWarnings' | 'goneWarnings' | 'otherChanges'>; change: string; newKinds?: string[] } | undefined {
  const from = stateOf(o);
  const to = stateOf(n);
  if (failing(to)) {
    const accepted = to === 'known' ? ' (accepted by the baseline)' : '';
    if (!failing(from)) {
      const was = { pass: 'passed', warn: 'was a warning', skip: 'was not evaluated', absent: 'was not in the old run' }[from as 'pass' | 'warn' | 'skip' | 'absent'];
      return { bucket: 'regressions', change: `${was}, now fails${accepted}` };
    }
    const oldKinds = kindsOf(o);
    const newKinds = [...kindsOf(n)].filter((k) => !oldKinds.has(k));
    if (newKinds.length) return { bucket: 'regressions', change: `failed before, now fails in a new way${accepted}`, newKinds };
    if (from === 'known' && to === 'fail') return { bucket: 'regressions', change: 'the same failure, no longer accepted by the baseline' };
    if (from === 'fail' && to === 'known') return { bucket: 'otherChanges', change: 'the same failure, now accepted by the baseline' };
    return undefined;
  }
  if (failing(from)) {
    if (to === 'pass') return { bucket: 'fixes', change: 'failed, now passes' };
    if (to === 'warn') return { bucket: 'fixes', change: 'failed, now only a warning' };
    return { bucket: 'otherChanges', change: to === 'skip' ? 'failed, now not evaluated' : 'failed, not in the new run' };
  }
  if (to === 'warn' && from !== 'warn') return { bucket: 'newWarnings', change: from === 'pass' ? 'passed, now a warning' : 'new warning' };
  if (from === 'warn' && to !== 'warn') return { bucket: 'goneWarnings', change: to === 'pass' ? 'warning gone: now passes' : to === 'skip' ? 'warning gone: not evaluated' : 'warning gone: not in the new run' };
  if (from === to) return undefined;
  if (to === 'skip') return { bucket: 'otherChanges', change: 'passed, now not evaluated' };
  if (from === 'skip' && to === 'pass') return { bucket: 'otherChanges', change: 'now evaluated, passes' };
  if (from === 'absent') return { bucket: 'otherChanges', change: 'new in this suite version, passes' };
  return { bucket: 'otherChanges', change: 'no longer in the suite' };
}

function sideOf(r: RunResult, label: string): RunSide {
  return {
    label,
    verdict: verdictLabel(r),
    version: r.suite.version,
    openapiSha256: r.suite.openapiSha256,
    startedAt: r.startedAt,
    endpoint: r.target.endpoint,
    ...(r.target.name ? { name: r.target.name } : {}),
  };
}

const driftKey = (i: DriftItem) => `${i.kind} ${i.where} ${i.name}`;

export function compareRuns(oldRun: RunResult, newRun: RunResult, labels: { old?: string; new?: string } = {}): RunComparison {
  const out: RunComparison = {
    old: sideOf(oldRun, labels.old ?? 'OLD'),
    new: sideOf(newRun, labels.new ?? 'NEW'),
    regressions: [],
    fixes: [],
    newWarnings: [],
    goneWarnings: [],
    otherChanges: [],
    choices: [],
    driftAppeared: [],
    driftGone: [],
    notes: [],
  };
  const oldChecks = new Map(oldRun.checks.map((c) => [c.id, c]));
  const newChecks = new Map(newRun.checks.map((c) => [c.id, c]));
  // NEW's catalogue order, then checks only OLD had.
  const ids = [...newChecks.keys(), ...[...oldChecks.keys()].filter((id) => !newChecks.has(id))];
  for (const id of ids) {
    const o = oldChecks.get(id);
    const n = newChecks.get(id);
    const verdictOf = classify(o, n);
    if (!verdictOf) continue;
    const c = (n ?? o)!;
    out[verdictOf.bucket].push({
      id,
      title: c.title,
      severity: c.severity,
      from: stateOf(o),
      to: stateOf(n),
      change: verdictOf.change,
      message: c.message,
      ...(verdictOf.newKinds ? { newKinds: verdictOf.newKinds } : {}),
    });
  }
  // MUST regressions before SHOULD ones (a SHOULD only fails under --strict).
  out.regressions.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'must' ? -1 : 1));

  for (const key of [...new Set([...Object.keys(oldRun.observed), ...Object.keys(newRun.observed)])].sort()) {
    const o = oldRun.observed[key];
    const n = newRun.observed[key];
    if (o?.value === n?.value) continue;
    out.choices.push({ key, ...(o ? { from: { value: o.value, summary: o.summary } } : {}), ...(n ? { to: { value: n.value, summary: n.summary } } : {}) });
  }

  if (oldRun.drift && newRun.drift) {
    const oldDrift = new Set(oldRun.drift.items.map(driftKey));
    const newDrift = new Set(newRun.drift.items.map(driftKey));
    out.driftAppeared = newRun.drift.items.filter((i) => !oldDrift.has(driftKey(i)));
    out.driftGone = oldRun.drift.items.filter((i) => !newDrift.has(driftKey(i)));
  } else if (oldRun.drift || newRun.drift) {
    out.notes.push(`only ${oldRun.drift ? 'OLD' : 'NEW'} recorded contract drift (the other is from a suite without the drift pass, or was interrupted): drift is not compared`);
  }

  if (oldRun.target.endpoint !== newRun.target.endpoint)
    out.notes.push(`the runs tested different endpoints (${oldRun.target.endpoint} and ${newRun.target.endpoint})`);
  if (oldRun.suite.openapiSha256 !== newRun.suite.openapiSha256)
    out.notes.push('openapi.yaml differs between the two suite builds: some changes may come from the contract, not the target');
  for (const [side, r] of [['OLD', oldRun], ['NEW', newRun]] as const) {
    const label = verdictLabel(r);
    if (label === 'HARNESS ERROR' || label === 'INCOMPLETE' || r.interrupted)
      out.notes.push(`${side} has no full verdict (${r.interrupted ? 'interrupted' : label.toLowerCase()}): requirements it did not evaluate show as not evaluated`);
  }
  return out;
}

export function hasRegression(c: RunComparison): boolean {
  return c.regressions.length > 0;
}

/**
 * Whether results.json files written by these two suite versions can be compared: the same major version (the
 * same minor while the major is 0, as semver allows breaking changes there). Returns the reason when not.
 */
export function incompatibleVersions(a: string, b: string): string | undefined {
  const series = (v: string) => {
    const m = /^(\d+)\.(\d+)\./.exec(v);
    if (!m) return undefined;
    return m[1] === '0' ? `0.${m[2]}` : m[1];
  };
  const sa = series(a);
  const sb = series(b);
  if (sa === undefined || sb === undefined) return `unrecognised suite version "${sa === undefined ? a : b}"`;
  if (sa !== sb) return `suite ${a} and ${b} are different release series (${sa}.x and ${sb}.x), whose requirement ids and checks may differ`;
  return undefined;
}
