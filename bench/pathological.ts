/**
 * (f) What a pathological answer costs the suite, in-process: showing a 200,000-deep JSON array in report.html
 * (cut before re-indenting: linear in what is shown), parsing it for the checks (cut at 64 levels), and masking
 * a body near the 64 MiB read cap with the real token and 5 near-miss tokens (every spelling of each).
 */
import { displayBody } from '../reporters/body.ts';
import { parseBounded } from '../src/checks/types.ts';
import { SecretMasker } from '../src/http/mask.ts';
import { median } from './figures.ts';

export interface PathologicalFigures {
  displayDeepMs: number;
  parseDeepMs: number;
  maskBigMs: number;
  maskBigMiB: number;
}

const DEPTH = 200_000;

function timed(fn: () => unknown, repeat: number): number {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export function pathologicalFigures(repeat: number): PathologicalFigures {
  const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
  const token = '42|aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7b';
  const masker = new SecretMasker([token, token.slice(0, -1) + 'x', token.slice(1), token.toUpperCase(), `${token}x`, `x${token}`]);
  const big = JSON.stringify({ data: Array.from({ length: 60_000 }, (_, i) => ({ id: i, note: 'x'.repeat(1000) })) });
  return {
    displayDeepMs: timed(() => displayBody(deep), repeat),
    parseDeepMs: timed(() => parseBounded(deep), repeat),
    maskBigMs: timed(() => masker.maskBody(big, 'application/json'), repeat),
    maskBigMiB: big.length / 1024 / 1024,
  };
}
