/**
 * Which forward proxy a request goes through: `--proxy URL`, else the usual environment variables
 * (HTTPS_PROXY for https targets, HTTP_PROXY for http ones, ALL_PROXY for both; lower-case names first, as curl
 * reads them), minus the hosts NO_PROXY lists. https targets are tunnelled (CONNECT), http ones forwarded.
 */
import type { Agent, AgentOptions } from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';

/** JSON-safe (it travels to the suites' worker in the TargetConfig). */
export interface ProxySettings {
  /** Proxy for http:// URLs. */
  http?: string;
  /** Proxy for https:// URLs. */
  https?: string;
  /** NO_PROXY: comma- or space-separated host names, domain suffixes (.example.com), host:port, or *. */
  noProxy?: string;
}

const first = (env: NodeJS.ProcessEnv, ...names: string[]): string | undefined =>
  names.map((n) => env[n]).find((v) => v !== undefined && v.trim() !== '')?.trim();

/** The settings a run uses: an explicit proxy for every scheme, or the environment's. */
export function proxySettings(explicit: string | undefined, env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const all = first(env, 'all_proxy', 'ALL_PROXY');
  const s: ProxySettings = {
    http: explicit ?? first(env, 'http_proxy', 'HTTP_PROXY') ?? all,
    https: explicit ?? first(env, 'https_proxy', 'HTTPS_PROXY') ?? all,
    noProxy: first(env, 'no_proxy', 'NO_PROXY'),
  };
  return s.http || s.https ? s : undefined;
}

/** The proxy URL for this request URL, or undefined to connect directly. */
export function proxyFor(url: string, s: ProxySettings | undefined): string | undefined {
  if (!s) return undefined;
  const u = new URL(url);
  const proxy = u.protocol === 'https:' ? s.https : s.http;
  if (!proxy || bypassed(u, s.noProxy)) return undefined;
  return proxy;
}

function bypassed(u: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry.toLowerCase());
      if (!m) return false;
      const name = m[1]!.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.');
      if (m[2] && m[2] !== port) return false;
      return name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name || host.endsWith(`.${name}`);
    });
}

/** A keep-alive agent that sends through the proxy: a CONNECT tunnel for https targets, forwarding for http ones. */
export function proxyAgent(proxy: string, targetUrl: string, options: AgentOptions): Agent {
  return /^https:/i.test(targetUrl) ? new HttpsProxyAgent(proxy, options) : new HttpProxyAgent(proxy, options);
}

/** The proxy's own credentials (user:password@), to be masked wherever they might show. */
export function proxyCredentials(s: ProxySettings | undefined): string[] {
  const out: string[] = [];
  for (const p of [s?.http, s?.https]) {
    if (!p) continue;
    try {
      const u = new URL(p);
      if (u.password) out.push(decodeURIComponent(u.password), u.password);
      if (u.username && u.password) out.push(Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64'));
    } catch {
      // validated earlier (cli/config.ts)
    }
  }
  return out;
}
