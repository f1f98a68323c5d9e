/**
 * examples/github-actions-fleet.yml does what the README promises: one job per site from a list (token from a
 * secret through the environment, never on the command line; each site's report uploaded even when it fails),
 * then one merge job that runs after all of them, downloads every site's report and runs the merge command as
 * written, which the test executes on the same folder layout download-artifact produces.
 */
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { packagePath } from '../src/paths.ts';
import { FLAGS } from '../cli/config.ts';
import type { Step } from './helpers/workflow.ts';
import { syntheticRun } from './report-fixtures.ts';
import { removeTmpDirs, runCli, tmpDir } from './helpers/run-cli.ts';

interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix: { include: Array<Record<string, string>> } };
  steps: Step[];
}

const text = readFileSync(packagePath('examples', 'github-actions-fleet.yml'), 'utf8');
const workflow = parse(text) as { on: unknown; jobs: Record<string, Job> };
const [siteName, siteJob] = Object.entries(workflow.jobs).find(([, j]) => j.strategy)!;
const mergeJob = Object.values(workflow.jobs).find((j) => j.steps.some((s) => /vms-conformance merge/.test(s.run ?? '')))!;
const suiteStep = siteJob.steps.find((s) => /vms-conformance --base-url/.test(s.run ?? ''))!;
const mergeStep = mergeJob.steps.find((s) => /vms-conformance merge/.test(s.run ?? ''))!;
const sites = siteJob.strategy!.matrix.include;

afterAll(() => removeTmpDirs());

describe('examples/github-actions-fleet.yml', () => {
  test('one job per site from a list, none cancelled when another fails', () => {
    expect(sites.length).toBeGreaterThan(1);
    expect(new Set(sites.map((s) => s.site)).size).toBe(sites.length);
    expect(siteJob.strategy!['fail-fast']).toBe(false);
    for (const job of [siteJob, mergeJob]) {
      expect(job['runs-on']).toMatch(/ubuntu/);
      expect(job.steps.findIndex((s) => s.run?.trim() === 'npm ci')).toBeLessThan(job.steps.findIndex((s) => /vms-conformance/.test(s.run ?? '')));
    }
  });

  test("each site's token comes from a secret through the environment, never on the command line", () => {
    expect(suiteStep.env?.CONFORMANCE_TOKEN).toMatch(/^\$\{\{\s*secrets\[matrix\.token\]\s*\}\}$/);
    for (const s of sites) expect(s.token).toMatch(/^[A-Z_]+$/); // a secret's name, not its value
    expect(suiteStep.run).not.toMatch(/--token/);
    const known = new Set(FLAGS.map((f) => `--${f.flag}`));
    for (const flag of suiteStep.run!.match(/--[a-z-]+/g) ?? []) expect(known.has(flag), flag).toBe(true);
  });

  test("each site's report is uploaded under its own name, even when the run fails or writes nothing", () => {
    const out = /--out\s+(\S+)/.exec(suiteStep.run!)![1];
    const upload = siteJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with?.path).toBe(out);
    expect(String(upload.with?.name)).toContain('${{ matrix.site }}');
    const keep = siteJob.steps.find((s) => s.run?.includes(`mkdir -p ${out}`));
    expect(keep?.if).toBe('always()');
  });

  test('the merge job runs after every site, even failed ones, on every downloaded report', () => {
    expect([mergeJob.needs].flat()).toContain(siteName);
    expect(mergeJob.if).toBe('always()');
    const download = mergeJob.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const upload = siteJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const pattern = String(download.with?.pattern);
    const prefix = pattern.replace(/\*$/, '');
    expect(String(upload.with?.name).startsWith(prefix)).toBe(true);
    expect(mergeStep.run).toContain(` ${download.with?.path}`);
  });

  test('the merge command as written indexes the downloaded layout (a site without report included)', async () => {
    const cwd = tmpDir('vms-fleet-example-');
    const download = mergeJob.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const root = path.join(cwd, String(download.with?.path));
    const names = sites.map((s) => String(download.with?.pattern).replace('*', s.site));
    const { result } = syntheticRun();
    for (const [i, name] of names.entries()) {
      mkdirSync(path.join(root, name), { recursive: true });
      writeFileSync(path.join(root, name, 'site.txt'), sites[i].site);
      if (i > 0) writeFileSync(path.join(root, name, 'results.json'), JSON.stringify(result)); // the first job wrote none
    }
    const args = mergeStep.run!.replace(/^npx vms-conformance /, '').split(/\s+/);
    const run = await runCli(args, { cwd });
    expect(run.code).toBe(2); // the worst site: one without a verdict
    const out = path.join(cwd, /--out\s+(\S+)/.exec(mergeStep.run!)![1]);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const name of names) expect(index).toContain(`<td class="nw">${name}</td>`);
    expect(existsSync(path.join(out, 'summary.md'))).toBe(true);
  }, 60_000);

  test('is the workflow shown in the README', () => {
    expect(readFileSync(packagePath('README.md'), 'utf8')).toContain(text.trim());
  });
});
