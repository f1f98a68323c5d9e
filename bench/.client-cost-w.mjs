import { workerData, parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
const { kind, base } = workerData;
const urls = Array.from({ length: 100 }, (_, i) => `${base}/api/v1/intercom/codes?per_page=${[1, 7, 25, 100][i % 4]}&page=${1 + (i % 5)}`);
const headers = { accept: 'application/json', authorization: 'Bearer tok-0123456789abcdef', 'x-client': 'web', 'x-uuid': 'u-1' };
let get;
if (kind === 'undici') {
  const { Pool } = await import('undici');
  const pool = new Pool(new URL(base).origin, { connections: 4 });
  get = async (u) => { const x = new URL(u); const r = await pool.request({ path: x.pathname + x.search, method: 'GET', headers }); return JSON.parse(await r.body.text()); };
} else {
  const { HttpClient } = await import('../src/http/client.ts');
  const c = new HttpClient({ timeoutMs: 10000, concurrency: 4, maxRequests: 10000, secrets: ['tok-0123456789abcdef'], logFile: kind === 'client' ? `/tmp/b7/cc-${process.pid}.jsonl` : undefined });
  get = async (u) => { const x = await c.get({ url: u, headers, purpose: 'p' }); return JSON.parse(x.response.body); };
}
for (const u of urls.slice(0, 30)) await get(u);
let t = performance.now();
for (const u of urls) await get(u);
const seq = (performance.now() - t) / urls.length;
t = performance.now();
await Promise.all(urls.map(get));
parentPort.postMessage({ seq, par: performance.now() - t });
