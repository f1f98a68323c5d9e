/**
 * A loopback HTTP proxy in front of a real upstream (usually the in-process reference server) that misbehaves
 * on the requests its rules select, and records every request it receives (method, url, arrival time,
 * requests in flight) so tests can assert what the suite really sent to a "live" target.
 *
 * TEST ONLY. Each rule's `match` sees the raw request; the first matching rule with uses left decides.
 */
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

export type Misbehaviour =
  /** Accept the request and never answer (the client's timeout must end it). */
  | 'hang'
  /** Destroy the socket without a byte of answer. */
  | 'reset'
  /** Send the status line, headers and half the body with a Content-Length for all of it, then destroy. */
  | 'truncate'
  /** 200, Content-Type application/json, a body that is not JSON. */
  | 'invalid-json'
  /** An HTML error page (text/html), status 200. */
  | 'html-200'
  /** An HTML error page (text/html), status 500. */
  | 'html-500'
  /** The upstream answer gzip-encoded with a correct Content-Encoding: a correct client decodes it. */
  | 'gzip'
  /** Content-Encoding: gzip on a body that is not gzip (a broken compressing proxy). */
  | 'bad-gzip'
  /** The upstream answer in several chunks (Transfer-Encoding: chunked): a correct client reassembles it. */
  | 'chunked'
  /** 503 with a JSON body. */
  | '5xx'
  /** 429 with Retry-After: 1 (one use of the rule), then the request proxied normally on retry. */
  | 'rate-limit'
  /** 200 JSON: an array nested DEEP_JSON_DEPTH levels deep ("[[[[...]]]]"). */
  | 'deep-json'
  /** The upstream page with DEEP_JSON_DEPTH-deep values as a record's id and code, meta.total, current_page, links.next. */
  | 'deep-in-page'
  /** 200 JSON: a valid-looking body streamed past the client's read cap (HUGE_BODY_BYTES). */
  | 'huge-body'
  /** The upstream answer with response headers of HUGE_HEADER_BYTES in all (many long headers). */
  | 'huge-headers';

export const DEEP_JSON_DEPTH = 200_000;
/** Past the client's 64 MiB read cap. */
export const HUGE_BODY_BYTES = 64 * 1024 * 1024 + 256 * 1024;
/** Just under Node's default 16 KiB limit for a whole response head. */
export const HUGE_HEADER_BYTES = 15 * 1024;

export interface Rule {
  match: (req: http.IncomingMessage) => boolean;
  action: Misbehaviour;
  /** How many times this rule may fire (default: every matching request). */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Date.now() at arrival. */
  at: number;
  /** What the proxy did: 'proxy' or the misbehaviour. */
  action: Misbehaviour | 'proxy';
}

export interface HostileOptions {
  /** Origin (+ prefix ignored) of the upstream, e.g. reference.baseUrl; paths are forwarded verbatim. */
  upstream: string;
  rules?: Rule[];
  /** Delay before every answer (proxied or not), ms. */
  latencyMs?: number;
  /**
   * Rewrites every proxied answer before it is sent (a debug middleware that echoes the request into the
   * answer): gets the request and the upstream's answer, returns the answer to send.
   */
  rewrite?: (req: http.IncomingMessage, answer: UpstreamAnswer) => UpstreamAnswer;
}

export interface UpstreamAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HostileServer {
  baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Highest number of requests in flight at once seen so far. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>\n';

export async function startHostile(opts: HostileOptions): Promise<HostileServer> {
  const upstream = new URL(opts.upstream);
  const rules = (opts.rules ?? []).map((r) => ({ ...r, left: r.times ?? Infinity }));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    const rule = rules.find((r) => r.left > 0 && r.match(req));
    if (rule) rule.left -= 1;
    const action: Misbehaviour | 'proxy' = rule?.action ?? 'proxy';
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now(), action });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    res.once('close', done);
    req.resume();
    const later = (fn: () => void) => (opts.latencyMs ? setTimeout(fn, opts.latencyMs) : fn());
    later(() => void misbehave(action, req, res, upstream, opts.rewrite).catch(() => res.destroy()));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await listen(server);
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, '')}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function misbehave(
  action: Misbehaviour | 'proxy',
  req: http.IncomingMessage,
  res: http.ServerResponse,
  upstream: URL,
  rewrite: HostileOptions['rewrite'],
): Promise<void> {
  switch (action) {
    case 'hang':
      return; // the socket stays open until the client gives up or the server closes
    case 'reset':
      req.socket.destroy();
      return;
    case 'invalid-json': {
      const body = '{"data": [{"id": 1, "code": "12';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    case 'html-200':
    case 'html-500':
      res.writeHead(action === 'html-200' ? 200 : 500, { 'content-type': 'text/html; charset=UTF-8', 'content-length': String(Buffer.byteLength(HTML_PAGE)) });
      res.end(HTML_PAGE);
      return;
    case '5xx': {
      const body = '{"message":"Service Unavailable"}';
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    case 'bad-gzip': {
      const body = '{"message":"not compressed at all"}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    case 'rate-limit': {
      const body = '{"message":"Too Many Attempts."}';
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    case 'deep-json': {
      const body = '['.repeat(DEEP_JSON_DEPTH) + ']'.repeat(DEEP_JSON_DEPTH);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    case 'huge-body':
      return streamHugeBody(res);
  }
  let answer = await fetchUpstream(req, upstream);
  if (rewrite) answer = rewrite(req, answer);
  if (action === 'deep-in-page') answer = { ...answer, body: Buffer.from(deepInPage(answer.body.toString('utf8'))) };
  if (action === 'huge-headers') answer = { ...answer, headers: { ...answer.headers, ...hugeHeaders() } };
  const headers = { ...answer.headers };
  delete headers['content-length'];
  delete headers['transfer-encoding'];
  delete headers['connection'];
  delete headers['keep-alive'];
  if (action === 'truncate') {
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => setTimeout(() => req.socket.destroy(), 20));
    return;
  }
  if (action === 'gzip') {
    const gz = zlib.gzipSync(answer.body);
    res.writeHead(answer.status, { ...headers, 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'content-length': String(gz.length) });
    res.end(gz);
    return;
  }
  if (action === 'chunked') {
    res.writeHead(answer.status, headers); // no Content-Length: node sends Transfer-Encoding: chunked
    const step = Math.max(1, Math.ceil(answer.body.length / 4));
    for (let i = 0; i < answer.body.length; i += step) {
      res.write(answer.body.subarray(i, i + step));
      await new Promise((r) => setTimeout(r, 5));
    }
    res.end();
    return;
  }
  res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

/** `{"data":[` then filler records, 1 MiB at a time as the socket drains, past the client's read cap. */
function streamHugeBody(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE_BODY_BYTES) });
  const record = '{"id":1,"note":"' + 'x'.repeat(1000) + '"},';
  const chunk = Buffer.from(record.repeat(Math.floor((1024 * 1024) / record.length)));
  let sent = 0;
  const pump = () => {
    while (sent < HUGE_BODY_BYTES && !res.destroyed) {
      const piece = sent === 0 ? Buffer.from('{"data":[') : chunk.subarray(0, Math.min(chunk.length, HUGE_BODY_BYTES - sent));
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/** Deep values where checks read and quote numbers, strings and links (each check's message and `actual`). */
function deepInPage(page: string): string {
  const object = '{"a":'.repeat(DEEP_JSON_DEPTH) + '1' + '}'.repeat(DEEP_JSON_DEPTH);
  const array = '['.repeat(DEEP_JSON_DEPTH) + ']'.repeat(DEEP_JSON_DEPTH);
  return page
    .replace(/"code":("[^"]*"|\d+)/, `"code":${object}`)
    .replace(/"total":\d+/, `"total":${array}`)
    .replace(/"current_page":\d+/, `"current_page":${array}`)
    .replace(/"next":("[^"]*"|null)/, `"next":${array}`)
    .replace(/"id":\d+/, `"id":${array}`);
}

function hugeHeaders(): Record<string, string> {
  const out: Record<string, string> = {};
  const each = 1000;
  for (let i = 0; i < Math.floor(HUGE_HEADER_BYTES / (each + 20)); i++) out[`x-padding-${i}`] = 'p'.repeat(each);
  return out;
}

function fetchUpstream(req: http.IncomingMessage, upstream: URL): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers }; // Host kept: the upstream builds its links on the proxy's origin, as behind a real reverse proxy
    delete headers['accept-encoding']; // the proxy decides the encoding itself
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) }));
        r.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end();
  });
}

function listen(server: net.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A TCP server that is not HTTP: it writes garbage on connect ('garbage') or accepts and stays silent ('silent'). */
export async function startRawTcp(mode: 'garbage' | 'silent'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('close', () => sockets.delete(s));
    if (mode === 'garbage') {
      s.write('SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 garbage \xff\xfe\r\n\r\n');
      setTimeout(() => s.end(), 50);
    }
  });
  await listen(server);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening (bound, then closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await listen(server);
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Matches requests whose query string carries `name=value` exactly (raw, as sent). */
export function queryHas(name: string, value: string): (req: http.IncomingMessage) => boolean {
  return (req) => {
    const q = (req.url ?? '').split('?')[1] ?? '';
    return q.split('&').some((p) => p === `${name}=${value}`);
  };
}
