/**
 * The probable cause rests on what violations carry as data (Finding.field, Finding.given, schema error paths),
 * not on how the checks word them: two requirements failing on the same field with the same wrong value on the
 * same requests are linked whatever their messages say, and failures on other values are not. First on violations
 * written by hand, then on real CLI runs against faulty references.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Finding, RunResult } from '../src/evidence.ts';
import { probableCauses } from '../reporters/probable-cause.ts';
import { fieldPointer } from '../reporters/findings.ts';
import { startReference } from '../reference/server.ts';
import { syntheticRun } from './report-fixtures.ts';
import { readResults, removeTmpDirs, runCli } from './helpers/run-cli.ts';

/** A violation whose wording says nothing a pattern could read. */
const v = (requirementId: string, exchangeIds: string[], facts: Partial<Finding>): Finding => ({ requirementId, ok: false, message: `opaque ${requirementId}`, exchangeIds, ...facts });

function runWith(violations: Finding[]): RunResult {
  const r = syntheticRun().result;
  for (const c of r.checks) if (c.status !== 'pass') Object.assign(c, { status: 'pass', violations: [] });
  for (const id of new Set(violations.map((x) => x.requirementId))) {
    const c = r.checks.find((x) => x.id === id)! as CheckResult;
    const mine = violations.filter((x) => x.requirementId === id);
    Object.assign(c, { status: 'fail', violations: mine, message: mine[0].message });
  }
  return r;
}

/** Every violation's message replaced by a word-free one: what is left to link on is data. */
function withoutWording(r: RunResult): RunResult {
  const copy = structuredClone(r);
  let n = 0;
  for (const c of copy.checks) for (const x of c.violations) x.message = `violation ${++n}`;
  return copy;
}

describe('probableCauses on structured violations', () => {
  // x2's body has meta.last_page 4 (total 137, per_page 25: 6 documented).
  const lead = v('PAG-LAST-PAGE', ['x2'], { field: '/meta/last_page', actual: 4, expected: 6 });

  it('links the same field with the same values, a schema error on the wrong value, and what relied on it on the same request', () => {
    const causes = probableCauses(
      runWith([
        lead,
        v('SCHEMA-200', ['x2'], { schemaErrors: [{ path: '/meta/last_page', message: 'must be >= 5 (got 4)', keyword: 'minimum' }] }),
        v('META-LINKS-WINDOW', ['x2'], { field: '/meta/links', actual: [1, 2, 3, 4, 5, 6], expected: [1, 2, 3, 4], given: { '/meta/last_page': 4 } }),
        v('CLIENT-EVERY-VALUE', ['x8'], { field: '/meta/last_page', actual: 4, expected: 6 }),
        // Not consequences: another wrong value of the field; the wrong value relied on elsewhere; another value relied on.
        v('VAL-AMBIGUOUS-INPUT', ['x2'], { field: '/meta/last_page', actual: 3, expected: 6 }),
        v('LINKS-FIRST-LAST', ['x8'], { field: '/links/last', actual: 'page=4', expected: 'page=6', given: { '/meta/last_page': 4 } }),
        v('LINKS-PREV-NEXT', ['x2'], { field: '/links/next', actual: null, expected: 'page=2', given: { '/meta/last_page': 6, '/meta/current_page': 1 } }),
      ]),
    );
    expect(causes).toEqual([
      { field: 'meta.last_page', lead: 'PAG-LAST-PAGE', values: [{ actual: 4, expected: 6, requests: 1 }], consequences: ['SCHEMA-200', 'META-LINKS-WINDOW', 'CLIENT-EVERY-VALUE'], exchangeIds: ['x2'] },
    ]);
  });

  it('folds a fact that follows from another into its root: a wrong per_page makes last_page look wrong', () => {
    const causes = probableCauses(
      runWith([
        v('PAG-PER-PAGE', ['x2'], { field: '/meta/per_page', actual: 25, expected: 1 }),
        { ...lead, given: { '/meta/per_page': 25, '/meta/total': 137 } },
        v('CLIENT-EVERY-VALUE', ['x8'], { field: '/meta/last_page', actual: 4, expected: 6 }),
      ]),
    );
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ field: 'meta.per_page', lead: 'PAG-PER-PAGE', consequences: ['PAG-LAST-PAGE', 'CLIENT-EVERY-VALUE'] });
  });
});

describe('probableCauses on real runs against faulty references', () => {
  const TOKEN = 'cause-test-token-0001';
  const runs: Record<string, RunResult> = {};

  beforeAll(async () => {
    for (const fault of ['last-page-floor', 'from-zero-based', 'to-past-partial-last-page']) {
      const server = await startReference({ token: TOKEN, faults: [fault] });
      try {
        const run = await runCli(['--base-url', server.baseUrl, '--token', TOKEN, '--seed', '515151'], { killAfterMs: 120_000 });
        expect(run.code, run.stderr).toBe(1);
        runs[fault] = readResults(run.out);
      } finally {
        await server.close();
      }
    }
  }, 300_000);

  afterAll(() => removeTmpDirs());

  const check = (r: RunResult, id: string) => r.checks.find((c) => c.id === id)!;
  /** The requirement's violations never name the field in the "Received <field> <value>" wording. */
  const wordedOtherwise = (c: CheckResult, pointer: string) => c.violations.every((x) => fieldPointer(x.message) !== pointer && !x.message.includes(pointer.split('/').pop()!));

  it('floor instead of ceil: meta.last_page leads, and the meta.links window that relied on it follows, worded otherwise', () => {
    const r = runs['last-page-floor'];
    const causes = probableCauses(r);
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ field: 'meta.last_page', lead: 'PAG-LAST-PAGE' });
    expect(causes[0].consequences).toEqual(expect.arrayContaining(['LINKS-FOLLOW-NEXT', 'META-LINKS-STRUCTURE', 'VAL-AMBIGUOUS-INPUT', 'CLIENT-EVERY-VALUE', 'META-LINKS-WINDOW']));
    // The warning every plain-Laravel target gets is not a consequence: it is about another field.
    expect(check(r, 'LINKS-KEEP-PER-PAGE').status).toBe('warn');
    expect(causes[0].consequences).not.toContain('LINKS-KEEP-PER-PAGE');
    // "Received meta.links pages 1–10, …, 19, 20 on page 2 of 19, ...": no last_page in its words, only in its data.
    const window = check(r, 'META-LINKS-WINDOW');
    expect(wordedOtherwise(window, '/meta/last_page')).toBe(true);
    expect(window.violations.some((x) => x.field === '/meta/links' && typeof x.given?.['/meta/last_page'] === 'number')).toBe(true);
    expect(check(r, 'PAG-LAST-PAGE').violations[0]).toMatchObject({ field: '/meta/last_page', given: { '/meta/total': 137 } });
  });

  it('from zero-based: the schema error on meta.from follows from PAG-FROM-TO, by the value in the body', () => {
    const r = runs['from-zero-based'];
    const causes = probableCauses(r);
    expect(causes.map((c) => [c.field, c.lead])).toEqual([['meta.from', 'PAG-FROM-TO']]);
    expect(causes[0].consequences).toContain('SCHEMA-200');
    const schema = check(r, 'SCHEMA-200');
    expect(schema.violations.every((x) => x.message.startsWith('Received a 200 body with') && fieldPointer(x.message) === undefined)).toBe(true);
    expect(schema.violations.some((x) => x.schemaErrors?.some((e) => e.path === '/meta/from'))).toBe(true);
  });

  it('links whatever the wording: the same causes with every message replaced by a word-free one', () => {
    for (const fault of ['last-page-floor', 'from-zero-based']) {
      expect(probableCauses(withoutWording(runs[fault])), fault).toEqual(probableCauses(runs[fault]));
    }
  });

  it('does not link failures on the same field with other wrong values', () => {
    // meta.to one past the partial last page (140 for 137), and 1000 for per_page omitted (the 1000 default): two values.
    const r = runs['to-past-partial-last-page'];
    const actual = (id: string) => new Set(check(r, id).violations.filter((x) => x.field === '/meta/to').map((x) => x.actual));
    expect(check(r, 'PAG-FROM-TO').status).toBe('fail');
    expect(check(r, 'VAL-AMBIGUOUS-INPUT').status).toBe('fail');
    expect([...actual('VAL-AMBIGUOUS-INPUT')].some((a) => actual('PAG-FROM-TO').has(a))).toBe(false);
    expect(probableCauses(r)).toEqual([]);
  });
});
