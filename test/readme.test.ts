import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { packagePath } from '../src/paths.ts';
import { withGeneratedSections } from '../cli/catalogue-markdown.ts';
import { REQUIREMENTS } from '../src/requirements.ts';

const readme = readFileSync(packagePath('README.md'), 'utf8');

describe('README stays true', () => {
  it('the requirement and flag tables match the code (run `npm run readme` after changing them)', () => {
    expect(readme).toBe(withGeneratedSections(readme));
  });

  it('lists every requirement id', () => {
    for (const r of REQUIREMENTS) expect(readme).toContain(`\`${r.id}\``);
  });

  it('quick start has exactly the two documented commands', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 5));
    const commands = quick.split('\n').filter((l) => l.startsWith('npm '));
    expect(commands).toEqual(['npm ci && npm run conformance', 'npm ci && npm test']);
  });
});

describe('examples/', () => {
  it('the GitHub Actions example in the README is the file in examples/', () => {
    const example = readFileSync(packagePath('examples/github-actions.yml'), 'utf8').trim();
    expect(readme).toContain(example);
    expect(example).toContain('secrets.');
    expect(example).toContain('junit.xml');
  });
});
