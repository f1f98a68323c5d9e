/**
 * The vitest reporter that turns a run of suites/*.suite.ts into the artifacts.
 *
 * Each suite test is named "<REQUIREMENT-ID> <title>" and attaches `task.meta.conformance: TestEvidence`.
 * At the end of the run this reporter collects that evidence, reads the JSONL exchange log the HTTP client
 * wrote, aggregates (src/aggregate.ts), writes results.json, report.html, junit.xml, exchanges.har and
 * summary.md, and exposes the result. Everything it sees is already masked; it still never prints headers.
 *
 * Use: `reporters: [new ConformanceReporter(options)]`, or `[['./reporters/conformance-reporter.ts', options]]`
 * (then options are JSON: no onResult/write callbacks).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason } from 'vitest/node';
import { ANNOUNCE_PREFIX } from '../src/http/rate-window.ts';
import { buildRunResult, type RunContext, type TestOutcome } from '../src/aggregate.ts';
import type { DriftReport, Exchange, RunResult, TestEvidence } from '../src/evidence.ts';
import { writeArtifacts, type ArtifactPaths } from './write.ts';
import { PLAIN, renderConsoleReport, type ConsoleStyle } from './console.ts';

export interface ConformanceReporterOptions {
  outDir: string;
  /** JSONL file of masked exchanges written by the HTTP client. */
  exchangeLog: string;
  context: Omit<RunContext, 'durationMs' | 'interrupted'>;
  onResult?: (result: RunResult) => void;
  /** The closing console report (each requirement once, failures in full, the headline). */
  progress?: boolean;
  /** Colour and wrap width of the console report (default: plain, 110 columns). */
  style?: ConsoleStyle;
  /** Told of every finished test (the CLI's live progress line counts failures with it). */
  onCase?: (outcome: TestOutcome) => void;
  /** Called when the run is over, before the closing report is printed (the CLI stops its live line). */
  onRunEnd?: () => void;
  /** Where console lines go (default: process.stdout). */
  write?: (text: string) => void;
  /** Lines the suites announce (a rate-limit pause), ANNOUNCE_PREFIX removed: the CLI's log function. */
  announce?: (line: string) => void;
}

/** The subset of vitest's TestCase this reporter reads (kept narrow so it can be unit-tested). */
type CaseLike = Pick<TestCase, 'name' | 'result' | 'meta'> & { module: Pick<TestModule, 'relativeModuleId'> };
type ModuleLike = { relativeModuleId: string; errors(): ReadonlyArray<SerializedError>; children: { allTests(): Iterable<CaseLike> } };

export default class ConformanceReporter implements Reporter {
  readonly options: ConformanceReporterOptions;
  result: RunResult | undefined;
  artifacts: ArtifactPaths | undefined;
  private readonly constructedAt = Date.now();

  constructor(options: ConformanceReporterOptions) {
    this.options = options;
  }

  onUserConsoleLog(log: { content: string }): void {
    for (const line of log.content.split('\n')) if (line.startsWith(ANNOUNCE_PREFIX)) this.options.announce?.(line.slice(ANNOUNCE_PREFIX.length));
  }

  onTestCaseResult(testCase: TestCase): void {
    this.options.onCase?.(outcomeOf(testCase));
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    this.finish(testModules as unknown as ReadonlyArray<ModuleLike>, unhandledErrors, reason);
  }

  /** The work of onTestRunEnd, on duck-typed modules. */
  finish(testModules: ReadonlyArray<ModuleLike>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): RunResult {
    const { context } = this.options;
    this.options.onRunEnd?.();
    const outcomes: TestOutcome[] = [];
    const extraErrors: string[] = [];
    for (const mod of testModules) {
      for (const e of mod.errors()) extraErrors.push(`${mod.relativeModuleId}: ${errorText(e)}`);
      for (const testCase of mod.children.allTests()) outcomes.push(outcomeOf(testCase));
    }
    for (const e of unhandledErrors) extraErrors.push(`unhandled error: ${errorText(e)}`);

    const exchanges = readExchangeLog(this.options.exchangeLog);
    const started = Date.parse(context.startedAt);
    const durationMs = Date.now() - (Number.isFinite(started) ? started : this.constructedAt);
    const result = buildRunResult(outcomes, exchanges, { ...context, durationMs, interrupted: reason === 'interrupted' });
    if (extraErrors.length) result.harnessErrors = [...extraErrors, ...(result.harnessErrors ?? [])];

    this.artifacts = writeArtifacts(this.options.outDir, result, exchanges, context.suite.version);
    this.result = result;
    if (this.options.progress) this.print(renderConsoleReport(result, { ...this.artifacts }, this.options.style ?? PLAIN));
    this.options.onResult?.(result);
    return result;
  }

  private print(text: string): void {
    if (this.options.write) this.options.write(text);
    else process.stdout.write(text);
  }
}

export function outcomeOf(testCase: CaseLike): TestOutcome {
  const r = testCase.result();
  const { conformance: evidence, drift } = testCase.meta() as { conformance?: TestEvidence; drift?: DriftReport };
  const outcome: TestOutcome = { name: testCase.name, file: testCase.module.relativeModuleId, state: r.state };
  if (evidence) outcome.evidence = evidence;
  if (drift) outcome.drift = drift;
  if (r.errors?.length) outcome.errors = r.errors.map(errorText);
  if (r.state === 'skipped' && r.note) outcome.note = r.note;
  return outcome;
}

function errorText(e: SerializedError): string {
  const where = e.stacks?.[0];
  const head = `${e.name && e.name !== 'Error' ? e.name + ': ' : ''}${e.message}`;
  return where ? `${head} (at ${where.file}:${where.line}:${where.column})` : head;
}

/** Reads the JSONL exchange log; a missing file is an empty log, malformed lines are skipped. */
export function readExchangeLog(file: string): Exchange[] {
  if (!file || !existsSync(file)) return [];
  const out: Exchange[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const x = JSON.parse(line) as Exchange;
      if (x && typeof x.id === 'string' && x.request && typeof x.request.url === 'string') out.push(x);
    } catch {
      // A line cut short by an interrupted run: skip it.
    }
  }
  return out;
}
