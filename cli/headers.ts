/**
 * -H/--header 'Name: value': extra headers sent on every request (an API-gateway key, a tenant header, Cloudflare
 * Access). Headers the suite sets itself, and varies on purpose, are refused: the token belongs to --token.
 */
import http from 'node:http';
import { UsageError } from './config.ts';

/** Lower-cased name → the flag that owns it, or why it cannot be set. */
const OWNED: Record<string, string> = {
  authorization: 'the token is --token (CONFORMANCE_TOKEN); the suite also sends wrong ones on purpose',
  'proxy-authorization': 'give the proxy credentials in --proxy http://user:password@host:port',
  'x-client': 'use --client',
  'x-uuid': 'use --device-id',
  accept: 'the suite sends Accept: application/json itself',
  host: 'the Host header is the --base-url host',
};
/** Framing headers: a GET from this suite has no body and node manages the connection. */
const FRAMING = new Set(['content-length', 'content-type', 'transfer-encoding', 'expect', 'connection', 'keep-alive', 'te', 'upgrade', 'trailer']);

/** Accepts a list of "Name: value" lines (flags, CONFORMANCE_HEADERS one per line) or a config file's name → value map. */
export function parseHeaders(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  const pairs: Array<[string, string]> = [];
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [name, value] of Object.entries(raw)) pairs.push([name, String(value)]);
  } else {
    const lines = (Array.isArray(raw) ? raw.map(String) : String(raw).split(/\r?\n/)).filter((l) => l.trim() !== '');
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new UsageError(`--header "${line.trim().split(/[\s:]/)[0]} ..." must be 'Name: value'`, "e.g. -H 'X-Api-Key: abc123'");
      pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    } catch {
      // The value is not echoed: it may be a secret.
      throw new UsageError(`--header ${JSON.stringify(name)}: not a valid header name or value`, 'one header per flag, as -H \'Name: value\' on one line');
    }
    if (OWNED[lower]) throw new UsageError(`--header ${name} is not allowed`, OWNED[lower]);
    if (FRAMING.has(lower)) throw new UsageError(`--header ${name} is not allowed`, 'the suite sends GET requests without a body; node sets the framing headers');
    if (Object.keys(out).some((k) => k.toLowerCase() === lower)) throw new UsageError(`--header ${name} is given twice`, 'give each header once');
    out[name] = value;
  }
  return out;
}
