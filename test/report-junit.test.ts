import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit, xmlEscape } from '../reporters/junit.ts';
import { syntheticRun } from './report-fixtures.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
const num = (v: unknown) => Number(v);

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).testsuites;
}

describe('renderJunit', () => {
  it('has counts equal to results.json', () => {
    const { result } = syntheticRun();
    const root = parse(renderJunit(result));
    const failing = result.checks.filter((c) => c.status === 'fail' && !c.knownFailure).length;
    const skipped = result.checks.filter((c) => c.status === 'skip').length;
    expect(failing).toBe(4);
    expect(num(root.tests)).toBe(result.checks.length);
    expect(num(root.failures)).toBe(failing);
    // <testsuites> has no skipped attribute in the Jenkins XSD: the suites' skipped add up instead.
    expect(root.skipped).toBeUndefined();
    expect(root.testsuite.reduce((n: number, s: any) => n + num(s.skipped), 0)).toBe(skipped);
    expect(root.name).toBe('vms-conformance: NON-CONFORMANT, 4 requirements failed');
    expect(num(root.errors)).toBe(0);
    const cases = root.testsuite.flatMap((s: any) => s.testcase);
    expect(cases).toHaveLength(result.checks.length);
    // Per-suite attributes add up, and each suite's attributes match its cases.
    for (const s of root.testsuite) {
      expect(num(s.tests)).toBe(s.testcase.length);
      expect(num(s.failures)).toBe(s.testcase.filter((c: any) => c.failure).length);
      expect(num(s.skipped)).toBe(s.testcase.filter((c: any) => c.skipped !== undefined).length);
    }
    expect(root.testsuite.map((s: any) => s.name)).toContain('pagination');
  });

  it('names cases and renders a MUST failure with message, expected/actual and request lines', () => {
    const { result } = syntheticRun();
    const root = parse(renderJunit(result));
    const cases = root.testsuite.flatMap((s: any) => s.testcase);
    const lastPage = cases.find((c: any) => c.name.startsWith('PAG-LAST-PAGE '));
    expect(lastPage.classname).toBe('vms-conformance.pagination');
    expect(lastPage.name).toBe('PAG-LAST-PAGE meta.last_page = max(ceil(total / per_page), 1)');
    expect(lastPage.failure.type).toBe('MUST');
    expect(lastPage.failure.message).toContain('meta.last_page = 4');
    expect(lastPage.failure['#text']).toContain('Expected: 6');
    expect(lastPage.failure['#text']).toContain('Actual:   4');
    expect(lastPage.failure['#text']).toContain('x2: GET https://vms.example.test/vms/api/v1/intercom/codes?page=1 -> 200');
  });

  it('renders a SHOULD warning as a passing case with system-out, and as a failure under strict', () => {
    const find = (xml: string) => parse(xml).testsuite.flatMap((s: any) => s.testcase).find((c: any) => c.name.startsWith('LINKS-ORIGIN '));
    const warn = find(renderJunit(syntheticRun().result));
    expect(warn.failure).toBeUndefined();
    expect(warn['system-out']).toContain('WARNING (SHOULD)');
    const strict = find(renderJunit(syntheticRun({ strict: true }).result));
    expect(strict.failure.type).toBe('SHOULD');
  });

  it('renders skips, known failures, stale baseline entries and harness errors', () => {
    const { result } = syntheticRun({ baseline: { 'PAG-LAST-PAGE': 'ticket 42', 'PAG-PER-PAGE': 'fixed since' } });
    result.harnessErrors = ['suites/a.suite.ts: SyntaxError: Unexpected token'];
    const root = parse(renderJunit(result));
    const cases = root.testsuite.flatMap((s: any) => s.testcase);
    const skipCase = cases.find((c: any) => c.name.startsWith('AUTH-EMPTY-BEARER '));
    expect(skipCase.skipped.message).toContain('empty bearer');
    const known = cases.find((c: any) => c.name.startsWith('PAG-LAST-PAGE '));
    expect(known.skipped.message).toBe('known failure (baseline): ticket 42');
    const stale = cases.find((c: any) => c.name === 'PAG-PER-PAGE baseline entry');
    expect(stale.failure.message).toBe('baseline entry PAG-PER-PAGE is stale: the requirement now passes; remove it');
    const harness = cases.find((c: any) => c.classname === 'vms-conformance.harness');
    expect(harness.error.message).toContain('SyntaxError');
    expect(num(root.errors)).toBe(1);
    // 3 remaining MUST failures + 1 stale entry
    expect(num(root.failures)).toBe(4);
    expect(num(root.tests)).toBe(result.checks.length + 2);
  });

  it('escapes markup and strips characters illegal in XML 1.0', () => {
    const { result } = syntheticRun();
    const c = result.checks.find((x) => x.id === 'PAG-LAST-PAGE')!;
    c.message = 'bad <tag attr="x"> & \u0000\u0001\u001b[31m ]]> \uD800 end';
    const xml = renderJunit(result);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const root = parse(xml);
    const lastPage = root.testsuite.flatMap((s: any) => s.testcase).find((x: any) => x.name.startsWith('PAG-LAST-PAGE '));
    expect(lastPage.failure.message).toContain('bad <tag attr="x"> &');
    expect(xmlEscape('a\u0007b')).toBe('a\uFFFDb');
  });
});
