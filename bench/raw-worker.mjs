/**
 * The bench's raw client (b), in a worker thread like the suites' own client: replays a list of GETs with
 * undici over kept-alive connections, at most `concurrency` in flight, and reports first start → last end.
 * Plain JavaScript on purpose: no TypeScript loader in this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

const { origin, requests, concurrency, warmup } = workerData;
const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });

async function replay(list) {
  let next = 0;
  let bytes = 0;
  const statuses = {};
  const lane = async () => {
    while (next < list.length) {
      const r = list[next++];
      const res = await pool.request({ method: 'GET', path: r.path, headers: r.headers });
      const body = await res.body.arrayBuffer();
      bytes += body.byteLength;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, lane));
  return { ms: performance.now() - t0, bytes, statuses };
}

// A short warm-up (not timed) so both sides compare steady-state clients, not JIT warm-up.
if (warmup) await replay(requests.slice(0, Math.min(warmup, requests.length)));
const result = await replay(requests);
await pool.close();
parentPort.postMessage(result);
