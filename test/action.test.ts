/**
 * The GitHub Action: action.yml declares the documented inputs and outputs, and its entry script
 * (action/entry.mjs) run with GitHub's variables set (INPUT_* as action.yml maps them, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE) runs the CLI, sets verdict / exit-code / report-path and writes the
 * step summary, for a faulty target, the embedded reference and a target it cannot reach.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { startReference, type ReferenceServer } from '../reference/server.ts';
import { packagePath } from '../src/paths.ts';
import { splitArgs } from '../action/entry.mjs';
import { readResults, removeTmpDirs, tmpDir } from './helpers/run-cli.ts';

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
const action = parse(readFileSync(packagePath('action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};
const runStep = action.runs.steps.find((s) => s.id === 'run')!;
const TOKEN = 'action-test-token-0123456789';

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Runs the entry script as the composite step does: each `${{ inputs.x }}` of the step's env, defaults applied. */
function runAction(inputs: Record<string, string>): Promise<ActionRun> {
  const workspace = tmpDir('action-ws-');
  const outputFile = path.join(workspace, 'github-output');
  const summaryFile = path.join(workspace, 'step-summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CONFORMANCE_') && !/^(https?|all|no)_proxy$/i.test(k)) env[k] = v;
  for (const [name, expr] of Object.entries(runStep.env ?? {})) {
    const input = /^\$\{\{\s*inputs\.([a-z-]+)\s*\}\}$/.exec(expr)?.[1];
    if (input) env[name] = inputs[input] ?? action.inputs[input]?.default ?? '';
  }
  Object.assign(env, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: workspace, GITHUB_ACTIONS: 'true', NO_COLOR: '1' });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('action', 'entry.mjs')], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.resume();
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      resolve({ code, stdout, outputs, summary: readFileSync(summaryFile, 'utf8'), workspace });
    });
  });
}

let faulty: ReferenceServer;
let nonConformant: ActionRun;
let embedded: ActionRun;
let unreachable: ActionRun;

beforeAll(async () => {
  faulty = await startReference({ token: TOKEN, total: 40, faults: ['to-off-by-one'] });
  [nonConformant, embedded] = await Promise.all([
    runAction({ 'base-url': faulty.baseUrl, token: TOKEN, args: "--seed 3 --skip 'val-fuzz'" }),
    runAction({ args: '--quiet', out: 'reports/embedded' }),
  ]);
  const closed = await startReference({ token: TOKEN });
  const url = closed.baseUrl;
  await closed.close();
  unreachable = await runAction({ 'base-url': url, token: TOKEN, args: '--timeout-ms 2000' });
}, 180_000);

afterAll(async () => {
  removeTmpDirs();
  await faulty?.close();
});

describe('action.yml', () => {
  test('a composite action with the inputs base-url, token, args, out and the outputs verdict, exit-code, report-path', () => {
    expect(action.runs.using).toBe('composite');
    for (const i of ['base-url', 'token', 'args', 'out']) expect(Object.keys(action.inputs)).toContain(i);
    for (const o of ['verdict', 'exit-code', 'report-path']) expect(action.outputs[o]?.value).toBe(`\${{ steps.run.outputs.${o} }}`);
    expect(Number(action.inputs['node-version']?.default)).toBeGreaterThanOrEqual(24);
  });

  test('the step runs the entry script of the installed package, which the package ships', () => {
    expect(runStep.run).toMatch(/node_modules\/vms-conformance\/action\/entry\.mjs/);
    const files = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(['action/', 'bin/', 'dist/']));
    expect(JSON.stringify(action.runs.steps)).not.toMatch(/inputs\.token[^}]*\}\}[^"]*--token/);
  });
});

describe('action/entry.mjs with GitHub variables', () => {
  test('a faulty target: exit 1, verdict non-conformant, the report path, the summary in the step summary', () => {
    expect(nonConformant.code).toBe(1);
    expect(nonConformant.outputs).toEqual({ verdict: 'non-conformant', 'exit-code': '1', 'report-path': path.join(nonConformant.workspace, 'conformance-report') });
    expect(readResults(nonConformant.outputs['report-path']!).seed).toBe(3);
    expect(readResults(nonConformant.outputs['report-path']!).checks.find((c) => c.id === 'VAL-FUZZ')?.status).toBe('skip');
    expect(nonConformant.summary).toMatch(/^## ❌ vms-conformance: NON-CONFORMANT/m);
    expect(nonConformant.summary).toContain('PAG-FROM-TO');
  });

  test('the token is masked for GitHub and reaches no output, summary or report', () => {
    expect(nonConformant.stdout).toContain(`::add-mask::${TOKEN}\n`);
    const rest = nonConformant.stdout.replace(`::add-mask::${TOKEN}\n`, '');
    for (const text of [rest, nonConformant.summary, JSON.stringify(nonConformant.outputs), readFileSync(path.join(nonConformant.outputs['report-path']!, 'exchanges.har'), 'utf8')])
      expect(text).not.toContain(TOKEN);
  });

  test('no base-url: the embedded reference, exit 0, verdict conformant, the out input under the workspace', () => {
    expect(embedded.code).toBe(0);
    expect(embedded.outputs).toEqual({ verdict: 'conformant', 'exit-code': '0', 'report-path': path.join(embedded.workspace, 'reports', 'embedded') });
    expect(embedded.summary).toMatch(/^## ✅ vms-conformance: CONFORMANT/m);
  });

  test('an unreachable target: exit 2, verdict setup-error, the reason and hint in the step summary', () => {
    expect(unreachable.code).toBe(2);
    expect(unreachable.outputs.verdict).toBe('setup-error');
    expect(unreachable.outputs['exit-code']).toBe('2');
    expect(unreachable.summary).toMatch(/no verdict \(exit 2\)/);
    expect(unreachable.summary).toMatch(/^> hint: /m);
  });

  test('args are split as a shell would', () => {
    expect(splitArgs(`--only 'AUTH-*' -H "X-Tenant: a b" --out=x\\ y`)).toEqual(['--only', 'AUTH-*', '-H', 'X-Tenant: a b', '--out=x y']);
    expect(splitArgs('')).toEqual([]);
    expect(() => splitArgs("--only 'AUTH-*")).toThrow(/unclosed/);
  });
});
