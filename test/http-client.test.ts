/** The HTTP client against real misbehaving servers on 127.0.0.1: masking, GET only, transport failures, bodies. */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError, HttpClient, type ClientOptions } from '../src/http/client.ts';

const TOKEN = '7|LiveStagingTokenAbcdef0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', 'X-Client': 'web', 'X-UUID': 'device-1' };

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
let base = '';
let server: http.Server;
const openSockets = new Set<net.Socket>();

/** One server, many misbehaviours, chosen by path. */
function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/codes':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 1, code: '48213', intercom: { id: 2, code: 99887 } }], echo: req.headers.authorization, query: url.search }));
        return;
      case '/html-error':
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<html><body><h1>Server Error</h1><p>Door code 48213 rejected; other 99887</p></body></html>');
        return;
      case '/invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": [1, 2,, }  <b>oops</b>');
        return;
      case '/gzip': {
        const text = JSON.stringify({ data: Array.from({ length: 50 }, (_, i) => ({ id: i, title: `Visitor ${i}` })) });
        const gz = zlib.gzipSync(text);
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(gz.length) });
        res.end(gz);
        return;
      }
      case '/deflate':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
        res.end(zlib.deflateSync('{"deflated":true}'));
        return;
      case '/chunked':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":[');
        setTimeout(() => {
          res.write('1,2,');
          setTimeout(() => res.end('3]}'), 10);
        }, 10);
        return;
      case '/truncated':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data":[{"id":1,');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/reset':
        req.socket.destroy();
        return;
      case '/hang':
        return; // never answers
      case '/redirect':
        res.writeHead(302, { location: '/login' });
        res.end();
        return;
      case '/server-error':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"Server Error"}');
        return;
      case '/headers':
        res.writeHead(201, 'Created Here', [
          ['Content-Type', 'text/plain'],
          ['X-Dup', 'a'],
          ['X-Dup', 'b'],
          ['Set-Cookie', 'laravel_session=SESSIONVALUE; path=/'],
          ['Set-Cookie', 'XSRF-TOKEN=XSRFVALUE; path=/'],
        ]);
        res.end('ok');
        return;
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"Not Found"}');
    }
  });
}

function listen(s: net.Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
}

function client(extra: Partial<ClientOptions> = {}): HttpClient {
  return new HttpClient({ timeoutMs: 5000, concurrency: 4, maxRequests: 1000, secrets: [TOKEN], ...extra });
}

function seenFor(pathname: string): Seen[] {
  return seen.filter((s) => s.url.split('?')[0] === pathname);
}

beforeAll(async () => {
  server = http.createServer(handler);
  server.on('connection', (s) => {
    openSockets.add(s);
    s.on('close', () => openSockets.delete(s));
  });
  base = `http://127.0.0.1:${await listen(server)}`;
});

afterAll(async () => {
  for (const s of openSockets) s.destroy();
  await new Promise((r) => server.close(r));
});

describe('masking at record time', () => {
  it('sends the real token but records it masked in headers, URL and echoed body; codes masked at any depth', async () => {
    const c = client();
    const ex = await c.get({ url: `${base}/codes?api_token=${encodeURIComponent(TOKEN)}&page=1`, headers: AUTH, purpose: 'masking' });
    c.close();
    const received = seenFor('/codes').at(-1)!;
    expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`); // the server got the real thing

    expect(ex.request.headers.authorization).toBe('Bearer ***');
    expect(ex.request.url).toBe(`${base}/codes?api_token=***&page=1`);
    const body = JSON.parse(ex.response!.body);
    expect(body.echo).toBe('Bearer ***');
    expect(body.query).not.toContain('LiveStagingToken');
    expect(body.data[0].code).toBe('4****');
    expect(body.data[0].intercom.code).toBe(90000); // numeric code: still a number, same length
    expect(JSON.stringify(ex)).not.toContain('LiveStagingToken');
    expect(JSON.stringify(ex)).not.toContain('48213');
    expect(ex.response!.bodySize).toBeGreaterThan(ex.response!.body.length - 50);
  });

  it('masks codes seen earlier when they reappear in an HTML error page', async () => {
    const c = client();
    await c.get({ url: `${base}/codes`, headers: AUTH, purpose: 'learn codes' });
    const ex = await c.get({ url: `${base}/html-error`, headers: AUTH, purpose: 'html' });
    c.close();
    expect(ex.response!.status).toBe(500);
    expect(ex.response!.body).toContain('Door code 4**** rejected; other 9****');
    expect(ex.response!.body).not.toMatch(/48213|99887/);
  });

  it('masks Set-Cookie values and joins repeated headers, lower-cased', async () => {
    const c = client();
    const ex = await c.get({ url: `${base}/headers`, headers: AUTH, purpose: 'headers' });
    c.close();
    expect(ex.response!.status).toBe(201);
    expect(ex.response!.statusText).toBe('Created Here');
    expect(ex.response!.httpVersion).toBe('1.1');
    expect(ex.response!.headers['x-dup']).toBe('a, b');
    expect(ex.response!.headers['set-cookie']).toBe('laravel_session=***; path=/, XSRF-TOKEN=***; path=/');
    expect(JSON.stringify(ex)).not.toMatch(/SESSIONVALUE|XSRFVALUE/);
  });
});

describe('GET only', () => {
  it('only GET without a body ever reaches the server; headers are recorded as sent', async () => {
    const before = seen.length;
    const c = client();
    const ex = await c.get({ url: `${base}/codes?page=1`, headers: AUTH, purpose: 'get' });
    c.close();
    const mine = seen.slice(before);
    expect(mine.map((s) => s.method)).toEqual(['GET']);
    expect(mine[0]!.body).toBe('');
    expect(mine[0]!.headers['content-length']).toBeUndefined();
    expect(mine[0]!.headers['transfer-encoding']).toBeUndefined();
    expect(ex.request.method).toBe('GET');
    expect(ex.request.headers).toMatchObject({ accept: 'application/json', 'x-client': 'web', 'x-uuid': 'device-1', authorization: 'Bearer ***' });
    expect(ex.request.headers['accept-encoding']).toBeDefined();
    // The client has no way to express another method.
    const methods = Object.getOwnPropertyNames(HttpClient.prototype);
    for (const m of ['post', 'put', 'patch', 'delete', 'head', 'options', 'request']) expect(methods).not.toContain(m);
  });

  it('refuses headers that would announce a body, without sending anything', async () => {
    const before = seen.length;
    const c = client();
    const ex = await c.get({ url: `${base}/codes`, headers: { ...AUTH, 'Content-Length': '5' }, purpose: 'body header' });
    c.close();
    expect(ex.error?.kind).toBe('other');
    expect(seen.length).toBe(before);
    expect(c.stats.requests).toBe(0);
  });
});

describe('requests the client refuses to send', () => {
  it('an invalid or non-http URL is an error, not sent, not counted, and the token in it is masked', async () => {
    const c = client();
    const bad = await c.get({ url: `http://exa mple.com/x?api_token=${TOKEN}`, headers: AUTH, purpose: 'bad url' });
    const ftp = await c.get({ url: `ftp://example.com/${TOKEN}`, headers: AUTH, purpose: 'ftp' });
    c.close();
    for (const ex of [bad, ftp]) {
      expect(ex.error?.kind).toBe('other');
      expect(JSON.stringify(ex)).not.toContain('LiveStagingToken');
    }
    expect(c.stats.requests).toBe(0);
  });
});

describe('transport failures', () => {
  it('a hanging server gives kind timeout "timed out after N ms", not retried', async () => {
    const before = seenFor('/hang').length;
    const c = client({ timeoutMs: 300 });
    const t0 = Date.now();
    const ex = await c.get({ url: `${base}/hang`, headers: AUTH, purpose: 'hang' });
    c.close();
    expect(ex.error?.kind).toBe('timeout');
    expect(ex.error?.message).toMatch(/timed out after 300 ms/);
    expect(ex.response).toBeUndefined();
    expect(ex.retries).toBe(0); // connected, then no answer: a finding, not a network blip
    expect(seenFor('/hang').length - before).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(c.stats.transportErrors).toBe(1);
  });

  it('a closed port gives kind refused after the network retries, all counted', async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise((r) => probe.close(r));
    const c = client({ networkRetries: 2 });
    const ex = await c.get({ url: `http://127.0.0.1:${port}/x`, headers: AUTH, purpose: 'refused' });
    c.close();
    expect(ex.error?.kind).toBe('refused');
    expect(ex.retries).toBe(2);
    expect(c.stats.retries).toBe(2);
    expect(c.stats.requests).toBe(3);
    expect(c.stats.transportErrors).toBe(1);
    expect(ex.error?.code).toBe('ECONNREFUSED');
    expect(ex.attempts?.map((a) => a.errorKind)).toEqual(['refused', 'refused', 'refused']);
    expect(ex.waits?.map((w) => w.reason)).toEqual(['network-retry', 'network-retry']);
  });

  it('a server that resets the socket gives kind reset after retries', async () => {
    const before = seenFor('/reset').length;
    const c = client({ networkRetries: 1 });
    const ex = await c.get({ url: `${base}/reset`, headers: AUTH, purpose: 'reset' });
    c.close();
    expect(ex.error?.kind).toBe('reset');
    expect(ex.retries).toBe(1);
    expect(seenFor('/reset').length - before).toBe(2);
  });

  it('a truncated body (Content-Length larger than sent) is an error "truncated body", never retried', async () => {
    const before = seenFor('/truncated').length;
    const c = client();
    const ex = await c.get({ url: `${base}/truncated`, headers: AUTH, purpose: 'truncated' });
    c.close();
    expect(ex.error?.kind).toBe('reset');
    expect(ex.error?.message).toMatch(/truncated body/);
    expect(ex.error?.message).toMatch(/of 1000 bytes/);
    expect(ex.retries).toBe(0);
    expect(seenFor('/truncated').length - before).toBe(1);
  });

  it('a server speaking not-HTTP gives kind protocol', async () => {
    const raw = net.createServer((s) => {
      s.resume(); // read (and drop) the request so the close completes
      s.end('hello\n');
    });
    const port = await listen(raw);
    const c = client();
    const ex = await c.get({ url: `http://127.0.0.1:${port}/`, headers: AUTH, purpose: 'not http' });
    c.close();
    await new Promise((r) => raw.close(r));
    expect(ex.error?.kind).toBe('protocol');
    expect(ex.error?.message).toMatch(/not HTTP/);
    expect(ex.retries).toBe(0);
  });

  it('an unresolvable host gives kind dns', async () => {
    const c = client({ networkRetries: 0 });
    const ex = await c.get({ url: 'http://host.invalid/x', headers: AUTH, purpose: 'dns' });
    c.close();
    expect(ex.error?.kind).toBe('dns');
  });
});

describe('HTTP answers are recorded as they are', () => {
  it('invalid JSON is recorded verbatim', async () => {
    const c = client();
    const ex = await c.get({ url: `${base}/invalid-json`, headers: AUTH, purpose: 'invalid json' });
    c.close();
    expect(ex.error).toBeUndefined();
    expect(ex.response!.body).toBe('{"data": [1, 2,, }  <b>oops</b>');
  });

  it('gzip and deflate bodies are decoded; bodySize is the size received', async () => {
    const c = client();
    const gz = await c.get({ url: `${base}/gzip`, headers: AUTH, purpose: 'gzip' });
    const df = await c.get({ url: `${base}/deflate`, headers: AUTH, purpose: 'deflate' });
    c.close();
    const parsed = JSON.parse(gz.response!.body);
    expect(parsed.data).toHaveLength(50);
    expect(gz.response!.headers['content-encoding']).toBe('gzip');
    expect(gz.response!.bodySize).toBe(Number(gz.response!.headers['content-length']));
    expect(gz.response!.bodySize).toBeLessThan(gz.response!.body.length);
    expect(JSON.parse(df.response!.body)).toEqual({ deflated: true });
  });

  it('a chunked body is assembled', async () => {
    const c = client();
    const ex = await c.get({ url: `${base}/chunked`, headers: AUTH, purpose: 'chunked' });
    c.close();
    expect(ex.response!.headers['transfer-encoding']).toBe('chunked');
    expect(JSON.parse(ex.response!.body)).toEqual({ data: [1, 2, 3] });
  });

  it('a 302 is recorded, not followed', async () => {
    const before = seen.length;
    const c = client();
    const ex = await c.get({ url: `${base}/redirect`, headers: AUTH, purpose: 'redirect' });
    c.close();
    expect(ex.response!.status).toBe(302);
    expect(ex.response!.headers.location).toBe('/login');
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/redirect']);
  });

  it('a 500 is an answer: not retried', async () => {
    const before = seenFor('/server-error').length;
    const c = client();
    const ex = await c.get({ url: `${base}/server-error`, headers: AUTH, purpose: '500' });
    c.close();
    expect(ex.response!.status).toBe(500);
    expect(ex.retries).toBe(0);
    // One attempt sent at once: startedAt and durationMs say it all.
    expect(ex.attempts).toBeUndefined();
    expect(ex.waits).toBeUndefined();
    expect(seenFor('/server-error').length - before).toBe(1);
    expect(c.stats.byStatus).toEqual({ '500': 1 });
    expect(c.stats.transportErrors).toBe(0);
  });
});

describe('log file', () => {
  it('gets one masked JSON line per exchange, ids in order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-http-log-'));
    const logFile = path.join(dir, 'nested', 'exchanges.jsonl');
    const c = client({ logFile, maxRequests: 3 });
    await c.get({ url: `${base}/codes`, headers: AUTH, purpose: 'one' });
    await c.get({ url: `${base}/html-error`, headers: AUTH, purpose: 'two' });
    const hangsBefore = seenFor('/hang').length;
    const hanging = c.get({ url: `${base}/hang`, headers: AUTH, purpose: 'three' });
    while (seenFor('/hang').length === hangsBefore) await new Promise((r) => setTimeout(r, 10));
    c.abortAll();
    expect((await hanging).error).toEqual({ kind: 'interrupted', message: 'the run was stopped while the answer was awaited', inFlight: true });
    const after = await c.get({ url: `${base}/codes`, headers: AUTH, purpose: 'four' });
    expect(after.error).toEqual({ kind: 'interrupted', message: 'not sent: the run was stopped' });
    c.close();
    const text = fs.readFileSync(logFile, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((e) => e.id)).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(parsed.map((e) => e.purpose)).toEqual(['one', 'two', 'three', 'four']);
    expect(text).not.toMatch(/LiveStagingToken|48213|99887/);
    expect(parsed[0].request.headers.authorization).toBe('Bearer ***');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 20_000);
});

describe('deferred log writes (the suites\' worker)', () => {
  it('exchanges reach the file at flushLog, not before; after abortAll every one is written at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-http-log-'));
    const logFile = path.join(dir, 'exchanges.jsonl');
    const read = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).purpose) : []);
    const c = client({ logFile, logWrites: 'deferred' });
    await c.get({ url: `${base}/codes`, headers: AUTH, purpose: 'one' });
    await c.get({ url: `${base}/codes?page=2`, headers: AUTH, purpose: 'two' });
    expect(read()).toEqual([]);
    c.flushLog();
    expect(read()).toEqual(['one', 'two']);
    await c.get({ url: `${base}/codes?page=3`, headers: AUTH, purpose: 'three' });
    const hangsBefore = seenFor('/hang').length;
    const hanging = c.get({ url: `${base}/hang`, headers: AUTH, purpose: 'four' });
    while (seenFor('/hang').length === hangsBefore) await new Promise((r) => setTimeout(r, 10));
    c.abortAll();
    expect(read()).toEqual(['one', 'two', 'three']);
    await hanging;
    expect(read()).toEqual(['one', 'two', 'three', 'four']);
    expect(fs.readFileSync(logFile, 'utf8')).not.toMatch(/LiveStagingToken|48213|99887/);
    c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 20_000);
});

describe('noneWaiting', () => {
  it('resolves once every request asked for has started, while the last ones are still in flight', async () => {
    const c = client({ concurrency: 1 });
    await c.noneWaiting(); // nothing asked for yet
    const hangsBefore = seenFor('/hang').length;
    const codesBefore = seenFor('/codes').length;
    let none = false;
    const first = c.get({ url: `${base}/codes?wait=1`, headers: AUTH, purpose: 'first' });
    const hanging = c.get({ url: `${base}/hang`, headers: AUTH, purpose: 'waits for the slot, then hangs' });
    const waited = c.noneWaiting().then(() => (none = true));
    await first;
    await waited;
    expect(none).toBe(true);
    expect(seenFor('/codes').length - codesBefore).toBe(1);
    while (seenFor('/hang').length === hangsBefore) await new Promise((r) => setTimeout(r, 10));
    c.abortAll();
    expect((await hanging).error?.kind).toBe('interrupted');
    c.close();
  }, 20_000);

  it('does not resolve while a request waits for a slot', async () => {
    const c = client({ concurrency: 1 });
    const hangsBefore = seenFor('/hang').length;
    const hanging = c.get({ url: `${base}/hang`, headers: AUTH, purpose: 'holds the one slot' });
    while (seenFor('/hang').length === hangsBefore) await new Promise((r) => setTimeout(r, 10));
    const queued = c.get({ url: `${base}/codes?queued=1`, headers: AUTH, purpose: 'waits for the slot' });
    let none = false;
    void c.noneWaiting().then(() => (none = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(none).toBe(false);
    c.abortAll();
    await Promise.all([hanging, queued]);
    expect(none).toBe(true);
    c.close();
  }, 20_000);
});

describe('classifyError', () => {
  const err = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);
  it.each([
    [err('ECONNREFUSED: Connection refused'), 'refused', 'connection refused'], // supertest's rewrite, no code
    [err('getaddrinfo EAI_AGAIN x', { code: 'EAI_AGAIN', hostname: 'x' }), 'dns', 'host name not found (DNS lookup failed for x)'],
    [err('socket hang up', { code: 'ECONNRESET' }), 'reset', 'connection closed before a response (socket hang up)'],
    [err('aborted', { code: 'ECONNRESET' }), 'reset', 'connection closed mid-body: truncated body'],
    [err('Response timeout of 250ms exceeded', { code: 'ECONNABORTED', timeout: 250 }), 'timeout', 'timed out after 250 ms'],
    [err('x', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'tls', 'self-signed certificate'],
    [err('x', { code: 'CERT_HAS_EXPIRED' }), 'tls', 'certificate expired'],
    [err('x', { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls', 'certificate is for another host'],
    [err('Parse Error: Expected HTTP/', { code: 'HPE_INVALID_CONSTANT' }), 'protocol', 'not HTTP: the answer could not be parsed (Parse Error: Expected HTTP/)'],
    [err('Parse Error: Header overflow', { code: 'HPE_HEADER_OVERFLOW' }), 'protocol', 'the suite stopped reading: the response headers are larger than 16 KiB (its limit)'],
    ['weird', 'other', 'weird'],
  ])('%s → %s', (input, kind, message) => {
    expect(classifyError(input)).toMatchObject({ kind, message });
  });
});
