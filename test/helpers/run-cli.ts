/**
 * Spawns the real CLI (bin/vms-conformance.mjs) as a user would, and collects its exit status and output.
 * Test only. Every run gets its own temporary --out folder unless the caller passes one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packagePath } from '../../src/paths.ts';
import type { RunResult } from '../../src/evidence.ts';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  out: string;
  durationMs: number;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called once the process is spawned (to send it signals). */
  onSpawn?: (child: ChildProcess) => void;
  /** Kill the CLI after this long (a hang is a test failure, not a stuck test run). Default 60 s. */
  killAfterMs?: number;
}

const created: string[] = [];

export function tmpDir(prefix = 'vms-cli-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder tmpDir() made in this test file (call in afterAll). */
export function removeTmpDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs the CLI; `--out` is added (a fresh temp folder) unless args already carry one. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  // diff/merge/index read report folders: no run, no --out of their own unless given.
  const hasOut = args.includes('--out') || args.includes('--config') || ['diff', 'merge', 'index'].includes(args[0]);
  const out = hasOut ? (args.includes('--out') ? args[args.indexOf('--out') + 1]! : '') : tmpDir();
  const fullArgs = hasOut ? args : [...args, '--out', out];
  const env: Record<string, string> = {};
  // Hermetic: no settings, step summary or proxy from the machine's environment (a test gives its own).
  const inherited = (k: string) => !k.startsWith('CONFORMANCE_') && k !== 'GITHUB_STEP_SUMMARY' && !/^(https?|all|no)_proxy$/i.test(k);
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && inherited(k)) env[k] = v;
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  env.NO_COLOR = '1';
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('bin', 'vms-conformance.mjs'), ...fullArgs], {
      cwd: opts.cwd ?? os.tmpdir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, out, durationMs: Date.now() - started });
    });
    opts.onSpawn?.(child);
  });
}

export function readResults(dir: string): RunResult {
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResult;
}

export function check(result: RunResult, id: string) {
  const c = result.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in results.json`);
  return c;
}

/** Every file under dir (recursively), as absolute paths. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** What a user must never see: a stack trace or the CLI's own "internal error" line. */
export function looksLikeCrash(text: string): boolean {
  return /internal error|^\s+at .+:\d+:\d+\)?$|Unhandled|TypeError|ReferenceError/m.test(text);
}
