/**
 * Defensive readers for a 200 page body. Checks never trust the body's shape (SCHEMA-200 judges it):
 * every reader returns undefined when the value is missing or of the wrong type, and the check then skips
 * the assertion that needed it instead of piling a second violation on a type error.
 */
import type { Sample } from './types.ts';

export type Json = Record<string, unknown>;

export function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A JSON integer (no coercion: "3" and 3.5 are not integers). */
export function int(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isSafeInteger(x) ? x : undefined;
}

/** A positive JSON integer. */
export function posInt(x: unknown): number | undefined {
  const n = int(x);
  return n !== undefined && n >= 1 ? n : undefined;
}

/** A string, or null; undefined for anything else (a missing key included). */
export function stringOrNull(x: unknown): string | null | undefined {
  return typeof x === 'string' || x === null ? x : undefined;
}

export function statusOf(s: Sample): number | undefined {
  return s.exchange.response?.status;
}

export function idsOf(...samples: Sample[]): string[] {
  return [...new Set(samples.map((s) => s.exchange.id))];
}

/** The parts of a 200 body, each undefined when absent or not of the documented container type. */
export interface PageParts {
  data?: unknown[];
  links?: Json;
  meta?: Json;
}

/** The body's parts when the sample is a 200 with a JSON object body; undefined otherwise. */
export function pageParts(s: Sample): PageParts | undefined {
  if (statusOf(s) !== 200 || !isObject(s.json)) return undefined;
  const { data, links, meta } = s.json;
  return {
    data: Array.isArray(data) ? data : undefined,
    links: isObject(links) ? links : undefined,
    meta: isObject(meta) ? meta : undefined,
  };
}

/** Record ids of a page in order, or undefined when data is not an array of objects with a scalar id. */
export function recordIds(s: Sample): Array<string | number> | undefined {
  const data = pageParts(s)?.data;
  if (!data) return undefined;
  const ids: Array<string | number> = [];
  for (const r of data) {
    if (!isObject(r) || (typeof r.id !== 'number' && typeof r.id !== 'string')) return undefined;
    ids.push(r.id);
  }
  return ids;
}

/**
 * The body's own integer meta fields among `keys`, as a violation's `given` ({"/meta/total": 137}): the received
 * values its documented value was worked out from. A field the body lacks was not relied on, so it is left out.
 */
export function givenMeta(meta: Json | undefined, ...keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const v = int(meta?.[k]);
    if (v !== undefined) out[`/meta/${k}`] = v;
  }
  return out;
}

/** Laravel: lastPage = max(ceil(total / perPage), 1). */
export function expectedLastPage(total: number, perPage: number): number {
  return Math.max(Math.ceil(total / perPage), 1);
}

/** A query value as PHP's integer validation reads a canonical positive integer; undefined otherwise. */
export function canonicalPositive(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^[1-9][0-9]{0,14}$/.test(raw)) return undefined;
  return Number(raw);
}

/** "page 3, per_page 10" as the sample's request said it (for messages). */
export function describeQuery(s: Sample): string {
  const page = s.query.page === undefined ? 'page omitted' : `page ${s.query.page}`;
  const perPage = s.query.perPage === undefined ? 'per_page omitted' : `per_page ${s.query.perPage}`;
  return `${page}, ${perPage}`;
}
