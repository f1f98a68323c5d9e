/**
 * A debug middleware gone wrong, as a HostileOptions.rewrite: every answer echoes the request's credentials in
 * every form a real one might (raw, URL-encoded, JSON- and PHP-escaped, HTML-escaped, base64 of the value and
 * of longer strings holding it at every alignment, in both alphabets) into its headers, a Link URL, the JSON
 * body, and error pages (HTML for 401, plain text for 422). And `findLeaks`, the detector the tests run over
 * every output: raw windows of each secret, plus every base64-looking run decoded at each offset.
 *
 * TEST ONLY.
 */
import type http from 'node:http';
import type { UpstreamAnswer } from './hostile-server.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** What a request carries that a target could echo: the Authorization value, its credential, a decoded Basic pair, a Sanctum secret. */
function echoedValues(req: http.IncomingMessage): string[] {
  const auth = req.headers['authorization'];
  if (!auth) return [];
  const values = new Set<string>([auth]);
  const m = /^(\S+)\s+(\S.*)$/.exec(auth);
  const credential = m ? m[2]! : auth;
  values.add(credential);
  if (m && /^basic$/i.test(m[1]!)) values.add(Buffer.from(credential, 'base64').toString('utf8'));
  for (const v of [...values]) if (v.includes('|')) values.add(v.slice(v.lastIndexOf('|') + 1));
  return [...values].filter((v) => v.length > 0);
}

/** Every form of every echoed value. */
export function reflectedForms(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    out.push(v, encodeURIComponent(v), b64(v), b64(v).replace(/=+$/, ''), b64url(v), b64(`${v}:`), b64url(`${v}:`));
    // Inside longer strings, at the 3 alignments of base64, and a JSON blob that holds it.
    for (const pad of ['', 'a', 'ab']) out.push(b64(`${pad}[debug] auth=${v};`), b64url(`${pad}<${v}>`));
    out.push(b64(JSON.stringify({ user: 'x', authorization: v })));
    out.push(encodeURIComponent(b64(v)));
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The rewrite: echo into headers and bodies. */
export function reflectCredentials(req: http.IncomingMessage, answer: UpstreamAnswer): UpstreamAnswer {
  const forms = reflectedForms(echoedValues(req));
  if (forms.length === 0) return answer;
  const headers: http.IncomingHttpHeaders = { ...answer.headers };
  forms.forEach((f, i) => (headers[`x-debug-echo-${i}`] = f));
  headers['link'] = `<http://127.0.0.1/debug?auth=${encodeURIComponent(forms[0]!)}&b=${encodeURIComponent(forms[2]!)}>; rel="debug"`;
  if (answer.status === 401) {
    const page = `<!DOCTYPE html><html><body><h1>Unauthenticated</h1><pre>${forms.map(escapeHtml).join('\n')}</pre></body></html>`;
    return { status: 401, headers: { ...headers, 'content-type': 'text/html; charset=UTF-8' }, body: Buffer.from(page) };
  }
  if (answer.status === 422) {
    return { status: 422, headers: { ...headers, 'content-type': 'text/plain' }, body: Buffer.from(`validation failed\n${forms.join('\n')}\n`) };
  }
  const text = answer.body.toString('utf8');
  if (!text.startsWith('{')) return { ...answer, headers };
  const debug = JSON.stringify({ echo: forms, url: `http://127.0.0.1/debug?token=${encodeURIComponent(forms[0]!)}&basic=${encodeURIComponent(forms[2]!)}` });
  const php = JSON.stringify(forms).replace(/\//g, '\\/'); // PHP's json_encode escapes "/"
  const body = `{"debug":${debug},"debug_php":${php},${text.slice(1)}`;
  return { ...answer, headers, body: Buffer.from(body) };
}

/**
 * The secrets' windows (WINDOW characters) found in `text`: as written, after URL- and JSON-unescaping, and in
 * every base64-looking run decoded at each of the 4 character offsets (either alphabet).
 */
export const WINDOW = 10;

export function findLeaks(text: string, secrets: string[]): string[] {
  const windows = new Set<string>();
  for (const s of secrets) for (let i = 0; i + WINDOW <= s.length; i++) windows.add(s.slice(i, i + WINDOW));
  const found = new Set<string>();
  const scan = (t: string, where: string) => {
    for (const w of windows) if (t.includes(w)) found.add(`${where}: ${w}`);
  };
  const unescaped = text.replace(/\\\//g, '/');
  scan(text, 'as written');
  scan(percentDecoded(unescaped), 'URL-decoded');
  for (const run of unescaped.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
    for (let off = 0; off < 4; off++) scan(Buffer.from(run.slice(off), 'base64').toString('latin1'), `base64 ${run.slice(0, 24)}…`);
  }
  for (const run of percentDecoded(unescaped).match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
    for (let off = 0; off < 4; off++) scan(Buffer.from(run.slice(off), 'base64').toString('latin1'), `URL-decoded base64 ${run.slice(0, 24)}…`);
  }
  return [...found];
}

function percentDecoded(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (seq) => {
    try {
      return decodeURIComponent(seq);
    } catch {
      return seq;
    }
  });
}
