/** index.html for a multi-target run: one row per target with its verdict and a link to its own report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../src/evidence.ts';
import { verdictLabel } from '../src/aggregate.ts';
import { escapeHtml as esc } from './html.ts';

/** What the index needs of one target's run (the CLI's RunOutcome has these fields). */
export interface IndexOutcome {
  outDir: string;
  exitCode: number;
  result?: RunResult;
  setupError?: { reason: string };
}

export function renderIndex(root: string, runs: Array<{ name: string; outcome: IndexOutcome }>): string {
  const rows = runs
    .map(({ name, outcome }) => {
      const verdict = outcome.setupError
        ? `setup error: ${outcome.setupError.reason}`
        : outcome.exitCode === 130
          ? 'interrupted'
          : outcome.result
            ? verdictLabel(outcome.result).toLowerCase()
            : 'no result';
      const cls = outcome.exitCode === 0 ? 'ok' : outcome.exitCode === 1 ? 'bad' : 'err';
      const rel = path.relative(root, path.join(outcome.outDir, 'report.html')).split(path.sep).join('/');
      const link = outcome.result ? `<a href="${esc(rel)}">report</a>` : '';
      return `<tr class="${cls}"><td>${esc(name)}</td><td>${esc(verdict)}</td><td>${outcome.exitCode}</td><td>${link}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>vms-conformance: all targets</title><style>
body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2430}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde;padding:.4rem .6rem;text-align:left;overflow-wrap:anywhere}
tr.ok td:nth-child(2){color:#176b2c;font-weight:600}tr.bad td:nth-child(2){color:#a61b1b;font-weight:600}tr.err td:nth-child(2){color:#8a5a00}
</style></head><body><h1>vms-conformance: ${runs.length} targets</h1>
<table><thead><tr><th>Target</th><th>Verdict</th><th>Exit</th><th></th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}

export function writeIndex(root: string, runs: Array<{ name: string; outcome: IndexOutcome }>): string {
  const dir = path.dirname(runs[0]?.outcome.outDir ?? root);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.html');
  writeFileSync(file, renderIndex(dir, runs));
  return file;
}

/** One site (one run's report folder) of a fleet index: plain values, rendered as given (escaped). */
export interface SiteRow {
  name: string;
  /** CONFORMANT, NON-CONFORMANT, INCOMPLETE, HARNESS ERROR, INTERRUPTED, or why there is no result. */
  verdict: string;
  /** The run's exit status (0 conformant, 1 non-conformant, 2 no verdict). */
  exitCode: number;
  failing: string[];
  suiteVersion?: string;
  startedAt?: string;
  endpoint?: string;
  /** The site's report.html, relative to the index. */
  reportHref?: string;
  /** Contract drift items (not infrastructure) the run listed. */
  drift?: number;
}

const rowClass = (exitCode: number) => (exitCode === 0 ? 'ok' : exitCode === 1 ? 'bad' : 'err');

/** index.html for many sites (`vms-conformance merge`): one row per site, worst first as given. */
export function renderSitesIndex(rows: SiteRow[], heading: string): string {
  const body = rows
    .map((r) => {
      const link = r.reportHref ? `<a href="${esc(r.reportHref)}">report</a>` : '';
      const failing = r.failing.length ? r.failing.map((id) => `<code>${esc(id)}</code>`).join(' ') : '';
      return `<tr class="${rowClass(r.exitCode)}"><td class="nw">${esc(r.name)}</td><td>${esc(r.verdict)}</td><td>${failing}</td><td class="nw">${esc(r.suiteVersion ?? '')}</td><td class="nw">${esc(r.startedAt ?? '')}</td><td>${r.endpoint ? `<code class="ep">${esc(r.endpoint)}</code>` : ''}</td><td>${r.drift ?? ''}</td><td>${r.exitCode}</td><td>${link}</td></tr>`;
    })
    .join('\n');
  const counts = [0, 1, 2].map((code) => rows.filter((r) => (code === 2 ? r.exitCode >= 2 : r.exitCode === code)).length);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${esc(heading)}</title><style>
body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2430}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde;padding:.4rem .6rem;text-align:left;overflow-wrap:break-word;vertical-align:top}code{font:13px ui-monospace,monospace}.nw,code{white-space:nowrap}code.ep{white-space:normal;word-break:break-all}
tr.ok td:nth-child(2){color:#176b2c;font-weight:600}tr.bad td:nth-child(2){color:#a61b1b;font-weight:600}tr.err td:nth-child(2){color:#8a5a00}
</style></head><body><h1>${esc(heading)}</h1>
<p id="counts">${counts[0]} conformant, ${counts[1]} non-conformant, ${counts[2]} without a verdict.</p>
<table><thead><tr><th>Site</th><th>Verdict</th><th>Failing</th><th>Suite</th><th>Date</th><th>Endpoint</th><th>Drift</th><th>Exit</th><th></th></tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}
