/**
 * Contract drift: what the target sends that openapi.yaml does not describe (body fields in records, meta,
 * links and meta.links items, response headers, statuses). Advice only: it never changes a verdict, since every
 * schema allows unknown properties on purpose (forward compatibility). Pure: exchanges and the spec document in,
 * a deterministic list out.
 *
 * The "described" sets come from the document itself: the body schemas of each documented status (followed
 * through $ref, properties, items and additionalProperties), the documented statuses, and the headers the
 * responses declare (plus Content-Type, which the response content describes). Examples are masked: an
 * undescribed field may hold a secret, so a value only shows its shape (letters x/X, digits 9), never its text.
 */
import { STATUS_CODES } from 'node:http';
import type { DriftItem, DriftReport, Exchange } from './evidence.ts';
import { wasSent } from './evidence.ts';
import { parseJsonBody } from './checks/types.ts';

export const ENDPOINT_PATH = '/api/v1/intercom/codes';

/**
 * Headers every HTTP server, proxy or the Laravel stack adds (session cookie, throttle middleware, CORS, security
 * headers): listed under "infrastructure", not as contract drift.
 */
const INFRASTRUCTURE_HEADERS = new RegExp(
  '^(' +
    [
      'date', 'server', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding',
      'cache-control', 'pragma', 'expires', 'etag', 'last-modified', 'age', 'vary', 'via', 'alt-svc', 'accept-ranges',
      'set-cookie', 'retry-after', 'x-ratelimit-[a-z-]+', 'ratelimit(-[a-z-]+)?', 'access-control-[a-z-]+',
      'x-powered-by', 'strict-transport-security', 'x-frame-options', 'x-content-type-options', 'x-xss-protection',
      'referrer-policy', 'content-security-policy(-report-only)?', 'permissions-policy', 'cross-origin-[a-z-]+',
      'x-request-id', 'x-correlation-id', 'traceparent', 'location', 'allow', 'www-authenticate', 'nel', 'report-to',
      'cf-[a-z-]+', 'x-cache(-[a-z-]+)?', 'x-amz-[a-z-]+', 'x-envoy-[a-z-]+',
    ].join('|') +
    ')$',
  'i',
);

export function isInfrastructureHeader(name: string): boolean {
  return INFRASTRUCTURE_HEADERS.test(name);
}

type Schema = Record<string, unknown>;

interface Described {
  statuses: Set<string>;
  headers: Set<string>;
  /** Body schema by documented status. */
  bodies: Map<string, Schema>;
  resolve(s: unknown): Schema | undefined;
}

/** The described sets of openapi.yaml's GET /api/v1/intercom/codes. */
export function describedBy(document: unknown): Described {
  const doc = document as { paths?: Record<string, { get?: { responses?: Record<string, Schema> } }>; components?: { schemas?: Record<string, Schema> } };
  const responses = doc.paths?.[ENDPOINT_PATH]?.get?.responses ?? {};
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: unknown): Schema | undefined => {
    let cur = s as Schema | undefined;
    for (let hops = 0; cur && typeof cur.$ref === 'string' && hops < 10; hops++) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(cur.$ref as string);
      cur = m ? schemas[m[1]] : undefined;
    }
    return cur && typeof cur === 'object' ? cur : undefined;
  };
  const headers = new Set<string>(['content-type']);
  const bodies = new Map<string, Schema>();
  for (const [status, response] of Object.entries(responses)) {
    for (const h of Object.keys((response.headers as Schema | undefined) ?? {})) headers.add(h.toLowerCase());
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    const schema = resolve(content?.['application/json']?.schema);
    if (schema) bodies.set(status, schema);
  }
  return { statuses: new Set(Object.keys(responses)), headers, bodies, resolve };
}

const MAX_EXAMPLE = 32;
/** A hostile or generated body could carry thousands of distinct keys: the report lists this many at most. */
export const MAX_DRIFT_ITEMS = 100;
const MAX_NAME = 120;

/** A value's shape without its content: "Visitor 12" → "Xxxxxxx 99"; numbers keep only their digit count. */
export function maskedExample(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (typeof value === 'object') return `{${Object.keys(value as object).length} keys}`;
  const text = typeof value === 'string' ? value : String(value);
  const shape = Array.from(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '))
    .map((c) => (/\p{Lu}/u.test(c) ? 'X' : /\p{L}/u.test(c) ? 'x' : /\p{N}/u.test(c) ? '9' : c))
    .join('');
  const cut = shape.length > MAX_EXAMPLE ? shape.slice(0, MAX_EXAMPLE - 1) + '…' : shape;
  return typeof value === 'string' ? `"${cut}" (${text.length} chars)` : cut;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** "data[].intercom" → "intercom of a record"; what part of the body a parent path is. */
function areaOf(status: string, parent: string): string {
  const names: Record<string, string> = {
    '': status === '200' ? 'page body' : `${status} body`,
    'data[]': 'record',
    'data[].intercom': 'record intercom',
    meta: 'meta',
    links: 'links',
    'meta.links[]': 'meta.links item',
  };
  return names[parent] ?? (status === '200' ? parent : `${status} body ${parent}`);
}

interface Seen {
  item: Omit<DriftItem, 'count' | 'type'>;
  types: Set<string>;
  exchanges: Set<string>;
}

export function computeDrift(exchanges: readonly Exchange[], document: unknown): DriftReport {
  const described = describedBy(document);
  const seen = new Map<string, Seen>();
  const note = (key: string, x: Exchange, item: Omit<DriftItem, 'count' | 'type' | 'seenIn'>, type?: string) => {
    let s = seen.get(key);
    if (!s) {
      s = { item: { ...item, seenIn: { exchangeId: x.id, purpose: x.purpose, status: x.response!.status } }, types: new Set(), exchanges: new Set() };
      seen.set(key, s);
    }
    // A null says little: the first non-null value makes the better example (and is where it was seen).
    if (s.item.example === 'null' && item.example !== 'null') s.item = { ...item, seenIn: { exchangeId: x.id, purpose: x.purpose, status: x.response!.status } };
    if (type) s.types.add(type);
    s.exchanges.add(x.id);
  };
  let examined = 0;
  for (const x of exchanges) {
    if (!x.response || !wasSent(x)) continue;
    examined++;
    const status = String(x.response.status);
    if (!described.statuses.has(status)) {
      // 429 is the throttle middleware's (Laravel's throttle:api), not the endpoint's contract.
      const infrastructure = status === '429';
      note(`status ${status}`, x, { kind: 'status', name: status, where: 'status', example: `HTTP ${status} ${STATUS_CODES[x.response.status] ?? ''}`.trim(), ...(infrastructure ? { infrastructure } : {}) });
    }
    for (const [name, value] of Object.entries(x.response.headers)) {
      const lower = name.toLowerCase();
      if (described.headers.has(lower)) continue;
      const infrastructure = isInfrastructureHeader(lower);
      note(`header ${lower}`, x, { kind: 'header', name: lower, where: 'response header', example: maskedExample(value), ...(infrastructure ? { infrastructure } : {}) });
    }
    const schema = described.bodies.get(status);
    if (!schema) continue;
    let body: unknown;
    try {
      body = parseJsonBody(x.response.body);
    } catch {
      continue; // not JSON: HTTP-JSON-BODY judges that
    }
    walk(body, schema, '', described.resolve, (parent, key, value) => {
      const full = parent ? `${parent}.${key}` : key;
      const name = full.length > MAX_NAME ? `${full.slice(0, MAX_NAME - 1)}…` : full;
      note(`field ${status} ${name}`, x, { kind: 'field', name, where: areaOf(status, parent), example: maskedExample(value) }, jsonType(value));
    });
  }
  const items: DriftItem[] = [...seen.values()].map(({ item, types, exchanges: ids }) => ({
    ...item,
    ...(types.size ? { type: [...types].sort().join(' | ') } : {}),
    count: ids.size,
  }));
  const rank = (i: DriftItem) => (i.infrastructure ? (i.kind === 'status' ? 3 : 4) : i.kind === 'field' ? 0 : i.kind === 'status' ? 1 : 2);
  items.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || (a.seenIn.status ?? 0) - (b.seenIn.status ?? 0));
  return items.length > MAX_DRIFT_ITEMS
    ? { examined, items: items.slice(0, MAX_DRIFT_ITEMS), omitted: items.length - MAX_DRIFT_ITEMS }
    : { examined, items };
}

/** Calls `found` for every key of `value` its schema does not describe, recursing into what it does describe. */
function walk(value: unknown, schemaIn: unknown, path: string, resolve: Described['resolve'], found: (parent: string, key: string, value: unknown) => void): void {
  const schema = resolve(schemaIn);
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) walk(item, schema.items, `${path}[]`, resolve, found);
    return;
  }
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const additional = schema.additionalProperties;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (Object.hasOwn(properties, key)) walk(v, properties[key], path ? `${path}.${key}` : key, resolve, found);
    else if (additional && typeof additional === 'object') walk(v, additional, `${path ? path + '.' : ''}*`, resolve, found);
    else if (additional !== false && (schema.properties || schema.type === 'object')) found(path, key, v);
  }
}
