// Issue 15's goal as a test: against Laravel 10's throttle:api (60 authenticated requests a minute, counted after
// auth), a complete run of a collection of up to 1,000 codes fits one window: exit 0, no 429, at most 60 requests
// the limiter counts (the smoke request included). Counts only, never timings (those are bench figures).
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
