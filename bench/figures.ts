/**
 * The bench's pure pieces: the request phase of a run from its exchanges, medians and ratios, the verdict of
 * each target, and the printed table. No I/O and no timing here, so test/bench-shape.test.ts can check them
 * on made-up numbers.
 */

/** One exchange's timing as the HAR has it (startedDateTime, time) or the Exchange (startedAt, durationMs). */
export interface Timed {
  startedAt: string;
  durationMs: number;
  purpose?: string;
}

export interface Phase {
  /** Epoch ms of the first request start. */
  firstStart: number;
  /** Epoch ms of the last response end. */
  lastEnd: number;
  ms: number;
  requests: number;
}

/** First request start → last response end over the given exchanges; null when there are none. */
export function requestPhase(exchanges: readonly Timed[]): Phase | null {
  if (exchanges.length === 0) return null;
  let firstStart = Infinity;
  let lastEnd = -Infinity;
  for (const x of exchanges) {
    const start = Date.parse(x.startedAt);
    if (!Number.isFinite(start)) continue;
    firstStart = Math.min(firstStart, start);
    lastEnd = Math.max(lastEnd, start + Math.max(0, x.durationMs));
  }
  if (!Number.isFinite(firstStart)) return null;
  return { firstStart, lastEnd, ms: lastEnd - firstStart, requests: exchanges.length };
}

/** The smoke request is a start-up step (one request, before the suites load), not part of the suites' phase. */
export function isSmoke(x: Timed): boolean {
  return /^smoke\b/i.test(x.purpose ?? '');
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) ? a / b : NaN;
}

/** a[i] / b[i] for pairs measured back to back: their median, range, and each pair's ratio. */
export function pairedRatio(a: readonly number[], b: readonly number[]): { median: number; min: number; max: number; ratios: number[] } {
  const ratios = a.slice(0, b.length).map((x, i) => ratio(x, b[i]!)).filter(Number.isFinite);
  return { median: median(ratios), min: ratios.length ? Math.min(...ratios) : NaN, max: ratios.length ? Math.max(...ratios) : NaN, ratios };
}

export type Verdict = 'PASS' | 'MISS';

export interface TargetRow {
  id: string;
  figure: string;
  value: number;
  /** `≤ 1.5`, `< 4000`, … as printed. */
  target: string;
  verdict: Verdict;
}

type Comparator = '<' | '<=' | '>=';

export function judge(value: number, cmp: Comparator, limit: number): Verdict {
  if (!Number.isFinite(value)) return 'MISS';
  const ok = cmp === '<' ? value < limit : cmp === '<=' ? value <= limit : value >= limit;
  return ok ? 'PASS' : 'MISS';
}

function row(id: string, figure: string, value: number, cmp: Comparator, limit: number, unit = ''): TargetRow {
  const sign = cmp === '<=' ? '≤' : cmp === '>=' ? '≥' : '<';
  return { id, figure, value, target: `${sign} ${limit}${unit}`, verdict: judge(value, cmp, limit) };
}

/** The figures the targets are judged on (medians where the bench repeats a measurement). */
export interface Figures {
  /** a / b: the suites' request phase over the raw client's time for the same requests. */
  requestPhaseRatio: number;
  /** runTarget start → first suite request, in-process (ms). */
  startupInProcessMs: number;
  /** process spawn → first suite request, cold CLI (ms). */
  startupCliMs: number;
  /** (c) whole run against 50 ms latency (ms). */
  latencyRunMs: number;
  /** (d) requests and wall time for 1,000 and 1,000,000 codes. */
  requests1e3: number;
  requests1e6: number;
  wall1e3Ms: number;
  wall1e6Ms: number;
  /** (e) AJV pages per second. */
  ajvPagesPerSecond: number;
  /** (h) the cold CLI with --rate 5 on a pipe: spawn → its "Plan:" line (ms). */
  planLineMs: number;
  /** (f) against Laravel's 60-a-minute throttle: per collection size, authenticated requests, 429s and wall. */
  throttled: Array<{ total: number; authenticated: number; rateLimited: number; wallMs: number }>;
}

export const TARGETS = {
  requestPhaseRatio: 1.3,
  startupMs: 1500,
  /** The cold CLI (compiled JavaScript since the package build): spawn → first suite request. */
  startupCliMs: 1000,
  latencyRunMs: 4000,
  growth: 1.2,
  ajvPagesPerSecond: 20_000,
  /** (f) one throttle window (Laravel 10's throttle:api) holds a whole run of up to 1,000 codes. */
  throttledAuthenticated: 60,
  throttledWallMs: 10_000,
  throttledTotals: [137, 1000],
  /** (h) issue #13: the console shows the plan within 2 s of the start. */
  planLineMs: 2000,
} as const;

/**
 * The least a run can take: its requests in rounds of `concurrency`, one round trip each, plus a full window for
 * every window beyond the first its authenticated requests need (a limit of `limit` per `windowMs`).
 */
export function physicalFloorMs(f: { requests: number; concurrency: number; roundTripMs: number; authenticated?: number; limit?: number; windowMs?: number }): number {
  const rounds = Math.ceil(f.requests / Math.max(1, f.concurrency));
  const windows = f.limit && f.authenticated ? Math.max(0, Math.ceil(f.authenticated / f.limit) - 1) : 0;
  return rounds * f.roundTripMs + windows * (f.windowMs ?? 0);
}

export function verdicts(f: Figures): TargetRow[] {
  return [
    row('a/b', 'suite request phase / raw client, same requests', round(f.requestPhaseRatio, 2), '<=', TARGETS.requestPhaseRatio),
    row('start-up', 'runTarget start → first suite request (in-process)', Math.round(f.startupInProcessMs), '<', TARGETS.startupMs, ' ms'),
    row('start-up (CLI)', 'process spawn → first suite request (cold CLI)', Math.round(f.startupCliMs), '<', TARGETS.startupCliMs, ' ms'),
    row('c', 'full run, 50 ms latency per response', Math.round(f.latencyRunMs), '<', TARGETS.latencyRunMs, ' ms'),
    row('d requests', 'requests(1e6) / requests(1e3)', round(ratio(f.requests1e6, f.requests1e3), 2), '<=', TARGETS.growth),
    row('d wall', 'wall(1e6) / wall(1e3)', round(ratio(f.wall1e6Ms, f.wall1e3Ms), 2), '<=', TARGETS.growth),
    row('e', 'AJV CodesPage validations of 25-record pages per second', Math.round(f.ajvPagesPerSecond), '>=', TARGETS.ajvPagesPerSecond),
    row('h', 'console: spawn → "Plan:" line, cold CLI with --rate 5 on a pipe', Math.round(f.planLineMs), '<', TARGETS.planLineMs, ' ms'),
    ...TARGETS.throttledTotals.flatMap((total) => {
      const t = f.throttled.find((x) => x.total === total);
      const n = total.toLocaleString('en-US');
      return [
        row(`g ${n} auth`, `authenticated requests, ${n} codes, 60-a-minute throttle`, t?.authenticated ?? NaN, '<=', TARGETS.throttledAuthenticated),
        row(`g ${n} 429`, `429 answers received, ${n} codes, 60-a-minute throttle`, t?.rateLimited ?? NaN, '<=', 0),
        row(`g ${n} wall`, `full run, ${n} codes, 60-a-minute throttle`, Math.round(t?.wallMs ?? NaN), '<', TARGETS.throttledWallMs, ' ms'),
      ];
    }),
  ];
}

export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

/** A plain fixed-width table (the README takes it as a code block). */
export function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
