/**
 * vitest globalSetup: the tests that spawn the CLI run the compiled dist/ (as users do), so a source edited
 * since the last `npm run build` is compiled first. `npm test` builds before vitest; this makes
 * `npx vitest run test/x.test.ts` after an edit test the edit, not yesterday's build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packagePath } from '../../src/paths.ts';

const SOURCES = ['cli', 'src', 'reference', 'reporters', 'suites', 'fixtures', 'tsconfig.build.json'];
const STAMP = packagePath('dist', '.tsbuildinfo');

function newest(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return p.endsWith('.ts') || p.endsWith('.json') ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(p).map((n) => newest(path.join(p, n))));
}

export default function setup(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (Math.max(...SOURCES.map((s) => newest(packagePath(s)))) <= built) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', packagePath('tsconfig.build.json')], { stdio: 'inherit' });
}
