/**
 * Run configuration: command-line flags, environment variables and an optional config file (JSON or YAML),
 * merged with flags > environment > file > defaults, validated with messages a user can act on.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseYaml } from './parse-yaml.ts';
import { X_CLIENTS, type XClient } from '../src/target.ts';
import { REQUIREMENTS } from '../src/requirements.ts';
import { canonicalPattern, matchesPattern } from '../src/selection.ts';
import { proxySettings, type ProxySettings } from '../src/http/proxy.ts';
import { parseHeaders } from './headers.ts';
import { validateBaseUrl, validateToken } from './validate-target.ts';

/** A problem with what the user asked for: exit 2 with `message` and `hint`, never a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface TargetOptions {
  name?: string;
  baseUrl?: string;
  token?: string;
  client: XClient;
  deviceId: string;
  insecure: boolean;
  /** Absolute path of a PEM bundle. */
  ca?: string;
  timeoutMs: number;
  concurrency: number;
  maxRequests: number;
  rate?: number;
  deadlineMs?: number;
  strict: boolean;
  only: string[];
  skip: string[];
  /** requirement id → reason: known failures accepted for this target. */
  baseline: Record<string, string>;
  /** Absolute output folder. */
  out: string;
  seed: number;
  /** Extra request headers (-H), sent on every request. */
  headers: Record<string, string>;
  /** Forward proxy (--proxy, else HTTPS_PROXY/HTTP_PROXY/NO_PROXY); undefined: direct. */
  proxy?: ProxySettings;
}

export interface CliCommand {
  kind: 'run' | 'help' | 'version' | 'list';
  targets: TargetOptions[];
  quiet: boolean;
  /** Targets of a config file run at once (default 1: one after the other). */
  parallelTargets?: number;
}

export const DEFAULTS = {
  client: 'web' as XClient,
  timeoutMs: 10_000,
  concurrency: 4,
  maxRequests: 400,
  out: './conformance-report',
};

/** Flags, in the order `--help` shows them. `env` names the environment variable that can set the same key. */
export const FLAGS = [
  { flag: 'base-url', arg: 'URL', env: 'CONFORMANCE_BASE_URL', help: 'Target origin plus optional path prefix (https://host/vms); also the one positional argument. Omitted: the embedded reference server.' },
  { flag: 'token', arg: 'T', env: 'CONFORMANCE_TOKEN', help: 'A valid bearer token for the target (never printed).' },
  { flag: 'client', arg: 'NAME', env: 'CONFORMANCE_CLIENT', help: `X-Client for the main matrix: ${X_CLIENTS.join(' | ')} (default web).` },
  { flag: 'device-id', arg: 'ID', env: 'CONFORMANCE_DEVICE_ID', help: 'X-UUID to send (default: a fresh UUID per run).' },
  { flag: 'insecure', env: 'CONFORMANCE_INSECURE', help: 'Accept a self-signed or otherwise unverifiable TLS certificate.' },
  { flag: 'ca', arg: 'FILE', env: 'CONFORMANCE_CA', help: 'PEM bundle of extra CA certificates to trust.' },
  { flag: 'header', short: 'H', arg: "'NAME: VALUE'", env: 'CONFORMANCE_HEADERS', help: 'Extra header on every request (repeatable; the variable: one per line), e.g. an API-gateway key. Masked in the reports when the name looks secret; not Authorization (that is --token).' },
  { flag: 'proxy', arg: 'URL', env: 'CONFORMANCE_PROXY', help: 'Forward proxy for every request (http://[user:pass@]host:port). Default: HTTPS_PROXY, HTTP_PROXY or ALL_PROXY; NO_PROXY hosts go direct.' },
  { flag: 'timeout-ms', arg: 'N', env: 'CONFORMANCE_TIMEOUT_MS', help: 'Per-request timeout in milliseconds (default 10000).' },
  { flag: 'concurrency', arg: 'N', env: 'CONFORMANCE_CONCURRENCY', help: 'Requests in flight at once (default 4).' },
  { flag: 'max-requests', arg: 'N', env: 'CONFORMANCE_MAX_REQUESTS', help: 'Request budget for the whole run (default 400); never exceeded.' },
  { flag: 'rate', arg: 'N', env: 'CONFORMANCE_RATE', help: 'At most N requests per second (default: no limit).' },
  { flag: 'deadline-ms', arg: 'N', env: 'CONFORMANCE_DEADLINE_MS', help: 'Overall deadline for the run; no request starts after it.' },
  { flag: 'strict', env: 'CONFORMANCE_STRICT', help: 'SHOULD findings fail the verdict too.' },
  { flag: 'only', arg: 'IDS', env: 'CONFORMANCE_ONLY', help: 'Comma-separated requirement ids (or prefixes ending in *) to run.' },
  { flag: 'skip', arg: 'IDS', env: 'CONFORMANCE_SKIP', help: 'Comma-separated requirement ids (or prefixes ending in *) to leave out.' },
  { flag: 'baseline', arg: 'FILE', env: 'CONFORMANCE_BASELINE', help: 'Known-failures file (JSON or YAML: requirement id → reason).' },
  { flag: 'config', arg: 'FILE', env: 'CONFORMANCE_CONFIG', help: 'Config file (JSON or YAML) with the same keys as these flags; ${VAR} is read from the environment.' },
  { flag: 'out', arg: 'DIR', env: 'CONFORMANCE_OUT', help: 'Report folder (default ./conformance-report).' },
  { flag: 'seed', arg: 'N', env: 'CONFORMANCE_SEED', help: 'Seed for the property-based checks (default: random, reported).' },
  { flag: 'parallel-targets', arg: 'N', env: 'CONFORMANCE_PARALLEL_TARGETS', help: "Targets of a config file's list run at once (default 1); each target's output is printed as one block when it ends." },
  { flag: 'quiet', help: 'Only the final verdict line.' },
  { flag: 'list', help: 'Print the requirement catalogue and exit.' },
  { flag: 'help', short: 'h', help: 'Show this help.' },
  { flag: 'version', help: 'Print the version.' },
] as const;

const BOOLEAN_FLAGS = new Set<string>(FLAGS.filter((f) => !('arg' in f)).map((f) => f.flag));
/** Flags that may be given more than once (their values are a list). */
const REPEATABLE = new Set(['header']);

/** How --help and the README show a flag: "-H, --header 'NAME: VALUE'". */
export function flagLabel(f: (typeof FLAGS)[number]): string {
  return `${'short' in f ? `-${f.short}, ` : ''}--${f.flag}${'arg' in f ? ` ${f.arg}` : ''}`;
}
/** Keys a config file may use, in camelCase (kebab-case is accepted too). */
const FILE_KEYS = new Set(
  FLAGS.map((f) => camel(f.flag)).filter((k) => !['config', 'help', 'version', 'list', 'quiet'].includes(k)),
);

function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

type Raw = Partial<Record<string, string | boolean | string[] | number | Record<string, unknown>>>;

export function parseCommand(argv: string[], env: NodeJS.ProcessEnv, cwd: string): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        FLAGS.map((f) => [
          f.flag,
          { type: BOOLEAN_FLAGS.has(f.flag) ? ('boolean' as const) : ('string' as const), multiple: REPEATABLE.has(f.flag), ...('short' in f ? { short: f.short } : {}) },
        ]),
      ),
    });
  } catch (e) {
    const message = cleanParseError(e);
    // A value starting with "-" (URL-safe base64 tokens can) reads as another flag.
    if (/ambiguous/i.test(message)) throw new UsageError(message, 'give a value that starts with "-" as --flag=VALUE, e.g. --token=-abc');
    throw new UsageError(message, 'run vms-conformance --help for the list of flags');
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (v.help) return { kind: 'help', targets: [], quiet: false };
  if (v.version) return { kind: 'version', targets: [], quiet: false };
  if (v.list) return { kind: 'list', targets: [], quiet: false };
  // `vms-conformance https://host`: the one positional argument is the base URL.
  if (parsed.positionals.length > 1)
    throw new UsageError(`one base URL at most (got ${parsed.positionals.length} arguments)`, 'give flags as --name VALUE; run vms-conformance --help');
  if (parsed.positionals.length === 1) {
    if (v['base-url'] !== undefined) throw new UsageError('the base URL is given twice (argument and --base-url)', 'keep one of them');
    v['base-url'] = parsed.positionals[0];
  }

  const fromFlags: Raw = {};
  const fromEnv: Raw = {};
  for (const f of FLAGS) {
    const key = camel(f.flag);
    if (v[f.flag] !== undefined) fromFlags[key] = v[f.flag];
    if ('env' in f && env[f.env] !== undefined && env[f.env] !== '') fromEnv[key] = env[f.env];
  }
  const configPath = (fromFlags.config ?? fromEnv.config) as string | undefined;
  const file = configPath ? readConfigFile(path.resolve(cwd, configPath), env) : undefined;

  const fileTargets = file?.targets;
  const layers = (fileTarget: Raw | undefined): Raw => ({
    ...file?.common,
    ...fileTarget,
    ...fromEnv,
    ...fromFlags,
  });
  const targets = fileTargets
    ? fileTargets.map((t, i) => resolveTarget(layers(t), cwd, `targets[${i}]`, fileTargets.length > 1, env))
    : [resolveTarget(layers(undefined), cwd, 'options', false, env)];
  const parallel = fromFlags.parallelTargets ?? fromEnv.parallelTargets ?? file?.common.parallelTargets;
  const parallelTargets = int(parallel === undefined ? undefined : String(parallel), '--parallel-targets', 1, 1, 32);
  return { kind: 'run', targets, quiet: Boolean(v.quiet), parallelTargets };
}

function cleanParseError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // node's messages mention "To specify a positional argument..." etc.; keep the first sentence.
  return msg.split('\n')[0].replace(/\. To specify.*$/, '').replace(/^Unknown option/, 'unknown option');
}

interface ConfigFile {
  common: Raw;
  targets?: Raw[];
}

function readConfigFile(file: string, env: NodeJS.ProcessEnv): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read config file ${file}`, 'check the --config path');
  }
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new UsageError(`config file ${file} is not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObject(data)) throw new UsageError(`config file ${file} must hold an object of settings`);
  const interpolated = interpolate(data, env, file) as Record<string, unknown>;
  const { targets, ...common } = interpolated;
  const commonRaw = normalizeKeys(common, file);
  if (targets === undefined) return { common: commonRaw };
  if (!Array.isArray(targets) || targets.length === 0 || !targets.every(isObject))
    throw new UsageError(`config file ${file}: "targets" must be a non-empty list of objects`);
  const perTarget = targets.map((t) => normalizeKeys(t as Record<string, unknown>, file));
  if (perTarget.some((t) => t.parallelTargets !== undefined))
    throw new UsageError(`config file ${file}: parallel-targets applies to the whole run, not to one target`, 'move it to the top level of the file, next to targets');
  return { common: commonRaw, targets: perTarget };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Replaces ${VAR} in every string with the environment's value; a missing variable is an error (a secret left empty would send an empty token). */
function interpolate(x: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  if (typeof x === 'string')
    return x.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const value = env[name];
      if (value === undefined) throw new UsageError(`config file ${file} uses \${${name}} but ${name} is not set`, `export ${name}=... before running`);
      return value;
    });
  if (Array.isArray(x)) return x.map((i) => interpolate(i, env, file));
  if (isObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, interpolate(v, env, file)]));
  return x;
}

function normalizeKeys(o: Record<string, unknown>, file: string): Raw {
  const out: Raw = {};
  for (const [k, value] of Object.entries(o)) {
    const key = camel(k);
    if (!FILE_KEYS.has(key) && key !== 'name')
      throw new UsageError(`config file ${file}: unknown key "${k}"`, `known keys: ${[...FILE_KEYS, 'name', 'targets'].join(', ')}`);
    out[key] = value as Raw[string];
  }
  return out;
}

/**
 * Settings given as an object (the programmatic API, src/api.ts): the config file's keys, validated the same way;
 * the environment supplies only the proxy variables.
 */
export function resolveSettings(settings: Record<string, unknown>, cwd: string, env: NodeJS.ProcessEnv = {}): TargetOptions {
  return resolveTarget(normalizeKeys(settings, 'settings'), cwd, 'settings', false, env);
}

function resolveTarget(raw: Raw, cwd: string, where: string, multi: boolean, env: NodeJS.ProcessEnv): TargetOptions {
  const str = (key: string): string | undefined => {
    const x = raw[key];
    if (x === undefined || x === null) return undefined;
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return String(x);
    throw new UsageError(`${where}: ${key} must be a string`);
  };
  const name = str('name');
  const baseUrl = str('baseUrl');
  if (baseUrl !== undefined) validateBaseUrl(baseUrl);
  const token = str('token');
  if (baseUrl !== undefined && !token)
    throw new UsageError('--base-url needs a token', 'pass --token T or set CONFORMANCE_TOKEN');
  if (token !== undefined) validateToken(token);

  const client = str('client') ?? DEFAULTS.client;
  if (!(X_CLIENTS as readonly string[]).includes(client))
    throw new UsageError(`--client must be one of ${X_CLIENTS.join(', ')} (got "${client}")`);

  const out = path.resolve(cwd, str('out') ?? DEFAULTS.out);
  const caPath = str('ca');
  const baselinePath = str('baseline');
  // Relative paths resolve from the working directory, wherever they were given (flag, env or file).
  const ca = caPath ? readableFile(path.resolve(cwd, caPath), '--ca') : undefined;
  const baseline = baselinePath ? readBaseline(path.resolve(cwd, baselinePath)) : {};
  const only = list(raw.only);
  const skip = list(raw.skip);
  for (const p of [...only, ...skip]) checkPattern(p);
  const proxy = str('proxy');
  if (proxy !== undefined) validateProxyUrl(proxy);

  return {
    name,
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    token,
    client: client as XClient,
    deviceId: str('deviceId') ?? randomUUID(),
    insecure: bool(raw.insecure, '--insecure'),
    ca,
    timeoutMs: int(str('timeoutMs'), '--timeout-ms', DEFAULTS.timeoutMs, 1, 600_000),
    concurrency: int(str('concurrency'), '--concurrency', DEFAULTS.concurrency, 1, 64),
    maxRequests: int(str('maxRequests'), '--max-requests', DEFAULTS.maxRequests, 20, 1_000_000),
    rate: str('rate') === undefined ? undefined : int(str('rate'), '--rate', 0, 1, 10_000),
    deadlineMs: str('deadlineMs') === undefined ? undefined : int(str('deadlineMs'), '--deadline-ms', 0, 1_000, 86_400_000),
    strict: bool(raw.strict, '--strict'),
    only: only.map(canonicalPattern),
    skip: skip.map(canonicalPattern),
    baseline,
    out: multi ? path.join(out, slug(name ?? where)) : out,
    seed: int(str('seed'), '--seed', Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1),
    headers: parseHeaders(raw.header),
    proxy: proxySettings(proxy, env),
  };
}

function validateProxyUrl(s: string): void {
  let u: URL | undefined;
  try {
    u = new URL(s);
  } catch {
    // reported below
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.pathname.length > 1 || u.search)
    throw new UsageError('--proxy must be a proxy URL', 'use the form http://[user:password@]host:port');
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'target';
}


function bool(x: unknown, flag: string): boolean {
  if (x === undefined || x === null) return false;
  if (typeof x === 'boolean') return x;
  const s = String(x).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  throw new UsageError(`${flag} must be true or false (got "${String(x)}")`);
}

function int(s: string | undefined, flag: string, def: number, min: number, max: number): number {
  if (s === undefined) return def;
  if (!/^\d+$/.test(s.trim())) throw new UsageError(`${flag} must be a whole number (got "${s}")`);
  const n = Number(s.trim());
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max} (got ${n})`);
  return n;
}

function list(x: unknown): string[] {
  if (x === undefined || x === null) return [];
  const items = Array.isArray(x) ? x.map(String) : String(x).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

function readableFile(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8') && file;
  } catch {
    throw new UsageError(`${flag} file ${file} cannot be read`);
  }
}

function readBaseline(file: string): Record<string, string> {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`baseline file ${file} cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const entries = isObject(data) && isObject(data.knownFailures) ? data.knownFailures : data;
  if (!isObject(entries)) throw new UsageError(`baseline file ${file} must map requirement ids to reasons`);
  const out: Record<string, string> = {};
  for (const [id, reason] of Object.entries(entries)) {
    if (typeof reason !== 'string' || !reason.trim())
      throw new UsageError(`baseline file ${file}: ${id} needs a reason (a non-empty string)`);
    checkPattern(id);
    out[canonicalPattern(id)] = reason;
  }
  return out;
}

function checkPattern(p: string): void {
  const known = REQUIREMENTS.some((r) => matchesPattern(r.id, p));
  if (!known) throw new UsageError(`unknown requirement id "${p}"`, 'run vms-conformance --list for the ids');
}

