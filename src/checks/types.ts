/** Inputs shared by the pure check functions in this folder. */
import type { Exchange } from '../evidence.ts';

/** The query as the suite sent it: raw strings, undefined = parameter omitted. */
export interface PageQuery {
  page?: string;
  perPage?: string;
}

/** One recorded exchange with the query it was sent with and its body parsed. */
export interface Sample {
  exchange: Exchange;
  query: PageQuery;
  /** Parsed JSON body; undefined when there is no response or the body is not JSON. */
  json: unknown;
}

export interface CheckContext {
  /** The endpoint URL the suite called, e.g. "https://host/vms/api/v1/intercom/codes". */
  endpointUrl: string;
  /** The suite's clock, for is_expired. */
  now: Date;
}

/**
 * The body is parsed when a check first reads `json`, not when the answer comes in: the suites' checks wait for the
 * requests (suites/support/requests-first.ts), and so does their parsing, which is most of a page's cost to the
 * worker.
 */
export function toSample(exchange: Exchange, query: PageQuery): Sample {
  let parsed = false;
  let json: unknown;
  return {
    exchange,
    query,
    get json() {
      if (!parsed) {
        json = parsedBody(exchange);
        parsed = true;
      }
      return json;
    },
  };
}

function parsedBody(exchange: Exchange): unknown {
  if (!exchange.response) return undefined;
  try {
    return parseJsonBody(exchange.response.body);
  } catch {
    return undefined;
  }
}

/**
 * Parsed bodies are cut at this depth: no documented body nests more than 4 levels, and checks, messages and
 * results.json handle parsed values recursively (JSON.parse takes a 200,000-deep array, JSON.stringify of it
 * overflows the stack). What lies deeper becomes the string TOO_DEEP, which no check mistakes for a valid value.
 */
export const MAX_JSON_DEPTH = 64;
export const TOO_DEEP = `[nested deeper than ${MAX_JSON_DEPTH} levels]`;

/**
 * A response body's JSON (parseBounded), read past one leading byte order mark: the mark is a transport fault that
 * HTTP-JSON-BODY and SCHEMA-* report (src/checks/answer.ts), and the content behind it is still judged, so a
 * report names that one fault instead of every check that reads the body. Throws as JSON.parse does.
 */
export function parseJsonBody(text: string): unknown {
  return parseBounded(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** JSON.parse, with everything nested deeper than MAX_JSON_DEPTH replaced by TOO_DEEP. */
export function parseBounded(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return nestsDeeperThan(text, MAX_JSON_DEPTH) ? clampDepth(value, 0) : value;
}

/** One pass over valid JSON text, strings skipped: does any bracket open deeper than `limit`? */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return false;
}

/** Recursion bounded by MAX_JSON_DEPTH: the deep part is never walked. */
function clampDepth(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => clampDepth(v, depth + 1));
  const out: Record<string, unknown> = {};
  // defineProperty: a "__proto__" key stays a plain key, as JSON.parse made it.
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: clampDepth(v, depth + 1), enumerable: true, writable: true, configurable: true });
  return out;
}
