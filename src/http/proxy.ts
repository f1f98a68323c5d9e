/**
 * Which forward proxy a request goes through: `--proxy URL`, else the usual environment variables
 * (HTTPS_PROXY for https targets, HTTP_PROXY for http ones, ALL_PROXY for both; lower-case names first, as curl
 * reads them), minus the hosts NO_PROXY lists. https targets are tunnelled (CONNECT), http ones forwarded.
 */
import http, { type Agent, type AgentOptions } from 'node:http';
import https from 'node:https';

/** The proxy agents, loaded only by a run that goes through a proxy: they are a sizeable part of a cold start. */
type ProxyAgents = { HttpProxyAgent: typeof import('http-proxy-agent').HttpProxyAgent; HttpsProxyAgent: typeof import('https-proxy-agent').HttpsProxyAgent };
let proxyAgents: Promise<ProxyAgents> | undefined;
const loadProxyAgents = (): Promise<ProxyAgents> =>
  (proxyAgents ??= Promise.all([import('http-proxy-agent'), import('https-proxy-agent')]).then(([a, b]) => ({ HttpProxyAgent: a.HttpProxyAgent, HttpsProxyAgent: b.HttpsProxyAgent })));

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

/**
 * The client's keep-alive agents, one per scheme and route (a fresh TCP and TLS handshake per request would
 * dominate the client's overhead): direct, or through the proxy (a CONNECT tunnel for https, forwarding for http).
 */
export class AgentPool {
  private readonly agents = new Map<string, Agent>();
  private classes?: ProxyAgents;
  /** Resolved once the pool can hand out every agent its settings call for (await it before the first for()). */
  readonly ready: Promise<void>;

  constructor(
    private readonly proxy: ProxySettings | undefined,
    private readonly options: AgentOptions,
  ) {
    this.ready = proxy ? loadProxyAgents().then((c) => void (this.classes = c)) : Promise.resolve();
    this.ready.catch(() => {}); // surfaces where it is awaited
  }

  for(url: string): Agent {
    const secure = /^https:/i.test(url);
    const via = proxyFor(url, this.proxy);
    const key = `${secure ? 'https' : 'http'} ${via ?? 'direct'}`;
    let agent = this.agents.get(key);
    if (!agent) {
      if (via) {
        if (!this.classes) throw new Error('AgentPool: await ready before the first request through a proxy');
        agent = secure ? new this.classes.HttpsProxyAgent(via, this.options) : new this.classes.HttpProxyAgent(via, this.options);
      } else {
        agent = secure ? new https.Agent(this.options) : new http.Agent(this.options);
      }
      this.agents.set(key, agent);
    }
    return agent;
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
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
