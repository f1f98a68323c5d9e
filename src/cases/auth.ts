/**
 * The near-miss credentials of the 401 matrix, as data: made-up bearer values that are wrong in the ways real
 * token checks go wrong (a case-insensitive collation, a prefix or LIKE compare, a truncated column, a Sanctum
 * lookup that ignores the id, a guest fallback for what a JavaScript app sends before login, a header split on
 * spaces). Each must be refused with 401.
 *
 * What real Laravel + Sanctum accept is never among them (DESIGN.md section 1, auth): bearerToken() cuts the value
 * at its first comma, so nothing here has a comma; Sanctum hashes a value without "|" whole, so the secret part of
 * an `id|secret` token alone is valid and is not sent; the HTTP server trims spaces around the header value, so no
 * near-miss differs from the token by leading or trailing spaces; the scheme's case is only observed.
 */

import { DEFAULT_PER_PAGE, X_CLIENTS } from '../target.ts';
import type { PageQuery } from '../checks/types.ts';
import { UNAUTHORIZED_REQUIREMENTS } from '../checks/auth.ts';

export interface NearMiss {
  /** Stable key (unique), e.g. 'appended'. */
  key: string;
  /** Words for the report: says which near-miss was accepted, never the token itself. */
  label: string;
  /** The bearer value sent after "Bearer ". */
  value: string;
  /** It contains most of the real token: masked like the token in every artifact. */
  secret: boolean;
}

/** Swaps the case of every ASCII letter. */
function swapCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/** The `id|secret` parts of a Sanctum-shaped token (digits, a bar, a non-empty secret), if it is one. */
export function sanctumParts(token: string): { id: string; secret: string } | undefined {
  const m = /^([0-9]+)\|(.+)$/s.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** The valid token with its last character changed: same length, same case, same prefix. */
export function lastCharChanged(token: string): string {
  return token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
}

/** Every near-miss of `token`, in a fixed order; duplicates and the token itself left out. */
export function nearMisses(token: string): NearMiss[] {
  const all: NearMiss[] = [
    { key: 'lastCharChanged', label: 'the valid token with its last character changed', value: lastCharChanged(token), secret: true },
    { key: 'appended', label: 'the valid token with characters appended', value: `${token}0a`, secret: true },
    { key: 'lastCharRemoved', label: 'the valid token with its last character removed', value: token.slice(0, -1), secret: true },
    { key: 'caseSwapped', label: "the valid token with its letters' case swapped", value: swapCase(token), secret: true },
  ];
  const sanctum = sanctumParts(token);
  if (sanctum) {
    const otherId = String(BigInt(sanctum.id) + 1n);
    all.push({ key: 'otherId', label: 'the secret of the valid token behind another token id', value: `${otherId}|${sanctum.secret}`, secret: true });
  }
  all.push(
    { key: 'twice', label: 'the valid token twice, separated by a space', value: `${token} ${token}`, secret: true },
    { key: 'literalNull', label: 'the literal "null" as the token', value: 'null', secret: false },
    { key: 'literalUndefined', label: 'the literal "undefined" as the token', value: 'undefined', secret: false },
    { key: 'literalEmptyQuotes', label: 'the literal "" (two double quotes) as the token', value: '""', secret: false },
  );
  const seen = new Set<string>([token, '']);
  return all.filter((n) => {
    // A comma would make it the valid token again in Laravel's eyes; never send one.
    if (seen.has(n.value) || n.value.includes(',')) return false;
    seen.add(n.value);
    return true;
  });
}

/** The near-misses that hold most of the token: the masker must hide them as it hides the token. */
export function nearMissSecrets(token: string): string[] {
  return nearMisses(token)
    .filter((n) => n.secret)
    .map((n) => n.value);
}

/** One request of the 401 matrix: judged by checkUnauthorized against `id`. */
export interface AuthCase {
  id: (typeof UNAUTHORIZED_REQUIREMENTS)[number];
  /** Words for the report (a violation message starts with it); never the token. */
  label: string;
  /** Authorization header value; null = no header at all. */
  authorization: string | null;
  /** X-Client; undefined = the configured client. */
  client?: string;
  query: PageQuery;
}

/** The 401 matrix for `token`: missing, empty, other schemes, the near-misses, every X-Client, before validation. */
export function authCases(token: string): AuthCase[] {
  const wrong = lastCharChanged(token);
  const q: PageQuery = { perPage: String(DEFAULT_PER_PAGE), page: '1' };
  return [
    { id: 'AUTH-MISSING-TOKEN', label: 'no Authorization header', authorization: null, query: q },
    { id: 'AUTH-EMPTY-BEARER', label: 'Authorization: "Bearer " with no token', authorization: 'Bearer ', query: q },
    { id: 'AUTH-WRONG-SCHEME', label: 'the token under the Basic scheme', authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}`, query: q },
    { id: 'AUTH-WRONG-SCHEME', label: 'the bare token without a scheme', authorization: token, query: q },
    ...nearMisses(token).map((n) => ({ id: 'AUTH-WRONG-TOKEN' as const, label: `a wrong bearer token (${n.label})`, authorization: `Bearer ${n.value}`, query: q })),
    { id: 'AUTH-WRONG-TOKEN', label: 'a made-up bearer token', authorization: 'Bearer vms-conformance-invalid-token', query: q },
    ...X_CLIENTS.map((client) => ({ id: 'AUTH-EVERY-CLIENT' as const, label: `a wrong token with X-Client ${client}`, authorization: `Bearer ${wrong}`, client, query: q })),
    { id: 'AUTH-BEFORE-VALIDATION', label: 'no token and page=abc', authorization: null, query: { perPage: '25', page: 'abc' } },
    { id: 'AUTH-BEFORE-VALIDATION', label: 'a wrong token and per_page=0, page=-1', authorization: `Bearer ${wrong}`, query: { perPage: '0', page: '-1' } },
  ];
}
