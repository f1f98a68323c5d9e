/**
 * The bench's replay client, in a worker thread like the suites' own client: replays a list of GETs over
 * kept-alive connections, at most `concurrency` in flight, and reports first start → last end.
 *   kind 'undici': the raw floor (b), undici's Pool, bodies read and dropped;
 *   kind 'client': the suite's own HttpClient (src/http/client.ts) without the suites around it, to tell the
 *   client's overhead from the suites' own work.
 * Plain JavaScript: this thread registers tsx only for the 'client' kind.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { kind, origin, requests, concurrency, token } = workerData;

async function makeGet() {
  if (kind === 'client') {
    const { register } = await import('tsx/esm/api');
    register();
    const { HttpClient } = await import('../src/http/client.ts');
    const { nearMissSecrets } = await import('../src/cases/auth.ts');
    // Loaded before the timing, as the suites' worker loads it while it waits for the smoke step.
    (await import('../src/http/send.ts')).loadSender();
    // The suites' own secret set (the token and its near-misses): masking every exchange is part of the client.
    const client = new HttpClient({ timeoutMs: 10_000, concurrency, maxRequests: requests.length + 1, secrets: [token, ...nearMissSecrets(token)] });
    return {
      get: async (r) => {
        const x = await client.get({ url: origin + r.path, headers: r.headers, purpose: 'bench replay' });
        return { status: x.response?.status ?? 0, bytes: x.response?.bodySize ?? 0 };
      },
      close: async () => client.close(),
    };
  }
  const { Pool } = await import('undici');
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  return {
    get: async (r) => {
      const res = await pool.request({ method: 'GET', path: r.path, headers: r.headers });
      const body = await res.body.arrayBuffer();
      return { status: res.statusCode, bytes: body.byteLength };
    },
    close: () => pool.close(),
  };
}

const { get, close } = await makeGet();
let next = 0;
let bytes = 0;
const statuses = {};
const lane = async () => {
  while (next < requests.length) {
    const r = await get(requests[next++]);
    bytes += r.bytes;
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  }
};
const t0 = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
const ms = performance.now() - t0;
await close();
parentPort.postMessage({ ms, bytes, statuses });
