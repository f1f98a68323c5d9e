/**
 * The report's pictures, as inline SVG (the one offline file needs no script or library to draw them):
 * - a timeline of the run: each request a bar by start time and duration, coloured by how it was answered,
 *   requests that waited out a 429 or were retried outlined, slow answers taller;
 * - a coverage map: which page sizes x pages x X-Client values the suite asked for, and which of them failed.
 * Every text that comes from the run is escaped; SVG <title> elements give the details on hover.
 */
import type { Exchange } from '../src/evidence.ts';
import { wasSent } from '../src/evidence.ts';
import { requestWords } from './findings.ts';

type Esc = (s: unknown) => string;

const SLOW_MS = 1000;

function colourOf(x: Exchange): { fill: string; label: string } {
  if (!x.response) return { fill: '#24292f', label: `no answer (${x.error?.kind ?? 'unknown'})` };
  const s = x.response.status;
  if (s === 429) return { fill: '#bc4c00', label: '429 rate limited' };
  if (s >= 500) return { fill: '#cf222e', label: `${s} server error` };
  if (s >= 400) return { fill: '#0969da', label: String(s) };
  if (s >= 300) return { fill: '#8250df', label: String(s) };
  return { fill: '#1a7f37', label: String(s) };
}

export function renderTimeline(exchanges: Exchange[], failing: Set<string>, esc: Esc): string {
  const sent = exchanges.filter((x) => wasSent(x) && Number.isFinite(Date.parse(x.startedAt)));
  if (sent.length === 0) return '<p class="muted">No request was sent.</p>';
  const t0 = Math.min(...sent.map((x) => Date.parse(x.startedAt)));
  const t1 = Math.max(...sent.map((x) => Date.parse(x.startedAt) + Math.max(0, x.durationMs)));
  const span = Math.max(1, t1 - t0);
  const W = 1000;
  const left = 40;
  const plot = W - left - 10;
  // Lanes: each request goes in the first lane free at its start (concurrent requests stack up).
  const laneEnds: number[] = [];
  const bars = [...sent]
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
    .map((x) => {
      const start = Date.parse(x.startedAt) - t0;
      const end = start + Math.max(0, x.durationMs);
      let lane = laneEnds.findIndex((e) => e <= start);
      if (lane < 0) lane = laneEnds.push(end) - 1;
      else laneEnds[lane] = end;
      return { x, start, end, lane };
    });
  const lanes = Math.min(laneEnds.length, 24);
  const laneH = 9;
  const top = 6;
  const H = top + lanes * laneH + 28;
  const rects = bars.map(({ x, start, end, lane }) => {
    const { fill, label } = colourOf(x);
    const waited = (x.rateLimitRetries ?? 0) > 0 || (x.retries ?? 0) > 0;
    const slow = x.durationMs >= SLOW_MS;
    const y = top + Math.min(lane, lanes - 1) * laneH + (slow ? 0 : 1);
    const w = Math.max(1.5, ((end - start) / span) * plot);
    const title = `${x.id} ${requestWords(x)}: ${label}, ${Math.round(x.durationMs)} ms${x.rateLimitRetries ? `, ${x.rateLimitRetries} × 429 waited out` : ''}${x.retries ? `, ${x.retries} network retries` : ''}${failing.has(x.id) ? ', evidence of a failure' : ''}`;
    return `<rect x="${(left + (start / span) * plot).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${slow ? laneH - 1 : laneH - 3}" fill="${fill}"${waited ? ' stroke="#bc4c00" stroke-width="1.5"' : ''}${failing.has(x.id) ? ' class="ev"' : ''}><title>${esc(title)}</title></rect>`;
  });
  const ticks = niceTicks(span).map((ms) => {
    const tx = left + (ms / span) * plot;
    return `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${top}" y2="${H - 20}" stroke="#d1d9e0" stroke-width="0.5"/><text x="${tx.toFixed(1)}" y="${H - 8}" font-size="10" text-anchor="middle" fill="#59636e">${esc(formatMs(ms))}</text>`;
  });
  const waits = sent.filter((x) => (x.rateLimitRetries ?? 0) > 0).length;
  const slow = sent.filter((x) => x.durationMs >= SLOW_MS).length;
  const summary = `${sent.length} requests over ${formatMs(span)}, at most ${laneEnds.length} at once${waits ? `, ${waits} waited out a 429` : ''}${slow ? `, ${slow} slower than ${SLOW_MS / 1000} s` : ''}`;
  return `<figure class="chart" id="timeline"><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(`Timeline: ${summary}`)}" xmlns="http://www.w3.org/2000/svg">
<text x="2" y="${top + 8}" font-size="10" fill="#59636e">lanes</text>
${ticks.join('')}
${rects.join('\n')}
</svg><figcaption>${esc(summary)}. ${legend(esc)}</figcaption></figure>`;
}

function legend(esc: Esc): string {
  const items: Array<[string, string]> = [
    ['#1a7f37', '2xx'],
    ['#0969da', '4xx (401/422 expected by the matrices)'],
    ['#bc4c00', '429 / waited out (outlined)'],
    ['#cf222e', '5xx'],
    ['#24292f', 'no answer'],
  ];
  return items.map(([c, t]) => `<span class="key"><span class="swatch" style="background:${c}"></span>${esc(t)}</span>`).join(' ') + ' · taller bars: slower than 1 s';
}

function niceTicks(span: number): number[] {
  const steps = [100, 250, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000];
  const step = steps.find((s) => span / s <= 10) ?? 600000;
  const out: number[] = [];
  for (let t = 0; t <= span; t += step) out.push(t);
  return out;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60000 ? `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s` : `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

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
