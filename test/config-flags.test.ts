/** The flags people expect from other tools: -H/--header, --proxy and *_PROXY, -h, a positional URL, ids in any case. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommand, UsageError } from '../cli/config.ts';
import { proxyFor, proxySettings } from '../src/http/proxy.ts';
import { exclusionReason, matchesPattern } from '../src/selection.ts';
import { looksSecretHeader, SecretMasker } from '../src/http/mask.ts';

const cwd = mkdtempSync(path.join(os.tmpdir(), 'cfg-flags-'));
const run = (argv: string[], env: Record<string, string> = {}) => parseCommand(argv, env, cwd);
const target = (argv: string[], env: Record<string, string> = {}) => run(argv, env).targets[0]!;
const usage = (argv: string[], env: Record<string, string> = {}): UsageError => {
  try {
    run(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
};

describe('-H/--header', () => {
  it('repeatable, short and long, "Name: value" with the value trimmed; the variable takes one per line', () => {
    expect(target(['-H', 'X-Api-Key: k-123', '--header', 'X-Tenant:acme']).headers).toEqual({ 'X-Api-Key': 'k-123', 'X-Tenant': 'acme' });
    expect(target([], { CONFORMANCE_HEADERS: 'X-Api-Key: a\nX-Tenant: b\n' }).headers).toEqual({ 'X-Api-Key': 'a', 'X-Tenant': 'b' });
    expect(target([]).headers).toEqual({});
  });

  it('a config file takes a map or a list', () => {
    const file = path.join(cwd, 'h.yaml');
    writeFileSync(file, 'header:\n  X-Api-Key: ${GW_KEY}\n');
    expect(target(['--config', file], { GW_KEY: 'from-env' }).headers).toEqual({ 'X-Api-Key': 'from-env' });
    writeFileSync(file, "header: ['X-Tenant: t1']\n");
    expect(target(['--config', file]).headers).toEqual({ 'X-Tenant': 't1' });
  });

  it.each([
    ['Authorization: Bearer x', /--token/],
    ['authorization: Basic eA==', /--token/],
    ['X-Client: web', /--client/],
    ['x-uuid: 1', /--device-id/],
    ['Accept: text/html', /Accept/],
    ['Host: other.example', /Host/],
    ['Content-Length: 3', /without a body/],
    ['Transfer-Encoding: chunked', /without a body/],
  ])('refuses %s, with the hint naming what owns it', (h, hint) => {
    const e = usage(['-H', h]);
    expect(e.message).toMatch(/not allowed/);
    expect(e.hint).toMatch(hint);
  });

  it('refuses a line without a colon, an invalid name, a value with a line break and a repeated name, never echoing the value', () => {
    expect(usage(['-H', 'X-Api-Key secret-value']).message).not.toContain('secret-value');
    expect(usage(['-H', 'Bad Name: v']).message).toMatch(/not a valid header/);
    expect(usage([], { CONFORMANCE_HEADERS: 'X-A: one\rtwo' }).message).toMatch(/not a valid header/);
    expect(usage(['-H', 'X-A: secret-1', '-H', 'x-a: secret-2']).message).toMatch(/given twice/);
    expect(usage(['-H', 'X-A: secret-1', '-H', 'x-a: secret-2']).message).not.toMatch(/secret-/);
  });

  it('secret-looking names are masked whole in the records, others kept', () => {
    for (const n of ['X-Api-Key', 'apikey', 'X-Auth-Token', 'CF-Access-Client-Secret', 'Cookie', 'X-Session-Id', 'X-Signature']) expect(looksSecretHeader(n), n).toBe(true);
    for (const n of ['X-Tenant', 'X-Request-Id', 'CF-Access-Client-Id', 'User-Agent']) expect(looksSecretHeader(n), n).toBe(false);
    const m = new SecretMasker(['the-bearer-token-0123'], { secretHeaders: ['X-Api-Key'] });
    expect(m.maskHeaders({ 'x-api-key': 'abc', 'x-tenant': 'acme' })).toEqual({ 'x-api-key': '***', 'x-tenant': 'acme' });
  });
});

describe('positional base URL and -h', () => {
  it('vms-conformance https://host is --base-url https://host', () => {
    expect(target(['https://h.example/vms/', '--token', 'T']).baseUrl).toBe('https://h.example/vms');
    expect(target(['--token', 'T', 'https://h.example']).baseUrl).toBe('https://h.example');
  });

  it('two URLs, or one plus --base-url, are refused; a positional is validated like --base-url', () => {
    expect(usage(['https://a.example', 'https://b.example', '--token', 'T']).message).toMatch(/one base URL at most/);
    expect(usage(['https://a.example', '--base-url', 'https://a.example', '--token', 'T']).message).toMatch(/given twice/);
    expect(usage(['ftp://a.example', '--token', 'T']).message).toMatch(/http or https/);
    expect(usage(['https://a.example']).message).toMatch(/needs a token/);
  });

  it('-h is --help', () => {
    expect(run(['-h']).kind).toBe('help');
    expect(run(['--help']).kind).toBe('help');
  });
});

describe('requirement ids in any case', () => {
  it('--only/--skip accept lower and mixed case, and are stored in the catalogue spelling', () => {
    const t = target(['--only', 'auth-*,Pag-Per-Page', '--skip', 'auth-wrong-token']);
    expect(t.only).toEqual(['AUTH-*', 'PAG-PER-PAGE']);
    expect(t.skip).toEqual(['AUTH-WRONG-TOKEN']);
    expect(exclusionReason('AUTH-MISSING-TOKEN', t.only, t.skip)).toBeUndefined();
    expect(exclusionReason('AUTH-WRONG-TOKEN', t.only, t.skip)).toMatch(/--skip/);
    expect(exclusionReason('LINKS-ORIGIN', t.only, t.skip)).toMatch(/--only/);
  });

  it('the rule itself ignores case; an unknown id is still refused', () => {
    expect(matchesPattern('AUTH-MISSING-TOKEN', 'auth-missing-token')).toBe(true);
    expect(matchesPattern('AUTH-MISSING-TOKEN', 'auth-*')).toBe(true);
    expect(matchesPattern('AUTH-MISSING-TOKEN', 'auth-wrong*')).toBe(false);
    expect(usage(['--only', 'auth-nope']).message).toMatch(/unknown requirement id/);
  });

  it('baseline keys in any case become catalogue ids', () => {
    const file = path.join(cwd, 'baseline.yaml');
    writeFileSync(file, 'links-origin: the proxy rewrites the host\n');
    expect(target(['--baseline', file]).baseline).toEqual({ 'LINKS-ORIGIN': 'the proxy rewrites the host' });
  });
});

describe('proxy settings', () => {
  it('--proxy is used for both schemes; the environment otherwise, lower-case names first, ALL_PROXY as fallback', () => {
    expect(target(['--proxy', 'http://p.example:3128']).proxy).toEqual({ http: 'http://p.example:3128', https: 'http://p.example:3128', noProxy: undefined });
    expect(proxySettings(undefined, { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:2', NO_PROXY: 'internal' })).toEqual({ https: 'http://s:1', http: 'http://h:2', noProxy: 'internal' });
    expect(proxySettings(undefined, { https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:1' })?.https).toBe('http://low:1');
    expect(proxySettings(undefined, { ALL_PROXY: 'http://all:1' })).toEqual({ http: 'http://all:1', https: 'http://all:1', noProxy: undefined });
    expect(proxySettings(undefined, {})).toBeUndefined();
    expect(target([], { HTTPS_PROXY: 'http://s:1' }).proxy?.https).toBe('http://s:1');
    expect(target([], { CONFORMANCE_PROXY: 'http://c:1' }).proxy?.http).toBe('http://c:1');
  });

  it('picks the proxy by scheme and leaves NO_PROXY hosts direct', () => {
    const s = { http: 'http://h:2', https: 'http://s:1', noProxy: 'localhost, .internal.example,10.0.0.1:8080 [::1]' };
    expect(proxyFor('https://api.example/x', s)).toBe('http://s:1');
    expect(proxyFor('http://api.example/x', s)).toBe('http://h:2');
    expect(proxyFor('http://localhost:3000/x', s)).toBeUndefined();
    expect(proxyFor('https://a.internal.example/x', s)).toBeUndefined();
    expect(proxyFor('https://internal.example/x', s)).toBeUndefined();
    expect(proxyFor('https://notinternal.example/x', s)).toBe('http://s:1');
    expect(proxyFor('http://10.0.0.1:8080/x', s)).toBeUndefined();
    expect(proxyFor('http://10.0.0.1:9090/x', s)).toBe('http://h:2');
    expect(proxyFor('http://[::1]:9090/x', s)).toBeUndefined();
    expect(proxyFor('https://any.example/x', { https: 'http://s:1', noProxy: '*' })).toBeUndefined();
    expect(proxyFor('https://any.example/x', { http: 'http://h:2' })).toBeUndefined();
  });

  it('refuses a --proxy that is not a proxy URL, without echoing it (it may hold a password)', () => {
    for (const bad of ['p.example:3128', 'socks5://u:pw-secret@p:1', 'http://u:pw-secret@p:1/path']) {
      const e = usage(['--proxy', bad]);
      expect(e.message).toMatch(/--proxy must be a proxy URL/);
      expect(e.message + e.hint).not.toContain('pw-secret');
    }
  });
});
