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

export function displayBody(body: string, limit = BODY_DISPLAY_LIMIT): DisplayBody {
  const isJson = isValidJson(body);
  const full = isJson ? reindentJson(body) : body;
  if (full.length <= limit) return { text: full, truncatedBytes: 0, isJson };
  let cut = limit;
  // Do not split a surrogate pair.
  const code = full.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  const text = full.slice(0, cut);
  return { text, truncatedBytes: Buffer.byteLength(full.slice(cut), 'utf8'), isJson };
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
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = () => '\n' + indent.repeat(depth);
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const next = nextSignificant(json, i + 1);
      if (json[next] === close) {
        out += c + close;
        i = next + 1;
        continue;
      }
      depth++;
      out += c + newline();
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else {
      out += c;
    }
    i++;
  }
  return out;
}

function nextSignificant(s: string, from: number): number {
  let i = from;
  while (i < s.length && /\s/.test(s[i])) i++;
  return i;
}
