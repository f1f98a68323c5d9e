/**
 * `npm run reference -- [options]`: run the reference server standalone.
 * Prints one line with the base URL (never the token) and keeps serving until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startReference, type ReferenceOptions } from './server.ts';
import { listFaults } from './faults/index.ts';
import { TLS_CERT_NAMES, type TlsCertName } from './tls.ts';

const HELP = `Usage: npm run reference -- [options]

Runs the Laravel-faithful reference server for GET /api/v1/intercom/codes.

  --port N                 listen port (default 0: any free port)
  --host ADDR              listen address (default 127.0.0.1)
  --token T                bearer token to accept (default: $REFERENCE_TOKEN, else "reference-token")
  --total N                number of codes (default 137)
  --seed N                 data seed (default 42)
  --tls                    serve HTTPS with the TEST-ONLY self-signed certificate (fixtures/tls)
  --tls-cert NAME          ${TLS_CERT_NAMES.join(' | ')} (implies --tls)
  --prefix /P              mount the app under a path prefix, e.g. /vms
  --latency-ms N|MIN-MAX   delay every response (fixed or random in a range)
  --with-query-string      links keep every query parameter (->withQueryString())
  --order asc|desc         record order (default asc)
  --per-page-max N         per_page max:N rule
  --require-params         page and per_page are required
  --labels untranslated|translated
  --on-each-side N         paginator window (default 3)
  --page-key               Laravel 12.23+ "page" key in meta.links items
  --extra-fields           extra record fields (updated_at, comment)
  --messages laravel|custom
  --bearer-scheme case-insensitive|case-sensitive
  --exponent-guard         real Laravel 10+/11 quirk: 500 on numeric exponents beyond ±1000
  --throttle N[,MINUTES]   Laravel's throttle:N,MINUTES after auth (Laravel 10's api group: 60,1), with
                           X-RateLimit-Limit/Remaining on every answer, 429 and Retry-After past the limit
  --throttle-quiet         the throttle sends no X-RateLimit-* headers, only 429 + Retry-After (a gateway's)
  --gzip                   nginx's gzip on: gzipped answers when the request offers gzip
  --sanctum-token-id N     the accepted token is a Sanctum token "N|<token>" (its secret alone is valid too)
  --fault NAME             inject a fault (repeatable); --list-faults shows them
  --list-faults            list the faults and exit
  -h, --help               this help
`;

class UsageError extends Error {}

function int(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} expects an integer >= ${min}, got "${value}"`);
  }
  return Number(value);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} expects one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): { options: ReferenceOptions; help: boolean; listFaults: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        total: { type: 'string' },
        seed: { type: 'string' },
        tls: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        prefix: { type: 'string' },
        'latency-ms': { type: 'string' },
        'with-query-string': { type: 'boolean' },
        order: { type: 'string' },
        'per-page-max': { type: 'string' },
        'require-params': { type: 'boolean' },
        labels: { type: 'string' },
        'on-each-side': { type: 'string' },
        'page-key': { type: 'boolean' },
        'extra-fields': { type: 'boolean' },
        messages: { type: 'string' },
        'bearer-scheme': { type: 'string' },
        'exponent-guard': { type: 'boolean' },
        throttle: { type: 'string' },
        'throttle-quiet': { type: 'boolean' },
        gzip: { type: 'boolean' },
        'sanctum-token-id': { type: 'string' },
        fault: { type: 'string', multiple: true },
        'list-faults': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  let latencyMs: ReferenceOptions['latencyMs'];
  const latency = values['latency-ms'];
  if (latency !== undefined) {
    const range = /^(\d+)-(\d+)$/.exec(latency);
    if (range) {
      if (Number(range[1]) > Number(range[2])) throw new UsageError(`--latency-ms range "${latency}" has min > max`);
      latencyMs = [Number(range[1]), Number(range[2])];
    } else latencyMs = int('latency-ms', latency);
  }
  const port = int('port', values.port);
  if (port !== undefined && port > 65535) throw new UsageError(`--port expects 0..65535, got "${values.port}"`);
  const token = values.token ?? env.REFERENCE_TOKEN;
  if (token !== undefined && (token === '' || /[\s,]/.test(token))) throw new UsageError('--token must be non-empty, without spaces or commas');
  const prefix = values.prefix;
  if (prefix !== undefined && !/^\/?[A-Za-z0-9._~\/-]*$/.test(prefix)) throw new UsageError(`--prefix "${prefix}" is not a plain URL path`);
  const tlsCert = oneOf<TlsCertName>('tls-cert', values['tls-cert'], TLS_CERT_NAMES);
  let throttle: ReferenceOptions['throttle'];
  if (values.throttle !== undefined) {
    const m = /^(\d+)(?:,(\d+))?$/.exec(values.throttle);
    if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < 1)) throw new UsageError(`--throttle expects N or N,MINUTES (both >= 1), as in throttle:60,1; got "${values.throttle}"`);
    throttle = { limit: Number(m[1]), windowMs: Number(m[2] ?? 1) * 60_000, announce: values['throttle-quiet'] !== true };
  } else if (values['throttle-quiet']) throw new UsageError('--throttle-quiet needs --throttle');
  const faults = values.fault ?? [];
  const known = new Set(listFaults().map((f) => f.name));
  for (const f of faults) if (!known.has(f)) throw new UsageError(`unknown fault "${f}" (see --list-faults)`);
  return {
    help: values.help === true,
    listFaults: values['list-faults'] === true,
    options: {
      port,
      host: values.host,
      token,
      total: int('total', values.total),
      seed: int('seed', values.seed),
      tls: values.tls === true || tlsCert !== undefined,
      tlsCert,
      prefix,
      latencyMs,
      withQueryString: values['with-query-string'],
      order: oneOf('order', values.order, ['asc', 'desc'] as const),
      perPageMax: int('per-page-max', values['per-page-max'], 1),
      requireParams: values['require-params'],
      labels: oneOf('labels', values.labels, ['untranslated', 'translated'] as const),
      onEachSide: int('on-each-side', values['on-each-side']),
      pageKey: values['page-key'],
      extraFields: values['extra-fields'],
      messages: oneOf('messages', values.messages, ['laravel', 'custom'] as const),
      bearerScheme: oneOf('bearer-scheme', values['bearer-scheme'], ['case-insensitive', 'case-sensitive'] as const),
      exponentGuard: values['exponent-guard'],
      throttle,
      gzip: values.gzip,
      sanctumTokenId: int('sanctum-token-id', values['sanctum-token-id'], 1),
      faults,
    },
  };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`reference: ${e.message} (see --help)\n`);
      process.exit(2);
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return;
  }
  if (parsed.listFaults) {
    for (const f of listFaults()) process.stdout.write(`${f.name}\t${f.requirementIds.join(',')}\t${f.description}\n`);
    return;
  }
  const o = parsed.options;
  let server;
  try {
    server = await startReference(o);
  } catch (e) {
    process.stderr.write(`reference: cannot start: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const tokenSource = o.token === undefined ? 'the default test token, see --help' : 'the value you gave';
  process.stdout.write(
    `Reference server listening on ${server.baseUrl} (token: ***, ${server.codes.total} codes)\n` +
      `Send "Authorization: Bearer <token>" (${tokenSource}); endpoint ${server.baseUrl}/api/v1/intercom/codes` +
      (o.tls ? ' (test-only certificate: use --insecure, or --ca fixtures/tls/ca.crt with --tls-cert ca-signed)' : '') +
      (o.sanctumTokenId !== undefined ? `\nSanctum token: send "${o.sanctumTokenId}|<token>" (or the token alone)` : '') +
      (o.throttle ? `\nThrottle: ${o.throttle.limit} requests per ${o.throttle.windowMs / 60_000} min after auth${o.throttle.announce ? '' : ', no X-RateLimit-* headers'}` : '') +
      (o.faults && o.faults.length > 0 ? `\nFaults injected: ${o.faults.join(', ')}` : '') +
      '\n',
  );
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  watchParent(stop);
}

/**
 * `npm run reference &` then `kill $!` stops npm and its shell, not this process: it would keep serving with
 * nobody to stop it. When the process that started it is gone (this one is handed to another parent), stop too.
 */
function watchParent(stop: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return; // started by init or a container's pid 1: nothing to watch
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 250).unref();
}

await main();
