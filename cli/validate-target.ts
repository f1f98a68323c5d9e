/** The target's URL and token as given: refused with a reason and a hint before any request, never echoing a secret. */
import { UsageError } from './config.ts';

export function validateBaseUrl(s: string): void {
  // Credentials in the URL would be sent as Basic auth instead of the bearer token; checked before anything
  // echoes the URL, so they are never printed (not even in "is not a URL").
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(s.trim())) throw credentialsInUrl();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new UsageError(`--base-url "${s}" is not a URL`, 'use the form https://host[:port][/prefix]');
  }
  if (u.username || u.password) throw credentialsInUrl();
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`--base-url must be http or https (got ${u.protocol.replace(':', '')})`);
  if (u.search || u.hash) throw new UsageError('--base-url must not have a query string or fragment', 'give the origin and path prefix only');
  if (/\/api\/v1\/intercom\/codes\/?$/.test(u.pathname))
    throw new UsageError('--base-url must not include the endpoint path', 'drop /api/v1/intercom/codes: the suite appends it');
}

function credentialsInUrl(): UsageError {
  return new UsageError(
    '--base-url must not carry a user name or password (user:pass@host)',
    'remove them from the URL and give the bearer token with --token (or CONFORMANCE_TOKEN)',
  );
}

export function validateToken(token: string): void {
  if (/[\r\n]/.test(token)) throw new UsageError('the token must be one line');
  // A bearer token has no white space (RFC 6750's b64token): one there was pasted with it. Never echo the token.
  if (/^\s*bearer\s/i.test(token))
    throw new UsageError('the token starts with the scheme "Bearer"', 'give the token alone in --token / CONFORMANCE_TOKEN: the suite adds "Bearer "');
  if (/\s/.test(token))
    throw new UsageError('the token contains a space or a tab, which a bearer token never does', 'check --token / CONFORMANCE_TOKEN for spaces copied before or after it');
}
