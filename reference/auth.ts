/**
 * Request::bearerToken() and the guard's decision, as in Laravel:
 *   $position = strripos($header, 'Bearer ');   // 11.34+: case-insensitive; before: strrpos, case-sensitive
 *   $header = substr($header, $position + 7);
 *   return str_contains($header, ',') ? strstr($header, ',', true) : $header;
 * The guard (Sanctum) refuses an empty token, then compares it with the issued one.
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

/** True when the request carries the expected token. */
export function isAuthenticated(header: string | undefined, expected: string, scheme?: BearerScheme): boolean {
  const token = bearerToken(header, scheme);
  return token !== undefined && token !== '' && token === expected;
}
