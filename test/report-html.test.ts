import { describe, expect, it } from 'vitest';
import { reindentJson, displayBody } from '../reporters/body.ts';
import { curlCommand } from '../reporters/curl.ts';
import { renderHtml } from '../reporters/html.ts';
import { ENDPOINT, HOSTILE, SECRET_TOKEN, headers, syntheticRun } from './report-fixtures.ts';

const { result } = syntheticRun();
const html = renderHtml(result);


describe('renderHtml: self-contained', () => {
  it('references no external resource', () => {
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio|source)\b/i);
    expect(html).not.toMatch(/\b(src|href|action|poster)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*['"]?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    // Every href is an in-page anchor.
    for (const m of html.matchAll(/\bhref\s*=\s*"([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
  });

  it('has exactly one inline <style> and one inline <script>, with no run data in the script', () => {
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html.match(/<style\b/g)).toHaveLength(1);
  });
});

describe('renderHtml: hostile content', () => {
  it('escapes a </script> in a body so it cannot break the page', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=');
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;window.__pwned = 1&#60;/script&#62;');
  });

  it('escapes every field, including title-like places', () => {
    const evil = syntheticRun();
    evil.result.target.baseUrl = 'https://x/"><script>alert(1)</script>';
    evil.result.target.name = '<b>n</b>';
    evil.result.checks[0].message = '<img src=x onerror=alert(1)>';
    evil.result.observed['k"><script>'] = { value: '</td></tr></table><script>', summary: '<svg onload=alert(1)>' };
    evil.result.harnessErrors = ['</pre><script>alert(2)</script>'];
    const page = renderHtml(evil.result);
    expect(page.match(/<script\b/g)).toHaveLength(1);
    // The report's own charts are the only SVG (fixed markup, escaped labels); nothing from the run becomes a tag.
    const ownCharts = /<svg viewBox="[\d. ]+" width="[\d%.]+" role="img" aria-label="[^"<>]*" xmlns="http:\/\/www.w3.org\/2000\/svg">/g;
    expect(page.match(ownCharts)?.length).toBe(2);
    expect(page.replace(ownCharts, '')).not.toMatch(/<(img|svg|b)\b/);
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});

describe('renderHtml: content', () => {
  it('shows the verdict, target, date, version, hash, duration and counts', () => {
    expect(html).toContain('<span id="verdict">NON-CONFORMANT</span>');
    expect(html).toContain('class="banner non-conformant"');
    expect(html).toContain(ENDPOINT);
    expect(html).toContain('2025-05-01T10:00:00.000Z');
    expect(html).toContain('0.1.0');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('4.3 s');
    expect(html).toMatch(/9 of at most 2000/);
    expect(html).toContain('200 ×5, 429 ×1');
  });

  it('shows conformant green and interrupted', () => {
    const good = syntheticRun({ baseline: { 'PAG-LAST-PAGE': 'a', 'SCHEMA-200': 'b', 'AUTH-WRONG-SCHEME': 'c', 'HTTP-ANSWERED': 'd' }, interrupted: true });
    expect(good.result.verdict).toBe('conformant');
    const page = renderHtml(good.result);
    expect(page).toContain('<span id="verdict">CONFORMANT</span>');
    expect(page).toContain('class="banner conformant"');
    expect(page).toContain('INTERRUPTED');
    expect(page).toContain('KNOWN FAILURE');
  });

  it('shows an incomplete run as no verdict', () => {
    const r = syntheticRun().result;
    r.verdict = 'incomplete';
    r.checks = r.checks.map((c) => (c.status === 'fail' ? { ...c, status: 'skip' as const, cutShort: true, violations: [] } : c));
    const page = renderHtml(r);
    expect(page).toContain('<span id="verdict">INCOMPLETE</span>');
    expect(page).toMatch(/were not evaluated \(request budget, deadline, rate limit or interruption\): this is not a verdict/);
    expect(page).not.toContain('<span id="verdict">CONFORMANT</span>');
  });

  it('shows a harness error banner', () => {
    const r = syntheticRun().result;
    r.harnessErrors = ['suites/x.suite.ts: TypeError: boom'];
    const page = renderHtml(r);
    expect(page).toContain('<span id="verdict">HARNESS ERROR</span>');
    expect(page).toContain('TypeError: boom');
  });

  it('has one row per requirement, with status, level and data for the filters', () => {
    const rows = [...html.matchAll(/<details class="req s-(\w+)" id="req-([A-Z0-9-]+)" data-status="(\w+)"/g)];
    expect(rows.map((m) => m[2])).toEqual(result.checks.map((c) => c.id));
    for (const m of rows) expect(m[1]).toBe(m[3]);
    // Rows are collapsed: no <details open>.
    expect(html).not.toMatch(/<details[^>]*\bopen\b/);
  });

  it('renders a failing requirement with its evidence', () => {
    const row = html.slice(html.indexOf('id="req-PAG-LAST-PAGE"'), html.indexOf('</details>', html.indexOf('id="req-PAG-LAST-PAGE"')));
    expect(row).toContain('meta.last_page = 4 but max(ceil(137 / 25), 1) = 6');
    expect(row).toContain(`GET ${ENDPOINT}?page=1`);
    expect(row).toContain('HTTP/1.1 200 OK');
    expect(row).toContain('authorization: Bearer ***');
    expect(row).toContain('&#34;last_page&#34;: 4');
    // Big numbers are shown as sent, not as JavaScript rounds them.
    expect(row).toContain('99999999999999999999');
    expect(row).toContain('Expected (documented)');
  });

  it('renders schema errors with their JSON path and truncates big bodies', () => {
    const start = html.indexOf('id="req-SCHEMA-200"');
    const row = html.slice(start, html.indexOf('</details>', start));
    expect(row).toContain('<code>/meta/from</code></td><td data-label="Problem">must be integer or null');
    expect(row).toMatch(/truncated: \d+ bytes more/);
  });

  it('renders a transport error', () => {
    const start = html.indexOf('id="req-HTTP-ANSWERED"');
    const row = html.slice(start, html.indexOf('</details>', start));
    expect(row).toContain('No answer: timeout: no answer within 10000 ms');
  });

  it('shows the observed choices', () => {
    expect(html).toContain('Choices the target made');
    expect(html).toContain('perPageOmitted');
    expect(html).toContain('default-25');
  });

  it('gives curl lines with $TOKEN and never a token', () => {
    expect(html).not.toContain(SECRET_TOKEN);
    const curls = [...html.matchAll(/<pre class="curl">([^<]*)<\/pre>/g)].map((m) => m[1]);
    expect(curls.length).toBeGreaterThan(3);
    expect(curls[0]).toContain('Authorization: Bearer $TOKEN');
    expect(curls.some((c) => c.includes('Authorization: Basic $TOKEN'))).toBe(true);
    for (const c of curls) expect(c).toMatch(/^curl -sS -k -G /);
  });
});

describe('curlCommand', () => {
  const url = `${ENDPOINT}?page=1`;
  it('reproduces the suite request with $TOKEN', () => {
    expect(curlCommand({ method: 'GET', url, headers: headers() }, 'verified')).toBe(
      `curl -sS -G '${url}' -H 'Accept: application/json' -H "Authorization: Bearer $TOKEN" -H 'X-Client: web' -H 'X-UUID: 6f1c2d7e-1111-4222-8333-944455556666'`,
    );
  });
  it('reproduces auth variants faithfully without a secret', () => {
    const h = (authorization?: string) => {
      const all = headers(authorization === undefined ? {} : { authorization });
      if (authorization === undefined) delete all.authorization;
      return curlCommand({ method: 'GET', url, headers: all }, 'none');
    };
    expect(h(undefined)).not.toContain('Authorization');
    expect(h('Bearer ')).toContain(`-H 'Authorization: Bearer '`);
    expect(h('Basic ***')).toContain(`-H "Authorization: Basic $TOKEN"`);
    expect(h('***')).toContain(`-H "Authorization: $TOKEN"`);
    expect(h('bearer ***')).toContain(`-H "Authorization: bearer $TOKEN"`);
  });
  it('adds -k for insecure TLS and quotes hostile URLs for the shell', () => {
    const cmd = curlCommand({ method: 'GET', url: "https://h/x?a='$(rm -rf ~)'", headers: {} }, 'insecure');
    expect(cmd).toBe(`curl -sS -k -G 'https://h/x?a='\\''$(rm -rf ~)'\\'''`);
  });
  it('drops headers curl sets itself', () => {
    expect(curlCommand({ method: 'GET', url, headers: { host: 'h', 'user-agent': 'ua', 'accept-encoding': 'gzip' } }, 'none')).toBe(`curl -sS -G '${url}'`);
  });
});

describe('body display', () => {
  it('re-indents JSON keeping tokens as written', () => {
    expect(reindentJson('{"a":[1,1.0,{}],"b":{"c":"x,y:{z}","d":[]},"e":99999999999999999999}')).toBe(
      '{\n  "a": [\n    1,\n    1.0,\n    {}\n  ],\n  "b": {\n    "c": "x,y:{z}",\n    "d": []\n  },\n  "e": 99999999999999999999\n}',
    );
    expect(reindentJson('"q\\"uote"')).toBe('"q\\"uote"');
  });
  it('leaves non-JSON as is and truncates with the remaining byte count', () => {
    expect(displayBody('<html>oops</html>')).toEqual({ text: '<html>oops</html>', truncatedBytes: 0, isJson: false });
    const d = displayBody('é'.repeat(30), 10);
    expect(d.text).toBe('é'.repeat(10));
    expect(d.truncatedBytes).toBe(40);
  });
});
