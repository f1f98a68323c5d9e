/**
 * The CLI starts vitest and its worker while the target starts and the smoke request is under way
 * (src/smoke-handoff.ts). Through the real CLI: the suites still send nothing before the smoke step's answer,
 * and a smoke step that fails after the worker started is still a setup error (exit 2, no report, no other
 * request).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReference } from '../reference/server.ts';
import { check, looksLikeCrash, readResults, removeTmpDirs, runCli } from './helpers/run-cli.ts';

const TOKEN = 'smoke-overlap-token-0123456789';

afterAll(() => removeTmpDirs());

describe('the smoke step overlapped with the suites start', () => {
  it('a slow smoke answer: no suite request starts before it arrived', async () => {
    // Every answer takes 1.5 s: the worker is up long before the smoke answer.
    const ref = await startReference({ token: TOKEN, total: 30, latencyMs: 1500 });
    try {
      const run = await runCli(['--base-url', ref.baseUrl, '--token', TOKEN, '--quiet', '--only', 'PAG-CURRENT-PAGE'], { killAfterMs: 120_000 });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const entries = (JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8')) as {
        log: { entries: Array<{ startedDateTime: string; time: number; _purpose?: string }> };
      }).log.entries;
      expect(entries[0]!._purpose).toMatch(/^smoke/);
      const smokeEnd = Date.parse(entries[0]!.startedDateTime) + entries[0]!.time;
      expect(entries.length).toBeGreaterThan(1);
      // HAR times are whole milliseconds: allow the rounding.
      for (const e of entries.slice(1)) expect(Date.parse(e.startedDateTime), e._purpose).toBeGreaterThanOrEqual(smokeEnd - 2);
    } finally {
      await ref.close();
    }
  }, 150_000);

  it('a smoke step refused after the worker started: exit 2, no report, no request but the smoke one', async () => {
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests += 1;
      setTimeout(() => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"message":"Unauthenticated."}');
      }, 2000);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const run = await runCli(['--base-url', `http://127.0.0.1:${port}`, '--token', TOKEN], { killAfterMs: 60_000 });
      expect(run.code, run.stdout + run.stderr).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines, run.stderr).toHaveLength(2);
      expect(lines[0]).toMatch(/^vms-conformance: .*401/);
      expect(lines[1]).toMatch(/^hint: /);
      expect(looksLikeCrash(run.stderr + run.stdout)).toBe(false);
      expect(requests).toBe(1);
      for (const artifact of ['results.json', 'report.html', 'junit.xml', 'exchanges.har', 'summary.md']) expect(existsSync(path.join(run.out, artifact)), artifact).toBe(false);
    } finally {
      server.close();
    }
  }, 90_000);

  it('a smoke answer without a total (one 500): discovery asks once more, and the run still judges everything', async () => {
    const ref = await startReference({ token: TOKEN, total: 30 });
    const upstream = new URL(ref.baseUrl);
    let seen = 0;
    // The first request gets a 500; every later one is passed to the reference.
    const front = http.createServer((req, res) => {
      if (seen++ === 0) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"Server Error"}');
        return;
      }
      const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const port = (front.address() as AddressInfo).port;
      const run = await runCli(['--base-url', `http://127.0.0.1:${port}`, '--token', TOKEN, '--quiet', '--only', 'HTTP-*,PAG-*'], { killAfterMs: 120_000 });
      expect(run.code, run.stdout + run.stderr).toBe(1); // the 500 fails HTTP-NO-SERVER-ERROR: not a setup error, not incomplete
      const r = readResults(run.out);
      expect(check(r, 'HTTP-NO-SERVER-ERROR').status).toBe('fail');
      for (const id of ['PAG-CURRENT-PAGE', 'PAG-LAST-PAGE', 'PAG-TOTAL-CONSISTENT']) expect(check(r, id).status, id).toBe('pass');
      const purposes = (JSON.parse(readFileSync(path.join(run.out, 'exchanges.har'), 'utf8')) as { log: { entries: Array<{ _purpose?: string }> } }).log.entries.map((e) => e._purpose);
      expect(purposes.filter((p) => /^first page \(discovery\)/.test(p ?? ''))).toHaveLength(1);
    } finally {
      front.close();
      await ref.close();
    }
  }, 150_000);
});
