/**
 * The run's timeline, as inline SVG: each request a lane segment by start time and duration, coloured by how it
 * was answered. A request that was not one attempt sent at once (Exchange.attempts/waits) is drawn as its parts:
 * each attempt coloured by what it got (a 429 orange), each pause before one hatched. The pacer's pauses for the
 * target's rate window are also a band across the lanes. Slow answers are taller. <title>s say what each part is.
 */
import type { AttemptTiming, Exchange, WaitTiming } from '../src/evidence.ts';
import { wasSent } from '../src/evidence.ts';
import { requestWords } from './findings.ts';

type Esc = (s: unknown) => string;

const SLOW_MS = 1000;
const W = 1000;
const LEFT = 40;
const PLOT = W - LEFT - 10;
const LANE_H = 9;
const TOP = 6;
const MAX_LANES = 24;
const NO_ANSWER = '#24292f';

function colourOfStatus(status: number | undefined, errorKind?: string): { fill: string; label: string } {
  if (status === undefined) return { fill: NO_ANSWER, label: `no answer (${errorKind ?? 'unknown'})` };
  if (status === 429) return { fill: '#bc4c00', label: '429 rate limited' };
  if (status >= 500) return { fill: '#cf222e', label: `${status} server error` };
  if (status >= 400) return { fill: '#0969da', label: String(status) };
  if (status >= 300) return { fill: '#8250df', label: String(status) };
  return { fill: '#1a7f37', label: String(status) };
}

type Segment = { kind: 'attempt'; start: number; ms: number; a: AttemptTiming; n: number; of: number } | { kind: 'wait'; start: number; ms: number; w: WaitTiming; after?: AttemptTiming };

/** The request's parts, as offsets from its start: its attempts and waits, or one attempt for the whole of it. */
function segmentsOf(x: Exchange): Segment[] {
  const attempts = x.attempts?.length ? x.attempts : [{ startMs: 0, durationMs: Math.max(0, x.durationMs), status: x.response?.status, errorKind: x.error?.kind }];
  const out: Segment[] = attempts.map((a, i) => ({ kind: 'attempt', start: a.startMs, ms: a.durationMs, a, n: i + 1, of: attempts.length }));
  for (const w of x.waits ?? []) {
    const after = [...attempts].reverse().find((a) => a.startMs + a.durationMs <= w.startMs + 1);
    out.push({ kind: 'wait', start: w.startMs, ms: w.ms, w, ...(after ? { after } : {}) });
  }
  return out.sort((p, q) => p.start - q.start);
}

function waitWords(s: Extract<Segment, { kind: 'wait' }>): string {
  const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  switch (s.w.reason) {
    case 'retry-after':
      return s.after?.status === 429 && s.after.retryAfterMs !== undefined
        ? `waiting (Retry-After ${secs(s.after.retryAfterMs)}) after its 429`
        : 'waiting out a 429 of a concurrent request (Retry-After)';
    case 'rate-window':
      return "paced: waiting for the target's rate window (X-RateLimit-Remaining 0)";
    case 'rate':
      return 'waiting for its turn under --rate';
    case 'network-retry':
      return `waiting before retrying after ${s.after?.errorKind ? `a ${s.after.errorKind} error` : 'a network error'}`;
  }
}

/** Merged [start, end] intervals of the pacer's pauses, relative to t0. */
function pacedIntervals(bars: Array<{ x: Exchange; start: number }>): Array<[number, number]> {
  const spans = bars
    .flatMap(({ x, start }) => (x.waits ?? []).filter((w) => w.reason === 'rate-window').map((w): [number, number] => [start + w.startMs, start + w.startMs + w.ms]))
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

export function renderTimeline(exchanges: Exchange[], failing: Set<string>, esc: Esc): string {
  const sent = exchanges.filter((x) => wasSent(x) && Number.isFinite(Date.parse(x.startedAt)));
  if (sent.length === 0) return '<p class="muted">No request was sent.</p>';
  const t0 = Math.min(...sent.map((x) => Date.parse(x.startedAt)));
  const t1 = Math.max(...sent.map((x) => Date.parse(x.startedAt) + Math.max(0, x.durationMs)));
  const span = Math.max(1, t1 - t0);
  const px = (ms: number) => LEFT + (ms / span) * PLOT;
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
      return { x, start, lane };
    });
  const lanes = Math.min(laneEnds.length, MAX_LANES);
  const H = TOP + lanes * LANE_H + 28;
  const fmt = formatMs;

  const rects = bars.flatMap(({ x, start, lane }) => {
    const words = `${x.id} ${requestWords(x)}`;
    const laneY = TOP + Math.min(lane, lanes - 1) * LANE_H;
    return segmentsOf(x).map((s) => {
      const at = `x="${px(start + s.start).toFixed(1)}" width="${Math.max(1.5, (s.ms / span) * PLOT).toFixed(1)}"`;
      if (s.kind === 'wait') {
        const fill = s.w.reason === 'retry-after' ? 'url(#tl-wait-429)' : 'url(#tl-wait)';
        return `<rect class="seg-wait wait-${s.w.reason}" ${at} y="${laneY + 2}" height="${LANE_H - 5}" fill="${fill}"><title>${esc(`${words}: ${waitWords(s)}, ${fmt(s.ms)}`)}</title></rect>`;
      }
      const { fill, label } = colourOfStatus(s.a.status, s.a.errorKind);
      const slow = s.ms >= SLOW_MS;
      const last = s.n === s.of;
      const ev = last && failing.has(x.id);
      const which = s.of > 1 ? `attempt ${s.n} of ${s.of}, ` : '';
      const retried = last && s.of > 1 ? `${x.rateLimitRetries ? `, after ${x.rateLimitRetries} × 429 waited out` : ''}${x.retries ? `, after ${x.retries} network retr${x.retries === 1 ? 'y' : 'ies'}` : ''}` : '';
      const title = `${words}: ${which}${label}, ${Math.round(s.ms)} ms${retried}${ev ? ', evidence of a failure' : ''}`;
      const cls = ['seg-attempt', ...(s.of > 1 ? [last ? 'final' : 'retried'] : []), ...(ev ? ['ev'] : [])].join(' ');
      return `<rect class="${cls}" ${at} y="${laneY + (slow ? 0 : 1)}" height="${slow ? LANE_H - 1 : LANE_H - 3}" fill="${fill}"><title>${esc(title)}</title></rect>`;
    });
  });

  const paced = pacedIntervals(bars);
  const bands = paced.map(([s, e]) => {
    const title = `paced: waited ${fmt(e - s)} for the rate window (the target's X-RateLimit-Remaining reached 0)`;
    return `<rect class="paced" x="${px(s).toFixed(1)}" y="${TOP - 3}" width="${Math.max(1.5, ((e - s) / span) * PLOT).toFixed(1)}" height="${H - 20 - TOP + 3}" fill="#fff1c2" stroke="#d4a72c" stroke-width="0.5"><title>${esc(title)}</title></rect>`;
  });
  const ticks = niceTicks(span).map((ms) => {
    const tx = px(ms).toFixed(1);
    return `<line x1="${tx}" x2="${tx}" y1="${TOP}" y2="${H - 20}" stroke="#d1d9e0" stroke-width="0.5"/><text x="${tx}" y="${H - 8}" font-size="10" text-anchor="middle" fill="#59636e">${esc(fmt(ms))}</text>`;
  });

  const waitedOut = sent.filter((x) => (x.rateLimitRetries ?? 0) > 0).length;
  const retried = sent.filter((x) => (x.retries ?? 0) > 0).length;
  const pacedMs = paced.reduce((sum, [s, e]) => sum + e - s, 0);
  const slow = sent.filter((x) => (x.attempts?.at(-1)?.durationMs ?? x.durationMs) >= SLOW_MS).length;
  const attempts = sent.reduce((n, x) => n + (x.attempts?.length ?? 1), 0);
  const summary = `${sent.length} requests${attempts > sent.length ? ` (${attempts} attempts)` : ''} over ${fmt(span)}, at most ${laneEnds.length} at once${waitedOut ? `, ${waitedOut} waited out a 429` : ''}${retried ? `, ${retried} retried after a network error` : ''}${pacedMs ? `, paced ${fmt(pacedMs)} for the rate window` : ''}${slow ? `, ${slow} slower than ${SLOW_MS / 1000} s` : ''}`;
  return `<figure class="chart" id="timeline"><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(`Timeline: ${summary}`)}" xmlns="http://www.w3.org/2000/svg">
<defs>${hatch('tl-wait-429', '#bc4c00')}${hatch('tl-wait', '#8c959f')}</defs>
${bands.join('')}
<text x="2" y="${TOP + 8}" font-size="10" fill="#59636e">lanes</text>
${ticks.join('')}
${rects.join('\n')}
</svg><figcaption>${esc(summary)}. ${legend(esc, pacedMs > 0)}</figcaption></figure>`;
}

function hatch(id: string, colour: string): string {
  return `<pattern id="${id}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/><rect width="2" height="4" fill="${colour}"/></pattern>`;
}

function legend(esc: Esc, paced: boolean): string {
  const striped = (c: string) => `repeating-linear-gradient(45deg,${c} 0 2px,#fff 2px 4px)`;
  const items: Array<[string, string]> = [
    ['#1a7f37', '2xx'],
    ['#0969da', '4xx (401/422 expected by the matrices)'],
    ['#bc4c00', '429'],
    [striped('#bc4c00'), 'waiting (Retry-After)'],
    [striped('#8c959f'), 'waiting (retry backoff, --rate, rate window)'],
    ['#cf222e', '5xx'],
    [NO_ANSWER, 'no answer'],
    ...(paced ? [['#fff1c2', 'paced for the rate window'] as [string, string]] : []),
  ];
  return items.map(([c, t]) => `<span class="key"><span class="swatch" style="background:${c}"></span>${esc(t)}</span>`).join(' ') + ' · taller bars: answers slower than 1 s';
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
