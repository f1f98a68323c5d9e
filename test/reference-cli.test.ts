/** bin/reference.mjs: startup line without the token, exit 2 on bad flags, clean exit on SIGTERM, and `npm run reference` stopped with its npm. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packagePath } from '../src/paths.ts';

const BIN = packagePath('bin', 'reference.mjs');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function run(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function waitFor(pred: () => boolean, exit: Promise<unknown>): Promise<void> {
  let exited = false;
  void exit.then(() => (exited = true));
  while (!pred()) {
    if (exited) throw new Error('process exited early');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const get = (url: string, token: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });

describe('reference CLI', () => {
  it.each([
    [['--bogus']],
    [['--total', 'many']],
    [['--port', '70000']],
    [['--fault', 'no-such-fault']],
    [['--order', 'random']],
    [['--latency-ms', '9-3']],
    [['--throttle', '0']],
    [['--throttle', '60,x']],
    [['--throttle-quiet']],
    [['--sanctum-token-id', '0']],
  ])('bad flags %j: one line on stderr, exit 2', async (args) => {
    const p = run(args);
    expect(await p.exit).toBe(2);
    expect(p.err().trim().split('\n')).toHaveLength(1);
    expect(p.err()).toMatch(/^reference: /);
    expect(p.out()).toBe('');
  });

  it('serves, prints the URL but never the token, stops on SIGTERM with exit 0', async () => {
    const token = 'cli-secret-token-123';
    const p = run(['--port', '0', '--token', token, '--total', '40', '--prefix', '/vms', '--fault', 'to-off-by-one']);
    await waitFor(() => p.out().includes('\n'), p.exit);
    const m = /^Reference server listening on (http:\/\/127\.0\.0\.1:\d+\/vms) \(token: \*\*\*, 40 codes\)$/m.exec(p.out());
    expect(m, p.out()).not.toBeNull();
    const r = await get(`${m![1]}/api/v1/intercom/codes?per_page=10`, token);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).meta).toMatchObject({ total: 40, to: 11 });
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.out() + p.err()).not.toContain(token);
  });

  it('--throttle N,MINUTES, --gzip and --sanctum-token-id: the vendor setups a run must cope with, from the command line', async () => {
    const token = 'cli-throttle-token-123';
    const p = run(['--port', '0', '--token', token, '--throttle', '2,1', '--gzip', '--sanctum-token-id', '7']);
    await waitFor(() => /Throttle: /.test(p.out()), p.exit);
    expect(p.out()).toMatch(/^Sanctum token: send "7\|<token>" \(or the token alone\)$/m);
    expect(p.out()).toMatch(/^Throttle: 2 requests per 1 min after auth$/m);
    const url = `${/listening on (\S+)/.exec(p.out())![1]!}/api/v1/intercom/codes`;
    const raw = (headers: Record<string, string>) =>
      new Promise<http.IncomingMessage>((resolve, reject) => http.get(url, { headers: { accept: 'application/json', ...headers } }, (res) => (res.resume(), resolve(res))).on('error', reject));
    expect((await raw({ authorization: 'Bearer wrong' })).statusCode).toBe(401); // refused before the throttle: not counted
    const first = await raw({ authorization: `Bearer 7|${token}`, 'accept-encoding': 'gzip' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    expect((await raw({ authorization: `Bearer ${token}` })).statusCode).toBe(200); // the secret alone, no gzip offered
    const refused = await raw({ authorization: `Bearer ${token}` });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.out() + p.err()).not.toContain(token);
  });

  it('reads the token from REFERENCE_TOKEN and lists faults', async () => {
    const p = run(['--port', '0'], { REFERENCE_TOKEN: 'env-token-xyz' });
    await waitFor(() => p.out().includes('\n'), p.exit);
    const url = /listening on (\S+)/.exec(p.out())![1]!;
    expect((await get(`${url}/api/v1/intercom/codes`, 'env-token-xyz')).status).toBe(200);
    expect(p.out()).not.toContain('env-token-xyz');
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
    const list = run(['--list-faults']);
    expect(await list.exit).toBe(0);
    expect(list.out()).toMatch(/^past-end-404\tPAG-PAST-END\t/m);
  });

  it('npm run reference & then kill $!: stopping npm stops the server too', async () => {
    // npm runs the script through a shell; SIGTERM ends npm and the shell, and the server is left to init.
    const npm = spawn('npm', ['run', '--silent', 'reference', '--', '--port', '0', '--token', 'npm-token-123'], {
      cwd: PACKAGE_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(npm);
    let out = '';
    npm.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const npmExit = new Promise((resolve) => npm.on('exit', resolve));
    await waitFor(() => /listening on (\S+)/.test(out), npmExit);
    const url = /listening on (\S+)/.exec(out)![1]!;
    expect((await get(`${url}/api/v1/intercom/codes`, 'npm-token-123')).status).toBe(200);
    npm.kill('SIGTERM');
    await npmExit;
    const refused = async (): Promise<boolean> => get(`${url}/api/v1/intercom/codes`, 'npm-token-123').then(() => false, () => true);
    const until = Date.now() + 5000;
    while (!(await refused()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await refused()).toBe(true);
  });
});
