/**
 * A curl command line that reproduces a recorded (masked) request, with the secret left to the shell as
 * $TOKEN. The masked Authorization value says what was sent: "Bearer ***" → the token under Bearer,
 * "Basic ***" → the token under Basic, "Bearer " → an empty bearer, no header → no header.
 */
import type { Exchange, RunResult } from '../src/evidence.ts';

/** Headers curl sets itself or that only describe the connection. */
const LEFT_TO_CURL = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'user-agent', 'transfer-encoding']);
const CANONICAL_NAMES: Record<string, string> = { 'x-uuid': 'X-UUID', 'x-client': 'X-Client' };
/** A masked secret in a header value: three or more asterisks. */
const MASK = /\*{3,}/g;

export function curlCommand(request: Exchange['request'], tls: RunResult['target']['tls']): string {
  const parts = ['curl', '-sS'];
  if (tls === 'insecure') parts.push('-k');
  if (tls === 'custom-ca') parts.push('--cacert', '"$CA_FILE"');
  parts.push('-G', shellQuote(request.url));
  for (const [name, value] of orderedHeaders(request.headers)) {
    if (LEFT_TO_CURL.has(name)) continue;
    parts.push('-H', headerArgument(canonicalName(name), value));
  }
  return parts.join(' ');
}

function orderedHeaders(headers: Record<string, string>): [string, string][] {
  const order = ['accept', 'authorization', 'x-client', 'x-uuid'];
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return Object.entries(headers)
    .map(([n, v]) => [n.toLowerCase(), v] as [string, string])
    .sort((a, b) => rank(a[0]) - rank(b[0]));
}

function canonicalName(name: string): string {
  return CANONICAL_NAMES[name] ?? name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** `Name: value`, quoted for a POSIX shell; masked secrets become $TOKEN (double quotes so the shell expands it). */
function headerArgument(name: string, value: string): string {
  const line = `${name}: ${value}`;
  if (!/\*{3,}/.test(line)) return shellQuote(line);
  const pieces = line.split(MASK).map((piece) => piece.replace(/[\\"$`]/g, (c) => '\\' + c));
  return '"' + pieces.join('$TOKEN') + '"';
}

export function shellQuote(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}
