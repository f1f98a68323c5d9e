/**
 * The report's coverage map, as inline SVG (the one offline file needs no script or library to draw it; the
 * timeline is reporters/timeline.ts): which page sizes x pages x X-Client values the suite asked for, and which of
 * them failed. Every text that comes from the run is escaped; SVG <title> elements give the details on hover.
 */
import type { Exchange } from '../src/evidence.ts';

type Esc = (s: unknown) => string;

interface Cell {
  perPage: string;
  page: string;
  client: string;
  ids: string[];
  failed: boolean;
}

/** Page-matrix requests (valid token, numeric per_page and page): per_page x X-Client rows, page columns. */
export function renderCoverage(exchanges: Exchange[], failing: Set<string>, esc: Esc): string {
  const cells = new Map<string, Cell>();
  for (const x of exchanges) {
    // Pages the target served: a 200 with the valid token (the 401 and 422 matrices are not page coverage).
    if (x.response?.status !== 200 || x.request.headers.authorization !== 'Bearer ***') continue;
    let q: URLSearchParams;
    try {
      q = new URL(x.request.url).searchParams;
    } catch {
      continue;
    }
    const perPage = q.get('per_page') ?? '25 (omitted)';
    const page = q.get('page') ?? '1 (omitted)';
    if (!/^\d{1,6}( \(omitted\))?$/.test(perPage) || !/^\d{1,6}( \(omitted\))?$/.test(page) || [...q.keys()].some((k) => k !== 'per_page' && k !== 'page')) continue;
    const client = x.request.headers['x-client'] ?? '(none)';
    const key = `${perPage}|${page}|${client}`;
    const cell = cells.get(key) ?? { perPage, page, client, ids: [], failed: false };
    cell.ids.push(x.id);
    if (failing.has(x.id)) cell.failed = true;
    cells.set(key, cell);
  }
  if (cells.size === 0) return '<p class="muted">No page-matrix request was made.</p>';
  const num = (s: string) => parseInt(s, 10);
  const rows = [...new Set([...cells.values()].map((c) => `${c.perPage}|${c.client}`))].sort((a, b) => {
    const [pa, ca] = a.split('|');
    const [pb, cb] = b.split('|');
    return num(pa) - num(pb) || ca.localeCompare(cb);
  });
  const pages = [...new Set([...cells.values()].map((c) => c.page))].sort((a, b) => num(a) - num(b));
  const cw = Math.max(14, Math.min(34, Math.floor(820 / pages.length)));
  const rh = 16;
  const left = 200;
  const top = 30;
  const W = left + pages.length * cw + 10;
  const H = top + rows.length * rh + 8;
  const out: string[] = [];
  pages.forEach((p, i) => {
    out.push(`<text x="${left + i * cw + cw / 2}" y="${top - 8}" font-size="9" text-anchor="middle" fill="#59636e" transform="rotate(-35 ${left + i * cw + cw / 2} ${top - 8})">${esc(p.endsWith('(omitted)') ? 'none' : p)}</text>`);
  });
  rows.forEach((row, r) => {
    const [perPage, client] = row.split('|');
    out.push(`<text x="${left - 6}" y="${top + r * rh + 11}" font-size="10" text-anchor="end" fill="#1f2328">${esc(`per_page ${perPage} · ${client}`)}</text>`);
    pages.forEach((page, i) => {
      const c = cells.get(`${perPage}|${page}|${client}`);
      const fill = !c ? '#f6f8fa' : c.failed ? '#cf222e' : '#1a7f37';
      const title = c ? `per_page=${perPage}, page=${page}, ${client}: ${c.failed ? 'a requirement failed on it' : 'no failure'} (${c.ids.join(' ')})` : `per_page=${perPage}, page=${page}, ${client}: not requested`;
      out.push(`<rect x="${left + i * cw + 1}" y="${top + r * rh + 1}" width="${cw - 2}" height="${rh - 2}" rx="2" fill="${fill}"${c ? ` class="${c.failed ? 'cov-fail' : 'cov-ok'}"` : ''}><title>${esc(title)}</title></rect>`);
    });
  });
  const failed = [...cells.values()].filter((c) => c.failed).length;
  const summary = `${cells.size} page-size x page x X-Client combinations requested, ${failed} with a failure`;
  return `<figure class="chart" id="coverage-map"><svg viewBox="0 0 ${W} ${H}" width="${Math.min(100, Math.round((W / 1000) * 100))}%" role="img" aria-label="${esc(`Coverage: ${summary}`)}" xmlns="http://www.w3.org/2000/svg">
${out.join('\n')}
</svg><figcaption>${esc(summary)}. Columns: page; rows: per_page and X-Client. <span class="key"><span class="swatch" style="background:#1a7f37"></span>no failure</span> <span class="key"><span class="swatch" style="background:#cf222e"></span>a requirement failed on it</span> <span class="key"><span class="swatch" style="background:#f6f8fa;border:1px solid #d1d9e0"></span>not requested</span></figcaption></figure>`;
}
