/**
 * Marks the offending JSON path in a displayed body: finds the member a JSON pointer names ("/meta/last_page",
 * "/data/3/id") in the (re-indented) body text and wraps it in <mark>, so the body view can open there.
 * Kept apart from body.ts (display and truncation): this only reads the text it is given, which may be cut
 * short; a path not found in it is simply not marked.
 */

export interface TextRange {
  start: number;
  end: number;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

class Cut extends Error {}

/** The range of the member (key and value) or array element the pointer names, or undefined. */
export function locatePointer(text: string, pointer: string): TextRange | undefined {
  const target = parsePointer(pointer);
  if (target.length === 0) return undefined;
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (i >= text.length) throw new Cut();
  };
  const str = (): string => {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) throw new Cut();
    const raw = text.slice(i, j + 1);
    i = j + 1;
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  };
  // Returns the range once found; `onPath` says whether the path so far is the pointer's prefix.
  const value = (depth: number, onPath: boolean, memberStart: number): TextRange | undefined => {
    ws();
    if (onPath && depth === target.length) {
      skip(depth);
      return { start: memberStart, end: i };
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      const isObj = c === '{';
      i++;
      let index = 0;
      for (;;) {
        ws();
        if (text[i] === (isObj ? '}' : ']')) {
          i++;
          return undefined;
        }
        const start = i;
        let key = String(index);
        if (isObj) {
          key = str();
          ws();
          if (text[i] === ':') i++;
        }
        const found = value(depth + 1, onPath && key === target[depth], start);
        if (found) return found;
        ws();
        if (text[i] === ',') i++;
        index++;
      }
    }
    if (c === '"') str();
    else while (i < text.length && !/[,\]}\s]/.test(text[i])) i++;
    return undefined;
  };
  const skip = (depth: number) => {
    value(depth, false, i);
  };
  try {
    return value(0, true, 0);
  } catch {
    return undefined;
  }
}

/** The body as HTML with the pointer's member marked (id for in-page links); everything escaped. */
export function markedBodyHtml(text: string, pointer: string | undefined, esc: (s: string) => string, markId?: string): { html: string; marked: boolean } {
  const range = pointer ? locatePointer(text, pointer) : undefined;
  if (!range) return { html: esc(text), marked: false };
  const id = markId ? ` id="${esc(markId)}"` : '';
  return {
    html: `${esc(text.slice(0, range.start))}<mark class="hit"${id} title="${esc(pointer!)}">${esc(text.slice(range.start, range.end))}</mark>${esc(text.slice(range.end))}`,
    marked: true,
  };
}
