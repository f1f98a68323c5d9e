/**
 * junit.xml validates against the Jenkins JUnit XSD (test/fixtures/jenkins-junit-10.xsd, vendored from
 * jenkinsci/xunit-plugin) with xmllint, in every state of a run, and carries real per-testcase times.
 * xmllint comes from Debian's libxml2-utils (.ci/run installs it; REQUIRE_XMLLINT=1 forbids skipping).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJunit } from '../reporters/junit.ts';
import { packagePath } from '../src/paths.ts';
import { syntheticRun } from './report-fixtures.ts';

const XSD = packagePath('test', 'fixtures', 'jenkins-junit-10.xsd');
const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!haveXmllint && process.env.REQUIRE_XMLLINT === '1') throw new Error('xmllint not installed: apt-get install -y libxml2-utils');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vms-junit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function validate(xml: string, name: string): { ok: boolean; output: string } {
  const file = path.join(tmp, `${name}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: r.stderr };
}

describe.skipIf(!haveXmllint)('junit.xml against the Jenkins JUnit XSD', () => {
  it('the vendored XSD rejects what the old output had (testsuites@skipped, @timestamp)', () => {
    const bad = '<?xml version="1.0"?><testsuites name="x" tests="0" failures="0" errors="0" skipped="0" timestamp="2025"></testsuites>';
    const r = validate(bad, 'bad');
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/attribute 'skipped': The attribute 'skipped' is not allowed/);
  });

  it('validates in every state: failures, known failures, stale baseline, harness error, strict, interrupted', () => {
    const runs = {
      failing: syntheticRun().result,
      known: syntheticRun({ baseline: { 'PAG-LAST-PAGE': 'ticket <42> & "x"', 'SCHEMA-200': 'b' } }).result,
      stale: syntheticRun({ baseline: { 'PAG-FROM-TO': 'fixed' } }).result,
      strict: syntheticRun({ strict: true }).result,
      interrupted: syntheticRun({ interrupted: true }).result,
      harness: Object.assign(syntheticRun().result, { harnessErrors: ['boom \u0001 <x>'] }),
    };
    for (const [name, result] of Object.entries(runs)) {
      const r = validate(renderJunit(result), name);
      expect(r.ok, `${name}: ${r.output}`).toBe(true);
    }
  });

  it('gives each testcase the time of its requests, and known failures as skipped with the reason in the body', () => {
    const xml = renderJunit(syntheticRun({ baseline: { 'PAG-LAST-PAGE': 'ticket 42' } }).result);
    // PAG-LAST-PAGE rests on x1 (ok findings) and x2 (the violation): 12.5 ms each in the fixture.
    expect(xml).toMatch(/name="PAG-LAST-PAGE [^"]*" time="0\.025">\s*<skipped message="known failure \(baseline\): ticket 42">known failure \(baseline\): ticket 42\n/);
    expect(xml).not.toMatch(/<testcase [^>]*time="0"/);
    const times = [...xml.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(times.filter((t) => t > 0).length).toBeGreaterThan(30);
  });
});
