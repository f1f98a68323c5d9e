#!/usr/bin/env node
// The GitHub Action's step (action.yml): runs the CLI beside it with the action's inputs, then sets the outputs
// verdict, exit-code and report-path. The CLI itself appends summary.md to the step summary; a run with no
// result (a setup problem, exit 2) gets its reason there instead. Plain JavaScript with no dependency: it runs
// before anything else is loaded, and is tested with GitHub's variables set (test/action.test.ts).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../bin/vms-conformance.mjs', import.meta.url));

/** An input as GitHub passes it to actions: INPUT_<NAME> upper-cased ("base-url" → INPUT_BASE-URL), or with underscores. */
export function input(env, name) {
  const upper = name.toUpperCase();
  return (env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '').trim();
}

/** Splits the `args` input the way a shell would: whitespace-separated, '…' and "…" quoting, \ escapes. */
export function splitArgs(text) {
  const out = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (quote) throw new Error(`args: unclosed ${quote} quote`);
  if (word !== null) out.push(word);
  return out;
}

function setOutputs(env, outputs) {
  const lines = Object.entries(outputs).map(([k, v]) => `${k}=${String(v).replace(/[\r\n]+/g, ' ')}\n`);
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  else process.stdout.write(lines.join(''));
}

export async function main(env = process.env) {
  const token = input(env, 'token');
  const baseUrl = input(env, 'base-url');
  const out = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd(), input(env, 'out') || 'conformance-report');
  let extra;
  try {
    extra = splitArgs(input(env, 'args'));
  } catch (e) {
    process.stderr.write(`vms-conformance action: ${e.message}\n`);
    setOutputs(env, { verdict: 'setup-error', 'exit-code': 2, 'report-path': out });
    return 2;
  }
  // GitHub already masks secrets; a token from elsewhere (an output of another step) is masked here.
  if (token) process.stdout.write(`::add-mask::${token}\n`);
  const args = [...(baseUrl ? ['--base-url', baseUrl] : []), '--out', out, ...extra];
  const childEnv = { ...env };
  if (token) childEnv.CONFORMANCE_TOKEN = token; // never on the command line
  for (const k of Object.keys(childEnv)) if (k.startsWith('INPUT_')) delete childEnv[k];

  const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 130 : 2))));

  const resultsFile = path.join(out, 'results.json');
  let verdict = code === 130 ? 'interrupted' : 'setup-error';
  if (existsSync(resultsFile) && code !== 130) {
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    verdict = r.harnessErrors?.length ? 'harness-error' : r.verdict;
  } else if (env.GITHUB_STEP_SUMMARY) {
    const why = stderr.trim().split('\n').filter(Boolean).map((l) => `> ${l.replaceAll(token || '\u0000', '***')}`);
    appendFileSync(env.GITHUB_STEP_SUMMARY, [`## ⚠️ vms-conformance: no verdict (exit ${code})`, '', ...why, ''].join('\n') + '\n');
  }
  setOutputs(env, { verdict, 'exit-code': code, 'report-path': out });
  return code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main();
