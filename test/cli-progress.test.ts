/**
 * The live progress line, driven by hand: requests counted from the exchange log, the plan and 429 pauses from the
 * run events, failures so far from finished tests (MUST only, baseline excluded), a plain line at most every few
 * seconds in a pipe, a line redrawn in place on a terminal, and one closing count.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunProgress } from '../cli/progress.ts';
import { appendRunEvent } from '../src/run-events.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vms-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let runs = 0;
function setup(tty: boolean) {
  const run = ++runs; // each test its own logs
  const exchangeLog = path.join(tmp, `${run}-${tty}-x.jsonl`);
  const eventLog = path.join(tmp, `${run}-${tty}-e.jsonl`);
  writeFileSync(exchangeLog, '{"id":"x1"}\n');
  let now = 0;
  const out: string[] = [];
  const p = new RunProgress({ write: (t) => out.push(t), tty, color: false, exchangeLog, eventLog, budget: 400, strict: false, baseline: { 'PAG-FROM-TO': 'known' }, plainEveryMs: 3000, now: () => now });
  return { p, out, exchangeLog, eventLog, advance: (ms: number) => (now += ms) };
}

const failing = (id: string) => ({ name: `${id} t`, file: 'f', state: 'failed' as const, evidence: { requirementId: id, findings: [{ requirementId: id, ok: false, message: 'bad' }] } });

describe('RunProgress on a pipe', () => {
  it('prints the plan, each 429 wait with its length (once for concurrent 429s), and a plain count every 3 s with the wait left', () => {
    const { p, out, exchangeLog, eventLog, advance } = setup(false);
    appendRunEvent(eventLog, { type: 'plan', plannedAtMost: 190, mode: 'concurrent', total: 137 });
    appendFileSync(exchangeLog, '{"id":"x2"}\n{"id":"x3"}\n{"id":"x4"'); // the last line is still being written
    p.tick();
    expect(out).toEqual(['  Plan: at most 190 requests for 137 records (budget 400; request groups started together)\n']);
    appendRunEvent(eventLog, { type: 'rate-limit-wait', waitMs: 12000, at: new Date(0).toISOString() }); // the test's clock
    // A second 429 of the same moment pushes the shared pause out by 200 ms: no second announcement.
    appendRunEvent(eventLog, { type: 'rate-limit-wait', waitMs: 12000, at: new Date(200).toISOString() });
    advance(3000);
    p.onCase(failing('PAG-LAST-PAGE'));
    p.onCase(failing('PAG-FROM-TO')); // accepted by the baseline
    p.onCase(failing('LINKS-ORIGIN')); // SHOULD
    p.tick();
    expect(out.slice(1)).toEqual([
      "  Rate limited (429): waiting 12.0 s as the target's Retry-After asks\n",
      "  progress: 3 requests of at most 190, 3 requirements checked, 1 failing so far: PAG-LAST-PAGE, 3 s, waiting 10 s more for the target's Retry-After\n",
    ]);
    advance(1000);
    p.tick();
    expect(out).toHaveLength(3); // not again within 3 s
    p.stop();
    p.stop();
    // The closing count: the run is over, so it waits for nothing any more.
    expect(out.slice(3)).toEqual(['  progress: 3 requests of at most 190, 3 requirements checked, 1 failing so far: PAG-LAST-PAGE, 4 s\n']);
  });

  it("says how long the pacer still holds requests for the target's next rate-limit window, without a second announcement", () => {
    const { p, out, eventLog, advance } = setup(false);
    p.tick();
    expect(out).toEqual([]); // nothing yet within the first 3 s
    advance(10_000);
    // The pacer's own line ("Rate limit: ... wait 45 s ...") reaches the console through the reporter, not here.
    appendRunEvent(eventLog, { type: 'window-wait', waitMs: 45_000, at: new Date(10_000).toISOString() });
    appendRunEvent(eventLog, { type: 'window-wait', waitMs: 20_000, at: new Date(12_000).toISOString() }); // ends sooner: the longer wait stands
    advance(3000);
    p.tick();
    expect(out).toEqual(["  progress: 1 requests (budget 400), 0 requirements checked, no failure so far, 13 s, waiting 42 s more for the target's next rate-limit window\n"]);
    advance(41_500);
    p.tick();
    expect(out[1]).toContain('waiting 1 s more'); // rounded up: never "0 s more" while it still waits
    advance(3000);
    p.tick();
    expect(out[2]).toBe('  progress: 1 requests (budget 400), 0 requirements checked, no failure so far, 58 s\n');
  });
});

describe('RunProgress on a terminal', () => {
  it('redraws one line in place and clears it for announcements and at the end', () => {
    const { p, out, eventLog } = setup(true);
    p.tick();
    expect(out).toEqual(['\r\u001b[2K  progress: 1 requests (budget 400), 0 requirements checked, no failure so far, 0 s']);
    appendRunEvent(eventLog, { type: 'rate-limit-wait', waitMs: 1500, at: '2025-01-01T00:00:00Z' });
    p.tick();
    expect(out.slice(1, 3)).toEqual(['\r\u001b[2K', "  Rate limited (429): waiting 1.5 s as the target's Retry-After asks\n"]);
    p.stop();
    expect(out.at(-1)).toBe('\r\u001b[2K');
  });
});
