/**
 * `npm run bench`: how fast a run is, and how much of it is ours. Prints a table and writes bench/results.json.
 *
 *   a) full runs against the embedded reference (137 codes): in-process (runTarget) and the cold CLI;
 *   b) the same requests replayed by a raw undici client at the same concurrency against the same server (and,
 *      to split the difference, by the suites' own HttpClient alone);
 *   c) a full run against a reference answering after 50 ms;
 *   d) full runs against 1,000, 100,000 and 1,000,000 codes;
 *   e) AJV validation of 25-record pages, pages per second;
 *   f) pathological answers: a 200,000-deep array shown and parsed, a 58 MiB body masked (bench/pathological.ts).
 *   g) full runs against Laravel 10's API throttle (60 authenticated requests a minute, a real 60 s window) for
 *      137, 1,000 and 1,000,000 codes: wall, requests, authenticated requests, 429s, and the physical floor; and
 *      which kinds of request a collection beyond one window's reach adds;
 *   h) the console of a cold CLI with --rate 5 on a pipe: spawn → its "Target:" and "Plan:" lines.
 *
 * Environment: BENCH_REPEAT (default 3) runs of each, medians reported; BENCH_AB_PAIRS (default 7) back-to-back
 * (a)/(b) pairs for the request-phase ratio; BENCH_SEED (default 1).
 * Timings are figures, never assertions: the targets are printed PASS/MISS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/paths.ts';
import { loadSpec } from '../src/spec.ts';
import { startReference, type ReferenceOptions, type ReferenceServer } from '../reference/server.ts';
import { pathologicalFigures } from './pathological.ts';
import { isSmoke, median, pairedRatio, physicalFloorMs, ratio, requestPhase, round, table, verdicts, type Figures, type Timed } from './figures.ts';

// The runs use the compiled package (dist/, built by `npm run bench` first), as users and the CLI run it: the
// in-process runs then start the suites' worker early as the CLI does (cli/suites-pool.ts), and load the suites'
// modules as Node does, not through Vite's transform.
const compiled = (p: string) => import(pathToFileURL(path.join(PACKAGE_ROOT, 'dist', p)).href);
const { parseCommand } = (await compiled('cli/config.js')) as typeof import('../cli/config.ts');
const { runTarget, SUITE_VERSION } = (await compiled('cli/run.js')) as typeof import('../cli/run.ts');

const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3) || 3);
/** (a)/(b) pairs: the ratio's two sides are about 100 ms each, so it takes more runs than the other figures. */
const AB_PAIRS = Math.max(REPEAT, Number(process.env.BENCH_AB_PAIRS ?? 7) || 7);
const SEED = String(Number(process.env.BENCH_SEED ?? 1) || 1);
const TOKEN = 'bench-token-0123456789abcdef';
const CONCURRENCY = 4; // the CLI's default, which the runs below use
const log = (s: string) => process.stdout.write(s + '\n');
/** Laravel 10's default throttle:api: 60 requests a minute per user, counted after auth. */
const THROTTLE = { limit: 60, windowMs: 60_000 };

interface HarEntry {
  startedDateTime: string;
  time: number;
  _purpose?: string;
  request: { url: string; headers: Array<{ name: string; value: string }> };
  response: { status: number };
}

function readHar(outDir: string): HarEntry[] {
  return (JSON.parse(readFileSync(path.join(outDir, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
}

function timings(entries: HarEntry[]): Timed[] {
  return entries.map((e) => ({ startedAt: e.startedDateTime, durationMs: e.time, purpose: e._purpose }));
}

interface RunFigure {
  exitCode: number;
  verdict?: string;
  requests: number;
  wallMs: number;
  /** run start → first suite request */
  startupMs: number;
  /** first suite request → last response */
  phaseMs: number;
  /** run start → smoke request */
  smokeAtMs: number;
  /** Answered requests other than 401s: what Laravel's throttle (after auth) counts. */
  authenticated: number;
  /** 429 answers received (stats.rateLimited). */
  rateLimited: number;
  /** Median time of one exchange (ms). */
  roundTripMs: number;
  entries: HarEntry[];
}

/** Each figure's median over repeated runs, and every run's exit code. */
function medians(runs: RunFigure[]) {
  const med = (pick: (r: RunFigure) => number) => median(runs.map(pick));
  return {
    wallMs: med((r) => r.wallMs),
    startupMs: med((r) => r.startupMs),
    smokeAtMs: med((r) => r.smokeAtMs),
    phaseMs: med((r) => r.phaseMs),
    requests: med((r) => r.requests),
    exitCodes: runs.map((r) => r.exitCode),
  };
}

function figureOf(t0: number, t1: number, outDir: string, exitCode: number, requests: number, verdict?: string, rateLimited = 0): RunFigure {
  const entries = readHar(outDir);
  const all = timings(entries);
  const suite = requestPhase(all.filter((x) => !isSmoke(x)));
  const smoke = requestPhase(all.filter(isSmoke));
  return {
    exitCode,
    verdict,
    requests,
    wallMs: t1 - t0,
    startupMs: suite ? suite.firstStart - t0 : NaN,
    phaseMs: suite ? suite.ms : NaN,
    smokeAtMs: smoke ? smoke.firstStart - t0 : NaN,
    authenticated: entries.filter(isAuthenticated).length,
    rateLimited,
    roundTripMs: median(entries.map((e) => e.time)),
    entries,
  };
}

/** One full run in this process, as the CLI would do it (parseCommand → runTarget). */
async function inProcess(args: string[]): Promise<RunFigure> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'vms-bench-'));
  try {
    const cmd = parseCommand([...args, '--out', out, '--quiet', '--seed', SEED], {}, out);
    const t0 = Date.now();
    const o = await runTarget(cmd.targets[0]!, { quiet: true, log: () => {} });
    const t1 = Date.now();
    return figureOf(t0, t1, out, o.exitCode, o.result?.stats.requests ?? 0, o.result?.verdict, o.result?.stats.rateLimited ?? 0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function against(options: ReferenceOptions, extra: string[] = []): Promise<RunFigure> {
  const ref = await startReference({ token: TOKEN, ...options });
  try {
    return await inProcess(['--base-url', ref.baseUrl, '--token', TOKEN, ...extra]);
  } finally {
    await ref.close();
  }
}

/** The CLI as users start it: the bin, in an environment without the machine's CONFORMANCE_* or NODE_OPTIONS. */
const CLI_BIN = path.join(PACKAGE_ROOT, 'bin/vms-conformance.mjs');
const cliEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_') && k !== 'NODE_OPTIONS'));

/** Answered requests other than 401s: what Laravel's throttle (after auth) counts. */
const isAuthenticated = (e: HarEntry): boolean => e.response.status > 0 && e.response.status !== 401;

/** The CLI as users start it: a fresh node process, embedded reference. */
async function coldCli(): Promise<RunFigure> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'vms-bench-cli-'));
  try {
    const t0 = Date.now();
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, '--out', out, '--quiet', '--seed', SEED], {
        cwd: out,
        env: cliEnv(),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (c) => resolve(c ?? 1));
    });
    const t1 = Date.now();
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { stats: { requests: number }; verdict: string };
    return figureOf(t0, t1, out, code, results.stats.requests, results.verdict);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** (h) A cold CLI with --rate 5, stdout a pipe: when its "Target:" and "Plan:" lines arrive after the spawn. */
async function consoleLines(): Promise<{ targetLineMs: number; planLineMs: number; exitCode: number }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'vms-bench-console-'));
  try {
    const t0 = Date.now();
    const seen: Record<string, number> = {};
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, '--out', out, '--rate', '5', '--seed', SEED], { cwd: out, env: { ...cliEnv(), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString('utf8');
        for (const [key, re] of [['target', /^Target: /m], ['plan', /^ {2}Plan: /m]] as const) if (seen[key] === undefined && re.test(text)) seen[key] = Date.now() - t0;
      });
      child.on('error', reject);
      child.on('exit', (c) => resolve(c ?? 1));
    });
    return { targetLineMs: seen.target ?? NaN, planLineMs: seen.plan ?? NaN, exitCode };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Which kinds of request (a purpose's words before its first ':' or number) the larger collection's run sent
 * more of than the smaller's, counting authenticated requests only: what a collection beyond one window adds.
 */
function addedKinds(small: HarEntry[], large: HarEntry[]): string {
  const kinds = (entries: HarEntry[]) => {
    const m = new Map<string, number>();
    for (const e of entries) {
      if (!isAuthenticated(e)) continue;
      const kind = (e._purpose ?? 'other').split(/[:(]| \d/)[0]!.trim();
      m.set(kind, (m.get(kind) ?? 0) + 1);
    }
    return m;
  };
  const a = kinds(small);
  const b = kinds(large);
  const added = [...b].map(([k, n]) => [k, n - (a.get(k) ?? 0)] as const).filter(([, d]) => d !== 0);
  return added.map(([k, d]) => `${d > 0 ? '+' : ''}${d} ${k}`).join(', ');
}

interface RawFigure {
  ms: number;
  requests: number;
  statuses: Record<string, number>;
}

/**
 * The suites' requests (smoke excluded) replayed with undici in a worker thread, like the suites' own client,
 * against a fresh reference with the same data. The masked Authorization of the valid token is put back; every
 * other masked value stays invalid, so those requests still get their 401.
 */
async function raw(entries: HarEntry[], ref: ReferenceServer, kind: 'undici' | 'client' = 'undici'): Promise<RawFigure> {
  const origin = new URL(ref.baseUrl).origin;
  const requests = entries
    .filter((e) => !isSmoke({ startedAt: e.startedDateTime, durationMs: e.time, purpose: e._purpose }))
    .map((e) => {
      const u = new URL(e.request.url);
      const headers: Record<string, string> = {};
      for (const { name, value } of e.request.headers) {
        const n = name.toLowerCase();
        if (n === 'host' || n === 'connection' || n === 'content-length') continue;
        headers[n] = n === 'authorization' ? value.replace(/^(bearer) \*\*\*$/i, `$1 ${TOKEN}`) : value;
      }
      return { path: u.pathname + u.search, headers };
    });
  // One untimed request first, as the run's smoke step warms the server before the suites start.
  await fetch(`${ref.baseUrl}/api/v1/intercom/codes?per_page=25&page=1`, { headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}` } }).then((r) => r.arrayBuffer());
  const result = await new Promise<{ ms: number; statuses: Record<string, number> }>((resolve, reject) => {
    const w = new Worker(new URL('./raw-worker.mjs', import.meta.url), { workerData: { kind, origin, requests, concurrency: CONCURRENCY, token: TOKEN } });
    w.once('message', resolve);
    w.once('error', reject);
  });
  return { ms: result.ms, requests: requests.length, statuses: result.statuses };
}

/** (e): CodesPage validations per second on one core, over real 25-record pages of the reference. */
async function ajvThroughput(): Promise<{ pagesPerSecond: number; pages: number; errors: number }> {
  const ref = await startReference({ token: TOKEN, total: 1000 });
  const bodies: unknown[] = [];
  try {
    for (let page = 1; page <= 8; page++) {
      const r = await fetch(`${ref.baseUrl}/api/v1/intercom/codes?per_page=25&page=${page}`, { headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}` } });
      bodies.push(await r.json());
    }
  } finally {
    await ref.close();
  }
  const spec = loadSpec(); // compiled once, outside the timing
  let errors = 0;
  for (const b of bodies) errors += spec.validate('CodesPage', b).length;
  for (let i = 0; i < 2000; i++) spec.validate('CodesPage', bodies[i % bodies.length]);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1500) {
    for (let i = 0; i < 500; i++) spec.validate('CodesPage', bodies[(n + i) % bodies.length]);
    n += 500;
  }
  return { pagesPerSecond: n / ((performance.now() - t0) / 1000), pages: bodies.length, errors };
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');

async function main(): Promise<void> {
  const machine = { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu: cpuModel(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadavg: os.loadavg().map((x) => round(x, 2)) };
  log(`vms-conformance ${SUITE_VERSION} bench: ${machine.nproc} × ${machine.cpu}, node ${machine.node}, load ${machine.loadavg.join(' ')}`);
  log(`every run ${REPEAT} times (the a/b pairs ${AB_PAIRS} times), medians; seed ${SEED}\n`);

  // Warm-up (not counted): the first import of vitest/node and the first run's JIT would otherwise land in (a).
  await inProcess([]);

  // (a) in-process, embedded reference, each run followed at once by (b), the same requests with a raw client on
  // the same kind of server, and by the same replay through the suites' HttpClient alone (how much of a/b is the
  // client, how much the suites). Back to back, so a pair shares the machine's moment: its neighbours move a
  // 100 ms phase by tens of percent from one minute to the next, and the a/b ratio is the median of the pairs'.
  const runsA: RunFigure[] = [];
  const runsB: RawFigure[] = [];
  const runsClient: RawFigure[] = [];
  for (let i = 0; i < AB_PAIRS; i++) {
    runsA.push(await inProcess([]));
    const ref = await startReference({ token: TOKEN });
    try {
      runsB.push(await raw(runsA[i]!.entries, ref, 'undici'));
      runsClient.push(await raw(runsA[i]!.entries, ref, 'client'));
    } finally {
      await ref.close();
    }
  }
  // (a) cold CLI
  const runsCli: RunFigure[] = [];
  for (let i = 0; i < REPEAT; i++) runsCli.push(await coldCli());

  // (c) 50 ms per response
  const latency = await repeated(() => against({ latencyMs: 50 }));
  // Its request phase's floor: the suites' requests (smoke excluded) in rounds of the concurrency, one round trip each.
  const latencyFloorMs = physicalFloorMs({ requests: latency.requests - 1, concurrency: CONCURRENCY, roundTripMs: latency.roundTripMs });
  // (d) growth with the collection
  const sizes: Array<{ total: number; run: RunFigure }> = [];
  for (const total of [1_000, 100_000, 1_000_000]) sizes.push({ total, run: await repeated(() => against({ total })) });
  // (f) Laravel 10's throttle:api on a real window: each run gets a fresh server, so a fresh window
  const throttled: Array<{ total: number; run: RunFigure; floorMs: number }> = [];
  for (const total of [137, 1_000, 1_000_000]) {
    const run = await repeated(() => against({ total, throttle: THROTTLE }));
    const floorMs = physicalFloorMs({ requests: run.requests, concurrency: CONCURRENCY, roundTripMs: run.roundTripMs, authenticated: run.authenticated, ...THROTTLE });
    throttled.push({ total, run, floorMs });
  }
  // (h) the console's first lines
  const consoleRuns: Array<Awaited<ReturnType<typeof consoleLines>>> = [];
  for (let i = 0; i < REPEAT; i++) consoleRuns.push(await consoleLines());
  const planLineMs = median(consoleRuns.map((r) => r.planLineMs));
  const targetLineMs = median(consoleRuns.map((r) => r.targetLineMs));
  const beyondWindow = addedKinds(throttled.find((t) => t.total === 1_000)!.run.entries, throttled.find((t) => t.total === 1_000_000)!.run.entries);
  // (e)
  const ajv = await ajvThroughput();
  // (f)
  const patho = pathologicalFigures(REPEAT);

  const a = medians(runsA);
  const b = { ms: median(runsB.map((r) => r.ms)), requests: runsB[0]!.requests, statuses: runsB[0]!.statuses };
  const clientOnly = { ms: median(runsClient.map((r) => r.ms)), requests: runsClient[0]!.requests, statuses: runsClient[0]!.statuses };
  const cli = medians(runsCli);
  const by = (t: number) => sizes.find((s) => s.total === t)!.run;
  const ab = pairedRatio(runsA.map((r) => r.phaseMs), runsB.map((r) => r.ms));
  const figures: Figures = {
    requestPhaseRatio: ab.median,
    startupInProcessMs: a.startupMs,
    startupCliMs: cli.startupMs,
    latencyRunMs: latency.wallMs,
    requests1e3: by(1_000).requests,
    requests1e6: by(1_000_000).requests,
    wall1e3Ms: by(1_000).wallMs,
    wall1e6Ms: by(1_000_000).wallMs,
    ajvPagesPerSecond: ajv.pagesPerSecond,
    throttled: throttled.map((t) => ({ total: t.total, authenticated: t.run.authenticated, rateLimited: t.run.rateLimited, wallMs: t.run.wallMs })),
    planLineMs,
  };
  const rows = verdicts(figures);

  const runRows: Array<Array<string | number>> = [
    ['a  in-process, 137 codes', a.requests, ms(a.wallMs), ms(a.startupMs), ms(a.phaseMs), `exit ${a.exitCodes.join(',')}`],
    ['a  cold CLI, 137 codes', cli.requests, ms(cli.wallMs), ms(cli.startupMs), ms(cli.phaseMs), `exit ${cli.exitCodes.join(',')}`],
    ['b  raw undici, same requests', b.requests, '', '', ms(b.ms), `concurrency ${CONCURRENCY}`],
    ['   HttpClient alone, same requests', clientOnly.requests, '', '', ms(clientOnly.ms), `${round(ratio(clientOnly.ms, b.ms), 2)} × raw`],
    ['c  50 ms latency, 137 codes', latency.requests, ms(latency.wallMs), ms(latency.startupMs), ms(latency.phaseMs), `floor ${ms(latencyFloorMs)} (${round(ratio(latency.phaseMs, latencyFloorMs), 2)} ×), exit ${latency.exitCode}`],
    ...sizes.map((s) => [`d  ${s.total.toLocaleString('en-US')} codes`, s.run.requests, ms(s.run.wallMs), ms(s.run.startupMs), ms(s.run.phaseMs), `exit ${s.run.exitCode}`]),
    ['e  AJV CodesPage, 25 records', '', '', '', '', `${Math.round(ajv.pagesPerSecond).toLocaleString('en-US')} pages/s`],
    ['f  200,000-deep array: shown / parsed', '', '', '', '', `${ms(patho.displayDeepMs)} / ${ms(patho.parseDeepMs)}`],
    [`f  ${patho.maskBigMiB.toFixed(0)} MiB body masked, 6 tokens`, '', '', '', '', ms(patho.maskBigMs)],
    ...throttled.map((t) => [
      `g  60/min throttle, ${t.total.toLocaleString('en-US')} codes`,
      t.run.requests,
      ms(t.run.wallMs),
      ms(t.run.startupMs),
      ms(t.run.phaseMs),
      `${t.run.authenticated} authenticated, ${t.run.rateLimited} × 429, floor ${ms(t.floorMs)}, exit ${t.run.exitCode}`,
    ]),
    ['h  console, cold CLI --rate 5 (pipe)', '', '', '', '', `"Target:" line ${ms(targetLineMs)}, "Plan:" line ${ms(planLineMs)}, exit ${consoleRuns.map((r) => r.exitCode).join(',')}`],
  ];
  log(table(['run', 'requests', 'wall', 'start-up', 'request phase', 'note'], runRows));
  log('');
  log('start-up: run start (runTarget call, or process spawn for the CLI) → first suite request (the smoke request is part of it)');
  log('request phase: first suite request → last response (from the exchanges\' startedAt + durationMs)');
  log(`a/b: median of ${AB_PAIRS} back-to-back pairs ${round(ab.median, 2)} (pairs ${round(ab.min, 2)} to ${round(ab.max, 2)}); a and b rows above are each side's median`);
  log(`a/b split: the client alone is ${round(ratio(clientOnly.ms, b.ms), 2)} × raw; the suites add ${round(ratio(a.phaseMs, clientOnly.ms), 2)} × on top`);
  log('g floor: ceil(requests / concurrency) × the median round trip, plus a 60 s window for each window the authenticated requests exceed');
  log(`g beyond one window: 1,000,000 codes against 1,000, authenticated requests by kind: ${beyondWindow || 'none'}`);
  log(`whole-run ratio, for honesty: in-process wall / raw = ${round(ratio(a.wallMs, b.ms), 1)}, cold CLI wall / raw = ${round(ratio(cli.wallMs, b.ms), 1)}`);
  log('');
  log(table(['target', 'figure', 'value', 'target', 'verdict'], rows.map((r) => [r.id, r.figure, r.value, r.target, r.verdict])));

  const results = {
    generatedAt: new Date().toISOString(),
    version: SUITE_VERSION,
    machine,
    repeat: REPEAT,
    abPairs: AB_PAIRS,
    seed: Number(SEED),
    concurrency: CONCURRENCY,
    a: { inProcess: a, cli, runs: runsA.map(strip), cliRuns: runsCli.map(strip) },
    b: { ...b, runs: runsB.map((r) => r.ms) },
    httpClientReplay: { ...clientOnly, runs: runsClient.map((r) => r.ms) },
    c: { ...strip(latency), floorMs: latencyFloorMs },
    d: sizes.map((s) => ({ total: s.total, ...strip(s.run) })),
    e: ajv,
    f: patho,
    g: throttled.map((t) => ({ total: t.total, throttle: THROTTLE, floorMs: t.floorMs, ...strip(t.run) })),
    gBeyondWindow: beyondWindow,
    h: { targetLineMs, planLineMs, runs: consoleRuns },
    ratios: {
      requestPhase: figures.requestPhaseRatio,
      requestPhasePairs: ab.ratios,
      httpClientOverRaw: ratio(clientOnly.ms, b.ms),
      suitesOverHttpClient: ratio(a.phaseMs, clientOnly.ms),
      wholeRunInProcess: ratio(a.wallMs, b.ms),
      wholeRunCli: ratio(cli.wallMs, b.ms),
      requests1e6over1e3: ratio(figures.requests1e6, figures.requests1e3),
      wall1e6over1e3: ratio(figures.wall1e6Ms, figures.wall1e3Ms),
    },
    targets: rows,
  };
  writeFileSync(path.join(PACKAGE_ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  log(`\nwritten bench/results.json`);
}

/** REPEAT runs, and one figure of their medians (wall, start-up, phase; requests and exit of the median-wall run). */
async function repeated(run: () => Promise<RunFigure>): Promise<RunFigure> {
  const runs: RunFigure[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await run());
  const byWall = [...runs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor(runs.length / 2)]!;
  return {
    ...byWall,
    wallMs: median(runs.map((r) => r.wallMs)),
    startupMs: median(runs.map((r) => r.startupMs)),
    phaseMs: median(runs.map((r) => r.phaseMs)),
    smokeAtMs: median(runs.map((r) => r.smokeAtMs)),
    exitCode: Math.max(...runs.map((r) => r.exitCode)),
  };
}

function strip(r: RunFigure): Omit<RunFigure, 'entries'> {
  const { entries: _entries, ...rest } = r;
  return rest;
}

await main();
// vitest sets process.exitCode when a suite test fails; the bench itself succeeded.
process.exitCode = 0;
