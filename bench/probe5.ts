import fc from 'fast-check';
import { queryArbitrary } from '../src/checks/fuzz.ts';
let hits = 0, seeds = 0; const ex: string[] = [];
for (let seed = 1; seed <= 300; seed++) {
  seeds++;
  const qs = fc.sample(queryArbitrary(), { seed, numRuns: 24 });
  let hit = false;
  for (const q of qs) {
    const v = q.perPage;
    if (v === undefined) continue;
    const t = v.trim();
    if (/^[+-]?\d+$/.test(t) && Number(t) > 1000) { hit = true; if (ex.length < 10) ex.push(JSON.stringify(v)); }
  }
  if (hit) hits++;
}
console.log({ hits, seeds, ex });
