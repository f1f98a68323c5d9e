/**
 * PHP's json_encode, as Laravel uses it, so the reference server's bodies are byte-faithful.
 *
 * - response()->json() / JsonResource responses: flags 0 → "/" escaped as "\/", every non-ASCII
 *   character as a lower-case \uXXXX escape (UTF-16 surrogate pairs above U+FFFF), compact.
 * - The exception handler's JSON (404, 405, 500): JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES
 *   (4-space indent, "key": value).
 * Values: null, booleans, strings, safe integers, bigints (PHP ints beyond 2^53 such as a huge page
 * number are echoed exactly), arrays, and plain objects in insertion order.
 */

export type PhpJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly PhpJsonValue[]
  | { readonly [key: string]: PhpJsonValue | undefined };

export interface PhpJsonOptions {
  prettyPrint?: boolean;
  unescapedSlashes?: boolean;
}

const HEX = '0123456789abcdef';
const hex4 = (code: number): string =>
  HEX[(code >> 12) & 15] + HEX[(code >> 8) & 15] + HEX[(code >> 4) & 15] + HEX[code & 15];

export function phpJsonString(text: string, unescapedSlashes = false): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x2f: out += unescapedSlashes ? '/' : '\\/'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      default:
        // charCodeAt yields UTF-16 units, so astral characters come out as their surrogate pair, as in PHP.
        out += c < 0x20 || c >= 0x80 ? '\\u' + hex4(c) : text[i];
    }
  }
  return out + '"';
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('json_encode: Inf and NaN cannot be JSON encoded');
  // Integers print as PHP ints; the reference emits no floats (JS formatting would be close, not exact).
  return Object.is(n, -0) ? '-0.0' : String(n);
}

export function phpJsonEncode(value: PhpJsonValue, options: PhpJsonOptions = {}): string {
  const pretty = options.prettyPrint === true;
  const slashes = options.unescapedSlashes === true;

  const encode = (v: PhpJsonValue, depth: number): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return encodeNumber(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') return phpJsonString(v, slashes);
    const inner = pretty ? '\n' + '    '.repeat(depth + 1) : '';
    const outer = pretty ? '\n' + '    '.repeat(depth) : '';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[' + inner + v.map((x) => encode(x, depth + 1)).join(',' + inner) + outer + ']';
    }
    const entries = Object.entries(v as Record<string, PhpJsonValue | undefined>).filter(
      (e): e is [string, PhpJsonValue] => e[1] !== undefined,
    );
    if (entries.length === 0) return '{}';
    const sep = pretty ? ': ' : ':';
    return (
      '{' + inner +
      entries.map(([k, x]) => phpJsonString(k, slashes) + sep + encode(x, depth + 1)).join(',' + inner) +
      outer + '}'
    );
  };
  return encode(value, 0);
}
