/**
 * Across releases and sites, end to end through the real CLI: one config run of five reference targets with
 * --parallel-targets 2 (a conformant reference, a faulty one, two conformant ones with other choices, one with
 * extra fields), then `diff` between pairs of their report folders, `merge` of the folders, and the exit-2 cases.
 */
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer, type ReferenceOptions } from '../reference/server.ts';
import { VARIANTS } from '../reference/variants.ts';
import type { RunResult } from '../src/evidence.ts';
import type { RunComparison } from '../src/compare-runs.ts';
import { looksLikeCrash, readResults, removeTmpDirs, runCli, tmpDir, type CliRun } from './helpers/run-cli.ts';
import { validateResults } from './helpers/artifact-validators.ts';

const TOKEN = 'fleet-token-0123456789abcdef';
const FAULT = 'last-page-floor';
const variant = (name: string): ReferenceOptions => VARIANTS.find((v) => v.name === name)!.options;
/** Site name → reference options; the conformant variants come from reference/variants.ts. */
const SITES: Record<string, ReferenceOptions> = {
  reference: variant('laravel-default'),
  faulty: { faults: [FAULT] },
  'per-page-max': variant('per-page-max-50'),
  'query-string': variant('with-query-string'),
  'extra-fields': variant('laravel-12-page-key-extra-fields'),
};

const servers: ReferenceServer[] = [];
let dir: string;
let fleet: CliRun;
const folder = (site: string) => path.join(dir, 'runs', site);
const results = (site: string): RunResult => readResults(folder(site));

beforeAll(async () => {
  dir = tmpDir('vms-fleet-');
  const lines = ['seed: 7', 'parallel-targets: 2', 'targets:'];
  for (const [name, options] of Object.entries(SITES)) {
    const server = await startReference({ ...options, token: TOKEN });
    servers.push(server);
    lines.push(`  - name: ${name}`, `    base-url: ${server.baseUrl}`, '    token: ${FLEET_TOKEN}');
  }
  writeFileSync(path.join(dir, 'fleet.yaml'), lines.join('\n') + '\n');
  fleet = await runCli(['--config', path.join(dir, 'fleet.yaml'), '--out', path.join(dir, 'runs')], { env: { FLEET_TOKEN: TOKEN }, killAfterMs: 170_000 });
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeTmpDirs();
});

describe('--parallel-targets', () => {
  test('runs every target of the config, worst exit status, one readable block per target', () => {
    expect(fleet.stderr).not.toMatch(/internal error|harness error/i);
    expect(fleet.code).toBe(1);
    for (const site of Object.keys(SITES)) {
      expect(results(site).verdict).toBe(site === 'faulty' ? 'non-conformant' : 'conformant');
      // The block of a target holds its own summary table and nothing of another target's.
      const block = fleet.stdout.split(`\n== ${site} ==\n`)[1]?.split('\n== ')[0] ?? '';
      expect(block, site).toMatch(/Verdict: (CONFORMANT|NON-CONFORMANT)/);
      expect(block.match(/Verdict:/g), site).toHaveLength(1);
    }
    expect(fleet.stdout).toContain('Index of all targets:');
  });
});

describe('contract drift', () => {
  test('a reference with extra fields passes and lists each extra field once, masked, with where it was seen', () => {
    const r = results('extra-fields');
    expect(validateResults(r), JSON.stringify(validateResults.errors)).toBe(true);
    expect(r.verdict).toBe('conformant');
    const fields = r.drift!.items.filter((i) => i.kind === 'field');
    expect(fields.map((i) => i.name).sort()).toEqual(['data[].comment', 'data[].updated_at', 'meta.links[].page']);
    const page = fields.find((i) => i.name === 'meta.links[].page')!;
    expect(page.where).toBe('meta.links item');
    expect(page.type).toBe('integer | null');
    expect(page.example).toMatch(/^9+$/); // a page number, digits masked
    const updated = fields.find((i) => i.name === 'data[].updated_at')!;
    expect(updated.example).toBe('"9999-99-99 99:99:99" (19 chars)');
    expect(updated.seenIn.purpose).toBeTruthy();
    expect(r.exchanges[updated.seenIn.exchangeId] ?? updated.seenIn.exchangeId).toBeTruthy();
    // Infrastructure headers are grouped apart, not reported as contract drift.
    const headers = r.drift!.items.filter((i) => i.kind === 'header');
    expect(headers.map((h) => h.name)).toContain('date');
    expect(headers.every((h) => h.infrastructure)).toBe(true);
  });

  test('the plain reference has no contract drift; report.html and summary.md show the advice section', () => {
    expect(results('reference').drift!.items.filter((i) => !i.infrastructure)).toEqual([]);
    const html = readFileSync(path.join(folder('extra-fields'), 'report.html'), 'utf8');
    expect(html).toContain('Contract drift (advice)');
    expect(html).toContain('meta.links[].page');
    const md = readFileSync(path.join(folder('extra-fields'), 'summary.md'), 'utf8');
    expect(md).toMatch(/### Contract drift \(advice\)[\s\S]*`data\[\]\.comment` \| record/);
    expect(readFileSync(path.join(folder('reference'), 'summary.md'), 'utf8')).toContain('Nothing beyond the contract.');
  });

  test('no artifact and no console line carries the token or a door code', () => {
    const codes = new Set<string>();
    for (const s of servers) for (const c of s.codes.slice(0, s.codes.total)) codes.add(String(c.code));
    for (const site of Object.keys(SITES)) {
      for (const f of ['results.json', 'report.html', 'summary.md']) {
        const text = readFileSync(path.join(folder(site), f), 'utf8');
        expect(text).not.toContain(TOKEN);
        const drift = JSON.stringify(results(site).drift);
        for (const code of codes) if (code.length >= 4) expect(drift).not.toContain(code);
      }
    }
    expect(fleet.stdout + fleet.stderr).not.toContain(TOKEN);
  });
});

describe('vms-conformance diff', () => {
  let regressed: CliRun;
  let choices: CliRun;
  let drift: CliRun;
  let same: CliRun;
  let json: RunComparison;
  beforeAll(async () => {
    const htmlFile = path.join(dir, 'diff.html');
    const jsonFile = path.join(dir, 'diff.json');
    [regressed, choices, drift, same] = await Promise.all([
      runCli(['diff', folder('reference'), folder('faulty'), '--html', htmlFile, '--json', jsonFile]),
      runCli(['diff', folder('reference'), path.join(folder('per-page-max'), 'results.json')]),
      runCli(['diff', folder('reference'), folder('extra-fields')]),
      runCli(['diff', folder('query-string'), folder('query-string')]),
    ]);
    json = JSON.parse(readFileSync(jsonFile, 'utf8')) as RunComparison;
  }, 60_000);

  test('a conformant build followed by a faulty one: exit 1, the regression listed first', () => {
    expect(regressed.stderr).toBe('');
    expect(regressed.code).toBe(1);
    const failing = results('faulty').checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failing.length).toBeGreaterThan(0);
    const afterHeader = regressed.stdout.split('\n').filter((l) => l.trim() !== '').slice(3);
    expect(afterHeader[0]).toMatch(/^REGRESSIONS \(\d+\)$/);
    expect(afterHeader[1]).toMatch(new RegExp(`✗ (${failing.join('|')})  MUST  passed, now fails`));
    expect(regressed.stdout).toMatch(/Result: \d+ regressions? \(exit 1\)/);
    expect(json.regressions.map((c) => c.id).sort()).toEqual(failing.sort());
    expect(readFileSync(path.join(dir, 'diff.html'), 'utf8')).toMatch(/<h2 id="regressions">Regressions/);
  });

  test('two conformant targets with different choices: exit 0 and the changed choices listed', () => {
    expect(choices.code).toBe(0);
    expect(choices.stdout).not.toContain('REGRESSIONS');
    expect(choices.stdout).toMatch(/CHANGED CHOICES \(\d+\)/);
    const old = results('reference').observed;
    const now = results('per-page-max').observed;
    const changed = Object.keys({ ...old, ...now }).filter((k) => old[k]?.value !== now[k]?.value);
    expect(changed.length).toBeGreaterThan(0);
    for (const k of changed) expect(choices.stdout).toContain(`  ${k}: `);
    expect(choices.stdout).toMatch(/Result: no regression \(exit 0\)/);
  });

  test('drift that appeared is listed, without failing', () => {
    expect(drift.code).toBe(0);
    expect(drift.stdout).toMatch(/CONTRACT DRIFT APPEARED \(3\)/);
    expect(drift.stdout).toContain('+ meta.links[].page (meta.links item, integer | null)');
  });

  test('a run against itself: nothing changed', () => {
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Result: no regression (exit 0); nothing changed');
  });

  test('bad input: exit 2 with one line and a hint, never a stack trace', async () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'not-json.json'), '<testsuites/>');
    writeFileSync(path.join(bad, 'other.json'), '{"hello": "world"}');
    const newer = JSON.parse(readFileSync(path.join(folder('reference'), 'results.json'), 'utf8'));
    newer.suite.version = '7.0.0';
    writeFileSync(path.join(bad, 'newer.json'), JSON.stringify(newer));
    const cases: Array<[string[], RegExp]> = [
      [['diff', folder('reference')], /diff needs exactly two runs/],
      [['diff', folder('reference'), path.join(bad, 'missing')], /NEW .* does not exist/],
      [['diff', bad, folder('reference')], /OLD .* holds no results\.json/],
      [['diff', path.join(bad, 'not-json.json'), folder('reference')], /is not JSON/],
      [['diff', folder('reference'), path.join(bad, 'other.json')], /not a vms-conformance results file/],
      [['diff', folder('reference'), path.join(bad, 'newer.json')], /different release series/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i][0].join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(cases[i][1]);
      expect(lines[1]).toMatch(/^hint: /);
      expect(lines).toHaveLength(2);
      expect(looksLikeCrash(r.stderr)).toBe(false);
    });
  }, 60_000);
});

describe('vms-conformance merge', () => {
  test('several report folders: one index.html, one summary.md, the worst exit status', async () => {
    const out = path.join(dir, 'fleet');
    const downloaded = path.join(dir, 'downloaded', 'conformance-broken-site');
    mkdirSync(downloaded, { recursive: true }); // a matrix job that failed before writing results.json
    copyFileSync(path.join(folder('reference'), 'summary.md'), path.join(downloaded, 'summary.md'));
    const ok = await runCli(['merge', folder('reference'), folder('per-page-max'), '--out', path.join(dir, 'fleet-ok')]);
    expect(ok.code).toBe(0);
    const all = await runCli(['index', path.join(dir, 'runs'), path.join(dir, 'downloaded'), '--out', out]);
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/conformance-broken-site holds no results\.json\nhint: /);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    for (const site of Object.keys(SITES)) {
      expect(html).toContain(`<td class="nw">${site}</td>`);
      expect(html).toContain(`href="../runs/${site}/report.html"`);
      expect(md).toMatch(new RegExp(`\\| ${site} \\| `));
    }
    const faulty = results('faulty').checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(md).toMatch(new RegExp(`\\| faulty \\| ❌ NON-CONFORMANT \\| ${faulty.map((id) => `\`${id}\``).join(' ')} \\| 0\\.1\\.0 \\| \\d{4}-`));
    expect(md).toContain('6 sites: 4 conformant, 1 non-conformant, 1 without a verdict');
    expect(md).toContain('conformance-broken-site');
    expect(all.stdout).toMatch(/✗ faulty: NON-CONFORMANT/);
    const only = await runCli(['merge', folder('reference'), folder('faulty'), '--out', path.join(dir, 'fleet-2')]);
    expect(only.code).toBe(1);
  }, 60_000);

  test('no folder given: exit 2 with a hint; --help of both subcommands exits 0', async () => {
    const [r, mergeHelp, diffHelp] = await Promise.all([runCli(['merge']), runCli(['merge', '--help']), runCli(['diff', '--help'])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/merge needs at least one report folder\nhint: /);
    expect([mergeHelp.code, diffHelp.code]).toEqual([0, 0]);
    expect(mergeHelp.stdout).toMatch(/^Usage: vms-conformance merge DIR\.\.\./);
    expect(diffHelp.stdout).toMatch(/^Usage: vms-conformance diff OLD NEW/);
  }, 60_000);
});
