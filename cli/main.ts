/**
 * vms-conformance command line. Exit status: 0 conformant, 1 non-conformant, 2 no verdict (usage/configuration
 * error, a target the suite cannot test, a harness error, or an incomplete run), 130 interrupted (SIGINT/SIGTERM; reports are still written, marked interrupted).
 */
import { FLAGS, parseCommand, UsageError } from './config.ts';
import { REQUIREMENTS } from '../src/requirements.ts';
import { runTarget, SUITE_VERSION, type RunOutcome } from './run.ts';
import { writeIndex } from '../reporters/index-page.ts';
import { renderSummary, writeStepSummary } from '../reporters/summary.ts';
import { EXIT, headlineOf } from '../src/verdict.ts';
import { wantsColor } from '../reporters/console.ts';


function helpText(): string {
  const rows = FLAGS.map((f) => {
    const left = `  --${f.flag}${'arg' in f ? ` ${f.arg}` : ''}`;
    const env = 'env' in f ? ` [env ${f.env}]` : '';
    return `${left.padEnd(26)} ${f.help}${env}`;
  });
  return [
    `vms-conformance ${SUITE_VERSION}: conformance suite for GET /api/v1/intercom/codes`,
    '',
    'Usage: vms-conformance [--base-url URL --token T] [options]',
    '       (no --base-url: runs against the embedded reference server)',
    '',
    ...rows,
    '',
    'Exit status: 0 conformant, 1 non-conformant, 2 no verdict (bad flags or config, target unreachable,',
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
  let command;
  try {
    command = parseCommand(argv, process.env, process.cwd());
  } catch (e) {
    return fail(e, err);
  }
  if (command.kind === 'help') return out(helpText()), 0;
  if (command.kind === 'version') return out(SUITE_VERSION), 0;
  if (command.kind === 'list') return out(listText()), 0;

  let stop: (() => void) | undefined;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1 || !stop) {
      // Nothing to write yet (still starting, or the smoke step), or a second signal: quit at once.
      err(`\n${sig}: interrupted${stop ? '' : ' before the suites started; no reports written'}`);
      process.exit(EXIT.interrupted);
    }
    err(`\n${sig}: stopping; writing the reports with what finished (press again to quit at once)`);
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const outcomes: Array<{ name: string; outcome: RunOutcome & { baseUrl?: string } }> = [];
  try {
    for (const target of command.targets) {
      const name = target.name ?? target.baseUrl ?? 'embedded reference';
      if (command.targets.length > 1 && !command.quiet) out(`\n== ${name} ==`);
      const outcome = await runTarget(target, {
        quiet: command.quiet,
        log: out,
        tty: process.stdout.isTTY === true,
        color: wantsColor(process.stdout),
        width: process.stdout.columns,
        onInterrupt: (f) => (stop = f),
      });
      stop = undefined; // this target's run is over: a signal now must not cancel it (or the next) half-way
      outcomes.push({ name, outcome: { ...outcome, baseUrl: target.baseUrl } });
      if (outcome.result) writeStepSummary(renderSummary(outcome.result));
      report(outcome, name, out, err);
      if (outcome.exitCode === EXIT.interrupted) break;
    }
  } catch (e) {
    return fail(e, err);
  }
  const exitCode = Math.max(...outcomes.map((o) => o.outcome.exitCode));
  if (command.targets.length > 1) {
    const indexPath = writeIndex(command.targets[0].out, outcomes);
    out(rollUpLine(outcomes, command.targets.length, exitCode));
    out(`Index of all targets: ${indexPath}`);
  }
  return exitCode;
}

/** The closing line of one target: its headline (the same words as every report), then where the reports are. */
export function verdictLine(o: RunOutcome, name: string): string {
  const r = o.result!;
  const h = headlineOf(r);
  const where = `reports in ${o.outDir}`;
  if (o.exitCode === EXIT.interrupted) return `INTERRUPTED: ${name}: ${h.text.replace(/ \(interrupted\)$/, '')} so far; partial ${where}`;
  if (h.label === 'HARNESS ERROR') return `HARNESS ERROR: ${name}: ${r.harnessErrors![0]}; no verdict (${where})`;
  if (h.label === 'INCOMPLETE') {
    return `${h.text}: ${name}: no MUST requirement failed, but ${h.cutShort.join(', ')} could not be evaluated within the request budget or deadline; no verdict (raise --max-requests or --deadline-ms; ${where})`;
  }
  const known = h.known.length ? `; known (baseline): ${h.known.join(', ')}` : '';
  if (h.label === 'CONFORMANT') return `${h.text}: ${name} (${r.stats.requests} requests, ${(r.durationMs / 1000).toFixed(1)} s)${known}; ${where}`;
  const parts = [
    ...(h.failing.length ? [`${h.failing.join(', ')} failed`] : []),
    ...(h.stale.length ? [`stale baseline entr${h.stale.length === 1 ? 'y' : 'ies'} ${h.stale.join(', ')} (the requirement now passes; remove it)`] : []),
  ];
  return `${h.label}: ${name}: ${parts.length ? parts.join('; ') : 'see the report'}${known}; ${where}`;
}

/** One closing line for a multi-target run: every target's verdict (and failing ids), and the exit status. */
export function rollUpLine(outcomes: Array<{ name: string; outcome: RunOutcome }>, planned: number, exitCode: number): string {
  const parts = outcomes.map(({ name, outcome }) => {
    if (outcome.setupError) return `${name} SETUP ERROR`;
    const h = headlineOf(outcome.result!);
    const label = outcome.exitCode === EXIT.interrupted ? 'INTERRUPTED' : h.label;
    return `${name} ${label}${h.failing.length ? ` (${h.failing.join(', ')})` : h.known.length ? ` (${h.known.length} known)` : ''}`;
  });
  const notRun = planned - outcomes.length;
  return `All targets: ${parts.join('; ')}${notRun > 0 ? `; ${notRun} not run` : ''}; exit ${exitCode}`;
}

function report(o: RunOutcome, name: string, out: (s: string) => void, err: (s: string) => void): void {
  if (o.setupError) {
    err(`vms-conformance: ${o.setupError.reason}`);
    err(`hint: ${o.setupError.hint}`);
    return;
  }
  out(verdictLine(o, name));
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
