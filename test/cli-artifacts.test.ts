/**
 * The artifacts of real CLI runs (a conformant and a faulty reference), as CI systems and people read them:
 * results.json valid against its schema, exchanges.har valid HAR 1.2 holding every request the server saw,
 * junit.xml parsed by a maintained XML library with counts equal to results.json's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RunResult } from '../src/evidence.ts';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { readResults, removeTmpDirs, runCli, tmpDir } from './helpers/run-cli.ts';
import { validateHar, validateResults } from './helpers/artifact-validators.ts';

const TOKEN = 'artifact-test-token-4242';

interface Run {
  code: number | null;
  out: string;
  result: RunResult;
  served: number;
}

async function runAgainst(faults: string[]): Promise<Run> {
  const server: ReferenceServer = await startReference({ token: TOKEN, faults });
  const out = tmpDir('artifacts-');
  try {
    const run = await runCli(['--base-url', server.baseUrl, '--token', TOKEN, '--out', out, '--seed', '11']);
    return { code: run.code, out, result: readResults(out), served: server.requests };
  } finally {
    await server.close();
  }
}

const runs: Record<'good' | 'faulty', Run> = {} as never;

beforeAll(async () => {
  [runs.good, runs.faulty] = await Promise.all([runAgainst([]), runAgainst(['last-page-floor'])]);
}, 120_000);
afterAll(() => removeTmpDirs());

describe.each(['good', 'faulty'] as const)('artifacts of a real run (%s reference)', (which) => {
  it('exit status matches the verdict', () => {
    const { code, result } = runs[which];
    expect(result.verdict).toBe(which === 'good' ? 'conformant' : 'non-conformant');
    expect(code).toBe(which === 'good' ? 0 : 1);
  });

  it('results.json is valid against reporters/results.schema.json', () => {
    const ok = validateResults(runs[which].result);
    expect(validateResults.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('exchanges.har is valid HAR 1.2 and holds every request the server received', () => {
    const { out, served, result } = runs[which];
    const har = JSON.parse(readFileSync(path.join(out, 'exchanges.har'), 'utf8'));
    const ok = validateHar(har);
    expect(validateHar.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(har.log.entries).toHaveLength(served);
    expect(result.stats.requests).toBe(served);
    for (const e of har.log.entries) expect(e.request.method).toBe('GET');
  });

  it('junit.xml parses and its counts equal results.json', () => {
    const { out, result } = runs[which];
    const xml = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(xml);
    const suites = doc.testsuites.testsuite as Array<{ testcase: Array<{ name: string; failure?: unknown; skipped?: unknown }> }>;
    const cases = suites.flatMap((s) => s.testcase).filter((c) => /^[A-Z]+(-[A-Z0-9]+)+ /.test(c.name));
    expect(cases).toHaveLength(result.checks.length);
    const failed = cases.filter((c) => c.failure !== undefined).length;
    expect(failed).toBe(result.checks.filter((c) => c.status === 'fail' && !c.knownFailure).length);
    expect(cases.filter((c) => c.skipped !== undefined).length).toBe(result.checks.filter((c) => c.status === 'skip' || c.knownFailure).length);
  });
});

it('the faulty run names the requirement the bug breaks, with the exchange that proves it', () => {
  const { result } = runs.faulty;
  const row = result.checks.find((c) => c.id === 'PAG-LAST-PAGE')!;
  expect(row.status).toBe('fail');
  const ids = row.violations.flatMap((v) => v.exchangeIds ?? []);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(result.exchanges[id], id).toBeDefined();
});
