/**
 * Run events: what the suites' worker tells the console while it works (the request plan, each 429 pause, each
 * wait for the target's rate-limit window), one
 * JSON line each in a file the main process tails. Plain facts only (counts, milliseconds), never a header or a
 * body, so nothing secret can pass through here.
 */
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';

export type RunEvent =
  | { type: 'plan'; plannedAtMost: number; mode: 'concurrent' | 'in-turn'; total: number | null }
  | { type: 'rate-limit-wait'; waitMs: number; at: string }
  /** The pacer holds every request until the target's rate-limit window ends (announced on the console already). */
  | { type: 'window-wait'; waitMs: number; at: string };

export function appendRunEvent(file: string | undefined, event: RunEvent): void {
  if (!file) return;
  try {
    appendFileSync(file, JSON.stringify(event) + '\n');
  } catch {
    // The console's live line is a convenience: losing one event must never fail the run.
  }
}

/** Reads a JSONL file from a byte offset: the complete lines after it, and the offset to read from next. */
export function readNewLines(file: string, offset: number): { lines: string[]; offset: number } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { lines: [], offset };
  }
  if (size <= offset) return { lines: [], offset };
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  const lastNl = buf.lastIndexOf(0x0a);
  if (lastNl < 0) return { lines: [], offset };
  const text = buf.subarray(0, lastNl).toString('utf8');
  return { lines: text.split('\n').filter((l) => l.trim() !== ''), offset: offset + lastNl + 1 };
}

export function parseRunEvent(line: string): RunEvent | undefined {
  try {
    const e = JSON.parse(line) as RunEvent;
    if (e && (e.type === 'plan' || e.type === 'rate-limit-wait' || e.type === 'window-wait')) return e;
  } catch {
    // a torn line: ignore
  }
  return undefined;
}
