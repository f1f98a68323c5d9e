/**
 * Masking of secrets at record time: the bearer token(s) and every intercom door `code`.
 *
 * Masked bodies are what the checks parse (src/checks/types.ts toSample), so masking must never change a
 * JSON body's validity, types or structure: codes keep their length and their JSON type, and codes
 * remembered from earlier bodies are only masked where no check looks (free text), never in numbers,
 * URLs, dates or digit-only strings such as page labels.
 */

import { derivedSecrets, secretForms } from './secret-forms.ts';

export const MASKED_AUTH = 'Bearer ***';

const MASK = '***';
/** Shorter secrets / codes are not replaced anywhere else: they would garble unrelated text. */
const MIN_SECRET_LENGTH = 4;
/** Secrets this long are random enough to be replaced even inside other text. */
const LONG_SECRET = 16;
/** Length of the prefix searched first for each long spelling (at most LONG_SECRET). */
const ANCHOR = 10;
const KNOWN_SCHEMES = /^(bearer|basic|digest|token|negotiate|ntlm)$/i;

/** "Bearer abc" → "Bearer ***" (scheme word kept, any case); "Bearer " stays as is; a bare token → "***". */
export function maskAuthorization(value: string): string {
  const withCredentials = /^(\s*)(\S+)(\s+)(\S[\s\S]*)$/.exec(value);
  if (withCredentials) {
    const [, lead, scheme, space] = withCredentials;
    return `${lead}${scheme}${space}${MASK}`;
  }
  // No credentials after the scheme ("Bearer ", "Bearer", ""): nothing secret, keep it truthful.
  if (value.trim() === '' || KNOWN_SCHEMES.test(value.trim())) return value;
  return MASK;
}

/** Same length, first character kept: "12345" → "1****"; "" → "". */
export function maskCode(code: string): string {
  const chars = Array.from(code);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** A numeric code keeps its JSON type and length: digits after the first become "0" ("12345" → "10000", "-42" → "-40"). */
function maskNumericCode(num: string): string {
  const head = num.startsWith('-') ? 2 : 1;
  return num.slice(0, head) + num.slice(head).replace(/[0-9]/g, '0');
}

// `"code": "..."` or `"code": 123` anywhere in the raw text (token level, so invalid JSON is still masked).
const JSON_CODE = /("code"\s*:\s*)(?:"([^"\\]*(?:\\.[^"\\]*)*)"|(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?))/g;
// The same pair HTML-escaped, as debug pages print it.
const HTML_CODE = /(&quot;code&quot;\s*:\s*)(?:&quot;(.*?)&quot;|(-?[0-9]+))/g;
const JSON_STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/g;
const QUERY_SECRET_PARAM = /([?&](?:access_token|api_token|token|password)=)([^&#]*)/gi;

/** A header name that looks like it carries a credential (API keys, tokens, secrets, cookies, sessions, ...). */
export function looksSecretHeader(name: string): boolean {
  return /auth|key|token|secret|cookie|session|passw|credential|signature|jwt|csrf|xsrf/i.test(name);
}

interface AnchorIndex {
  forms: string[];
  /** forms[i] starts with anchors[anchorOf[i]]. */
  anchorOf: number[];
  anchors: string[];
  /** Length of the shortest spelling (Infinity when there is none): a shorter text holds none of them. */
  shortest: number;
}

function anchorIndex(forms: string[]): AnchorIndex {
  const numbers = new Map<string, number>();
  const anchorOf = forms.map((f) => {
    const anchor = f.slice(0, ANCHOR);
    let n = numbers.get(anchor);
    if (n === undefined) numbers.set(anchor, (n = numbers.size));
    return n;
  });
  return { forms, anchorOf, anchors: [...numbers.keys()], shortest: Math.min(...forms.map((f) => f.length)) };
}

export class SecretMasker {
  /** Every spelling of every long secret, longest first: replaced wherever they occur. */
  private readonly secretForms: string[];
  /**
   * Spellings shorter than LONG_SECRET: replaced only as whole tokens, so a short dummy token such as
   * "test" cannot rename a JSON key like "latest" and turn a conforming body into a violation.
   */
  private readonly shortSecrets: RegExp | undefined;
  /**
   * The spellings that can be cut out of a JSON text without breaking it: no raw quote, backslash or control
   * character (those only occur escaped in valid JSON, and the escaped spellings are in the list).
   */
  private readonly jsonSecretForms: string[];
  private readonly shortJsonSecrets: RegExp | undefined;
  /** The spellings above with their ANCHOR-long prefixes numbered (maskSecrets searches each prefix once). */
  private readonly formIndex: AnchorIndex;
  private readonly jsonIndex: AnchorIndex;
  /** Codes seen in bodies so far (4+ characters), masked wherever they reappear as a whole token. */
  private readonly codes = new Set<string>();
  private pendingCodes: string[] = [];
  private patterns: RegExp[] = [];

  /** The configured token (the first secret): its Authorization header becomes "Bearer ***". */
  private readonly primary: string | undefined;

  /** Extra request headers (-H) whose names look secret: their value is masked whole ("***"). */
  private readonly secretHeaders: Set<string>;

  constructor(secrets: string[], opts: { secretHeaders?: string[] } = {}) {
    this.secretHeaders = new Set((opts.secretHeaders ?? []).map((n) => n.toLowerCase()));
    this.primary = secrets[0];
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
      for (const s of derivedSecrets(secret)) for (const f of secretForms(s)) forms.add(f);
    }
    const usable = [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
    this.secretForms = usable.filter((f) => f.length >= LONG_SECRET);
    const short = usable.filter((f) => f.length < LONG_SECRET);
    this.shortSecrets = short.length > 0 ? wholeTokens(short, 'g') : undefined;
    const jsonSafe = (f: string) => !/["\\\u0000-\u001f]/.test(f) || isJsonEscaped(f);
    this.jsonSecretForms = this.secretForms.filter(jsonSafe);
    this.formIndex = anchorIndex(this.secretForms);
    this.jsonIndex = anchorIndex(this.jsonSecretForms);
    const shortJson = short.filter(jsonSafe);
    this.shortJsonSecrets = shortJson.length > 0 ? wholeTokens(shortJson, 'g', true) : undefined;
  }

  /**
   * Codes seen so far are remembered, so they are masked anywhere they reappear (error messages, HTML pages).
   * The raw text is edited token by token (never re-serialized), so odd or invalid JSON is recorded faithfully.
   */
  maskBody(text: string, contentType?: string): string {
    if (text === '') return text;
    let out = text;
    if (out.includes('"code"')) out = out.replace(JSON_CODE, (_m, prefix: string, str?: string, num?: string) => this.maskCodeValue(prefix, str, num));
    if (out.includes('&quot;code&quot;')) {
      out = out.replace(HTML_CODE, (_m, prefix: string, str?: string, num?: string) => {
        const value = str ?? num ?? '';
        this.remember(value);
        return str !== undefined ? `${prefix}&quot;${maskCode(str)}&quot;` : prefix + maskNumericCode(value);
      });
    }
    const json = isJsonLike(out, contentType);
    out = this.maskSecrets(out, json);
    return this.maskRemembered(out, json);
  }

  /** user:password@ → ***:***@; secrets (and token-like query parameters) masked. */
  maskUrl(url: string): string {
    const out = url
      .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_m, scheme: string, info: string) => `${scheme}${info.includes(':') ? `${MASK}:${MASK}` : MASK}@`)
      .replace(QUERY_SECRET_PARAM, (_m, name: string, value: string) => (value === '' ? name : name + MASK));
    return this.maskSecrets(out);
  }

  /** authorization, proxy-authorization, cookie, set-cookie masked; secrets masked in every value. */
  maskHeaders(h: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(h)) {
      const lower = name.toLowerCase();
      let masked = String(value);
      if (lower === 'authorization' || lower === 'proxy-authorization') masked = this.maskCredentials(masked);
      else if (lower === 'cookie') masked = maskCookiePairs(masked);
      else if (lower === 'set-cookie') masked = maskSetCookie(masked);
      else if (this.secretHeaders.has(lower)) masked = MASK;
      out[name] = this.maskSecrets(masked);
    }
    return out;
  }

  /**
   * A Bearer credential other than the configured token says what it was, so a report (and its curl line)
   * reproduces the request truthfully: a variant of a secret (the suite's near-miss of the token) becomes
   * "Bearer ***-altered"; a made-up token that holds no secret is shown as sent. Everything else: maskAuthorization.
   */
  private maskCredentials(value: string): string {
    const m = /^(\s*)(\S+)(\s+)(\S[\s\S]*)$/.exec(value);
    if (!m || !/^bearer$/i.test(m[2]) || this.primary === undefined || m[4] === this.primary) return maskAuthorization(value);
    const credential = m[4];
    if (this.maskSecrets(credential) === credential && credential.length >= MIN_SECRET_LENGTH) return value;
    return `${m[1]}${m[2]}${m[3]}${MASK}-altered`;
  }

  /**
   * Replaces every known secret spelling with "***". In JSON text (`json`) never right after an escaping
   * backslash and only with spellings that hold whole escapes, so a JSON body stays valid JSON.
   */
  maskSecrets(text: string, json = false): string {
    let out = text;
    // Spellings share their first characters (a secret's base64 with and without ":", padding, alphabet): one
    // search per distinct ANCHOR-long prefix rules most of them out, in a body holding no secret all of them.
    // Longest spelling first, as listed; the anchors are indexed once (constructor), not sliced per call.
    const { forms, anchorOf, anchors, shortest } = json ? this.jsonIndex : this.formIndex;
    if (text.length >= shortest) {
      // Most texts (every header value, most bodies) hold no anchor at all: then no spelling is looked at.
      let found: Uint8Array | undefined;
      for (let a = 0; a < anchors.length; a++) if (text.includes(anchors[a]!)) (found ??= new Uint8Array(anchors.length))[a] = 1;
      if (found) for (let i = 0; i < forms.length; i++) if (found[anchorOf[i]!] === 1) out = replaceAll(out, forms[i]!, json);
    }
    const short = json ? this.shortJsonSecrets : this.shortSecrets;
    if (short) out = out.replace(short, MASK);
    return out;
  }

  private maskCodeValue(prefix: string, str: string | undefined, num: string | undefined): string {
    if (num !== undefined) {
      this.remember(num);
      return prefix + maskNumericCode(num);
    }
    const raw = str ?? '';
    if (!raw.includes('\\')) {
      this.remember(raw);
      return `${prefix}"${maskCode(raw)}"`;
    }
    // Escapes: mask the decoded value, then re-escape, so the JSON stays valid.
    let decoded: string;
    try {
      decoded = JSON.parse(`"${raw}"`) as string;
    } catch {
      return `${prefix}"${raw[0] === '\\' ? '*' : raw[0]}${'*'.repeat(raw.length - 1)}"`;
    }
    this.remember(decoded);
    return `${prefix}${JSON.stringify(maskCode(decoded))}`;
  }

  private remember(code: string): void {
    if (code.length < MIN_SECRET_LENGTH || code.includes('*') || this.codes.has(code)) return;
    this.codes.add(code);
    this.pendingCodes.push(code);
  }

  private maskRemembered(text: string, json: boolean): string {
    const patterns = this.codePatterns();
    // One regex test per batch first: a remembered code rarely reappears, so most bodies stop here.
    if (!patterns.some((p) => p.test(text))) return text;
    if (!json) return this.maskCodesIn(text, patterns);
    // In JSON only free-text strings are touched: numbers, URLs, dates and digit-only strings
    // (page labels, numeric strings) carry what the checks verify.
    return text.replace(JSON_STRING, (literal) => (isFreeText(literal) ? this.maskCodesIn(literal, patterns) : literal));
  }

  private maskCodesIn(text: string, patterns: RegExp[]): string {
    let out = text;
    for (const p of patterns) out = out.replace(new RegExp(p.source, 'g'), (code) => maskCode(code));
    return out;
  }

  /**
   * Remembered codes as whole-token alternations (a regex is far cheaper than a JS scan over the body).
   * New codes go into a small batch pattern; batches are merged once there are many, so a collection
   * walk does not recompile one huge pattern per page.
   */
  private codePatterns(): RegExp[] {
    if (this.pendingCodes.length > 0) {
      this.patterns.push(codePattern(this.pendingCodes));
      this.pendingCodes = [];
      if (this.patterns.length > MAX_CODE_PATTERNS) this.patterns = [codePattern([...this.codes])];
    }
    return this.patterns;
  }
}

const MAX_CODE_PATTERNS = 8;

function codePattern(codes: string[]): RegExp {
  return wholeTokens(codes, '');
}

/**
 * Matches any of `words` not glued to a letter or digit on either side; `json`: nor right after an escaping
 * backslash (cutting there would leave a broken escape).
 */
function wholeTokens(words: string[], flags: string, json = false): RegExp {
  const alternatives = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  const unescaped = json ? '(?<!(?:^|[^\\\\])(?:\\\\\\\\)*\\\\)' : '';
  return new RegExp(`(?<![A-Za-z0-9])${unescaped}(?:${alternatives.join('|')})(?![A-Za-z0-9])`, flags);
}

/** Every occurrence of `form` in `text` as "***"; `json`: not where it starts right after an escaping backslash. */
function replaceAll(text: string, form: string, json: boolean): string {
  let at = text.indexOf(form);
  if (at < 0) return text;
  if (!json) return text.split(form).join(MASK);
  let out = '';
  let from = 0;
  while (at >= 0) {
    if (backslashesBefore(text, at) % 2 === 1) {
      at = text.indexOf(form, at + 1);
      continue;
    }
    out += text.slice(from, at) + MASK;
    from = at + form.length;
    at = text.indexOf(form, from);
  }
  return out + text.slice(from);
}

function backslashesBefore(text: string, at: number): number {
  let n = 0;
  while (at - n - 1 >= 0 && text.charCodeAt(at - n - 1) === 92) n++;
  return n;
}

/** A spelling made of whole JSON escapes (no lone quote or control character, every backslash starts an escape). */
function isJsonEscaped(form: string): boolean {
  return /^(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*$/.test(form);
}

function isJsonLike(text: string, contentType?: string): boolean {
  if (contentType && /json/i.test(contentType)) return true;
  return /^\s*[[{]/.test(text);
}

function isFreeText(literal: string): boolean {
  // Decoded first: PHP's json_encode escapes "/" ("http:\/\/host:12345\/..."), which must still read as a URL.
  let inner: string;
  try {
    inner = JSON.parse(literal) as string;
  } catch {
    inner = literal.slice(1, -1).replace(/\\\//g, '/');
  }
  if (/^[0-9]*$/.test(inner)) return false;
  if (inner.includes('://') || inner.startsWith('/') || inner.startsWith('?')) return false;
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(inner)) return false;
  return true;
}

function maskCookiePairs(value: string): string {
  return value.replace(/(^|;\s*)([^=;]+)=([^;]*)/g, (_m, sep: string, name: string) => `${sep}${name}=${MASK}`);
}

/** One or several Set-Cookie values (joined with ", "): only each cookie's value is hidden, attributes stay. */
function maskSetCookie(value: string): string {
  return value.replace(/(^|,\s*)([^=;,\s]+)=([^;]*)/g, (m, sep: string, name: string) =>
    /^(expires|max-age|domain|path|samesite)$/i.test(name) ? m : `${sep}${name}=${MASK}`,
  );
}
