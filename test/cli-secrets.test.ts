/**
 * No secret leaves the CLI: the bearer token (and the near-miss tokens the suite derives from it, and its
 * base64 form in a Basic header) and every door code of the target appear in no report file, not in stdout or
 * stderr, and not in the GitHub step summary, even when failures put 200 bodies into the evidence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { filesUnder, readResults, runCli, tmpDir, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';
import { invalidTokens } from '../suites/support/session.ts';

const TOKEN = 'S3cr3t-T0ken-ZZZ';
const SUMMARY_BEFORE = '## earlier step\n\nsomething another step wrote\n';
let reference: ReferenceServer;
let run: CliRun;
let summaryFile: string;
let codes: string[];

beforeAll(async () => {
  // Two faults whose evidence is full of 200 bodies: an off-by-one meta.to, and 200 answers to wrong tokens.
  reference = await startReference({ token: TOKEN, total: 30, faults: ['to-off-by-one', 'any-token-accepted'] });
  codes = reference.codes.slice(0, reference.codes.total).map((r) => String(r.code));
  summaryFile = path.join(tmpDir('vms-summary-'), 'step-summary.md');
  writeFileSync(summaryFile, SUMMARY_BEFORE);
  run = await runCli(['--base-url', reference.baseUrl, '--token', TOKEN], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  await reference?.close();
});

/** The texts that must never appear anywhere. */
function secretStrings(): string[] {
  return [TOKEN, ...invalidTokens(TOKEN), Buffer.from(`${TOKEN}:`).toString('base64'), Buffer.from(TOKEN).toString('base64')];
}

/**
 * Door codes are 5-digit numbers: a code is "found" when it stands alone (not inside a longer number, not a
 * port after ':'). Codes that also occur elsewhere in the data set (an address number) cannot be told apart
 * and are left out; the test asserts most codes remain.
 */
function checkableCodes(): string[] {
  const withoutCodes = JSON.stringify(reference.codes.slice(0, reference.codes.total).map(({ code: _code, ...rest }) => rest));
  return codes.filter((c) => !new RegExp(`(?<![\\d])${c}(?![\\d])`).test(withoutCodes));
}

function leaks(text: string): string[] {
  const found = secretStrings().filter((s) => text.includes(s));
  for (const c of checkableCodes()) if (new RegExp(`(?<![\\d:.])${c}(?![\\d])`).test(text)) found.push(`code ${c}`);
  return found;
}

describe('secrets', () => {
  test('the run found the faults (so the evidence holds 200 bodies with door codes)', () => {
    expect(run.code).toBe(1);
    const result = readResults(run.out);
    expect(result.checks.find((c) => c.id === 'PAG-FROM-TO')?.status).toBe('fail');
    expect(result.checks.find((c) => c.id === 'AUTH-WRONG-TOKEN')?.status).toBe('fail');
    // Codes are in the evidence, masked with their length kept.
    const evidence = JSON.stringify(result.exchanges);
    expect(evidence).toMatch(/\\"code\\":\s*\\"\d\*{4}\\"|"code":\s*"\d\*{4}"/);
    expect(checkableCodes().length).toBeGreaterThanOrEqual(codes.length * 0.8);
  });

  test('every report file is written and none holds the token or a door code', () => {
    const files = filesUnder(run.out);
    const names = files.map((f) => path.basename(f)).sort();
    expect(names).toEqual(['exchanges.har', 'junit.xml', 'report.html', 'results.json', 'summary.md']);
    for (const f of files) expect(leaks(readFileSync(f, 'utf8')), path.basename(f)).toEqual([]);
  });

  test('stdout and stderr hold no secret', () => {
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(leaks(run.stdout)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
  });

  test('GITHUB_STEP_SUMMARY gets the summary appended, without secrets', () => {
    const text = readFileSync(summaryFile, 'utf8');
    expect(text.startsWith(SUMMARY_BEFORE)).toBe(true);
    expect(text.length).toBeGreaterThan(SUMMARY_BEFORE.length + 50);
    expect(text).toMatch(/non-conformant/i);
    expect(leaks(text)).toEqual([]);
  });

  test('the leak detector itself finds a token and a code (so a pass above means something)', () => {
    expect(leaks(`Authorization: Bearer ${TOKEN}`)).toContain(TOKEN);
    const c = checkableCodes()[0]!;
    expect(leaks(`{"code":"${c}"}`)).toContain(`code ${c}`);
  });
});
