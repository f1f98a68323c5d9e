/**
 * The vitest settings the conformance suites run with, shared by the CLI (cli/run.ts) and the shipped vitest
 * config (vitest.conformance.config.mjs): one worker, every suite file in one module graph (one HTTP client and
 * budget), file-name order, the target handed in through `provide`.
 */
import type { TestSequencer, TestSpecification } from 'vitest/node';
import type { TargetConfig } from '../src/target.ts';
import { COMPILED, PACKAGE_ROOT } from '../src/paths.ts';

/** The suites this code runs: the compiled ones beside the compiled CLI (dist/), the sources beside the sources. */
export const SUITES_GLOB = COMPILED ? 'dist/suites/*.suite.js' : 'suites/*.suite.ts';
/** Runs before each suite file: waits for the smoke step's result when the suites started before it ended. */
const SMOKE_SETUP = COMPILED ? 'dist/suites/support/smoke-setup.js' : 'suites/support/smoke-setup.ts';

/** Suites run in file-name order (10-…, 20-…, 90-transport last: it judges every exchange the others made). */
class ByFileName implements TestSequencer {
  async shard(files: TestSpecification[]) {
    return files;
  }
  async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
  }
}

export function suitesTestConfig(target: TargetConfig, backstopMs: number) {
  return {
    root: PACKAGE_ROOT,
    include: [SUITES_GLOB],
    setupFiles: [SMOKE_SETUP],
    provide: { target },
    pool: 'threads' as const,
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    sequence: { sequencer: ByFileName },
    testTimeout: backstopMs,
    hookTimeout: backstopMs,
    passWithNoTests: true,
    // Start-up: the compiled modules the suites import are plain ESM, loaded by Node itself rather than run through
    // Vite's transform pipeline, as they are anyway once the package is installed under node_modules. The suite
    // files themselves stay vitest's.
    ...(COMPILED ? { server: { deps: { external: [/\/dist\/(src|reporters|suites\/support)\//] } } } : {}),
  };
}
