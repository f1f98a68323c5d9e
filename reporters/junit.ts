/**
 * junit.xml for CI test tabs: one <testsuite> per requirement area, one <testcase> per requirement.
 * MUST failures (and SHOULD failures under --strict) are <failure>; SHOULD warnings pass with <system-out>;
 * skips and baseline-accepted known failures are <skipped>; harness errors and stale baseline entries get
 * suites of their own (<error> and <failure>), so the counts agree with the exit status.
 * Valid against the Jenkins JUnit XSD (test/fixtures/jenkins-junit-10.xsd): <testsuites> carries only name, time,
 * tests, failures and errors; the name carries the run's headline. A testcase's time is the sum of its requests'
 * durations.
 */
import type { CheckResult, RunResult } from '../src/evidence.ts';
import { headlineOf, staleBaselineMessage } from '../src/verdict.ts';
import { groupViolations, schemaGroupText } from './findings.ts';

/** Characters XML 1.0 does not allow, even escaped. */
const ILLEGAL_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(value: unknown): string {
  return String(value)
    .replace(ILLEGAL_XML, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Attribute values also keep their line breaks and tabs (otherwise normalised to spaces by parsers). */
function attr(value: unknown): string {
  return xmlEscape(value).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

interface Case {
  classname: string;
  name: string;
  /** Inner XML (already escaped). */
  inner: string;
  kind: 'pass' | 'failure' | 'skipped' | 'error';
  /** Seconds. */
  time: number;
}

interface Suite {
  name: string;
  cases: Case[];
}

export function renderJunit(result: RunResult): string {
  const suites = suitesOf(result);
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suiteXml = suites.map((s) => {
    const n = countKinds(s.cases);
    totals.tests += s.cases.length;
    totals.failures += n.failure;
    totals.errors += n.error;
    totals.skipped += n.skipped;
    const time = s.cases.reduce((t, c) => t + c.time, 0);
    return `  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${n.failure}" errors="${n.error}" skipped="${n.skipped}" time="${seconds(time)}" timestamp="${attr(result.startedAt)}">
${s.cases.map(renderCase).join('\n')}
  </testsuite>`;
  });
  const time = seconds(result.durationMs / 1000);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${attr(`vms-conformance: ${headlineOf(result).text}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${time}">
${suiteXml.join('\n')}
</testsuites>
`;
}

function countKinds(cases: Case[]): { failure: number; error: number; skipped: number } {
  return {
    failure: cases.filter((c) => c.kind === 'failure').length,
    error: cases.filter((c) => c.kind === 'error').length,
    skipped: cases.filter((c) => c.kind === 'skipped').length,
  };
}

function renderCase(c: Case): string {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${seconds(c.time)}"`;
  return c.inner ? `${open}>\n${c.inner}\n    </testcase>` : `${open}/>`;
}

/** Seconds with millisecond precision, in the XSD's SUREFIRE_TIME form (no exponent, no sign). */
function seconds(s: number): string {
  return (Number.isFinite(s) && s > 0 ? s : 0).toFixed(3);
}

function suitesOf(result: RunResult): Suite[] {
  const byArea = new Map<string, Suite>();
  for (const check of result.checks) {
    let suite = byArea.get(check.area);
    if (!suite) byArea.set(check.area, (suite = { name: check.area, cases: [] }));
    suite.cases.push(caseOf(check, result));
  }
  const suites = [...byArea.values()];
  if (result.staleBaseline?.length) {
    suites.push({
      name: 'baseline',
      cases: result.staleBaseline.map((id) => {
        const message = staleBaselineMessage(id);
        return {
          classname: 'vms-conformance.baseline',
          name: `${id} baseline entry`,
          kind: 'failure' as const,
          time: 0,
          inner: `      <failure message="${attr(message)}" type="StaleBaseline">${xmlEscape(message)}</failure>`,
        };
      }),
    });
  }
  if (result.harnessErrors?.length) {
    suites.push({
      name: 'harness',
      cases: result.harnessErrors.map((e, i) => ({
        classname: 'vms-conformance.harness',
        name: `harness error ${i + 1}`,
        kind: 'error' as const,
        time: 0,
        inner: `      <error message="${attr(firstLine(e))}" type="HarnessError">${xmlEscape(e)}</error>`,
      })),
    });
  }
  return suites;
}

function caseOf(check: CheckResult, result: RunResult): Case {
  const base = { classname: `vms-conformance.${check.area}`, name: `${check.id} ${check.title}`, time: (check.durationMs ?? 0) / 1000 };
  switch (check.status) {
    case 'pass':
      return { ...base, kind: 'pass', inner: '' };
    case 'skip':
      return { ...base, kind: 'skipped', inner: `      <skipped message="${attr(check.message)}">${xmlEscape(check.message)}</skipped>` };
    case 'warn':
      return { ...base, kind: 'pass', inner: `      <system-out>${xmlEscape(`WARNING (SHOULD): ${details(check, result)}`)}</system-out>` };
    case 'fail':
      if (check.knownFailure) {
        const message = `known failure (baseline): ${check.knownFailure.reason}`;
        return { ...base, kind: 'skipped', inner: `      <skipped message="${attr(message)}">${xmlEscape(`${message}\n\n${details(check, result)}`)}</skipped>` };
      }
      return {
        ...base,
        kind: 'failure',
        inner: `      <failure message="${attr(check.message)}" type="${check.severity === 'must' ? 'MUST' : 'SHOULD'}">${xmlEscape(details(check, result))}</failure>`,
      };
  }
}

/** The failure text: message, expected/actual, every finding (grouped by shape) with its requests. */
function details(check: CheckResult, result: RunResult): string {
  const lines = [check.message];
  if (check.expected !== undefined) lines.push(`Expected: ${json(check.expected)}`);
  if (check.actual !== undefined) lines.push(`Actual:   ${json(check.actual)}`);
  groupViolations(check, result.exchanges).forEach((g, i) => {
    lines.push('', `Finding ${i + 1}${g.count > 1 ? ` (${g.count} times)` : ''}: ${g.message}`);
    if (i > 0 && (g.expected !== undefined || g.actual !== undefined)) lines.push(`  Expected: ${json(g.expected)}`, `  Actual:   ${json(g.actual)}`);
    for (const sg of g.schemaGroups) lines.push(`  ${schemaGroupText(sg)}`);
    for (const r of g.requests) {
      const x = result.exchanges[r.exchangeId];
      if (!x) continue;
      const outcome = x.response ? `${x.response.status}` : `no answer (${x.error?.kind ?? 'unknown'})`;
      lines.push(`  ${r.exchangeId}: ${x.request.method} ${x.request.url} -> ${outcome} (${r.words})`);
    }
  });
  return lines.join('\n');
}

function json(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0];
}
