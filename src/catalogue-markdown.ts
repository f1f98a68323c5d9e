/** The README's "What it checks" table, generated from the catalogue (scripts/readme.ts writes it; a test keeps it true). */
import { REQUIREMENTS } from './requirements.ts';

export const BEGIN = '<!-- requirements:begin (generated from src/requirements.ts: npm run readme) -->';
export const END = '<!-- requirements:end -->';

export function catalogueMarkdown(): string {
  const rows = REQUIREMENTS.map((r) => `| \`${r.id}\` | ${r.level === 'must' ? 'MUST' : 'SHOULD'} | ${r.title.replace(/\|/g, '\\|')} |`);
  return ['| Requirement | Level | What is checked |', '| --- | --- | --- |', ...rows].join('\n');
}

export function withCatalogue(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README has no requirements markers');
  return readme.slice(0, start + BEGIN.length) + '\n' + catalogueMarkdown() + '\n' + readme.slice(end);
}
