/** The run's exchange log: written at once, or deferred and flushed in whole lines (src/http/exchange-log.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExchangeLog } from '../src/http/exchange-log.ts';

const dirs: string[] = [];
function logPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vms-exchange-log-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'exchanges.jsonl');
}
const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string }) : []);

afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('ExchangeLog', () => {
  it("'now' writes each exchange before append returns, one JSON line each", () => {
    const file = logPath();
    const log = new ExchangeLog(file);
    log.append({ id: 'x1' });
    expect(lines(file).map((x) => x.id)).toEqual(['x1']);
    log.append({ id: 'x2', body: 'a\nb' });
    expect(lines(file)).toEqual([{ id: 'x1' }, { id: 'x2', body: 'a\nb' }]);
    log.close();
  });

  it("'deferred' writes nothing until flush, then every exchange in order; close writes the rest", () => {
    const file = logPath();
    const log = new ExchangeLog(file, 'deferred');
    for (let i = 1; i <= 5; i++) log.append({ id: `x${i}` });
    expect(lines(file)).toEqual([]);
    log.flush();
    expect(lines(file).map((x) => x.id)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    log.append({ id: 'x6' });
    log.close();
    expect(lines(file).map((x) => x.id)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
  });

  it('an exchange waits at most a quarter of a second when nobody flushes', () => {
    vi.useFakeTimers();
    const file = logPath();
    const log = new ExchangeLog(file, 'deferred');
    log.append({ id: 'x1' });
    vi.advanceTimersByTime(200);
    expect(lines(file)).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(lines(file).map((x) => x.id)).toEqual(['x1']);
    log.close();
  });

  it('after writeThrough (a stopped run) every exchange is written at once, the waiting ones first', () => {
    const file = logPath();
    const log = new ExchangeLog(file, 'deferred');
    log.append({ id: 'x1' });
    log.writeThrough();
    expect(lines(file).map((x) => x.id)).toEqual(['x1']);
    log.append({ id: 'x2' });
    expect(lines(file).map((x) => x.id)).toEqual(['x1', 'x2']);
    log.close();
  });

  it('a flush of large exchanges writes whole lines: every line parses, none is cut', () => {
    const file = logPath();
    const log = new ExchangeLog(file, 'deferred');
    const body = 'é'.repeat(300_000); // 600 KB as UTF-8: a flush writes in several pieces
    for (let i = 1; i <= 8; i++) log.append({ id: `x${i}`, body });
    log.close();
    const read = lines(file);
    expect(read.map((x) => x.id)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']);
    expect(read.every((x) => (x as { body?: string }).body === body)).toBe(true);
  });

  it('appends to what the file already holds (the smoke step wrote first)', () => {
    const file = logPath();
    const smoke = new ExchangeLog(file);
    smoke.append({ id: 'x1' });
    smoke.close();
    const suites = new ExchangeLog(file, 'deferred');
    suites.append({ id: 'x2' });
    suites.close();
    expect(lines(file).map((x) => x.id)).toEqual(['x1', 'x2']);
  });
});
