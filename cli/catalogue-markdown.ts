/**
 * The README's generated sections: the requirement table (from src/requirements.ts) and the flag table (from
 * cli/config.ts). `npm run readme` rewrites them; test/readme.test.ts fails when the README is out of date.
 */
import { REQUIREMENTS } from '../src/requirements.ts';
import { FLAGS, flagLabel } from './config.ts';

const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

export function catalogueMarkdown(): string {
  const rows = REQUIREMENTS.map((r) => `| \`${r.id}\` | ${r.level === 'must' ? 'MUST' : 'SHOULD'} | ${escapeCell(r.title)} |`);
  return ['| Requirement | Level | What is checked |', '| --- | --- | --- |', ...rows].join('\n');
}

export function flagsMarkdown(): string {
  const rows = FLAGS.map((f) => {
    const flag = `\`${flagLabel(f)}\``;
    const env = 'env' in f ? `\`${f.env}\`` : '';
    return `| ${flag} | ${env} | ${escapeCell(f.help)} |`;
  });
  return ['| Flag | Environment | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

const SECTIONS: Array<[name: string, render: () => string]> = [
  ['requirements', catalogueMarkdown],
  ['flags', flagsMarkdown],
];

export function withGeneratedSections(readme: string): string {
  let out = readme;
  for (const [name, render] of SECTIONS) {
    const begin = `<!-- ${name}:begin (generated: npm run readme) -->`;
    const end = `<!-- ${name}:end -->`;
    const start = out.indexOf(begin);
    const stop = out.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`README has no ${name} markers`);
    out = out.slice(0, start + begin.length) + '\n' + render() + '\n' + out.slice(stop);
  }
  return out;
}
