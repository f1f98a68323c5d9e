/**
 * The suites run by vitest itself (`vitest run --config node_modules/vms-conformance/vitest.conformance.config.mjs`):
 * the target comes from the same CONFORMANCE_* variables (and CONFORMANCE_CONFIG file) as the CLI's, the
 * smoke step runs first (a setup problem exits 2 with the CLI's two lines), and the run has the CLI's
 * reporter, artifacts, step summary and exit status (0, 1 or 2 from the verdict, not from vitest's count).
 */
import { parseCommand, UsageError } from './config.ts';
import { prepareTarget } from './run.ts';
import { suitesTestConfig } from './suites-config.ts';
import ConformanceReporter from '../reporters/conformance-reporter.ts';
import { renderSummary, writeStepSummary } from '../reporters/summary.ts';
import { exitCodeOf } from '../src/aggregate.ts';
import path from 'node:path';

function stop(reason: string, hint?: string): never {
  process.stderr.write(`vms-conformance: ${reason}\n${hint ? `hint: ${hint}\n` : ''}`);
  process.exit(2);
}

/** The vitest config (`test` options) for one conformance run, read from the environment. */
export async function conformanceVitestConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()) {
  let command;
  try {
    command = parseCommand([], env, cwd);
  } catch (e) {
    if (e instanceof UsageError) stop(e.message, e.hint);
    throw e;
  }
  if (command.targets.length !== 1) stop('the vitest config runs one target', 'run several targets with the vms-conformance CLI');
  const prepared = await prepareTarget(command.targets[0]!, { quiet: false, log: (line) => process.stdout.write(line + '\n') });
  if (!('target' in prepared)) stop(prepared.setupError!.reason, prepared.setupError!.hint);

  const reporter = new ConformanceReporter(prepared.reporterOptions);
  const finish = {
    async onTestRunEnd() {
      if (reporter.result) writeStepSummary(renderSummary(reporter.result), env);
      await prepared.close();
    },
  };
  // vitest exits 1 on any failed test; a run's status is its verdict (a known failure of the baseline still fails
  // its vitest test but not the verdict). An 'exit' listener may still change the status.
  process.on('exit', () => {
    if (reporter.result) process.exitCode = exitCodeOf(reporter.result);
  });
  return {
    cacheDir: path.join(path.dirname(prepared.target.exchangeLog), 'vite-cache'),
    test: { ...suitesTestConfig(prepared.target, prepared.backstopMs), reporters: [reporter, finish] },
  };
}
