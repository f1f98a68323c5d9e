/**
 * The smoke step (as in Bowtie): before any verdict, prove the harness can talk to the target at all.
 * A broken setup (unreachable, not HTTP, TLS refused, wrong URL, token refused) is exit 2 with a reason and a
 * hint, never reported as a non-conformant target. A target that answers but answers badly (5xx, garbage) is
 * not a setup problem: the run goes on and the checks give the verdict with evidence.
 */
import type { Exchange } from './evidence.ts';
import { bodyKind } from './checks/answer.ts';

export type SmokeVerdict = { ok: true } | { ok: false; reason: string; hint: string };

export function judgeSmoke(e: Exchange, opts: { insecure: boolean; hasCa: boolean }): SmokeVerdict {
  const url = e.request.url;
  // Status and headers came and then the body broke (truncated, undecodable, past the read cap): the target speaks
  // HTTP and answered, badly; HTTP-ANSWERED judges that with the evidence. A body that never ends stays a setup
  // problem (every request would wait for --timeout-ms).
  const answered = e.response?.status ?? (e.error?.kind !== 'timeout' ? e.error?.answeredStatus : undefined);
  if (e.error && answered === undefined) {
    const hints: Record<string, string> = {
      refused: 'is the server running and the port right?',
      dns: 'check the host name in --base-url',
      timeout: 'the target did not answer in time: check the URL, or raise --timeout-ms',
      tls: opts.insecure || opts.hasCa ? 'check the certificate chain given with --ca' : 'pass --ca FILE with the CA that signed it, or --insecure to accept it',
      protocol: 'the port does not speak HTTP: check the scheme (http/https) and port in --base-url',
      reset: 'the connection was dropped: check the scheme (http/https) and port, or a proxy in between',
      budget: 'raise --max-requests',
      deadline: 'raise --deadline-ms',
    };
    const what: Record<string, string> = {
      refused: 'connection refused',
      dns: 'host not found',
      timeout: 'no answer',
      tls: 'TLS failure',
      protocol: 'not HTTP',
      reset: 'connection reset',
    };
    const detail = e.error.message.split('\n')[0].trim();
    if (e.error.kind === 'tls' && /wrong version number|packet length too long|http request/i.test(detail))
      return { ok: false, reason: `target unreachable: the port does not speak TLS at ${url}`, hint: 'use http:// in --base-url (or the HTTPS port)' };
    if (e.error.kind === 'tls' && /expired|not yet valid/i.test(detail))
      hints.tls = 'the server must renew its certificate; --insecure accepts it anyway (test targets only)';
    if (e.error.kind === 'tls' && /another host/i.test(detail))
      hints.tls = 'use the host name the certificate was issued for in --base-url; --insecure accepts it anyway (test targets only)';
    const label = what[e.error.kind] ?? e.error.kind;
    return {
      ok: false,
      reason: `target unreachable: ${label} at ${url}${detail && detail !== label ? ` (${detail})` : ''}`,
      hint: hints[e.error.kind] ?? 'check --base-url',
    };
  }
  const status = answered!;
  // Laravel refuses a bad token with JSON; an HTML 403 is what a gateway or a web application firewall sends.
  if (status === 403 && e.response && bodyKind(e.response.body) === 'html')
    return {
      ok: false,
      reason: `the target refused the request with an HTML page (403) on a plain request to ${url}, as a gateway or web application firewall in front of the API does`,
      hint: "pass the gateway's key with -H 'NAME: VALUE', or have this client let through; else check --token / CONFORMANCE_TOKEN",
    };
  if (status === 401 || status === 403)
    return { ok: false, reason: `the target refused the token (${status}) on a plain request to ${url}`, hint: 'check --token / CONFORMANCE_TOKEN (a valid bearer token for this target)' };
  if (status === 404 || status === 405)
    return { ok: false, reason: `no intercom codes endpoint at ${url} (${status})`, hint: 'check --base-url: origin plus any path prefix (https://host/prefix), without /api/v1/intercom/codes' };
  if (status >= 300 && status < 400)
    return {
      ok: false,
      reason: `the target redirects a plain authenticated request (${status} to ${e.response?.headers['location'] ?? 'nowhere'})`,
      hint: 'check the scheme and host in --base-url (http vs https, www), or a login redirect in front of the API',
    };
  return { ok: true };
}
