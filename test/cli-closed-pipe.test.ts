/**
 * `vms-conformance ... | head`: the console goes away mid-run. The CLI stops writing to it and finishes the run:
 * no stack trace, the verdict's exit status, every report written.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { packagePath } from '../src/paths.ts';
import { looksLikeCrash, removeTmpDirs, tmpDir } from './helpers/run-cli.ts';

afterAll(() => removeTmpDirs());

it('a stdout closed after the first line: exit 0, no stack trace, all five reports', async () => {
  const out = tmpDir();
  const child = spawn(process.execPath, [packagePath('bin', 'vms-conformance.mjs'), '--out', out, '--seed', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Like `head -1`: read the first chunk, then close the read end of the pipe.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(looksLikeCrash(stderr), stderr).toBe(false);
  expect(stderr).not.toMatch(/EPIPE/);
  expect(code, stderr).toBe(0);
  for (const f of ['results.json', 'report.html', 'junit.xml', 'exchanges.har', 'summary.md']) expect(existsSync(path.join(out, f)), f).toBe(true);
}, 120_000);
