/**
 * The catalogue as the registry (src/requirements.ts): every requirement names its suite and the checks that
 * enforce it, and this test holds the code to it. A check that no suite calls, a check the catalogue does not
 * name, a requirement no check enforces, or a MUST requirement without a faulty variant to prove it, fails here
 * (the kill matrix then proves each such variant is really killed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS, requirementsOf, type SuiteName } from '../src/requirements.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';
import { VARIANTS } from '../reference/variants.ts';

const CHECKS_DIR = path.join(PACKAGE_ROOT, 'src', 'checks');
const SUITES_DIR = path.join(PACKAGE_ROOT, 'suites');
const IS_CHECK = /^(check|observe)[A-Z]/;

/** Source without comments, so a name in a comment is not a call. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
const code = (file: string): string => withoutComments(readFileSync(file, 'utf8'));

/** name -> module file of every exported check function (check* / observe*) of src/checks. */
async function exportedChecks(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of readdirSync(CHECKS_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(path.join(CHECKS_DIR, f))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === 'function' && IS_CHECK.test(name)) out.set(name, f);
  }
  return out;
}

/**
 * suite name -> its file (suites/NN-<name>.suite.ts), for the suites that judge requirements (requirementTests);
 * an advice-only suite (95-drift: no verdict, no requirement) is not one.
 */
function suiteFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(SUITES_DIR)) {
    const m = /^\d+-([a-z]+)\.suite\.ts$/.exec(f);
    const file = path.join(SUITES_DIR, f);
    if (m && /\brequirementTests\(/.test(code(file))) out.set(m[1]!, file);
  }
  return out;
}

const calls = (source: string, name: string): boolean => new RegExp(`\\b${name}\\(`).test(source);

describe('the requirement catalogue is the registry of suites and checks', () => {
  it('every suite file is a catalogue suite with requirements, and every catalogue suite has its file', () => {
    const files = suiteFiles();
    const named = new Set(REQUIREMENTS.map((r) => r.suite));
    expect([...files.keys()].sort()).toEqual([...named].sort());
    for (const suite of named) expect(requirementsOf(suite as SuiteName).length, suite).toBeGreaterThan(0);
  });

  it('every requirement names at least one check, and each is an exported check of src/checks called by its own suite', async () => {
    const checks = await exportedChecks();
    const files = suiteFiles();
    const problems: string[] = [];
    for (const r of REQUIREMENTS) {
      if (r.checks.length === 0) problems.push(`${r.id} names no check`);
      const source = code(files.get(r.suite) ?? '/dev/null');
      for (const name of r.checks) {
        if (!checks.has(name)) problems.push(`${r.id}: ${name} is not an exported check of src/checks`);
        else if (!calls(source, name)) problems.push(`${r.id}: ${name} is never called by suites/*-${r.suite}.suite.ts`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every exported check of src/checks is named by a requirement and called by a suite', async () => {
    const checks = await exportedChecks();
    const named = new Set(REQUIREMENTS.flatMap((r) => r.checks));
    const suites = [...suiteFiles().values()].map(code).join('\n');
    const unnamed = [...checks.keys()].filter((name) => !named.has(name)).map((n) => `${n} (${checks.get(n)})`);
    const uncalled = [...checks.keys()].filter((name) => !calls(suites, name)).map((n) => `${n} (${checks.get(n)})`);
    expect(unnamed, 'exported checks no requirement names').toEqual([]);
    expect(uncalled, 'exported checks no suite calls').toEqual([]);
  });

  it('every MUST requirement has a faulty variant that must fail it (the kill matrix proves it is killed)', () => {
    const expected = new Set(VARIANTS.filter((v) => v.kind === 'faulty').flatMap((v) => v.expectFailing ?? []));
    const unproven = REQUIREMENTS.filter((r) => r.level === 'must' && !expected.has(r.id)).map((r) => r.id);
    expect(unproven).toEqual([]);
  });

  it('the call detector can fail: a name only in a comment, or only mentioned, is not a call', () => {
    expect(calls(withoutComments('// checkPage(s)\n/* checkLinks(s) */\nconst x = 1;'), 'checkPage')).toBe(false);
    expect(calls(withoutComments('/* checkLinks(s) */'), 'checkLinks')).toBe(false);
    expect(calls('import { checkPage } from "x";', 'checkPage')).toBe(false);
    expect(calls('findings.push(...checkPage(s, e));', 'checkPage')).toBe(true);
  });
});
