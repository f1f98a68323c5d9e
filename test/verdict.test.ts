/**
 * One honest headline everywhere: the verdict module's headline in every state (conformant, known failures from a
 * baseline, stale baseline, incomplete, interrupted, harness error), and the same words in the banner, the
 * console report, summary.md, junit.xml and index.html.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/evidence.ts';
import { exitCodeOf, headlineOf } from '../src/verdict.ts';
import { renderHtml } from '../reporters/html.ts';
import { renderSummary } from '../reporters/summary.ts';
import { renderJunit } from '../reporters/junit.ts';
import { renderConsoleReport } from '../reporters/console.ts';
import { renderIndex } from '../reporters/index-page.ts';
import { syntheticRun } from './report-fixtures.ts';

const FAILING = ['HTTP-ANSWERED', 'SCHEMA-200', 'PAG-LAST-PAGE', 'AUTH-WRONG-SCHEME'];
const baselineOf = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, `ticket ${id}`]));

function states(): Record<string, RunResult> {
  const incomplete = syntheticRun().result;
  incomplete.verdict = 'incomplete';
  incomplete.checks = incomplete.checks.map((c) => (c.status === 'fail' ? { ...c, status: 'skip' as const, cutShort: true, violations: [] } : c));
  const harness = syntheticRun().result;
  harness.harnessErrors = ['suites/x.suite.ts: TypeError: boom'];
  return {
    nonConformant: syntheticRun().result,
    known: syntheticRun({ baseline: baselineOf(FAILING) }).result,
    stale: syntheticRun({ baseline: { ...baselineOf(FAILING), 'PAG-FROM-TO': 'fixed since' } }).result,
    conformant: syntheticRun({ only: ['HTTP-JSON-BODY'] }).result,
    incomplete,
    interrupted: syntheticRun({ interrupted: true, baseline: baselineOf(FAILING) }).result,
    harness,
  };
}

describe('headlineOf', () => {
  const s = states();

  it('says CONFORMANT with the known failures, never "every MUST requirement held" alone', () => {
    const h = headlineOf(s.known);
    expect(h.text).toBe('CONFORMANT, 4 known failures (baseline)');
    expect(h.sentence).toMatch(/apart from the known failures/);
    expect(h.sentence).toContain('4 requirements still fail but are accepted as known by the baseline: HTTP-ANSWERED, SCHEMA-200, PAG-LAST-PAGE, AUTH-WRONG-SCHEME.');
    expect(exitCodeOf(s.known)).toBe(0);
  });

  it('names a stale baseline entry in the label and the sentence', () => {
    const h = headlineOf(s.stale);
    expect(h.label).toBe('NON-CONFORMANT');
    expect(h.text).toBe('NON-CONFORMANT, 1 stale baseline entry, 4 known failures (baseline)');
    expect(h.sentence).toMatch(/^No requirement failed outside the baseline\. baseline entry PAG-FROM-TO is stale: the requirement now passes; remove it\./);
    expect(exitCodeOf(s.stale)).toBe(1);
  });

  it('is true for a non-conformant, conformant, incomplete, interrupted and harness-error run', () => {
    expect(headlineOf(s.nonConformant).text).toBe('NON-CONFORMANT, 4 requirements failed');
    expect(headlineOf(s.nonConformant).sentence).toBe(`4 requirements failed: ${FAILING.join(', ')}.`);
    expect(headlineOf(s.conformant).text).toBe('CONFORMANT');
    expect(headlineOf(s.conformant).sentence).toMatch(/^Every evaluated MUST requirement held \(\d+ passed/);
    expect(headlineOf(s.incomplete).text).toBe('INCOMPLETE, 4 MUST requirements not evaluated');
    expect(headlineOf(s.incomplete).sentence).toMatch(/this is not a verdict/);
    expect(headlineOf(s.interrupted).text).toBe('CONFORMANT, 4 known failures (baseline) (interrupted)');
    expect(headlineOf(s.interrupted).sentence).toMatch(/^The run was interrupted/);
    expect(headlineOf(s.harness).text).toBe('HARNESS ERROR');
    expect(headlineOf(s.harness).sentence).toMatch(/not a verdict on the target/);
    expect(headlineOf(s.harness).tone).toBe('harness');
  });

  it('every reporter leads with the same headline', () => {
    for (const [name, r] of Object.entries(states())) {
      const h = headlineOf(r);
      const html = renderHtml(r);
      const banner = /<p class="verdict"><span id="verdict">([^<]*)<\/span>(?:<span class="qualifier">([^<]*)<\/span>)?/.exec(html)!;
      expect(banner[1] + (banner[2] ?? '').replace(/&#44;/g, ','), name).toBe(h.label + h.qualifier);
      expect(html, name).toContain(`<p class="sub" id="verdict-sentence">`);
      expect(renderSummary(r), name).toContain(`vms-conformance: ${h.text}`);
      expect(renderConsoleReport(r), name).toContain(`Verdict: ${h.text}`);
      expect(renderJunit(r), name).toContain(`<testsuites name="vms-conformance: ${h.text}"`);
      const index = renderIndex('/o', [{ name: 't', outcome: { outDir: '/o/t', exitCode: exitCodeOf(r), result: r } }]);
      expect(index, name).toContain(`<td class="verdict">${h.text.replace(/\(/g, '(')}</td>`);
    }
  });

  it('the banner never says every MUST requirement held above a failure', () => {
    const html = renderHtml(states().known);
    expect(html).not.toMatch(/Every evaluated MUST requirement held \(/);
    expect(html).toContain('<span class="qualifier">, 4 known failures (baseline)</span>');
  });
});

describe('index.html', () => {
  it('has the URL, verdict, failing ids, date and suite version of each target', () => {
    const r = syntheticRun().result;
    const html = renderIndex('/o', [
      { name: 'vendor', outcome: { outDir: '/o/vendor', exitCode: 1, result: r } },
      { name: 'down', outcome: { outDir: '/o/down', exitCode: 2, setupError: { reason: 'connection refused' }, baseUrl: 'https://down.example' } },
    ]);
    expect(html).toContain('<code>https://vms.example.test/vms</code>');
    expect(html).toContain('<td class="verdict">NON-CONFORMANT, 4 requirements failed</td>');
    for (const id of FAILING) expect(html).toContain(`<code>${id}</code>`);
    expect(html).toContain('<time datetime="2025-05-01T10:00:00.000Z">2025-05-01 10:00:00Z</time>');
    expect(html).toContain('<td>0.1.0</td>');
    expect(html).toContain('SETUP ERROR: connection refused');
    expect(html).toContain('<code>https://down.example</code>');
  });
});
