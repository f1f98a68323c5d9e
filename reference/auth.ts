/**
 * Request::bearerToken() and the guard's decision, as in Laravel + Sanctum:
 *   $position = strripos($header, 'Bearer ');   // 11.34+: case-insensitive; before: strrpos, case-sensitive
 *   $header = substr($header, $position + 7);
 *   return str_contains($header, ',') ? strstr($header, ',', true) : $header;
 * Sanctum's Guard refuses an empty token and, for "id|secret", an id that is not all digits or an empty secret
 * (isValidBearerToken); PersonalAccessToken::findToken() then hashes a value without "|" whole (so the secret part
 * of an issued "id|secret" token, sent alone, is valid), and looks "id|secret" up by its id, comparing the secret.
 * The HTTP server has already trimmed spaces around the header value (Node's parser does it, as PHP's SAPIs do).
 */

export type BearerScheme = 'case-insensitive' | 'case-sensitive';

/** The token Laravel reads from an Authorization header; undefined when there is none. */
export function bearerToken(header: string | undefined, scheme: BearerScheme = 'case-insensitive'): string | undefined {
  if (header === undefined) return undefined;
  // strripos lower-cases ASCII only.
  const haystack = scheme === 'case-insensitive' ? header.replace(/[A-Z]/g, (c) => c.toLowerCase()) : header;
  const position = haystack.lastIndexOf(scheme === 'case-insensitive' ? 'bearer ' : 'Bearer ');
  if (position === -1) return undefined;
  const rest = header.slice(position + 7);
  const comma = rest.indexOf(',');
  return comma === -1 ? rest : rest.slice(0, comma);
}

/** An issued token: Sanctum's "id|secret" (plainTextToken), or a plain one compared whole (a token column). */
interface Issued {
  id?: string;
  secret: string;
}

function issued(expected: string): Issued {
  const m = /^([0-9]+)\|(.+)$/s.exec(expected);
  return m ? { id: m[1]!, secret: m[2]! } : { secret: expected };
}

/** Sanctum's Guard::isValidBearerToken plus findToken against the one issued token. */
export function tokenMatches(token: string, expected: string): boolean {
  if (token === '') return false;
  const t = issued(expected);
  const bar = token.indexOf('|');
  if (t.id === undefined) return token === expected;
  if (bar === -1) return token === t.secret; // hash('sha256', $token) compared with the stored hash
  const id = token.slice(0, bar);
  const secret = token.slice(bar + 1);
  if (!/^[0-9]+$/.test(id) || secret === '') return false;
  return id === t.id && secret === t.secret; // static::find($id), then hash_equals
}

/** True when the request carries the expected token. */
export function isAuthenticated(header: string | undefined, expected: string, scheme?: BearerScheme): boolean {
  const token = bearerToken(header, scheme);
  return token !== undefined && tokenMatches(token, expected);
}
