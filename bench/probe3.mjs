await Promise.all(['vitest/node'].map((m) => import(m)));
const { register } = await import('tsx/esm/api'); register();
const { parseCommand } = await import('../src/config.ts');
const { runTarget } = await import('./exp-run.ts');
const cmd = parseCommand(['--out', '/tmp/b7/probe3', '--seed', '1'], {}, process.cwd());
const o = await runTarget(cmd.targets[0], { quiet: false, log: console.log });
console.log(o.exitCode, o.setupError, o.result?.harnessErrors);
