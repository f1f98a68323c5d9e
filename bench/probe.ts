// scratch probe (deleted later)
const t0 = performance.now();
const { parseCommand } = await import('../src/config.ts');
const { runTarget } = await import('../src/run.ts');
const t1 = performance.now();
const fs = await import('node:fs');
const out = '/tmp/b7/probe';
const cmd = parseCommand(['--out', out, '--seed', '1', '--quiet'], {}, process.cwd());
const s = Date.now();
const o = await runTarget(cmd.targets[0], { quiet: true, log: () => {} });
const e = Date.now();
const har = JSON.parse(fs.readFileSync(out + '/exchanges.har', 'utf8')).log.entries;
const st = har.map((x: any) => Date.parse(x.startedDateTime)).sort((a: number, b: number) => a - b);
const ends = har.map((x: any) => Date.parse(x.startedDateTime) + x.time);
console.log({ importMs: Math.round(t1 - t0), sinceOrigin: Math.round(t1), exit: o.exitCode, runMs: e - s, smokeAt: st[0] - s, secondAt: st[1] - s, lastEnd: Math.max(...ends) - s, n: har.length });
