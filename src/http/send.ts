/**
 * One GET attempt through supertest (superagent underneath), with nothing interpreted yet: the raw bytes,
 * the raw headers, or the raw error plus how far the exchange got. Policy (budget, retries, masking) lives
 * in client.ts.
 */
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import type supertest from 'supertest';

// Loaded at the first request, not with this module: the CLI's main thread imports the client long before its
// smoke request, and supertest (superagent, formidable, mime-db) is a sizeable part of a cold start.
let loaded: typeof supertest | undefined;
/** supertest, loaded on the first call: the suites' worker calls it while it waits for the smoke step. */
export function loadSender(): typeof supertest {
  return (loaded ??= createRequire(import.meta.url)('supertest') as typeof supertest);
}
/** supertest(origin) builds an object of ~35 method closures: one per origin, not one per request. */
const byOrigin = new Map<string, ReturnType<typeof supertest>>();
const request = (origin: string) => {
  let agent = byOrigin.get(origin);
  if (!agent) byOrigin.set(origin, (agent = loadSender()(origin)));
  return agent;
};

export interface SendOptions {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  agent: Agent;
  insecure: boolean;
  ca?: string;
  maxResponseSize: number;
}

export interface RawResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  /** Node's rawHeaders: [name, value, name, value, ...] as received. */
  rawHeaders: string[];
  /** Decoded body bytes (Content-Encoding undone). */
  body: Buffer;
  /** Body bytes as received on the wire (after de-chunking, before decoding). */
  bodySize: number;
}

export interface AttemptOutcome {
  /** Origin + path as actually sent (unmasked). */
  sentUrl: string;
  /** Request headers as actually sent, lower-cased names (unmasked). */
  sentHeaders: Record<string, string>;
  response?: RawResponse;
  error?: unknown;
  interrupted?: boolean;
  /** A TCP connection was established (or a kept-alive one reused) before the outcome. */
  connected: boolean;
  /** Status line and headers arrived before the outcome (so an error is mid-body). */
  headersStatus?: number;
  bytesReceived: number;
  expectedLength?: number;
}

export interface Attempt {
  done: Promise<AttemptOutcome>;
  abort(): void;
}

/** Splits an absolute URL into what supertest wants: request(origin).get(pathAndQuery). */
export function splitUrl(url: string): { origin: string; pathAndQuery: string } {
  const m = /^(https?:\/\/[^/?#]*)(.*)$/i.exec(url);
  if (!m) throw new Error(`not an http(s) URL: ${url}`);
  const rest = m[2] ?? '';
  return { origin: m[1]!, pathAndQuery: rest.startsWith('/') ? rest : `/${rest}` };
}

type RawParser = (res: IncomingMessage, callback: (err: Error | null, body: Buffer) => void) => void;

export function sendGet(o: SendOptions): Attempt {
  const { origin, pathAndQuery } = splitUrl(o.url);
  let bytesReceived = 0;
  let connected = false;
  let headersStatus: number | undefined;
  let expectedLength: number | undefined;
  let originalError: unknown;
  let settle: (outcome: AttemptOutcome) => void = () => {};
  let settled = false;

  // Collects the body as bytes whatever the content type, so invalid JSON, HTML or a truncated body is
  // recorded rather than thrown. `res.on` is redirected by superagent to the decompressed stream, while
  // `addListener` still reaches the wire stream: that gives the size as received.
  const collectRaw: RawParser = (res, callback) => {
    const chunks: Buffer[] = [];
    res.addListener('data', (chunk: Buffer) => {
      bytesReceived += chunk.length;
    });
    res.on('data', (chunk: Buffer | string) => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
    res.on('end', () => callback(null, Buffer.concat(chunks)));
    // Errors are left to superagent's own 'error' handler: reporting them here too makes it warn
    // "double callback bug".
  };

  let test = request(origin)
    .get(pathAndQuery)
    .set(o.headers)
    .redirects(0)
    .ok(() => true)
    .timeout({ response: o.timeoutMs, deadline: o.timeoutMs })
    .agent(o.agent)
    .maxResponseSize(o.maxResponseSize)
    .buffer(true)
    .parse(collectRaw as never);
  if (o.insecure) test = test.disableTLSCerts();
  else if (o.ca) test = test.ca(o.ca);

  test.on('error', (err: unknown) => {
    originalError = err; // keeps err.code, which supertest's assert() drops for connect errors
  });
  test.on('request', () => {
    const req = (test as unknown as { req?: ClientRequest }).req;
    if (!req) return;
    req.once('socket', (socket: Socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.once('response', (res: IncomingMessage) => {
      headersStatus = res.statusCode;
      const length = Number(res.headers['content-length']);
      if (Number.isFinite(length)) expectedLength = length;
    });
  });

  const sent = (): Pick<AttemptOutcome, 'sentUrl' | 'sentHeaders'> => {
    const req = (test as unknown as { req?: ClientRequest }).req;
    const sentHeaders: Record<string, string> = {};
    if (!req) {
      for (const [k, v] of Object.entries(o.headers)) sentHeaders[k.toLowerCase()] = v;
      return { sentUrl: o.url, sentHeaders };
    }
    for (const [k, v] of Object.entries(req.getHeaders())) {
      if (v !== undefined) sentHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    // Through a forwarding proxy the request line carries the absolute URL.
    return { sentUrl: /^https?:\/\//i.test(req.path) ? req.path : origin + req.path, sentHeaders };
  };
  const progress = () => ({ connected, headersStatus, bytesReceived, expectedLength });

  const done = new Promise<AttemptOutcome>((resolve) => {
    settle = (outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    test.end((err: unknown, response) => {
      const res = response as { status: number; body: unknown; res?: IncomingMessage } | undefined;
      if (res && res.res) {
        const body = Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0);
        settle({
          ...sent(),
          ...progress(),
          response: {
            status: res.status,
            statusText: res.res.statusMessage ?? '',
            httpVersion: res.res.httpVersion,
            rawHeaders: res.res.rawHeaders,
            body,
            bodySize: bytesReceived,
          },
        });
      } else {
        settle({ ...sent(), ...progress(), error: originalError ?? err });
        // After a parse error node leaves the socket half-open; it must never be reused or leak.
        (test as unknown as { req?: ClientRequest }).req?.destroy();
      }
    });
  });

  return {
    done,
    abort: () => {
      if (settled) return;
      settle({ ...sent(), ...progress(), interrupted: true });
      test.abort();
    },
  };
}
