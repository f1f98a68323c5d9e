// Rewrites the README's generated tables (requirements, flags) from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { packagePath } from '../src/paths.ts';
import { withGeneratedSections } from '../cli/catalogue-markdown.ts';

const file = packagePath('README.md');
writeFileSync(file, withGeneratedSections(readFileSync(file, 'utf8')));
console.log('README.md: generated tables updated');
