/**
 * The vitest reporter: unit-level on duck-typed modules, and end to end in a real (nested) vitest run of a
 * small suite that attaches evidence the way suites/support/requirement-test.ts does.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import ConformanceReporter, { readExchangeLog } from '../reporters/conformance-reporter.ts';
import { renderConsoleReport, wantsColor, wrap, type ConsoleStyle } from '../reporters/console.ts';
import type { TestEvidence } from '../src/evidence.ts';
import { packagePath } from '../src/paths.ts';
import { context, exchange, ok, syntheticRun } from './report-fixtures.ts';
import { exitCodeOf } from '../src/verdict.ts';
import { ANNOUNCE_PREFIX } from '../src/http/rate-window.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vms-reporter-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const summaryTable = (r: Parameters<typeof renderConsoleReport>[0], a?: Record<string, string>, style?: ConsoleStyle) => renderConsoleReport(r, a, style);
const { ['durationMs']: _d, ['interrupted']: _i, ...ctx } = context();

function fakeCase(name: string, state: 'passed' | 'failed' | 'skipped', evidence?: TestEvidence, errors: string[] = [], note?: string) {
  return {
    name,
    module: { relativeModuleId: 'suites/fake.suite.ts' },
    meta: () => (evidence ? { conformance: evidence } : {}),
    result: () => ({ state, errors: errors.map((message) => ({ message, name: 'Error' })), note }) as any,
  };
}

describe('readExchangeLog', () => {
  it('reads JSONL, skipping malformed and cut-off lines', () => {
    const file = path.join(tmp, 'log.jsonl');
    writeFileSync(file, [JSON.stringify(exchange('a')), 'not json', '{"id": 3}', '', JSON.stringify(exchange('b')), '{"id":"c","req'].join('\n'));
    expect(readExchangeLog(file).map((x) => x.id)).toEqual(['a', 'b']);
    expect(readExchangeLog(path.join(tmp, 'missing.jsonl'))).toEqual([]);
  });
});

describe('ConformanceReporter.finish (duck-typed modules)', () => {
  it('aggregates tests, module errors and unhandled errors, writes artifacts and calls onResult', () => {
    const log = path.join(tmp, 'ex.jsonl');
    writeFileSync(log, [exchange('x1'), exchange('x2', { status: 500 })].map((x) => JSON.stringify(x)).join('\n') + '\n');
    const printed: string[] = [];
    let seen: unknown;
    const reporter = new ConformanceReporter({ outDir: path.join(tmp, 'out1'), exchangeLog: log, context: ctx, progress: true, write: (t) => printed.push(t), onResult: (r) => (seen = r) });
    const cases = [
      fakeCase('PAG-LAST-PAGE last', 'passed', { requirementId: 'PAG-LAST-PAGE', findings: ok('PAG-LAST-PAGE', 2) }),
      fakeCase('HTTP-NO-SERVER-ERROR no 5xx', 'failed', {
        requirementId: 'HTTP-NO-SERVER-ERROR',
        findings: [{ requirementId: 'HTTP-NO-SERVER-ERROR', ok: false, message: 'page 2 got 500', exchangeIds: ['x2'] }],
      }),
      fakeCase('PAG-FROM-TO from/to', 'failed', undefined, ['TypeError: x is undefined']),
      fakeCase('REC-IS-EXPIRED is_expired', 'skipped', undefined, [], 'no record far from now'),
    ];
    const mod = { relativeModuleId: 'suites/fake.suite.ts', errors: () => [], children: { allTests: () => cases } };
    const broken = { relativeModuleId: 'suites/broken.suite.ts', errors: () => [{ message: 'SyntaxError: Unexpected token' }], children: { allTests: () => [] } };
    const result = reporter.finish([mod, broken] as any, [{ message: 'worker crashed' }], 'failed');

    expect(reporter.result).toBe(result);
    expect(seen).toBe(result);
    expect(result.checks.find((c) => c.id === 'PAG-LAST-PAGE')!.status).toBe('pass');
    expect(result.checks.find((c) => c.id === 'HTTP-NO-SERVER-ERROR')!.status).toBe('fail');
    expect(result.checks.find((c) => c.id === 'REC-IS-EXPIRED')!.message).toBe('no record far from now');
    expect(Object.keys(result.exchanges)).toEqual(['x2']);
    expect(result.stats.byStatus).toEqual({ '200': 1, '500': 1 });
    expect(result.harnessErrors).toEqual([
      'suites/broken.suite.ts: SyntaxError: Unexpected token',
      'unhandled error: worker crashed',
      'PAG-FROM-TO from/to (suites/fake.suite.ts) failed without recording evidence: TypeError: x is undefined',
    ]);
    expect(exitCodeOf(result)).toBe(2);
    expect(result.interrupted).toBe(false);
    for (const p of Object.values(reporter.artifacts!)) expect(existsSync(p)).toBe(true);
    const out = printed.join('');
    expect(out).toContain('PAG-LAST-PAGE');
    expect(out).toContain('Verdict: HARNESS ERROR');
    expect(out).toContain(path.join(tmp, 'out1', 'report.html'));
  });

  it('marks an interrupted run', () => {
    const reporter = new ConformanceReporter({ outDir: path.join(tmp, 'out2'), exchangeLog: '', context: ctx });
    expect(reporter.finish([], [], 'interrupted').interrupted).toBe(true);
  });
});

describe('console lines', () => {
  it('prints each requirement once, failures in full (wrapped, not cut), target escapes cleaned', () => {
    const r = syntheticRun().result;
    const long = 'Received meta.last_page 19 for total 137 and per_page 7, documented max(ceil(total / per_page), 1) = 20 ' + 'x'.repeat(150) + ' END';
    const row = r.checks.find((c) => c.id === 'PAG-LAST-PAGE')!;
    row.message = long + '\u001b[31m';
    row.violations = [{ requirementId: 'PAG-LAST-PAGE', ok: false, message: long, expected: 20, actual: 19, exchangeIds: [] }];
    const out = summaryTable(r);
    for (const c of r.checks) expect(out.match(new RegExp(`^  ${c.id} `, 'gm'))?.length, c.id).toBe(1);
    expect(out).toContain('END');
    expect(out).not.toContain('\u001b');
    expect(out).toMatch(/Expected: 20\n\s+Received: 19/);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
  });

  it('wraps at spaces and colours only a terminal without NO_COLOR', () => {
    expect(wrap('aa bb cc dd', 27, '> ', '  ').length).toBe(1);
    expect(wrap('a'.repeat(30) + ' b', 22, '', '')).toEqual(['a'.repeat(22), 'a'.repeat(8) + ' b']);
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    const coloured = summaryTable(syntheticRun().result, undefined, { color: true, width: 110 });
    expect(coloured).toContain('\u001b[');
    expect(summaryTable(syntheticRun().result)).not.toContain('\u001b[');
  });

  it('forwards what the suites announce (a rate-limit pause) to the log of the run, and nothing else they print', () => {
    const lines: string[] = [];
    const reporter = new ConformanceReporter({ outDir: '/nowhere', exchangeLog: '/nowhere.jsonl', context: context(), announce: (l) => lines.push(l) });
    reporter.onUserConsoleLog({ content: `${ANNOUNCE_PREFIX}Rate limit: wait 41 s\n` });
    reporter.onUserConsoleLog({ content: 'some debug output\n' });
    expect(lines).toEqual(['Rate limit: wait 41 s']);
  });

  it('prints a summary table, the verdict and the artifacts', () => {
    const table = summaryTable(syntheticRun().result, { results: '/o/results.json', html: '/o/report.html', junit: '/o/junit.xml', har: '/o/exchanges.har', summary: '/o/summary.md' });
    expect(table).toMatch(/PAG-LAST-PAGE\s+MUST\s+✗ FAIL\s+meta\.last_page = 4/);
    expect(table).toMatch(/LINKS-ORIGIN\s+SHOULD\s+! warn/);
    expect(table).toContain('Verdict: NON-CONFORMANT');
    expect(table).toContain('/o/report.html');
    expect(table).not.toContain('authorization');
  });
});

describe('ConformanceReporter in a real vitest run', () => {
  it('collects meta, failures, skips and harness errors from vitest', async () => {
    const dir = packagePath('test-output', 'reporter-run');
    mkdirSync(dir, { recursive: true });
    const log = path.join(dir, 'exchanges.jsonl');
    writeFileSync(log, JSON.stringify(exchange('x1')) + '\n' + JSON.stringify(exchange('x2', { status: 500 })) + '\n');
    const evidence = (id: string, okCount: number, violation?: string) => ({
      requirementId: id,
      findings: [...ok(id, okCount), ...(violation ? [{ requirementId: id, ok: false, message: violation, exchangeIds: ['x2'] }] : [])],
      exchanges: violation ? [exchange('x2', { status: 500 })] : [],
    });
    writeFileSync(
      path.join(dir, 'fake.suite.ts'),
      `import { test } from 'vitest';
test('PAG-LAST-PAGE last page', ({ task }) => { (task.meta as any).conformance = ${JSON.stringify(evidence('PAG-LAST-PAGE', 3))}; });
test('HTTP-NO-SERVER-ERROR no 5xx', ({ task }) => {
  (task.meta as any).conformance = ${JSON.stringify(evidence('HTTP-NO-SERVER-ERROR', 1, 'page 2 got 500'))};
  throw new Error('HTTP-NO-SERVER-ERROR: page 2 got 500');
});
test('PAG-FROM-TO from/to', () => { throw new TypeError('suite bug'); });
test('REC-IS-EXPIRED is_expired', (ctx) => { ctx.skip('no record far enough from now'); });
test.skip('WALK-STABLE-ORDER order', () => {});
`,
    );
    const reporter = new ConformanceReporter({ outDir: path.join(dir, 'out'), exchangeLog: log, context: ctx });
    const vitest = await startVitest(
      'test',
      [],
      { root: packagePath(), dir, include: ['**/fake.suite.ts'], config: false, watch: false, reporters: [reporter], pool: 'threads', maxWorkers: 1, passWithNoTests: true },
      { cacheDir: path.join(tmp, 'vite-cache'), logLevel: 'silent' },
    );
    await vitest?.close();
    const result = reporter.result!;
    expect(result).toBeDefined();
    const row = (id: string) => result.checks.find((c) => c.id === id)!;
    expect(row('PAG-LAST-PAGE')).toMatchObject({ status: 'pass', evaluated: 3 });
    expect(row('HTTP-NO-SERVER-ERROR')).toMatchObject({ status: 'fail', message: 'page 2 got 500' });
    expect(row('REC-IS-EXPIRED')).toMatchObject({ status: 'skip', message: 'no record far enough from now' });
    expect(row('WALK-STABLE-ORDER')).toMatchObject({ status: 'skip', message: 'not evaluated' });
    expect(result.harnessErrors).toHaveLength(1);
    expect(result.harnessErrors![0]).toMatch(/^PAG-FROM-TO from\/to \(.*fake\.suite\.ts\) failed without recording evidence: TypeError: suite bug/);
    expect(result.exchanges.x2.response!.status).toBe(500);
    expect(JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8')).verdict).toBe('non-conformant');
  });
});

describe('the console verdict line agrees with the other reports', () => {
  it('an incomplete run reads INCOMPLETE, not HARNESS ERROR', () => {
    const r = syntheticRun().result;
    r.verdict = 'incomplete';
    r.harnessErrors = undefined;
    expect(summaryTable(r)).toMatch(/Verdict: INCOMPLETE/);
    expect(summaryTable(r)).not.toMatch(/HARNESS ERROR/);
  });
});
