/**
 * Targets the suite cannot test, through the real CLI: TLS it must not trust, and targets it cannot reach.
 * Each gives exit 2 with one line saying why and one hint line, no stack trace, within a bounded time;
 * --insecure and --ca make a TLS target testable.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { freePort, startRawTcp } from './helpers/hostile-server.ts';
import { looksLikeCrash, readResults, runCli, type CliRun, removeTmpDirs } from './helpers/run-cli.ts';
import { packagePath } from '../src/paths.ts';

const TOKEN = 'tls-test-token';
const CA = packagePath('fixtures', 'tls', 'ca.crt');
/** Generous: a setup error is found by the smoke step, but the machine may be busy with other CLI runs. */
const BOUND_MS = 30_000;

const servers: Array<{ close(): Promise<void> }> = [];
const runs = new Map<string, CliRun>();

function expectSetupError(run: CliRun, reason: RegExp, hint: RegExp): void {
  expect(run.code).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^vms-conformance: /);
  expect(lines[0]).toMatch(reason);
  expect(lines[1]).toMatch(/^hint: /);
  expect(lines[1]).toMatch(hint);
  expect(looksLikeCrash(run.stderr + run.stdout)).toBe(false);
  expect(run.durationMs).toBeLessThan(BOUND_MS);
}

beforeAll(async () => {
  const start = async (o: Parameters<typeof startReference>[0]): Promise<ReferenceServer> => {
    const s = await startReference({ token: TOKEN, total: 5, ...o });
    servers.push(s);
    return s;
  };
  const selfSigned = await start({ tls: true });
  const caSigned = await start({ tls: true, tlsCert: 'ca-signed' });
  const expired = await start({ tls: true, tlsCert: 'expired' });
  const wrongHost = await start({ tls: true, tlsCert: 'wrong-host' });
  const garbage = await startRawTcp('garbage');
  const silent = await startRawTcp('silent');
  servers.push(garbage, silent);
  const closedPort = await freePort();
  // Successful runs only check the page matrix, to keep the file quick.
  const quick = ['--only', 'PAG-*'];
  const cases: Record<string, string[]> = {
    'self-signed': ['--base-url', selfSigned.baseUrl],
    'self-signed --insecure': ['--base-url', selfSigned.baseUrl, '--insecure', ...quick],
    'ca-signed --ca': ['--base-url', caSigned.baseUrl, '--ca', CA, ...quick],
    'ca-signed without --ca': ['--base-url', caSigned.baseUrl],
    'expired --ca': ['--base-url', expired.baseUrl, '--ca', CA],
    'wrong-host --ca': ['--base-url', wrongHost.baseUrl, '--ca', CA],
    refused: ['--base-url', `http://127.0.0.1:${closedPort}`],
    dns: ['--base-url', 'http://nohost.invalid'],
    'not http': ['--base-url', `http://127.0.0.1:${garbage.port}`],
    'https on a plain port': ['--base-url', `https://127.0.0.1:${garbage.port}`],
    silent: ['--base-url', `http://127.0.0.1:${silent.port}`, '--timeout-ms', '500'],
  };
  await Promise.all(
    Object.entries(cases).map(async ([name, args]) => runs.set(name, await runCli([...args, '--token', TOKEN, '--quiet']))),
  );
}, 120_000);

afterAll(async () => {
  removeTmpDirs();
  for (const s of servers) await s.close();
});

describe('TLS', () => {
  test('a self-signed certificate is refused by default: exit 2, a hint naming --insecure and --ca', () => {
    expectSetupError(runs.get('self-signed')!, /self-signed certificate/, /--insecure/);
    expect(runs.get('self-signed')!.stderr).toMatch(/--ca/);
  });

  test('a certificate from an unknown CA is refused without --ca', () => {
    expectSetupError(runs.get('ca-signed without --ca')!, /TLS|certificate/, /--ca/);
  });

  test('--insecure accepts the self-signed certificate and the run gives a verdict', () => {
    const run = runs.get('self-signed --insecure')!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readResults(run.out).target.tls).toBe('insecure');
  });

  test('--ca fixtures/tls/ca.crt verifies the CA-signed certificate', () => {
    const run = runs.get('ca-signed --ca')!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readResults(run.out).target.tls).toBe('custom-ca');
  });

  test('an expired certificate (trusted CA): exit 2, "certificate expired"', () => {
    expectSetupError(runs.get('expired --ca')!, /certificate expired/, /renew|--insecure/);
  });

  test('a certificate for another host (trusted CA): exit 2, "certificate is for another host"', () => {
    expectSetupError(runs.get('wrong-host --ca')!, /certificate is for another host/, /host name|--insecure/);
  });
});

describe('unreachable targets', () => {
  test('connection refused', () => {
    expectSetupError(runs.get('refused')!, /connection refused/, /port|running/);
  });

  test('a host name that does not resolve (nohost.invalid)', () => {
    expectSetupError(runs.get('dns')!, /host not found|nohost\.invalid/, /host name/);
  });

  test('a port that speaks something other than HTTP', () => {
    expectSetupError(runs.get('not http')!, /not HTTP/, /scheme|port/);
  });

  test('https:// on a port that does not speak TLS', () => {
    expectSetupError(runs.get('https on a plain port')!, /does not speak TLS/, /http:\/\//);
  });

  test('a server that accepts and never answers, with --timeout-ms 500', () => {
    expectSetupError(runs.get('silent')!, /timed out after 500 ms|no answer/, /--timeout-ms/);
  });

  test('no report folder is passed off as a verdict: no results.json after a setup error', () => {
    for (const name of ['self-signed', 'refused', 'dns', 'not http', 'silent']) {
      expect(() => readResults(runs.get(name)!.out), name).toThrow();
    }
  });
});
