// Rewrites the README's "What it checks" table from src/requirements.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { packagePath } from '../src/paths.ts';
import { withCatalogue } from '../src/catalogue-markdown.ts';

const file = packagePath('README.md');
writeFileSync(file, withCatalogue(readFileSync(file, 'utf8')));
console.log('README.md: requirement table updated');
