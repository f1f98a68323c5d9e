/**
 * The CLI starts the suites' worker before vitest asks for one (cli/suites-pool.ts). vitest adopts it only when it
 * was started with exactly the environment and Node flags vitest asks for: this proves that today's vitest, with
 * the CLI's suites settings, does adopt it (otherwise the start-up gain is silently lost), and that a worker
 * started with anything else is not adopted, the run then going on a fresh one.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packagePath } from '../src/paths.ts';
import { removeTmpDirs, tmpDir } from './helpers/run-cli.ts';

let dir = '';
beforeAll(() => {
  dir = tmpDir();
  // Two files that pass only in one shared worker (as the suite files share one HTTP client): the second sees what
  // the first left on globalThis.
  writeFileSync(path.join(dir, 'a.test.mjs'), "import { test, expect } from 'vitest';\ntest('a', () => { expect(process.env.VITEST).toBe('true'); globalThis.__shared = 'a'; });\n");
  writeFileSync(path.join(dir, 'b.test.mjs'), "import { test, expect } from 'vitest';\ntest('b', () => expect(globalThis.__shared).toBe('a'));\n");
});
afterAll(() => removeTmpDirs());

function run(mode?: string): { adopted: boolean; passed: boolean } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST|NODE_ENV|VITEST_.*)$/.test(k)));
  const out = execFileSync(process.execPath, [packagePath('test/helpers/early-worker-run.mjs'), dir, ...(mode ? [mode] : [])], { env, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as { adopted: boolean; passed: boolean };
}

it('vitest adopts the early worker, and both files pass on it', () => {
  expect(run()).toEqual({ adopted: true, passed: true });
}, 90_000);

it('a worker started with another environment is not adopted: both files pass on one stock vitest worker', () => {
  expect(run('change-env')).toEqual({ adopted: false, passed: true });
}, 90_000);
