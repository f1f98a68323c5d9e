/** Helpers shared by the fault entries of every area. */
import type { DataSource, IntercomCode } from '../../fixtures/codes.ts';
import type { PhpJsonValue } from '../php-json.ts';
import type { JsonBody, FaultContext, DraftResponse } from './registry.ts';

export const isObject = (v: unknown): v is JsonBody => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PageBody {
  data: PhpJsonValue[];
  links: JsonBody;
  meta: JsonBody;
}

/** The 200 paginated body's parts, or undefined for any other answer. */
export function pageOf(body: JsonBody, ctx: FaultContext): PageBody | undefined {
  if (ctx.status !== 200 || !Array.isArray(body.data) || !isObject(body.links) || !isObject(body.meta)) return undefined;
  return { data: body.data as PhpJsonValue[], links: body.links, meta: body.meta };
}

/** Rewrites a 200 page body; any other body goes through untouched. */
export function onPage(fn: (page: PageBody, ctx: FaultContext) => JsonBody): (body: JsonBody, ctx: FaultContext) => JsonBody {
  return (body, ctx) => {
    const page = pageOf(body, ctx);
    return page ? fn(page, ctx) : body;
  };
}

/** Rewrites every record of a 200 page. */
export function onRecords(fn: (record: JsonBody, index: number, ctx: FaultContext) => PhpJsonValue): (body: JsonBody, ctx: FaultContext) => JsonBody {
  return onPage((p, ctx) => ({ data: p.data.map((r, i) => (isObject(r) ? fn(r, i, ctx) : r)), links: p.links, meta: p.meta }));
}

/** A link URL of the paginator (page always last) pointing to another page. */
export function urlWithPage(url: string, page: number | bigint): string {
  return url.replace(/([?&])page=[^&]*$/, `$1page=${page}`);
}

export const num = (v: PhpJsonValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

/** Sets the url of the previous (first) or next (last) meta.links item. */
export function withEndItem(links: PhpJsonValue | undefined, which: 'previous' | 'next', url: string | null): PhpJsonValue | undefined {
  if (!Array.isArray(links) || links.length === 0) return links;
  const items = [...links] as JsonBody[];
  const i = which === 'previous' ? 0 : items.length - 1;
  items[i] = { ...items[i], url };
  return items as PhpJsonValue;
}

/** Every link URL of a page body (links.*, meta.path, meta.links[].url) rewritten. */
export function mapUrls(p: PageBody, fn: (url: string, where: 'link' | 'path') => string): JsonBody {
  const links: JsonBody = {};
  for (const [k, v] of Object.entries(p.links)) links[k] = typeof v === 'string' ? fn(v, 'link') : v;
  const items = Array.isArray(p.meta.links)
    ? (p.meta.links as JsonBody[]).map((it) => (typeof it.url === 'string' ? { ...it, url: fn(it.url, 'link') } : it))
    : p.meta.links;
  const path = typeof p.meta.path === 'string' ? fn(p.meta.path, 'path') : p.meta.path;
  return { data: p.data, links, meta: { ...p.meta, links: items as PhpJsonValue, path } };
}

export const lastPageFor = (total: number, perPage: bigint): bigint => (total === 0 ? 1n : (BigInt(total) + perPage - 1n) / perPage);

/** A query value read the way PHP's (int) cast reads it (leading numeric prefix; floats truncated), or null. */
export function phpIntCast(value: unknown): bigint | null {
  if (typeof value !== 'string') return null;
  const m = /^[ \t\n\r\v\f]*([+-]?\d+)(?:\.\d*)?(?:[eE]([+-]?\d+))?/.exec(value);
  if (!m) return null;
  let n = BigInt(m[1]!);
  const exp = m[2] === undefined ? 0 : Number(m[2]);
  if (exp > 0) n *= 10n ** BigInt(Math.min(exp, 30));
  const max = 9223372036854775807n;
  return n > max ? max : n < -max - 1n ? -max - 1n : n;
}

export const JSON_TYPE = { 'content-type': 'application/json', 'cache-control': 'no-cache, private' };
export const serverError = (): DraftResponse => ({
  status: 500,
  headers: { ...JSON_TYPE },
  body: '{\n    "message": "Server Error"\n}',
});

export const withRecords = (source: DataSource, map: (records: IntercomCode[], offset: number) => IntercomCode[]): DataSource => ({
  total: source.total,
  slice: (offset, count) => map(source.slice(offset, count), offset),
});
