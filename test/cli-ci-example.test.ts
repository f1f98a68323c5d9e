/**
 * examples/github-actions.yml is valid YAML and does what the README promises: runs the suite against staging
 * through this repository's Action (action.yml) with the token from a secret, on the current Node LTS, uploads
 * the report folder and publishes junit.xml even when the suite fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { packagePath } from '../src/paths.ts';
import { FLAGS } from '../cli/config.ts';
import { splitArgs } from '../action/entry.mjs';
import type { Step } from './helpers/workflow.ts';

const text = readFileSync(packagePath('examples', 'github-actions.yml'), 'utf8');
const workflow = parse(text) as { on: unknown; jobs: Record<string, { 'runs-on': string; steps: Step[] }> };
const action = parse(readFileSync(packagePath('action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
const job = Object.values(workflow.jobs)[0]!;
const steps = job.steps;
const suiteStep = steps.find((s) => /\/vms-conformance@/.test(s.uses ?? ''));
const input = (name: string): string | undefined => (suiteStep?.with?.[name] as string | undefined) ?? action.inputs[name]?.default;
const outDir = input('out');

describe('examples/github-actions.yml', () => {
  test('parses as a workflow with one job on a runner', () => {
    expect(workflow.on).toBeDefined();
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    expect(job['runs-on']).toMatch(/ubuntu/);
  });

  test("runs the suite with this repository's Action, giving only inputs the Action declares, on the current Node LTS", () => {
    expect(suiteStep).toBeDefined();
    for (const key of Object.keys(suiteStep!.with ?? {})) expect(Object.keys(action.inputs), key).toContain(key);
    expect(input('base-url')).toBeTruthy();
    expect(Number(input('node-version'))).toBeGreaterThanOrEqual(24);
    // Every flag the step passes exists.
    const known = new Set(FLAGS.flatMap((f) => [`--${f.flag}`, ...('short' in f ? [`-${f.short}`] : [])]));
    for (const arg of splitArgs(input('args') ?? '')) if (arg.startsWith('-')) expect(known.has(arg.split('=')[0]!), arg).toBe(true);
  });

  test('the token comes from a secret, as the token input, never in the args', () => {
    expect(suiteStep!.with?.token).toMatch(/^\$\{\{\s*secrets\.[A-Z_]+\s*\}\}$/);
    expect(input('args') ?? '').not.toMatch(/--token/);
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
