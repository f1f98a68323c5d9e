/** The request and response headers as the client checks and records them (GET only: no body headers). */
import http from 'node:http';
import type { SecretMasker } from './mask.ts';

const BODY_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-type', 'expect']);

/** Why a request may not be sent (not an absolute http(s) URL, a body header, an invalid header), or undefined. */
export function invalidRequest(req: { url: string; headers: Record<string, string> }): string | undefined {
  if (!/^https?:\/\/[^/?#]+/i.test(req.url)) return `not an absolute http(s) URL: ${req.url}`;
  try {
    new URL(req.url);
  } catch {
    return `invalid URL: ${req.url}`;
  }
  for (const [name, value] of Object.entries(req.headers)) {
    if (BODY_HEADERS.has(name.toLowerCase())) return `header ${name} is not allowed: a GET from this client has no body`;
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    } catch (err) {
      return `invalid request header ${JSON.stringify(name)}: ${(err as Error).message}`;
    }
  }
  return undefined;
}

export function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** Lower-cased names, repeated headers joined with ", " (each Set-Cookie masked before joining). */
export function joinHeaders(rawHeaders: string[], masker: SecretMasker): Record<string, string> {
  const grouped: Record<string, string[]> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) (grouped[rawHeaders[i]!.toLowerCase()] ??= []).push(rawHeaders[i + 1] ?? '');
  const joined: Record<string, string> = {};
  for (const [name, values] of Object.entries(grouped)) {
    joined[name] = name === 'set-cookie' ? values.map((v) => masker.maskHeaders({ 'set-cookie': v })['set-cookie']).join(', ') : values.join(', ');
  }
  return masker.maskHeaders(joined);
}
