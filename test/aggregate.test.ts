import { describe, expect, it } from 'vitest';
import { exclusionReason } from '../src/selection.ts';
import { buildRunResult, exitCodeOf, MAX_VIOLATIONS_PER_REQUIREMENT, type TestOutcome } from '../src/aggregate.ts';
import type { Finding, TestEvidence } from '../src/evidence.ts';
import { REQUIREMENTS } from '../src/requirements.ts';
import { context, exchange, ok, outcome, syntheticRun } from './report-fixtures.ts';

const violation = (requirementId: string, message = `${requirementId} broken`, exchangeIds: string[] = []): Finding => ({
  requirementId,
  ok: false,
  message,
  expected: 1,
  actual: 2,
  exchangeIds,
});

function run(evidence: TestEvidence[], over: Parameters<typeof context>[0] = {}, extra: TestOutcome[] = []) {
  return buildRunResult([...evidence.map((e) => outcome(e)), ...extra], [], context(over));
}
/** The given evidence plus a passing test for every other requirement: a run that evaluated everything. */
function complete(evidence: TestEvidence[]): TestEvidence[] {
  const named = new Set(evidence.map((e) => e.requirementId));
  return [...evidence, ...REQUIREMENTS.filter((r) => !named.has(r.id)).map((r) => ({ requirementId: r.id, findings: ok(r.id) }))];
}
const row = (r: ReturnType<typeof run>, id: string) => r.checks.find((c) => c.id === id)!;

describe('buildRunResult', () => {
  it('has one row per catalogue requirement, in catalogue order', () => {
    const r = run([]);
    expect(r.checks.map((c) => c.id)).toEqual(REQUIREMENTS.map((q) => q.id));
    expect(r.checks.every((c) => c.status === 'skip' && c.message === 'not evaluated')).toBe(true);
  });

  it('a run in which no test ran is a harness error, never a conformant verdict', () => {
    const r = run([]);
    expect(r.harnessErrors).toEqual(['no suite test ran (0 tests collected): the suites were not found or not loaded']);
    expect(exitCodeOf(r)).toBe(2);
    expect(run([], { interrupted: true }).harnessErrors).toBeUndefined();
  });

  it('merges evidence of the same id: one violation among passing tests fails a MUST', () => {
    const r = run([
      { requirementId: 'CLIENT-EVERY-VALUE', findings: ok('CLIENT-EVERY-VALUE', 3) },
      { requirementId: 'CLIENT-EVERY-VALUE', findings: [violation('CLIENT-EVERY-VALUE', 'X-Client ios-cctv got 500')] },
      { requirementId: 'CLIENT-EVERY-VALUE', findings: ok('CLIENT-EVERY-VALUE', 2) },
    ]);
    const c = row(r, 'CLIENT-EVERY-VALUE');
    expect(c.status).toBe('fail');
    expect(c.message).toBe('X-Client ios-cctv got 500');
    expect(c.evaluated).toBe(6);
    expect(c.violations).toHaveLength(1);
    expect(c.expected).toBe(1);
    expect(c.actual).toBe(2);
    expect(r.verdict).toBe('non-conformant');
    expect(exitCodeOf(r)).toBe(1);
  });

  it('passes with "N assertions held" when every finding is ok', () => {
    const r = run(complete([{ requirementId: 'PAG-LAST-PAGE', findings: ok('PAG-LAST-PAGE', 4) }]));
    expect(row(r, 'PAG-LAST-PAGE')).toMatchObject({ status: 'pass', message: '4 assertions held', evaluated: 4, violations: [] });
    expect(r.verdict).toBe('conformant');
    expect(exitCodeOf(r)).toBe(0);
  });

  it('routes a finding to the requirement it names, not the test it came from', () => {
    const r = run([{ requirementId: 'PAG-LAST-PAGE', findings: [...ok('PAG-LAST-PAGE'), violation('HTTP-NO-SERVER-ERROR', '500 on page 3')] }]);
    expect(row(r, 'PAG-LAST-PAGE').status).toBe('pass');
    expect(row(r, 'HTTP-NO-SERVER-ERROR')).toMatchObject({ status: 'fail', message: '500 on page 3' });
  });

  it('turns a SHOULD violation into a warning that does not fail the verdict', () => {
    const r = run(complete([{ requirementId: 'LINKS-KEEP-PER-PAGE', findings: [violation('LINKS-KEEP-PER-PAGE')] }]));
    expect(row(r, 'LINKS-KEEP-PER-PAGE').status).toBe('warn');
    expect(r.verdict).toBe('conformant');
    expect(exitCodeOf(r)).toBe(0);
  });

  it('fails a SHOULD violation under strict', () => {
    const r = run([{ requirementId: 'LINKS-KEEP-PER-PAGE', findings: [violation('LINKS-KEEP-PER-PAGE')] }], { strict: true });
    expect(row(r, 'LINKS-KEEP-PER-PAGE').status).toBe('fail');
    expect(r.verdict).toBe('non-conformant');
  });

  it('gives skip reasons: the evidence reason, --skip, --only, not evaluated', () => {
    const r = run(
      [
        { requirementId: 'WALK-EACH-RECORD-ONCE', findings: [], skipped: 'collection too large for --max-requests' },
        { requirementId: 'AUTH-MISSING-TOKEN', findings: [violation('AUTH-MISSING-TOKEN')] },
      ],
      { skip: ['AUTH-MISSING-TOKEN'], only: ['AUTH-*', 'WALK-EACH-RECORD-ONCE'] },
    );
    expect(row(r, 'WALK-EACH-RECORD-ONCE')).toMatchObject({ status: 'skip', message: 'collection too large for --max-requests' });
    // An excluded requirement is not judged even when a test reported on it.
    expect(row(r, 'AUTH-MISSING-TOKEN')).toMatchObject({ status: 'skip', message: 'excluded by --skip', violations: [] });
    expect(row(r, 'PAG-LAST-PAGE')).toMatchObject({ status: 'skip', message: 'excluded by --only' });
    expect(row(r, 'AUTH-WRONG-TOKEN')).toMatchObject({ status: 'skip', message: 'not evaluated', cutShort: true });
    // A requirement skipped by the user or for a reason of the target's is not "cut short".
    expect(row(r, 'PAG-LAST-PAGE').cutShort).toBeUndefined();
    expect(row(r, 'WALK-EACH-RECORD-ONCE').cutShort).toBeUndefined();
    // AUTH-* requirements were selected but never evaluated: no verdict.
    expect(r.verdict).toBe('incomplete');
    expect(exitCodeOf(r)).toBe(2);
  });

  it('a MUST requirement the budget or deadline cut short makes the run incomplete (exit 2); a MUST failure still wins', () => {
    const cut: TestEvidence = { requirementId: 'AUTH-WRONG-TOKEN', findings: [], skipped: 'not evaluated: budget', cutShort: true };
    const r = run(complete([cut]));
    expect(row(r, 'AUTH-WRONG-TOKEN')).toMatchObject({ status: 'skip', cutShort: true });
    expect(r.verdict).toBe('incomplete');
    expect(exitCodeOf(r)).toBe(2);
    const failing = run(complete([cut, { requirementId: 'PAG-LAST-PAGE', findings: [violation('PAG-LAST-PAGE')] }]));
    expect(failing.verdict).toBe('non-conformant');
    expect(exitCodeOf(failing)).toBe(1);
    // A SHOULD requirement cut short does not make the run incomplete.
    const should = run(complete([{ requirementId: 'META-LINKS-WINDOW', findings: [], skipped: 'budget', cutShort: true }]));
    expect(should.verdict).toBe('conformant');
  });

  it('uses the note of a test skipped without evidence', () => {
    const r = run([], {}, [{ name: 'REC-IS-EXPIRED is_expired', file: 'f', state: 'skipped', note: 'no record far enough from now' }]);
    expect(row(r, 'REC-IS-EXPIRED')).toMatchObject({ status: 'skip', message: 'no record far enough from now' });
  });

  it('a violation wins over a skip of the same requirement', () => {
    const r = run([
      { requirementId: 'PAG-PAST-END', findings: [], skipped: 'budget' },
      { requirementId: 'PAG-PAST-END', findings: [violation('PAG-PAST-END')] },
    ]);
    expect(row(r, 'PAG-PAST-END').status).toBe('fail');
  });

  it('caps violations at 50 but counts all findings', () => {
    const findings = Array.from({ length: 80 }, (_, i) => violation('VAL-FUZZ', `case ${i}`));
    const r = run([{ requirementId: 'VAL-FUZZ', findings }]);
    expect(row(r, 'VAL-FUZZ').violations).toHaveLength(MAX_VIOLATIONS_PER_REQUIREMENT);
    expect(row(r, 'VAL-FUZZ').evaluated).toBe(80);
    expect(row(r, 'VAL-FUZZ').message).toBe('case 0');
  });

  it('accepts a baseline known failure without failing the verdict', () => {
    const r = run(complete([{ requirementId: 'LINKS-URL-PATH', findings: [violation('LINKS-URL-PATH')] }]), {
      baseline: { 'LINKS-URL-PATH': 'proxy strips the prefix, ticket OPS-12' },
    });
    expect(row(r, 'LINKS-URL-PATH')).toMatchObject({ status: 'fail', knownFailure: { reason: 'proxy strips the prefix, ticket OPS-12' } });
    expect(r.verdict).toBe('conformant');
    expect(r.staleBaseline).toBeUndefined();
    expect(exitCodeOf(r)).toBe(0);
  });

  it('a baseline entry whose requirement now passes is stale and fails the run', () => {
    const r = run([{ requirementId: 'LINKS-URL-PATH', findings: ok('LINKS-URL-PATH') }], {
      baseline: { 'LINKS-URL-PATH': 'old bug', 'WALK-STABLE-ORDER': 'not evaluated this time: not stale' },
    });
    expect(r.staleBaseline).toEqual(['LINKS-URL-PATH']);
    expect(row(r, 'LINKS-URL-PATH').status).toBe('pass');
    expect(r.verdict).toBe('non-conformant');
    expect(exitCodeOf(r)).toBe(1);
  });

  it('a test failing without evidence is a harness error (exit 2), not a verdict', () => {
    const harness: TestOutcome = { name: 'PAG-FROM-TO from/to', file: 'suites/pagination.suite.ts', state: 'failed', errors: ["TypeError: Cannot read properties of undefined (reading 'meta')"] };
    const r = run([{ requirementId: 'PAG-LAST-PAGE', findings: ok('PAG-LAST-PAGE') }], {}, [harness]);
    expect(r.harnessErrors).toHaveLength(1);
    expect(r.harnessErrors![0]).toContain('PAG-FROM-TO from/to');
    expect(r.harnessErrors![0]).toContain('Cannot read properties of undefined');
    expect(exitCodeOf(r)).toBe(2);
  });

  it('a test that failed although its evidence has no violation is a harness error', () => {
    const r = run([], {}, [{ ...outcome({ requirementId: 'PAG-FROM-TO', findings: ok('PAG-FROM-TO') }), state: 'failed', errors: ['boom'] }]);
    expect(r.harnessErrors?.[0]).toContain('failed without recording a violation: boom');
    expect(exitCodeOf(r)).toBe(2);
  });

  it('evidence for an unknown requirement id is a harness error', () => {
    const r = run([{ requirementId: 'NOPE-1', findings: ok('NOPE-1') }]);
    expect(r.harnessErrors?.[0]).toContain('unknown requirement id NOPE-1');
    expect(exitCodeOf(r)).toBe(2);
  });

  it('merges observations, keeping the first value and noting a different one', () => {
    const obs = (value: string, ids: string[]) => ({ key: 'perPageOmitted', value, summary: `per_page omitted: ${value}`, exchangeIds: ids });
    const r = run([
      { requirementId: 'VAL-AMBIGUOUS-INPUT', findings: ok('VAL-AMBIGUOUS-INPUT'), observations: [obs('default-25', ['x1'])] },
      { requirementId: 'VAL-AMBIGUOUS-INPUT', findings: ok('VAL-AMBIGUOUS-INPUT'), observations: [obs('default-25', ['x9']), obs('required-422', ['x2'])] },
    ]);
    expect(r.observed.perPageOmitted.value).toBe('default-25');
    expect(r.observed.perPageOmitted.summary).toBe('per_page omitted: default-25 (also observed: required-422)');
    expect(r.observed.perPageOmitted.exchangeIds).toEqual(['x1', 'x2']);
  });

  it('keeps only referenced exchanges, and counts stats from the full log', () => {
    const { result } = syntheticRun();
    expect(Object.keys(result.exchanges).sort()).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x8']);
    // x6 was refused by the budget: not a request. x5 timed out after 2 retries (3 attempts).
    expect(result.stats).toEqual({
      requests: 9,
      maxRequests: 2000,
      retries: 2,
      rateLimited: 1,
      byStatus: { '200': 5, '429': 1 },
      transportErrors: 1,
    });
  });

  it('counts every attempt as a request and every 429 waited out as rate-limited', () => {
    const x = { ...exchange('a'), rateLimitRetries: 2, retries: 1 };
    const r = buildRunResult([outcome({ requirementId: 'PAG-LAST-PAGE', findings: ok('PAG-LAST-PAGE') })], [x, exchange('b', { status: 429 })], context());
    expect(r.stats).toMatchObject({ requests: 5, retries: 1, rateLimited: 3, byStatus: { '200': 1, '429': 1 } });
  });

  it('an interruption: a request cut off in flight counts, one stopped before it went out counts only its retries sent', () => {
    const { response: _r1, ...inFlight } = { ...exchange('a'), error: { kind: 'interrupted' as const, message: 'stopped', inFlight: true } };
    const { response: _r2, ...notSent } = { ...exchange('b'), retries: 1, error: { kind: 'interrupted' as const, message: 'not sent' } };
    const r = buildRunResult([outcome({ requirementId: 'PAG-LAST-PAGE', findings: ok('PAG-LAST-PAGE') })], [inFlight, notSent], context());
    expect(r.stats).toMatchObject({ requests: 2, retries: 1, transportErrors: 0, byStatus: {} });
  });

  it('passes the run context through', () => {
    const r = run([], { interrupted: true, durationMs: 12.7 });
    expect(r.interrupted).toBe(true);
    expect(r.durationMs).toBe(13);
    expect(r.coverage.total).toBe(137);
    expect(r.suite.openapiSha256).toHaveLength(64);
  });

  it('takes the exchanges findings refer to from the log, the one channel they arrive by', () => {
    const failing = { ...violation('PAG-LAST-PAGE'), exchangeIds: ['b'] };
    const r = buildRunResult([outcome({ requirementId: 'PAG-LAST-PAGE', findings: [failing] })], [exchange('a'), exchange('b', { status: 401 })], context());
    expect(Object.keys(r.exchanges)).toEqual(['b']);
    expect(r.stats.requests).toBe(2);
  });
});

describe('exclusionReason', () => {
  it('matches ids and wildcards', () => {
    expect(exclusionReason('AUTH-MISSING-TOKEN', [], [])).toBeUndefined();
    expect(exclusionReason('AUTH-MISSING-TOKEN', ['AUTH-*'], [])).toBeUndefined();
    expect(exclusionReason('AUTH-MISSING-TOKEN', ['PAG-*'], [])).toBe('excluded by --only');
    expect(exclusionReason('AUTH-MISSING-TOKEN', [], ['AUTH-MISSING-TOKEN'])).toBe('excluded by --skip');
    expect(exclusionReason('AUTH-MISSING-TOKENX', [], ['AUTH-MISSING-TOKEN'])).toBeUndefined();
  });
});
