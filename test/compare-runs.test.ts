/**
 * src/compare-runs.ts on synthetic runs: every kind of change lands in its bucket (regressions first, MUST before
 * SHOULD), values that change from run to run do not make a "new kind" of failure, choices and drift are compared,
 * and suite versions of different release series are refused.
 */
import { describe, expect, test } from 'vitest';
import { compareRuns, failureKind, hasRegression, incompatibleVersions } from '../src/compare-runs.ts';
import type { CheckResult, DriftItem, RunResult } from '../src/evidence.ts';
import { syntheticRun } from './report-fixtures.ts';
import { renderDiffText } from '../reporters/diff-text.ts';
import { renderDiffHtml } from '../reporters/diff-html.ts';

const base = (): RunResult => structuredClone(syntheticRun().result);

function setCheck(r: RunResult, id: string, patch: Partial<CheckResult>): void {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  Object.assign(c, patch);
  if (patch.message && c.violations.length) c.violations = [{ requirementId: id, ok: false, message: patch.message }];
}
const fail = (message: string): Partial<CheckResult> => ({ status: 'fail', message, violations: [{ requirementId: 'X', ok: false, message }] });
const drift = (name: string, infrastructure = false): DriftItem => ({ kind: 'field', name, where: 'record', example: 'null', count: 1, seenIn: { exchangeId: 'x1', purpose: 'p' }, ...(infrastructure ? { infrastructure } : {}) });

describe('compareRuns', () => {
  test('the same run: nothing changed, no regression', () => {
    const c = compareRuns(base(), base());
    expect(hasRegression(c)).toBe(false);
    expect([c.regressions, c.fixes, c.newWarnings, c.goneWarnings, c.otherChanges, c.choices, c.driftAppeared, c.driftGone].flat()).toEqual([]);
    expect(renderDiffText(c)).toContain('nothing changed');
  });

  test('each kind of change in its bucket, regressions MUST first', () => {
    const old = base();
    const now = base();
    const passing = now.checks.filter((c) => c.status === 'pass' && c.severity === 'must').map((c) => c.id);
    const should = now.checks.find((c) => c.status === 'pass' && c.severity === 'should')!.id;
    setCheck(now, should, fail('a SHOULD now fails under --strict'));
    setCheck(now, passing[0], fail('meta.to is 26, expected 25'));
    setCheck(now, 'PAG-LAST-PAGE', { status: 'pass', message: 'held', violations: [] }); // fixed
    setCheck(now, 'SCHEMA-200', fail('The 200 body is not JSON')); // a new kind of failure
    setCheck(now, 'AUTH-WRONG-SCHEME', { knownFailure: { reason: 'VENDOR-1' } }); // same failure, now accepted
    setCheck(now, 'LINKS-ORIGIN', { status: 'pass', violations: [] }); // warning gone
    setCheck(now, passing[1], { status: 'warn' }); // new warning (odd for a MUST, but the bucket is what counts)
    setCheck(now, passing[2], { status: 'skip', message: 'not evaluated' });
    const c = compareRuns(old, now);
    expect(c.regressions.map((x) => [x.id, x.change])).toEqual([
      [passing[0], 'passed, now fails'],
      ['SCHEMA-200', 'failed before, now fails in a new way'],
      [should, 'passed, now fails'],
    ]);
    expect(c.regressions[1].newKinds).toEqual(['The # body is not JSON']);
    expect(c.fixes.map((x) => x.id)).toEqual(['PAG-LAST-PAGE']);
    expect(c.goneWarnings.map((x) => x.id)).toEqual(['LINKS-ORIGIN']);
    expect(c.newWarnings.map((x) => x.id)).toEqual([passing[1]]);
    expect(c.otherChanges.map((x) => [x.id, x.change])).toEqual(
      expect.arrayContaining([
        ['AUTH-WRONG-SCHEME', 'the same failure, now accepted by the baseline'],
        [passing[2], 'passed, now not evaluated'],
      ]),
    );
    const text = renderDiffText(c);
    expect(text.indexOf('REGRESSIONS (3)')).toBeLessThan(text.indexOf('FIXES (1)'));
    expect(text).toContain('Result: 3 regressions (exit 1)');
  });

  test('a failure whose values changed is the same kind: no regression', () => {
    const old = base();
    const now = base();
    setCheck(old, 'PAG-LAST-PAGE', fail('meta.last_page = 4 but max(ceil(137 / 25), 1) = 6 "abc" (x12)'));
    setCheck(now, 'PAG-LAST-PAGE', fail('meta.last_page = 5 but max(ceil(140 / 25), 1) = 7 "defg" (x99)'));
    expect(compareRuns(old, now).regressions).toEqual([]);
    expect(failureKind('got 12 at x3 "secret"')).toBe('got # at x# "…"');
  });

  test('choices: changed, appeared, gone; drift appeared and gone', () => {
    const old = base();
    const now = base();
    old.observed = { perPageCap: { value: 'honoured', summary: 'a' }, gone: { value: 'v', summary: 's' } };
    now.observed = { perPageCap: { value: 'capped-50', summary: 'capped' }, 'perPage.maximum': { value: 'refuses-100', summary: 'm' } };
    old.drift = { examined: 3, items: [drift('data[].old'), drift('data[].kept')] };
    now.drift = { examined: 3, items: [drift('data[].kept'), drift('data[].new')] };
    const c = compareRuns(old, now);
    expect(hasRegression(c)).toBe(false);
    expect(c.choices.map((x) => [x.key, x.from?.value, x.to?.value])).toEqual([
      ['gone', 'v', undefined],
      ['perPage.maximum', undefined, 'refuses-100'],
      ['perPageCap', 'honoured', 'capped-50'],
    ]);
    expect(c.driftAppeared.map((i) => i.name)).toEqual(['data[].new']);
    expect(c.driftGone.map((i) => i.name)).toEqual(['data[].old']);
    const text = renderDiffText(c);
    expect(text).toContain('  perPageCap: honoured → capped-50 (capped)');
    expect(text).toContain('  + data[].new (record) e.g. null');
  });

  test('target data is escaped in the HTML and stripped of terminal escapes in the text', () => {
    const old = base();
    const now = base();
    setCheck(now, 'PAG-FROM-TO', fail('<script>alert(1)</script>\u001b[2J'));
    const c = compareRuns(old, now);
    expect(renderDiffHtml(c)).not.toContain('<script>alert');
    expect(renderDiffText(c)).not.toContain('\u001b');
  });

  test('notes: different endpoints, changed openapi.yaml, a run without a verdict', () => {
    const old = base();
    const now = base();
    now.target = { ...now.target, endpoint: 'https://other.test/api/v1/intercom/codes' };
    now.suite = { ...now.suite, openapiSha256: 'f'.repeat(64) };
    now.verdict = 'incomplete';
    const notes = compareRuns(old, now).notes.join('\n');
    expect(notes).toMatch(/different endpoints/);
    expect(notes).toMatch(/openapi\.yaml differs/);
    expect(notes).toMatch(/NEW has no full verdict \(incomplete\)/);
  });
});

test('incompatibleVersions: one release series compares, another does not', () => {
  expect(incompatibleVersions('0.1.0', '0.1.7')).toBeUndefined();
  expect(incompatibleVersions('1.2.0', '1.9.3')).toBeUndefined();
  expect(incompatibleVersions('0.1.0', '0.2.0')).toMatch(/0\.1\.x and 0\.2\.x/);
  expect(incompatibleVersions('1.0.0', '2.0.0')).toMatch(/1\.x and 2\.x/);
  expect(incompatibleVersions('banana', '1.0.0')).toMatch(/unrecognised/);
});
