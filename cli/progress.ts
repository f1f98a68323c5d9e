/**
 * The console while the suites work: requests done of the plan and failures so far, as one live line on a
 * terminal (redrawn in place) and as a plain line every few seconds in a pipe or CI log, so a run waiting on a
 * rate limit never looks hung. Every 429 pause is announced with its length, the plan once it is known, and while
 * the run waits (a 429's Retry-After, or the pacer holding requests for the target's next rate-limit window) the
 * count says how long the wait still lasts.
 *
 * It reads only counts: the number of lines in the exchange log (one per finished request) and the run events
 * (src/run-events.ts). Nothing from a request or a response is printed here.
 */
import type { TestOutcome } from '../src/aggregate.ts';
import { isRequirementId, requirement } from '../src/requirements.ts';
import { parseRunEvent, readNewLines } from '../src/run-events.ts';
import { paint } from '../reporters/console.ts';

export interface ProgressOptions {
  write: (text: string) => void;
  /** A terminal: one live line redrawn in place; otherwise a plain line every `plainEveryMs`. */
  tty: boolean;
  color: boolean;
  exchangeLog: string;
  eventLog: string;
  budget: number;
  strict: boolean;
  baseline: Record<string, string>;
  plainEveryMs?: number;
  now?: () => number;
}

export class RunProgress {
  private readonly o: ProgressOptions;
  private timer: NodeJS.Timeout | undefined;
  private exchangeOffset = 0;
  private eventOffset = 0;
  private done: number;
  private planned: number | undefined;
  private readonly failing = new Set<string>();
  private readonly checked = new Set<string>();
  private readonly started: number;
  private lastPlain = 0;
  /** Epoch ms (the `now` clock) the current wait ends, and whose wait it is. */
  private waitingUntil = 0;
  private waitingFor: 'retry-after' | 'window' = 'window';
  private live = false;
  private stopped = false;

  constructor(options: ProgressOptions) {
    this.o = options;
    // The smoke step's exchange is the log's first line: every request of the run is counted from the log.
    this.done = 0;
    this.started = this.now();
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  start(): void {
    this.lastPlain = this.now();
    this.timer = setInterval(() => this.tick(), this.o.tty ? 250 : 500);
    this.timer.unref();
  }

  /** A finished test: its violations count as failures so far (MUST, or any level under --strict; not the baseline's). */
  onCase(outcome: TestOutcome): void {
    const ev = outcome.evidence;
    this.checked.add(ev?.requirementId ?? outcome.name.split(/\s+/, 1)[0]);
    for (const f of ev?.findings ?? []) {
      if (f.ok) continue;
      const id = f.requirementId || ev!.requirementId;
      if (!isRequirementId(id) || this.o.baseline[id] !== undefined) continue;
      if (requirement(id).level === 'must' || this.o.strict) this.failing.add(id);
    }
  }

  tick(): void {
    const ex = readNewLines(this.o.exchangeLog, this.exchangeOffset);
    this.exchangeOffset = ex.offset;
    this.done += ex.lines.length;
    const ev = readNewLines(this.o.eventLog, this.eventOffset);
    this.eventOffset = ev.offset;
    for (const line of ev.lines) {
      const e = parseRunEvent(line);
      if (!e) continue;
      if (e.type === 'plan') {
        this.planned = e.plannedAtMost;
        this.announce(`Plan: at most ${e.plannedAtMost} requests${e.total !== null ? ` for ${e.total} records` : ''} (budget ${this.o.budget}; ${e.mode === 'concurrent' ? 'request groups started together' : 'suites one after the other'})`);
        continue;
      }
      const until = Date.parse(e.at) + e.waitMs;
      // Concurrent 429s each push the shared pause out by a few ms: announced again only when it grows by a second.
      const longer = !(until - this.waitingUntil < 1000);
      this.waitUntil(until, e.type === 'rate-limit-wait' ? 'retry-after' : 'window');
      // The window wait has its own line already (the reporter prints the pacer's announcement).
      if (e.type === 'rate-limit-wait' && longer) this.announce(paint(this.o, 'yellow', `Rate limited (429): waiting ${(e.waitMs / 1000).toFixed(1)} s as the target's Retry-After asks`));
    }
    if (this.o.tty) this.redraw();
    else if (this.now() - this.lastPlain >= (this.o.plainEveryMs ?? 3000)) {
      this.lastPlain = this.now();
      this.o.write(`  ${this.status()}\n`);
    }
  }

  status(): string {
    const of = this.planned !== undefined ? `of at most ${this.planned}` : `(budget ${this.o.budget})`;
    const ids = [...this.failing];
    const failing = ids.length === 0 ? 'no failure so far' : `${ids.length} failing so far: ${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ', …' : ''}`;
    const left = this.waitingUntil - this.now();
    const waiting = left > 0 ? `, waiting ${Math.ceil(left / 1000)} s more for ${this.waitingFor === 'window' ? "the target's next rate-limit window" : "the target's Retry-After"}` : '';
    return `progress: ${this.done} requests ${of}, ${this.checked.size} requirement${this.checked.size === 1 ? '' : 's'} checked, ${failing}, ${((this.now() - this.started) / 1000).toFixed(0)} s${waiting}`;
  }

  private waitUntil(until: number, why: 'retry-after' | 'window'): void {
    if (!Number.isFinite(until) || until <= this.waitingUntil) return;
    [this.waitingUntil, this.waitingFor] = [until, why];
  }

  private announce(line: string): void {
    this.clear();
    this.o.write(`  ${line}\n`);
    if (this.o.tty) this.redraw();
  }

  private redraw(): void {
    const text = this.status();
    const columns = process.stdout.columns || 100;
    this.o.write(`\r\u001b[2K  ${paint(this.o, 'dim', text.slice(0, columns - 3))}`);
    this.live = true;
  }

  private clear(): void {
    if (this.live) this.o.write('\r\u001b[2K');
    this.live = false;
  }

  /** Ends the live line with a last plain count; once (the run's end and its clean-up both call it). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
    this.waitingUntil = 0; // the run is over: whatever it waited for, it waits no more
    this.clear();
    if (!this.o.tty) this.o.write(`  ${this.status()}\n`);
  }
}
