/** Writes the five artifacts of a run into one directory. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Exchange, RunResult } from '../src/evidence.ts';
import { renderHar } from './har.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderSummary } from './summary.ts';

export interface ArtifactPaths {
  results: string;
  html: string;
  junit: string;
  har: string;
  summary: string;
}

export function writeArtifacts(outDir: string, result: RunResult, exchanges: Exchange[], version: string): ArtifactPaths {
  const dir = path.resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const paths: ArtifactPaths = {
    results: path.join(dir, 'results.json'),
    html: path.join(dir, 'report.html'),
    junit: path.join(dir, 'junit.xml'),
    har: path.join(dir, 'exchanges.har'),
    summary: path.join(dir, 'summary.md'),
  };
  writeFileSync(paths.results, JSON.stringify(result, null, 2) + '\n');
  writeFileSync(paths.html, renderHtml(result, exchanges));
  writeFileSync(paths.junit, renderJunit(result));
  writeFileSync(paths.har, JSON.stringify(renderHar(exchanges, { version }), null, 2) + '\n');
  writeFileSync(paths.summary, renderSummary(result));
  return paths;
}
