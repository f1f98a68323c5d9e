import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommand, UsageError, DEFAULTS } from '../cli/config.ts';
import { isSelected } from '../src/selection.ts';

const cwd = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
const run = (argv: string[], env: Record<string, string> = {}) => parseCommand(argv, env, cwd);
const usage = (argv: string[], env: Record<string, string> = {}) => {
  try {
    run(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error('expected a UsageError');
};

describe('flags, env and defaults', () => {
  it('defaults: embedded reference, web client, ./conformance-report under the cwd', () => {
    const [t] = run([]).targets;
    expect(t.baseUrl).toBeUndefined();
    expect(t.client).toBe('web');
    expect(t.timeoutMs).toBe(DEFAULTS.timeoutMs);
    expect(t.out).toBe(path.join(cwd, 'conformance-report'));
    expect(t.deviceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('flags override env; trailing slash dropped; relative --out from the cwd', () => {
    const [t] = run(['--base-url', 'https://h.example/vms/', '--token', 'T1', '--out', 'r', '--client', 'ios-cctv'], {
      CONFORMANCE_BASE_URL: 'http://other',
      CONFORMANCE_TOKEN: 'T0',
    }).targets;
    expect(t.baseUrl).toBe('https://h.example/vms');
    expect(t.token).toBe('T1');
    expect(t.client).toBe('ios-cctv');
    expect(t.out).toBe(path.join(cwd, 'r'));
  });

  it('env alone works', () => {
    const [t] = run([], { CONFORMANCE_BASE_URL: 'http://h:8080', CONFORMANCE_TOKEN: 'T', CONFORMANCE_STRICT: 'true' }).targets;
    expect(t.baseUrl).toBe('http://h:8080');
    expect(t.strict).toBe(true);
  });

  it.each([
    [['--bogus'], /unknown option/i],
    [['--base-url', 'ftp://x', '--token', 't'], /http or https/],
    [['--base-url', 'not a url', '--token', 't'], /not a URL/],
    [['--base-url', 'http://h/api/v1/intercom/codes', '--token', 't'], /endpoint path/],
    [['--base-url', 'http://h'], /needs a token/],
    [['--base-url', 'http://h', '--token', 'Bearer 7|abc'], /^the token starts with the scheme "Bearer"$/],
    [['--base-url', 'http://h', '--token', ' 7|abc'], /^the token contains a space or a tab/],
    [['--base-url', 'http://h', '--token', '7|abc\t'], /^the token contains a space or a tab/],
    [['--client', 'desktop'], /--client must be one of/],
    [['--timeout-ms', 'soon'], /whole number/],
    [['--concurrency', '0'], /between 1 and 64/],
    [['--only', 'NOPE-1'], /unknown requirement id/],
    [['--ca', 'missing.pem'], /cannot be read/],
    [['--config', 'missing.yaml'], /cannot read config file/],
  ])('%j is a usage error', (argv, pattern) => {
    expect(usage(argv as string[])).toMatch(pattern);
  });
});

describe('config file', () => {
  it('YAML with ${ENV} interpolation, several targets, each with its own report folder', () => {
    const file = path.join(cwd, 'c.yaml');
    writeFileSync(
      file,
      'timeout-ms: 5000\ntargets:\n  - name: staging\n    baseUrl: https://staging.example\n    token: ${STAGING_TOKEN}\n  - name: Vendor Build\n    baseUrl: http://vendor.example/vms\n    token: v\n',
    );
    const { targets } = run(['--config', 'c.yaml', '--out', 'rep'], { STAGING_TOKEN: 'sekret' });
    expect(targets.map((t) => t.token)).toEqual(['sekret', 'v']);
    expect(targets.map((t) => t.timeoutMs)).toEqual([5000, 5000]);
    expect(targets.map((t) => t.out)).toEqual([path.join(cwd, 'rep', 'staging'), path.join(cwd, 'rep', 'vendor-build')]);
  });

  it('a missing ${VAR} is a clear error, not an empty token', () => {
    writeFileSync(path.join(cwd, 'd.json'), JSON.stringify({ baseUrl: 'http://h', token: '${NOPE_TOKEN}' }));
    expect(usage(['--config', 'd.json'])).toMatch(/NOPE_TOKEN is not set/);
  });

  it('unknown keys are rejected', () => {
    writeFileSync(path.join(cwd, 'e.json'), JSON.stringify({ baseURL: 'http://h' }));
    expect(usage(['--config', 'e.json'])).toMatch(/unknown key "baseURL"/);
  });

  it('baseline file: ids with reasons; an id without a reason is an error', () => {
    writeFileSync(path.join(cwd, 'b.yaml'), 'LINKS-ORIGIN: proxy rewrites hosts (OPS-12)\n');
    expect(run(['--baseline', 'b.yaml']).targets[0].baseline).toEqual({ 'LINKS-ORIGIN': 'proxy rewrites hosts (OPS-12)' });
    writeFileSync(path.join(cwd, 'b2.yaml'), 'LINKS-ORIGIN: ""\n');
    expect(usage(['--baseline', 'b2.yaml'])).toMatch(/needs a reason/);
  });
});

describe('--only / --skip', () => {
  it('prefix patterns', () => {
    expect(isSelected('AUTH-WRONG-TOKEN', ['AUTH-*'], [])).toBe(true);
    expect(isSelected('PAG-LAST-PAGE', ['AUTH-*'], [])).toBe(false);
    expect(isSelected('AUTH-WRONG-TOKEN', [], ['AUTH-WRONG-TOKEN'])).toBe(false);
  });
});

describe('values that start with "-"', () => {
  it('--token=-abc works; --token -abc gets a hint', () => {
    expect(run(['--base-url', 'http://h', '--token=-abc123']).targets[0].token).toBe('-abc123');
    try {
      run(['--base-url', 'http://h', '--token', '-abc123']);
      throw new Error('expected a UsageError');
    } catch (e) {
      expect((e as UsageError).hint).toMatch(/--token=-abc/);
    }
  });
});
