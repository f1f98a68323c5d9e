// Issue 15's goal as a test: against Laravel 10's throttle:api (60 authenticated requests a minute, counted after
// auth), a complete run of a collection of up to 1,000 codes fits one window: exit 0, no 429, at most 60 requests
// the limiter counts (the smoke request included). Counts only, never timings (those are bench figures).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReference } from '../reference/server.ts';
import { readResults, removeTmpDirs, runCli } from './helpers/run-cli.ts';

const TOKEN = 'throttle-window-token-0123456789';
const WINDOW = { limit: 60, windowMs: 60_000 };

afterAll(() => removeTmpDirs());

describe('one throttle window holds a whole run', () => {
  it.each([137, 1000])('%i codes: exit 0, no 429, at most 60 authenticated requests', async (total) => {
    const ref = await startReference({ token: TOKEN, total, throttle: WINDOW });
    try {
      const run = await runCli(['--base-url', ref.baseUrl, '--token', TOKEN, '--quiet', '--seed', '7'], { killAfterMs: 120_000 });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const { stats } = readResults(run.out);
      expect(stats.rateLimited).toBe(0);
      const authenticated = Object.entries(stats.byStatus)
        .filter(([status]) => status !== '401')
        .reduce((n, [, count]) => n + count, 0);
      expect(authenticated).toBeGreaterThan(0);
      expect(authenticated).toBeLessThanOrEqual(WINDOW.limit);
    } finally {
      await ref.close();
    }
  }, 150_000);
});

describe('a plan that exceeds the window', () => {
  // A target allowing 40 a window (3 s here, so the test is short): the run needs about 58, so some wait for the
  // next window. The MUST requirements' requests go first: the one request only a SHOULD requirement reads
  // (HTTP-IDENTITY-ENCODING's) is among those that waited, and no authenticated request was sent after it.
  it('spends the first window on the MUST requirements: the SHOULD-only request waits for the next one', async () => {
    const ref = await startReference({ token: TOKEN, total: 137, throttle: { limit: 40, windowMs: 3000 } });
    try {
      const run = await runCli(['--base-url', ref.baseUrl, '--token', TOKEN, '--quiet', '--seed', '7'], { killAfterMs: 120_000 });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(readResults(run.out).stats.rateLimited).toBe(0);
      const entries = (JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8')) as {
        log: { entries: Array<{ startedDateTime: string; _purpose?: string; response: { status: number } }> };
      }).log.entries;
      const authenticated = entries.filter((e) => e.response.status !== 401 && e.response.status > 0);
      expect(authenticated.length).toBeGreaterThan(40); // the plan did exceed one window
      const byStart = [...authenticated].sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
      const identity = byStart.findIndex((e) => /Accept-Encoding: identity/.test(e._purpose ?? ''));
      expect(identity).toBeGreaterThanOrEqual(40); // not in the first window
      const last = Date.parse(byStart[byStart.length - 1]!.startedDateTime);
      expect(Date.parse(byStart[identity]!.startedDateTime)).toBe(last);
    } finally {
      await ref.close();
    }
  }, 150_000);
});
