/**
 * vms-conformance command line. Exit status: 0 conformant, 1 non-conformant, 2 no verdict (usage/configuration
 * error, a target the suite cannot test, a harness error, or an incomplete run), 130 interrupted (SIGINT/SIGTERM; reports are still written, marked interrupted).
 */
import { FLAGS, flagLabel, parseCommand, UsageError } from './config.ts';
import { REQUIREMENTS } from '../src/requirements.ts';
import { runTarget, SUITE_VERSION, type RunOutcome } from './run.ts';
import { writeIndex } from '../reporters/index-page.ts';
import { renderSummary, writeStepSummary } from '../reporters/summary.ts';
import { outDirProblem } from './out-dir.ts';

/**
 * `vms-conformance diff|merge|index ...`: commands on finished runs' report folders (they send no request).
 * Loaded only when used: a conformance run needs none of their modules (Ajv for reading results.json among them).
 */
const SUBCOMMANDS = {
  diff: async (argv: string[], cwd: string, out: (s: string) => void) => (await import('./diff.ts')).runDiff(argv, cwd, out),
  merge: async (argv: string[], cwd: string, out: (s: string) => void) => (await import('./merge.ts')).runMerge(argv, cwd, out),
  index: async (argv: string[], cwd: string, out: (s: string) => void) => (await import('./merge.ts')).runMerge(argv, cwd, out),
};

export const EXIT = { conformant: 0, nonConformant: 1, setup: 2, interrupted: 130 } as const;

function helpText(): string {
  const rows = FLAGS.map((f) => {
    const left = `  ${flagLabel(f)}`;
    const env = 'env' in f ? ` [env ${f.env}]` : '';
    return `${left.padEnd(32)} ${f.help}${env}`;
  });
  return [
    `vms-conformance ${SUITE_VERSION}: conformance suite for GET /api/v1/intercom/codes`,
    '',
    'Usage: vms-conformance [BASE-URL | --base-url URL] [--token T] [options]',
    '       (no --base-url: runs against the embedded reference server)',
    '       vms-conformance diff OLD NEW     what changed between two runs (diff --help)',
    '       vms-conformance merge DIR...     one index.html and summary.md for many report folders (alias: index; merge --help)',
    '',
    ...rows,
    '',
    'Exit status: 0 conformant, 1 non-conformant, 2 no verdict (bad flags or config, credentials in the',
    'base URL, an --out folder that cannot be written (checked before any request), target unreachable,',
    'not HTTP, TLS failure, token refused, harness error, or an incomplete run: --max-requests or',
    '--deadline-ms ran out before every MUST requirement was checked), 130 interrupted.',
  ].join('\n');
}

function listText(): string {
  const width = Math.max(...REQUIREMENTS.map((r) => r.id.length));
  return REQUIREMENTS.map((r) => `${r.id.padEnd(width)}  ${r.level === 'must' ? 'MUST  ' : 'SHOULD'}  ${r.title}`).join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  const sub = SUBCOMMANDS[argv[0] as keyof typeof SUBCOMMANDS];
  if (sub) {
    try {
      return await sub(argv.slice(1), process.cwd(), out);
    } catch (e) {
      return fail(e, err);
    }
  }
  let command;
  try {
    command = parseCommand(argv, process.env, process.cwd());
  } catch (e) {
    return fail(e, err);
  }
  if (command.kind === 'help') return out(helpText()), 0;
  if (command.kind === 'version') return out(SUITE_VERSION), 0;
  if (command.kind === 'list') return out(listText()), 0;
  // Before the first request: a run that cannot write its reports must not spend the target's requests.
  for (const target of command.targets) {
    const problem = outDirProblem(target.out);
    if (problem) return err(`vms-conformance: ${problem.reason}`), err(`hint: ${problem.hint}`), EXIT.setup;
  }

  // The interrupt functions of the runs under way (several with --parallel-targets).
  const stops = new Set<() => void>();
  let signals = 0;
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1 || stops.size === 0) {
      // Nothing to write yet (still starting, or the smoke step), or a second signal: quit at once.
      err(`\n${sig}: interrupted${stops.size ? '' : ' before the suites started; no reports written'}`);
      process.exit(EXIT.interrupted);
    }
    err(`\n${sig}: stopping; writing the reports with what finished (press again to quit at once)`);
    interrupted = true;
    for (const stop of stops) stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { targets } = command;
  const parallel = Math.min(command.parallelTargets ?? 1, targets.length);
  const outcomes: Array<{ name: string; outcome: RunOutcome }> = [];
  const runOne = async (i: number) => {
    const target = targets[i];
    const name = target.name ?? target.baseUrl ?? 'embedded reference';
    // Runs side by side would interleave their lines: each one's output is held and printed as one block.
    const held: string[] = [];
    const log = parallel > 1 ? (s: string) => void held.push(s) : out;
    if (targets.length > 1 && !command.quiet) out(parallel > 1 ? `started: ${name}` : `\n== ${name} ==`);
    let stop: (() => void) | undefined;
    const outcome = await runTarget(target, {
      quiet: command.quiet,
      log,
      ...(parallel > 1 ? { write: (text: string) => void held.push(text.replace(/\n$/, '')) } : {}),
      onInterrupt: (f) => stops.add((stop = f)),
    });
    if (stop) stops.delete(stop); // this target's run is over: a signal now must not cancel it half-way
    if (parallel > 1 && !command.quiet) out([`\n== ${name} ==`, ...held].join('\n'));
    outcomes[i] = { name, outcome };
    if (outcome.result) writeStepSummary(renderSummary(outcome.result));
    report(outcome, name, out, err);
    if (outcome.exitCode === EXIT.interrupted) interrupted = true;
  };
  try {
    let next = 0;
    const lane = async () => {
      while (next < targets.length && !interrupted) await runOne(next++);
    };
    await Promise.all(Array.from({ length: parallel }, lane));
  } catch (e) {
    return fail(e, err);
  }
  const done = outcomes.filter(Boolean);
  if (targets.length > 1) {
    const indexPath = writeIndex(targets[0].out, done);
    out(`Index of all targets: ${indexPath}`);
  }
  return Math.max(...done.map((o) => o.outcome.exitCode));
}

function report(o: RunOutcome, name: string, out: (s: string) => void, err: (s: string) => void): void {
  if (o.setupError) {
    err(`vms-conformance: ${o.setupError.reason}`);
    err(`hint: ${o.setupError.hint}`);
    return;
  }
  const r = o.result!;
  const failed = r.checks.filter((c) => c.status === 'fail' && !c.knownFailure).map((c) => c.id);
  const line =
    o.exitCode === EXIT.interrupted
      ? `INTERRUPTED: ${name}: partial reports in ${o.outDir}`
      : r.harnessErrors?.length
        ? `HARNESS ERROR: ${name}: ${r.harnessErrors[0]}; no verdict (reports in ${o.outDir})`
        : r.verdict === 'incomplete'
          ? `INCOMPLETE: ${name}: no MUST requirement failed, but ${r.checks.filter((c) => c.severity === 'must' && c.cutShort).map((c) => c.id).join(', ')} could not be evaluated within the request budget or deadline; no verdict (raise --max-requests or --deadline-ms; reports in ${o.outDir})`
      : r.verdict === 'conformant'
        ? `CONFORMANT: ${name} (${r.stats.requests} requests, ${(r.durationMs / 1000).toFixed(1)} s); reports in ${o.outDir}`
        : `NON-CONFORMANT: ${name}: ${failed.length ? failed.join(', ') : 'see the report'}; reports in ${o.outDir}`;
  out(line);
}

function fail(e: unknown, err: (s: string) => void): number {
  if (e instanceof UsageError) {
    err(`vms-conformance: ${e.message}`);
    if (e.hint) err(`hint: ${e.hint}`);
    return EXIT.setup;
  }
  const message = e instanceof Error ? e.message : String(e);
  err(`vms-conformance: internal error: ${message.split('\n')[0]}`);
  err('hint: this is a bug in vms-conformance; rerun with DEBUG=vms-conformance for the stack trace and report it');
  if (process.env.DEBUG?.includes('vms-conformance') && e instanceof Error) err(e.stack ?? '');
  return EXIT.setup;
}
