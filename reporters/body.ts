/**
 * Response bodies for humans: JSON re-indented, everything else as received, long bodies cut.
 *
 * JSON is re-indented token by token rather than parsed and re-serialised, so the evidence shows exactly
 * what the target sent: 99999999999999999999 stays 99999999999999999999, 1.0 stays 1.0, duplicate keys stay.
 */

export const BODY_DISPLAY_LIMIT = 20_000;

export interface DisplayBody {
  text: string;
  /** Bytes (UTF-8) left out after `text`; 0 when the whole body is shown. */
  truncatedBytes: number;
  isJson: boolean;
}

/**
 * At most `limit` characters of the body for display, JSON re-indented. The cut comes first: the cost is linear
 * in what is shown, whatever the body's shape (re-indenting a whole 200,000-deep array would cost the square
 * of its depth), and no string longer than the cap is built.
 */
export function displayBody(body: string, limit = BODY_DISPLAY_LIMIT): DisplayBody {
  const isJson = isValidJson(body);
  const shown = isJson ? reindentPrefix(body, limit) : { text: cutAt(body, limit), consumed: Math.min(body.length, limit) };
  if (!isJson) shown.consumed = shown.text.length;
  const truncatedBytes = shown.consumed >= body.length ? 0 : Buffer.byteLength(body.slice(shown.consumed), 'utf8');
  return { text: shown.text, truncatedBytes, isJson };
}

/** The first `limit` characters, never splitting a surrogate pair. */
function cutAt(s: string, limit: number): string {
  if (s.length <= limit) return s;
  const code = s.charCodeAt(limit - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit);
}

function isValidJson(s: string): boolean {
  if (s.trim() === '') return false;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** Pretty-prints text that is known to be valid JSON, keeping every token as written. */
export function reindentJson(json: string, indent = '  '): string {
  return reindentPrefix(json, Infinity, indent).text;
}

/**
 * Re-indents valid JSON until the output reaches `limit` characters. `consumed`: how much of the input the
 * output shows (the rest is left out).
 */
function reindentPrefix(json: string, limit: number, indent = '  '): { text: string; consumed: number } {
  let out = '';
  let depth = 0;
  let i = 0;
  /** Appends what fits; false once the output is full. */
  const put = (s: string): boolean => {
    const room = limit - out.length;
    if (s.length <= room) {
      out += s;
      return true;
    }
    out += cutAt(s, room);
    return false;
  };
  const newline = (): boolean => {
    // The indentation alone may not fit: never repeat it past the room left.
    const room = limit - out.length;
    if (room <= 0) return false;
    return put('\n' + indent.repeat(Math.min(depth, Math.ceil(room / Math.max(1, indent.length)))));
  };
  while (i < json.length) {
    if (out.length >= limit) return { text: out, consumed: i };
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      const token = json.slice(i, j + 1);
      const before = out.length;
      if (!put(token)) return { text: out, consumed: i + (out.length - before) };
      i = j + 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    let fits: boolean;
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const next = nextSignificant(json, i + 1);
      if (json[next] === close) {
        if (!put(c + close)) return { text: out, consumed: i };
        i = next + 1;
        continue;
      }
      depth++;
      fits = put(c) && newline();
    } else if (c === '}' || c === ']') {
      depth--;
      fits = newline() && put(c);
    } else if (c === ',') {
      fits = put(',') && newline();
    } else if (c === ':') {
      fits = put(': ');
    } else {
      fits = put(c);
    }
    i++;
    if (!fits) return { text: out, consumed: i };
  }
  return { text: out, consumed: json.length };
}

function nextSignificant(s: string, from: number): number {
  let i = from;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  return i;
}
