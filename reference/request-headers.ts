/** What the reference reads from request headers beyond auth: the origin links are built on, gzip negotiation. */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Symfony's getSchemeAndHttpHost(): the Host header lower-cased, its port dropped when it is the scheme's
 * default; null when the host has characters Symfony refuses (SuspiciousOperationException).
 */
export function requestOrigin(hostHeader: string | undefined, scheme: 'http' | 'https', local: AddressInfo): string | null {
  const raw = (hostHeader ?? '').trim();
  let host: string;
  let port: number;
  if (raw === '') {
    host = local.family === 'IPv6' ? `[${local.address}]` : local.address;
    port = local.port;
  } else {
    host = raw.replace(/:\d+$/, '').toLowerCase();
    const pos = raw.startsWith('[') ? raw.indexOf(':', raw.lastIndexOf(']')) : raw.lastIndexOf(':');
    const portText = pos === -1 ? '' : raw.slice(pos + 1);
    port = portText !== '' && portText !== '0' ? Number.parseInt(portText, 10) || 0 : scheme === 'https' ? 443 : 80;
  }
  if (host !== '' && host.replace(/(?:^\[)?[a-zA-Z0-9-:\]_]+\.?/g, '') !== '') return null;
  const defaultPort = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
  return `${scheme}://${host}${defaultPort ? '' : ':' + port}`;
}

/** nginx's gzip module: the request's Accept-Encoding lists gzip (with a non-zero q). */
export function offersGzip(req: IncomingMessage): boolean {
  const offer: string = req.headers['accept-encoding'] ?? '';
  return offer.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    return coding!.trim().toLowerCase() === 'gzip' && (q === undefined || Number(q) > 0);
  });
}
