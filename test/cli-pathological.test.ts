/**
 * Pathological answers through the real CLI: a 200,000-deep JSON array (alone, and as values inside a page), a body past the client's 64 MiB read
 * cap, and response headers near Node's 16 KiB limit, each on one page of an otherwise conformant target. The
 * run ends with a verdict (exit 1) and every artifact, in about the time of a normal run; where the suite
 * itself stopped reading, the evidence says so instead of blaming the target.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { DEEP_JSON_DEPTH, HUGE_HEADER_BYTES, queryHas, startHostile, type HostileServer } from './helpers/hostile-server.ts';
import { filesUnder, looksLikeCrash, readResults, runCli, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';
import type { RunResult } from '../src/evidence.ts';

const TOKEN = 'pathological-test-token';
let reference: ReferenceServer;
let proxy: HostileServer;
let run: CliRun;
let result: RunResult;

beforeAll(async () => {
  reference = await startReference({ token: TOKEN, total: 30 });
  proxy = await startHostile({
    upstream: reference.baseUrl,
    rules: [
      { match: (r) => queryHas('page', '2')(r) && queryHas('per_page', '25')(r), action: 'deep-json', times: 1 },
      { match: (r) => queryHas('page', '3')(r) && queryHas('per_page', '10')(r), action: 'huge-body', times: 1 },
      // Pages of the matrix for 30 records (sizes 7 and 10 divide it or not): each is asked in every run.
      { match: (r) => queryHas('page', '2')(r) && queryHas('per_page', '7')(r), action: 'huge-headers' },
      { match: (r) => queryHas('page', '5')(r) && queryHas('per_page', '7')(r), action: 'deep-in-page', times: 1 },
      // An ambiguous input the suite quotes the answer to (page=" 2").
      { match: queryHas('page', '%202'), action: 'deep-in-page', times: 1 },
    ],
  });
  run = await runCli(['--base-url', proxy.baseUrl, '--token', TOKEN], { killAfterMs: 100_000 });
  result = readResults(run.out);
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  await proxy?.close();
  await reference?.close();
});

describe('a deep, a huge and a header-heavy answer', () => {
  test('each was served once (the rules fired)', () => {
    expect(proxy.requests.filter((r) => r.action === 'deep-json')).toHaveLength(1);
    expect(proxy.requests.filter((r) => r.action === 'huge-body')).toHaveLength(1);
    expect(proxy.requests.filter((r) => r.action === 'huge-headers').length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => r.action === 'deep-in-page')).toHaveLength(2);
  });

  test('exit 1 with a verdict, no crash, every artifact written', () => {
    expect(looksLikeCrash(run.stdout + run.stderr), run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    expect(result.harnessErrors ?? []).toEqual([]);
    const names = filesUnder(run.out).map((f) => path.basename(f)).sort();
    expect(names).toEqual(['exchanges.har', 'junit.xml', 'report.html', 'results.json', 'summary.md']);
  });

  test('the deep body is in the HAR whole, and shown cut in report.html', () => {
    const har = JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8'));
    const deep = har.log.entries.find((e: { response: { content: { text?: string } } }) => e.response.content.text?.startsWith('[[[['));
    expect(deep.response.content.text.length).toBe(2 * DEEP_JSON_DEPTH);
    const html = readFileSync(path.join(run.out, 'report.html'), 'utf8');
    expect(html).toMatch(/truncated: \d+ bytes more/);
    expect(html.length).toBeLessThan(20 * 1024 * 1024);
  });

  test('the header-heavy answers are recorded with every header', () => {
    const har = JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8'));
    const heavy = har.log.entries.filter((e: { response: { headers: Array<{ name: string }> } }) => e.response.headers.some((h) => h.name === 'x-padding-0'));
    expect(heavy.length).toBeGreaterThan(0);
    const bytes = heavy[0].response.headers.reduce((n: number, h: { name: string; value: string }) => n + h.name.length + h.value.length, 0);
    expect(bytes).toBeGreaterThan(HUGE_HEADER_BYTES * 0.8);
  });

  test('the body cut at the read cap says the suite stopped reading, not that the target closed the connection', () => {
    const answered = result.checks.find((c) => c.id === 'HTTP-ANSWERED')!;
    const messages = answered.violations.map((v) => v.message);
    expect(messages.some((m) => m.includes('the suite stopped reading after 64 MiB')), messages.join('\n')).toBe(true);
    expect(messages.some((m) => /truncated body|connection closed/.test(m)), messages.join('\n')).toBe(false);
  });
});
