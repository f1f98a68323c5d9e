import { startReference } from '../reference/server.ts';
import { parseCommand } from '../src/config.ts';
import { runTarget } from '../src/run.ts';
for (const total of [1000, 100000, 1000000]) {
  const ref = await startReference({ token: 'tok-123456789', total });
  const cmd = parseCommand(['--base-url', ref.baseUrl, '--token', 'tok-123456789', '--out', `/tmp/b7/t${total}`, '--seed', '1', '--quiet'], {}, process.cwd());
  const s = Date.now();
  const o = await runTarget(cmd.targets[0], { quiet: true, log: () => {} });
  console.log(total, o.exitCode, o.result?.stats.requests, Date.now() - s, 'server saw', ref.requests, o.result?.coverage);
  await ref.close();
}
