/**
 * exchanges.har: every request the run sent, masked, as HAR 1.2 (importable into a browser's network panel).
 * Requests the client never sent (request budget or deadline exhausted, the run stopped) are left out. A request without an answer gets status 0 and a `_error` custom field, as browsers export them.
 */
import { wasSent, type Exchange } from '../src/evidence.ts';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: HarNameValue[];
    headersSize: -1;
    bodySize: 0;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: HarNameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked?: number; send: number; wait: number; receive: number };
  _id: string;
  _purpose: string;
  _retries?: number;
  _rateLimitRetries?: number;
  _attempts?: Exchange['attempts'];
  _waits?: Exchange['waits'];
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

export function renderHar(exchanges: Exchange[], meta: { version: string }): Har {
  const entries = exchanges
    .filter(wasSent)
    .map(entryOf)
    .sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  return { log: { version: '1.2', creator: { name: 'vms-conformance', version: meta.version }, entries } };
}

function entryOf(x: Exchange): HarEntry {
  const time = Math.max(0, Number.isFinite(x.durationMs) ? x.durationMs : 0);
  const blocked = Math.min(time, (x.waits ?? []).reduce((sum, w) => sum + Math.max(0, w.ms), 0));
  const httpVersion = harHttpVersion(x.response?.httpVersion);
  const entry: HarEntry = {
    startedDateTime: x.startedAt,
    time,
    request: {
      method: x.request.method,
      url: x.request.url,
      httpVersion,
      headers: nameValues(x.request.headers),
      queryString: queryOf(x.request.url),
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: x.response
      ? {
          status: x.response.status,
          statusText: x.response.statusText ?? '',
          httpVersion,
          headers: nameValues(x.response.headers),
          cookies: [],
          content: {
            size: Buffer.byteLength(x.response.body, 'utf8'),
            mimeType: x.response.headers['content-type'] ?? 'x-unknown',
            text: x.response.body,
          },
          redirectURL: x.response.headers['location'] ?? '',
          headersSize: -1,
          bodySize: Number.isInteger(x.response.bodySize) && x.response.bodySize >= 0 ? x.response.bodySize : -1,
        }
      : {
          status: 0,
          statusText: '',
          httpVersion,
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
          _error: x.error ? `${x.error.kind}${x.error.code ? ` (${x.error.code})` : ''}: ${x.error.message}` : 'no answer',
        },
    cache: {},
    // Only the total duration is measured: the client's pauses (429, rate window, retry backoff) as blocked, the
    // rest as waiting time.
    timings: blocked > 0 ? { blocked, send: 0, wait: time - blocked, receive: 0 } : { send: 0, wait: time, receive: 0 },
    _id: x.id,
    _purpose: x.purpose,
  };
  if (x.retries) entry._retries = x.retries;
  if (x.rateLimitRetries) entry._rateLimitRetries = x.rateLimitRetries;
  if (x.attempts) entry._attempts = x.attempts;
  if (x.waits) entry._waits = x.waits;
  return entry;
}

function harHttpVersion(v: string | undefined): string {
  if (!v) return 'HTTP/1.1';
  return v.startsWith('HTTP/') ? v : `HTTP/${v}`;
}

function nameValues(headers: Record<string, string>): HarNameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
