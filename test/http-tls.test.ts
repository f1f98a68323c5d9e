/**
 * HTTPS: certificate problems are 'tls' errors in plain words (never retried); --insecure and --ca work.
 * Uses the test certificates in fixtures/tls (README.txt there); generates its own with openssl if absent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type ClientOptions } from '../src/http/client.ts';
import { packagePath } from '../src/paths.ts';

type CertName = 'self-signed' | 'ca-signed' | 'expired' | 'wrong-host';
const NAMES: CertName[] = ['self-signed', 'ca-signed', 'expired', 'wrong-host'];

interface Pair {
  key: string;
  cert: string;
}

let caPem = '';
const pairs = {} as Record<CertName, Pair>;
const origins = {} as Record<CertName, string>;
const servers: net.Server[] = [];
let tmpDir: string | undefined;
let hits = 0;

function fromFixtures(): boolean {
  const dir = packagePath('fixtures', 'tls');
  const files = ['ca.crt', ...NAMES.flatMap((n) => [`${n}.crt`, `${n}.key`])];
  if (!files.every((f) => fs.existsSync(path.join(dir, f)))) return false;
  caPem = fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  for (const n of NAMES) pairs[n] = { key: fs.readFileSync(path.join(dir, `${n}.key`), 'utf8'), cert: fs.readFileSync(path.join(dir, `${n}.crt`), 'utf8') };
  return true;
}

/** Same layout as fixtures/tls, made with openssl in a temp dir. */
function generate(): void {
  const dir = (tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-http-tls-')));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-x509', ...ec, '-keyout', 'self-signed.key', '-out', 'self-signed.crt', '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
  const leaf = (name: string, san: string, days: string[]) => {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=leaf');
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-extfile', `${name}.ext`, ...days);
  };
  leaf('ca-signed', 'DNS:localhost,IP:127.0.0.1', ['-days', '30']);
  leaf('wrong-host', 'DNS:other.invalid', ['-days', '30']);
  leaf('expired', 'DNS:localhost,IP:127.0.0.1', ['-days', '-1']); // notAfter already past
  caPem = fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  for (const n of NAMES) pairs[n] = { key: fs.readFileSync(path.join(dir, `${n}.key`), 'utf8'), cert: fs.readFileSync(path.join(dir, `${n}.crt`), 'utf8') };
}

function listen(s: net.Server): Promise<number> {
  servers.push(s);
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
}

const answer = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  hits += 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"data":[]}');
};

let plainHttpPort = 0;

beforeAll(async () => {
  if (process.env.HTTP_TLS_TEST_GENERATE || !fromFixtures()) generate();
  for (const n of NAMES) {
    const s = https.createServer({ ...pairs[n] }, answer);
    s.on('tlsClientError', () => {}); // handshake failures are the point of these tests
    origins[n] = `https://127.0.0.1:${await listen(s)}`;
  }
  plainHttpPort = await listen(http.createServer(answer));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

function client(extra: Partial<ClientOptions> = {}): HttpClient {
  return new HttpClient({ timeoutMs: 5000, concurrency: 2, maxRequests: 100, secrets: [], ...extra });
}

async function getFrom(name: CertName, extra: Partial<ClientOptions> = {}) {
  const c = client(extra);
  const before = hits;
  const ex = await c.get({ url: `${origins[name]}/api/v1/intercom/codes`, headers: { Accept: 'application/json' }, purpose: `tls ${name}` });
  c.close();
  return { ex, reached: hits - before, stats: c.stats };
}

describe('https', () => {
  it('refuses a self-signed certificate by default, with kind tls and a plain reason, not retried', async () => {
    const { ex, reached, stats } = await getFrom('self-signed');
    expect(ex.error?.kind).toBe('tls');
    expect(ex.error?.message).toBe('self-signed certificate');
    expect(ex.retries).toBe(0);
    expect(stats.requests).toBe(1);
    expect(reached).toBe(0);
  });

  it('accepts the self-signed certificate with insecure', async () => {
    const { ex, reached } = await getFrom('self-signed', { insecure: true });
    expect(ex.error).toBeUndefined();
    expect(ex.response?.status).toBe(200);
    expect(reached).toBe(1);
  });

  it('refuses a certificate from an unknown CA by default, accepts it with ca', async () => {
    const refused = await getFrom('ca-signed');
    expect(refused.ex.error?.kind).toBe('tls');
    expect(refused.reached).toBe(0);
    const accepted = await getFrom('ca-signed', { ca: caPem });
    expect(accepted.ex.response?.status).toBe(200);
    expect(accepted.reached).toBe(1);
  });

  it('names an expired certificate and one for another host, even with the CA trusted', async () => {
    const expired = await getFrom('expired', { ca: caPem });
    expect(expired.ex.error).toMatchObject({ kind: 'tls', message: 'certificate expired', code: 'CERT_HAS_EXPIRED' });
    const wrongHost = await getFrom('wrong-host', { ca: caPem });
    expect(wrongHost.ex.error).toMatchObject({ kind: 'tls', message: 'certificate is for another host' });
  });

  it('an https URL on a plain-HTTP port is a tls error', async () => {
    const c = client();
    const ex = await c.get({ url: `https://127.0.0.1:${plainHttpPort}/`, headers: {}, purpose: 'https to http' });
    c.close();
    expect(ex.error?.kind).toBe('tls');
  });
});
