import { Worker } from 'node:worker_threads';
const { startReference } = await import('../reference/server.ts');
const ref = await startReference({ token: 'tok-0123456789abcdef' });
const res: Record<string, number[]> = {};
for (let r = 0; r < 4; r++) for (const kind of ['undici', 'client', 'client-nolog']) {
  const x = await new Promise<{ seq: number; par: number }>((ok, ko) => { const w = new Worker(new URL('./.client-cost-w.mjs', import.meta.url), { workerData: { kind, base: ref.baseUrl } }); w.once('message', ok); w.once('error', ko); });
  (res[kind + ' seq ms/req'] ??= []).push(x.seq); (res[kind + ' 100 at c4 ms'] ??= []).push(x.par);
}
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(28), v.map((x) => x.toFixed(1)).join('  '));
await ref.close();
