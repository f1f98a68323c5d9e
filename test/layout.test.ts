/**
 * The floors of the layout (README, Development): every import points down a floor or sideways within one.
 * cli/ is the top; suites/, reporters/ and reference/ stand on src/; src/ (with fixtures/) is the ground and
 * imports nothing above it. Also: no source file grows past 400 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The folders each floor may import from (its own included). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  bin: ['bin', 'cli', 'reference', 'src'],
  cli: ['cli', 'suites', 'reporters', 'reference', 'src', 'fixtures'],
  suites: ['suites', 'src', 'fixtures'],
  reporters: ['reporters', 'src'],
  reference: ['reference', 'src', 'fixtures'],
  src: ['src'],
  fixtures: ['fixtures', 'src'],
};
/** Generated or data-like files allowed past the line limit, with the reason. */
const LONG_FILES: Record<string, string> = {};
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const floorOf = (file: string): string => path.relative(ROOT, file).split(path.sep)[0]!;

/** Relative specifiers of static imports, re-exports and dynamic import() calls. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs.filter((s) => s.startsWith('.'));
}

const files = Object.keys(MAY_IMPORT).flatMap((floor) => {
  try {
    return sourceFiles(path.join(ROOT, floor));
  } catch {
    return [];
  }
});

describe('layout', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('every import points down a floor or sideways within one', () => {
    const upward: string[] = [];
    for (const file of files) {
      const floor = floorOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = floorOf(path.resolve(path.dirname(file), spec));
        if (!MAY_IMPORT[floor]!.includes(target)) upward.push(`${path.relative(ROOT, file)} imports ${spec} (${floor} -> ${target})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it(`no source file is over ${MAX_LINES} lines`, () => {
    const long = files
      .filter((f) => !(path.relative(ROOT, f) in LONG_FILES))
      .map((f) => [path.relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('the import scanner sees every form it must judge', () => {
    const text = "import a from '../x/a.ts';\nexport { b } from './b.ts';\nimport './c.ts';\nconst d = await import('../d.ts');\nimport e from 'vitest';";
    expect(importsOf(text)).toEqual(['../x/a.ts', './b.ts', './c.ts', '../d.ts']);
  });
});
