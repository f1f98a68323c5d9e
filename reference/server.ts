/**
 * The embedded reference server: GET {prefix}/api/v1/intercom/codes answered exactly as the vendor's
 * Laravel 10/11 app would (route match → auth → validation → paginated JsonResource), over http or https,
 * on Node's http module. Conformant vendor variations are options; bugs are faults (reference/faults.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { offersGzip, requestOrigin } from './request-headers.ts';
import { reversed, withExtraFields } from './data-views.ts';
import { ENDPOINT_PATH } from '../src/target.ts';
import { generateCodes, type DataSource } from '../fixtures/codes.ts';
import { isAuthenticated, type BearerScheme } from './auth.ts';
import { resolveFaults, type DraftResponse, type Fault, type FaultContext, type JsonBody } from './faults/index.ts';
import { paginate, TRANSLATED_LABELS, UNTRANSLATED_LABELS } from './paginator.ts';
import { phpJsonEncode, type PhpJsonValue } from './php-json.ts';
import { laravelInput, parsePhpQuery, rawurldecode } from './php-query.ts';
import { loadTlsCert, type TlsCertName } from './tls.ts';
import { ExponentOutOfRangeError, validatePageParams, type ValidationOutcome } from './validate.ts';

export { requestOrigin };

export interface ReferenceOptions {
  /** Bearer token the server accepts; default 'reference-token'. */
  token?: string;
  /** Number of codes; default 137. */
  total?: number;
  /** Data seed; default 42. */
  seed?: number;
  /** Serve HTTPS with a test-only certificate (fixtures/tls). */
  tls?: boolean;
  /** Which certificate with tls: default 'self-signed'. */
  tlsCert?: TlsCertName;
  /** Path prefix the app is mounted under, e.g. '/vms'. */
  prefix?: string;
  /** Delay before each response: fixed, or random in [min, max]. */
  latencyMs?: number | [number, number];
  /** The paginator keeps every query parameter in its links (->withQueryString()). */
  withQueryString?: boolean;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 0 (any free port). */
  port?: number;
  /** Server clock (is_expired, timestamps anchor); default the real clock. */
  now?: () => Date;
  // Conformant vendor choices, each a realistic real-world option:
  /** Record order: default 'asc' (by id). */
  order?: 'asc' | 'desc';
  /** `max:N` on per_page. */
  perPageMax?: number;
  /** `required` on page and per_page. */
  requireParams?: boolean;
  /** 'untranslated' (vendor page: "pagination.previous") or 'translated' ("&laquo; Previous"). */
  labels?: 'untranslated' | 'translated';
  /** Paginator onEachSide(n); default 3. */
  onEachSide?: number;
  /** Laravel 12.23+ `page` key in meta.links items. */
  pageKey?: boolean;
  /** Extra record fields (updated_at, comment). */
  extraFields?: boolean;
  /** Texts of the 401/422 messages: Laravel 10+ defaults, or an app's own (Laravel 8 style). */
  messages?: 'laravel' | 'custom';
  /** A Sanctum token "<id>|<token>" (ReferenceServer.token); its secret alone is valid too. Default: plain token. */
  sanctumTokenId?: number;
  /** nginx's `gzip on`: answers gzipped when the request offers gzip, as is otherwise. Default: never compressed. */
  gzip?: boolean;
  /** Bearer scheme matching: Laravel 11.34+ (default) or up to 11.33. */
  bearerScheme?: BearerScheme;
  /**
   * Real Laravel 10.x+/11 quirk: a numeric value with an exponent beyond ±1000 (page=1e1001) makes the min rule
   * throw a MathException, rendered as 500. Off by default (the reference stays a clean baseline).
   */
  exponentGuard?: boolean;
  /**
   * Laravel's ThrottleRequests after auth (Laravel 10's default `throttle:api` is 60 a minute per user):
   * X-RateLimit-Limit/Remaining on every answer, and past the limit a 429 {"message":"Too Many Attempts."} with
   * Retry-After (seconds) and X-RateLimit-Reset.
   */
  /** announce false: a gateway-style limiter that sends no X-RateLimit-* headers, only 429 with Retry-After. */
  throttle?: { limit: number; windowMs: number; announce?: boolean };
  /** The controller silently caps the page size: paginate(min($request->per_page, N)). */
  perPageClamp?: number;
  /**
   * The app validates its headers after auth: X-Client in the documented list and X-UUID present, else 422 with
   * errors keyed "X-Client" / "X-UUID" (the vendor page says nothing of header errors; a 4xx is a legitimate answer).
   */
  strictHeaders?: boolean;
  /**
   * A live system (staging): one new code is created after every N requests served, appended to the collection
   * (ids keep increasing), so meta.total grows while a suite runs. Conformant: nothing in the page forbids it.
   */
  liveInsertsEvery?: number;
  /** Fault names from reference/faults.ts. */
  faults?: string[];
}

export interface ReferenceServer {
  /** Origin plus prefix, no trailing slash: "http://127.0.0.1:PORT/vms". */
  baseUrl: string;
  token: string;
  close(): Promise<void>;
  /** The collection served (ascending; with order 'desc' the endpoint reverses it). */
  codes: DataSource;
  /** Requests received so far. */
  readonly requests: number;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-cache, private' };

/** A response rendered by the exception handler (404, 405, 500): pretty-printed, slashes unescaped. */
const handlerJson = (status: number, message: string, headers: Record<string, string> = {}): DraftResponse => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: phpJsonEncode({ message }, { prettyPrint: true, unescapedSlashes: true }),
});

function normalizePrefix(prefix: string | undefined): string {
  if (!prefix) return '';
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : '/' + trimmed;
}

function pickLatency(latency: ReferenceOptions['latencyMs']): number {
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return Math.max(0, latency);
  const [min, max] = latency;
  return Math.max(0, min + Math.random() * Math.max(0, max - min));
}

const STRICT_CLIENTS = ['ios-cctv', 'android-cctv', 'thick-legal', 'web'];

interface Resolved {
  /** Fixed-window hit counter for options.throttle. */
  window: { startedAt: number; hits: number };
  token: string;
  prefix: string;
  scheme: 'http' | 'https';
  clock: () => Date;
  faults: Fault[];
  source: DataSource;
  options: ReferenceOptions;
}

function buildContext(req: http.IncomingMessage, r: Resolved, requestNumber: number): FaultContext {
  const target = (req.url ?? '/').split('#')[0]!;
  const q = target.indexOf('?');
  const rawQuery = q === -1 ? '' : target.slice(q + 1);
  return {
    method: req.method ?? 'GET',
    path: q === -1 ? target : target.slice(0, q),
    rawQuery,
    query: laravelInput(parsePhpQuery(rawQuery)),
    headers: req.headers,
    token: r.token,
    client: firstHeader(req, 'x-client'),
    deviceId: firstHeader(req, 'x-uuid'),
    requestNumber,
    now: r.clock(),
    total: r.source.total,
  };
}

function firstHeader(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Route, auth, validation, page: the response to send, or null when a fault already answered. */
async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  r: Resolved,
  ctx: FaultContext,
): Promise<DraftResponse | null> {
  const { options, faults } = r;
  const path = ctx.path;
  const header = (name: string): string | undefined => firstHeader(req, name);

  for (const f of faults) if (f.respond && (await f.respond(req, res, ctx))) return null;

  let rateHeaders: Record<string, string> = {};
  const finish = (status: number, body: JsonBody, draft?: Partial<DraftResponse>): DraftResponse => {
    ctx.status = status;
    let b = body;
    for (const f of faults) if (f.body) b = f.body(b, ctx);
    return { status, headers: { ...JSON_HEADERS, ...rateHeaders }, body: phpJsonEncode(b), ...draft };
  };

  // Routing (before any middleware of the route). Laravel matches the path without its trailing slash.
  const routePath = r.prefix + ENDPOINT_PATH;
  const trimmedPath = path.replace(/\/+$/, '') || '/';
  const appPath = r.prefix !== '' && (trimmedPath === r.prefix || trimmedPath.startsWith(r.prefix + '/'))
    ? trimmedPath.slice(r.prefix.length) || '/'
    : trimmedPath;
  const laravelPath = appPath.replace(/^\/+|\/+$/g, '') || '/'; // Request::path()
  // UriValidator matches rawurldecode($path) against the route.
  if (rawurldecode(trimmedPath) !== routePath) {
    ctx.status = 404;
    return handlerJson(404, `The route ${laravelPath} could not be found.`);
  }
  if (ctx.method === 'OPTIONS') {
    return { status: 200, headers: { allow: 'GET,HEAD', 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache, private' }, body: '' };
  }
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    ctx.status = 405;
    return handlerJson(
      405,
      `The ${ctx.method} method is not supported for route ${laravelPath}. Supported methods: GET, HEAD.`,
      { allow: 'GET, HEAD' },
    );
  }

  // auth:sanctum
  let authenticated = isAuthenticated(header('authorization'), r.token, options.bearerScheme);
  for (const f of faults) if (f.auth) authenticated = f.auth(ctx, authenticated);
  if (!authenticated) {
    return finish(401, { message: options.messages === 'custom' ? 'Authorization token not provided or invalid.' : 'Unauthenticated.' });
  }

  // throttle:api (runs after auth in Laravel's middleware priority, so refusals are not counted)
  if (options.throttle) {
    const { limit, windowMs } = options.throttle;
    const now = Date.now();
    if (now - r.window.startedAt >= windowMs) r.window = { startedAt: now, hits: 0 };
    r.window.hits += 1;
    const resetAt = r.window.startedAt + windowMs;
    if (r.window.hits > limit) {
      const retryAfter = Math.max(1, Math.ceil((resetAt - now) / 1000));
      const announced: Record<string, string> = options.throttle.announce === false ? {} : { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)) };
      rateHeaders = { ...announced, 'retry-after': String(retryAfter) };
      return finish(429, { message: 'Too Many Attempts.' });
    }
    if (options.throttle.announce !== false) rateHeaders = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(limit - r.window.hits) };
  }

  if (options.strictHeaders) {
    const errors: Record<string, string[]> = {};
    const client = header('x-client');
    if (!client) errors['X-Client'] = ['The x-client field is required.'];
    else if (!STRICT_CLIENTS.includes(client)) errors['X-Client'] = ['The selected x-client is invalid.'];
    if (!header('x-uuid')) errors['X-UUID'] = ['The x-uuid field is required.'];
    const messages = Object.values(errors).flat();
    if (messages.length > 0) {
      const more = messages.length - 1;
      const message = more > 0 ? `${messages[0]} (and ${more} more error${more === 1 ? '' : 's'})` : messages[0];
      return finish(422, { message, errors });
    }
  }

  // $request->validate([...])
  let outcome: ValidationOutcome;
  try {
    outcome = validatePageParams(ctx.query, {
      requireParams: options.requireParams,
      perPageMax: options.perPageMax,
      messages: options.messages,
      exponentGuard: options.exponentGuard,
    });
  } catch (e) {
    if (e instanceof ExponentOutOfRangeError) {
      ctx.status = 500;
      return handlerJson(500, 'Server Error');
    }
    throw e;
  }
  for (const f of faults) if (f.validate) outcome = f.validate(ctx, outcome);
  if (!outcome.ok) return finish(422, { message: outcome.body.message, errors: outcome.body.errors });

  let params = { page: outcome.page, perPage: outcome.perPage };
  if (options.perPageClamp !== undefined && params.perPage > BigInt(options.perPageClamp)) params.perPage = BigInt(options.perPageClamp);
  for (const f of faults) if (f.params) params = f.params(ctx, params);
  ctx.page = params.page;
  ctx.perPage = params.perPage;

  // The paginator's path is $request->url(): Symfony refuses a malformed Host only here, when it is needed.
  const origin = requestOrigin(header('host'), r.scheme, req.socket.address() as AddressInfo);
  if (origin === null) {
    ctx.status = 404;
    return handlerJson(404, 'Bad hostname provided.');
  }

  let source = options.order === 'desc' ? reversed(r.source) : r.source;
  for (const f of faults) if (f.data) source = f.data(source, ctx);
  const records = options.extraFields
    ? { total: source.total, slice: (o: number, c: number) => source.slice(o, c).map(withExtraFields) }
    : source;
  const body = paginate<PhpJsonValue>(records as { total: number; slice(o: number, c: number): PhpJsonValue[] }, {
    page: params.page,
    perPage: params.perPage,
    path: origin + trimmedPath,
    query: ctx.query,
    withQueryString: options.withQueryString,
    onEachSide: options.onEachSide,
    labels: options.labels === 'translated' ? TRANSLATED_LABELS : UNTRANSLATED_LABELS,
    pageKey: options.pageKey,
  });
  ctx.lastPage = body.meta.last_page;
  return finish(200, body as unknown as JsonBody);
}

export async function startReference(options: ReferenceOptions = {}): Promise<ReferenceServer> {
  const faults = resolveFaults(options.faults ?? []);
  const clock = options.now ?? (() => new Date());
  if (options.onEachSide !== undefined && (!Number.isInteger(options.onEachSide) || options.onEachSide < 0)) {
    throw new RangeError(`onEachSide must be a non-negative integer, got ${options.onEachSide}`);
  }
  if (options.perPageMax !== undefined && (!Number.isInteger(options.perPageMax) || options.perPageMax < 1)) {
    throw new RangeError(`perPageMax must be a positive integer, got ${options.perPageMax}`);
  }
  const baseTotal = options.total ?? 137;
  const every = options.liveInsertsEvery;
  const generated = generateCodes({ total: every ? baseTotal + 10_000 : baseTotal, seed: options.seed ?? 42, now: clock(), clock });
  // With live inserts the view grows by one record per `every` requests served (up to 10,000 new ones).
  const codes: DataSource = every
    ? {
        get total() {
          return Math.min(generated.total, baseTotal + Math.floor(requests / every));
        },
        slice: (offset: number, count: number) => generated.slice(offset, Math.max(0, Math.min(count, codes.total - offset))),
      }
    : generated;
  const resolved: Resolved = {
    window: { startedAt: Date.now(), hits: 0 },
    token: options.sanctumTokenId === undefined ? (options.token ?? 'reference-token') : `${options.sanctumTokenId}|${options.token ?? 'reference-token'}`,
    prefix: normalizePrefix(options.prefix),
    scheme: options.tls ? 'https' : 'http',
    clock,
    faults,
    source: codes,
    options,
  };
  let requests = 0;

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const requestNumber = ++requests;
    let ctx: FaultContext;
    Promise.resolve()
      .then(() => {
        ctx = buildContext(req, resolved, requestNumber);
        return handle(req, res, resolved, ctx);
      })
      .then((draft) => {
        if (draft === null) return null;
        let d = draft;
        for (const f of faults) if (f.response) d = f.response(d, ctx);
        return d;
      })
      .catch((e: unknown) => {
        // An unexpected error is a reference bug: answer like Laravel would (500), never hang.
        process.emitWarning(`reference server error: ${e instanceof Error ? e.stack : String(e)}`);
        return handlerJson(500, 'Server Error');
      })
      .then(async (d) => {
        if (!d) return;
        const delay = pickLatency(options.latencyMs);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        if (res.destroyed || res.headersSent) return;
        const headers = options.gzip && offersGzip(req) ? { ...d.headers, 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : d.headers;
        // A fault may ask for gzip itself (headers['content-encoding']): the bytes follow what the headers say.
        const text = Buffer.from(d.body, 'utf8');
        const body = headers['content-encoding'] === 'gzip' ? gzipSync(text) : text;
        res.writeHead(d.status, { ...headers, 'content-length': String(body.length) });
        res.end(body);
      });
  };

  const server = options.tls
    ? https.createServer(loadTlsCert(options.tlsCert ?? 'self-signed'), listener)
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    baseUrl: `${resolved.scheme}://${hostForUrl}:${address.port}${resolved.prefix}`,
    token: resolved.token,
    codes,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
