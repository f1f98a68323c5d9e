/**
 * -H and the proxy end to end, with the real CLI: an API gateway that answers 503 to any request without its key
 * (so the 401 matrix is judged only if the key goes on every request, auth probes included), reached through a
 * real forward proxy on loopback (--proxy with credentials); HTTPS_PROXY tunnelling (CONNECT) to an HTTPS target;
 * NO_PROXY going direct. The gateway key and the proxy password never reach an artifact or the console.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { startHostile, type HostileServer } from './helpers/hostile-server.ts';
import { startForwardProxy, type ForwardProxy } from './helpers/forward-proxy.ts';
import { filesUnder, readResults, removeTmpDirs, runCli, type CliRun } from './helpers/run-cli.ts';

const TOKEN = 'proxy-test-token-0123456789';
const KEY = 'gw-key-5f1c9a7e3b';
const PROXY_PASSWORD = 'proxy-pass-8d2e41';
let reference: ReferenceServer;
let tlsReference: ReferenceServer;
let gateway: HostileServer;
let proxy: ForwardProxy;
let withKey: CliRun;
let withoutKey: CliRun;
let tunnelled: CliRun;
let bypassed: CliRun;
let tunnelsBefore = 0;

beforeAll(async () => {
  [reference, tlsReference, proxy] = await Promise.all([
    startReference({ token: TOKEN, total: 40 }),
    startReference({ token: TOKEN, total: 40, tls: true }),
    startForwardProxy(),
  ]);
  gateway = await startHostile({ upstream: reference.baseUrl, rules: [{ match: (req) => req.headers['x-api-key'] !== KEY, action: '5xx' }] });
  const proxyUrl = proxy.url.replace('http://', `http://ci-user:${PROXY_PASSWORD}@`);
  withKey = await runCli([gateway.baseUrl, '--token', TOKEN, '--proxy', proxyUrl, '-H', `X-Api-Key: ${KEY}`, '--header', 'X-Tenant: acme']);
  withoutKey = await runCli([gateway.baseUrl, '--token', TOKEN, '--proxy', proxyUrl, '-H', 'X-Tenant: acme', '--quiet']);
  tunnelsBefore = proxy.tunnels.length;
  tunnelled = await runCli([tlsReference.baseUrl, '--insecure', '--only', 'auth-*,pag-per-page', '--quiet'], {
    env: { CONFORMANCE_TOKEN: TOKEN, HTTPS_PROXY: proxy.url },
  });
}, 180_000);

afterAll(async () => {
  removeTmpDirs();
  await Promise.all([reference?.close(), tlsReference?.close(), gateway?.close(), proxy?.close()]);
});

describe('an extra header on every request, through a forward proxy', () => {
  test('with the gateway key the target is judged conformant (exit 0), every request through the proxy', () => {
    expect(withKey.code, withKey.stderr + withKey.stdout).toBe(0);
    const r = readResults(withKey.out);
    expect(r.verdict).toBe('conformant');
    const forwarded = proxy.forwarded.filter((f) => f.headers['x-api-key'] === KEY);
    // The suites' requests plus the smoke request, all forwarded by the proxy.
    expect(forwarded.length).toBe(r.stats.requests);
  });

  test('the key went on every request the gateway saw, the 401 probes without a token included', () => {
    const keyed = gateway.requests.filter((q) => q.headers['x-api-key'] === KEY);
    expect(keyed.length).toBeGreaterThan(50);
    const probes = keyed.filter((q) => q.headers.authorization !== `Bearer ${TOKEN}`);
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.some((q) => q.headers.authorization === undefined)).toBe(true);
    expect(keyed.every((q) => q.headers['x-tenant'] === 'acme')).toBe(true);
  });

  test('without the key the gateway answers 503 and the same target fails, the 401 matrix included (exit 1)', () => {
    expect(withoutKey.code).toBe(1);
    const failed = readResults(withoutKey.out).checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed).toEqual(expect.arrayContaining(['HTTP-NO-SERVER-ERROR', 'AUTH-MISSING-TOKEN']));
  });

  test('the reports show the header names, the secret-looking one masked, the non-secret one as sent', () => {
    const har = JSON.parse(readFileSync(`${withKey.out}/exchanges.har`, 'utf8')) as { log: { entries: Array<{ request: { headers: Array<{ name: string; value: string }> } }> } };
    const headers = har.log.entries[0]!.request.headers;
    expect(headers).toContainEqual({ name: 'x-api-key', value: '***' });
    expect(headers).toContainEqual({ name: 'x-tenant', value: 'acme' });
  });

  test('the key and the proxy password reach no artifact and no console line, in any encoding', () => {
    const basic = Buffer.from(`ci-user:${PROXY_PASSWORD}`).toString('base64');
    for (const run of [withKey, withoutKey]) {
      const texts = [run.stdout, run.stderr, ...filesUnder(run.out).map((f) => readFileSync(f, 'utf8'))];
      for (const text of texts) for (const secret of [KEY, PROXY_PASSWORD, basic, TOKEN]) expect(text).not.toContain(secret);
    }
    // The proxy did get its credentials.
    expect(proxy.forwarded[0]!.headers['proxy-authorization']).toBe(`Basic ${basic}`);
  });
});

describe('HTTPS_PROXY and NO_PROXY', () => {
  test('an https target is reached through a CONNECT tunnel of the proxy in HTTPS_PROXY', () => {
    expect(tunnelled.code, tunnelled.stderr + tunnelled.stdout).toBe(0);
    const tunnels = proxy.tunnels.slice(tunnelsBefore);
    const port = new URL(tlsReference.baseUrl).port;
    expect(tunnels.length).toBeGreaterThan(0);
    expect(tunnels.every((t) => t.target === `127.0.0.1:${port}`)).toBe(true);
  });

  test('a host in NO_PROXY goes direct: the proxy sees none of the run', async () => {
    const seen = proxy.forwarded.length + proxy.tunnels.length;
    bypassed = await runCli([reference.baseUrl, '--only', 'AUTH-MISSING-TOKEN', '--quiet'], {
      env: { CONFORMANCE_TOKEN: TOKEN, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' },
    });
    expect(bypassed.code, bypassed.stderr).toBe(0);
    expect(readResults(bypassed.out).stats.requests).toBeGreaterThan(1);
    expect(proxy.forwarded.length + proxy.tunnels.length).toBe(seen);
  }, 60_000);
});
