/**
 * The request query as a Laravel app sees it, and the query strings its paginator builds.
 *
 * 1. parsePhpQuery: PHP's own parsing of the query string into $_GET (last value wins, `a[]=1` makes an
 *    array, " " and "." in names become "_", `+` is a space).
 * 2. laravelInput: the global middleware of a default Laravel 10/11 app: TrimStrings (Str::trim, Unicode
 *    white space) then ConvertEmptyStringsToNull, applied recursively.
 * 3. httpBuildQuery: Arr::query = http_build_query($params, '', '&', PHP_QUERY_RFC3986), null values skipped.
 *
 * Strings here are byte strings: one JS char per byte (latin1), as PHP strings are bytes.
 */

export type PhpArray = Map<string, PhpValue>;
export type PhpValue = string | PhpArray;
/** After ConvertEmptyStringsToNull, a value may be null. */
export type InputValue = string | null | InputArray;
export type InputArray = Map<string, InputValue>;

const isHex = (c: string): boolean => /^[0-9A-Fa-f]$/.test(c);

/** PHP urldecode: "+" is a space, %XX a byte, a malformed % stays literal. */
export function urldecode(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '+') out += ' ';
    else if (c === '%' && i + 2 < raw.length && isHex(raw[i + 1] ?? '') && isHex(raw[i + 2] ?? '')) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += c;
  }
  return out;
}

/** PHP rawurldecode: %XX a byte ("+" stays a plus). */
export function rawurldecode(raw: string): string {
  return raw.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function nextIndex(arr: PhpArray): string {
  let max = -1;
  for (const k of arr.keys()) if (/^(0|-?[1-9][0-9]*)$/.test(k)) max = Math.max(max, Number(k));
  return String(max + 1);
}

/** php_register_variable_ex, for the shapes a query string can produce. */
function register(target: PhpArray, rawName: string, value: string): void {
  let name = rawName.split('\0')[0]!.replace(/^ +/, '');
  const bracket = name.indexOf('[');
  let base = bracket === -1 ? name : name.slice(0, bracket);
  base = base.replace(/[ .]/g, '_');
  if (base === '') return;
  const indices: string[] = [];
  if (bracket !== -1) {
    let rest = name.slice(bracket);
    const firstClose = rest.indexOf(']');
    if (firstClose === -1) {
      // Not an index: the "[" becomes "_" and the rest is part of a plain name.
      base = base + '_' + rest.slice(1);
    } else {
      while (rest.startsWith('[')) {
        const close = rest.indexOf(']');
        if (close === -1) break;
        indices.push(rest.slice(1, close));
        rest = rest.slice(close + 1);
      }
    }
  }
  if (indices.length === 0) {
    target.set(base, value);
    return;
  }
  let arr = target;
  let key = base;
  for (const index of indices) {
    let child = arr.get(key);
    if (!(child instanceof Map)) {
      child = new Map();
      arr.set(key, child);
    }
    arr = child;
    key = index === '' ? nextIndex(arr) : index;
  }
  arr.set(key, value);
}

/** $_GET for a raw query string (without the leading "?"). */
export function parsePhpQuery(rawQuery: string): PhpArray {
  const out: PhpArray = new Map();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = urldecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : urldecode(pair.slice(eq + 1));
    register(out, name, value);
  }
  return out;
}

// PCRE2 \s with UCP (PHP's /u), plus the characters Laravel's Str::trim adds (BOM, ZWSP, LRM, NUL).
const UNICODE_TRIM_SET =
  '\\t\\n\\x0B\\f\\r \\u0085\\u00A0\\u1680\\u180E\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000' +
  '\\uFEFF\\u200B\\u200E\\0';
const UNICODE_TRIM = new RegExp(`^[${UNICODE_TRIM_SET}]+|[${UNICODE_TRIM_SET}]+$`, 'gu');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Laravel 11's Str::trim on a byte string (falls back to PHP trim() on invalid UTF-8, as preg_replace fails). */
export function laravelTrim(bytes: string): string {
  let text: string;
  try {
    text = utf8.decode(Buffer.from(bytes, 'latin1'));
  } catch {
    return bytes.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
  }
  return Buffer.from(text.replace(UNICODE_TRIM, ''), 'utf8').toString('latin1');
}

/** TrimStrings then ConvertEmptyStringsToNull, recursively. */
export function laravelInput(query: PhpArray): InputArray {
  const clean = (v: PhpValue): InputValue => {
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, clean(x)]));
    const trimmed = laravelTrim(v);
    return trimmed === '' ? null : trimmed;
  };
  return new Map([...query].map(([k, v]) => [k, clean(v)]));
}

/** rawurlencode on a byte string. */
export function rawurlencode(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    out += /[A-Za-z0-9_.~-]/.test(c)
      ? c
      : '%' + bytes.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** http_build_query($params, '', '&', PHP_QUERY_RFC3986); null values are left out, as PHP does. */
export function httpBuildQuery(params: Map<string, InputValue | bigint | number>): string {
  const parts: string[] = [];
  const walk = (prefix: string | null, map: Map<string, InputValue | bigint | number>): void => {
    for (const [k, v] of map) {
      const key = prefix === null ? rawurlencode(k) : `${prefix}%5B${rawurlencode(k)}%5D`;
      if (v === null) continue;
      if (v instanceof Map) walk(key, v);
      else parts.push(`${key}=${rawurlencode(String(v))}`);
    }
  };
  walk(null, params);
  return parts.join('&');
}
