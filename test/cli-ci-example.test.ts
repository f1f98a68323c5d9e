/**
 * examples/github-actions.yml is valid YAML and does what the README promises: runs the suite against staging
 * with the token from a secret (never on the command line), uploads the report folder and publishes junit.xml
 * even when the suite fails, on Node 20 or later.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { packagePath } from '../src/paths.ts';
import { FLAGS } from '../cli/config.ts';
import type { Step } from './helpers/workflow.ts';

const text = readFileSync(packagePath('examples', 'github-actions.yml'), 'utf8');
const workflow = parse(text) as { on: unknown; jobs: Record<string, { 'runs-on': string; steps: Step[] }> };
const job = Object.values(workflow.jobs)[0]!;
const steps = job.steps;
const suiteStep = steps.find((s) => s.run?.includes('vms-conformance'));
const outDir = /--out\s+("?)([^\s"]+)\1/.exec(suiteStep?.run ?? '')?.[2];

describe('examples/github-actions.yml', () => {
  test('parses as a workflow with one job on a runner', () => {
    expect(workflow.on).toBeDefined();
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    expect(job['runs-on']).toMatch(/ubuntu/);
  });

  test('checks out, sets up Node 20 or later and installs with npm ci before running the suite', () => {
    const idx = (p: (s: Step) => boolean) => steps.findIndex(p);
    const checkout = idx((s) => s.uses?.startsWith('actions/checkout@') ?? false);
    const node = idx((s) => s.uses?.startsWith('actions/setup-node@') ?? false);
    const ci = idx((s) => s.run?.trim() === 'npm ci');
    const suite = idx((s) => s === suiteStep);
    expect(Math.min(checkout, node, ci, suite)).toBeGreaterThanOrEqual(0);
    expect([checkout, node, ci, suite]).toEqual([...[checkout, node, ci, suite]].sort((a, b) => a - b));
    expect(Number(steps[node]!.with?.['node-version'])).toBeGreaterThanOrEqual(20);
  });

  test('the token comes from a secret through the environment, never on the command line', () => {
    expect(suiteStep).toBeDefined();
    expect(suiteStep!.env?.CONFORMANCE_TOKEN).toMatch(/^\$\{\{\s*secrets\.[A-Z_]+\s*\}\}$/);
    expect(suiteStep!.run).not.toMatch(/--token/);
    expect(suiteStep!.run).toMatch(/--base-url/);
    // Every flag the step uses exists.
    const known = new Set(FLAGS.map((f) => `--${f.flag}`));
    for (const flag of suiteStep!.run!.match(/--[a-z-]+/g) ?? []) expect(known.has(flag), flag).toBe(true);
  });

  test('uploads the report folder and publishes junit.xml even when the suite fails', () => {
    expect(outDir).toBeTruthy();
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.path).toBe(outDir);
    const junit = steps.find((s) => JSON.stringify(s.with ?? {}).includes('junit.xml'));
    expect(junit?.if).toBe('always()');
    expect(JSON.stringify(junit?.with)).toContain(`${outDir}/junit.xml`);
  });

  test('is the workflow shown in the README', () => {
    expect(readFileSync(packagePath('README.md'), 'utf8')).toContain(text.trim());
  });
});
