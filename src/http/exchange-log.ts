/**
 * The run's exchange log (JSONL, one masked Exchange per line), appended by each HTTP client of the run: the
 * smoke step's in the CLI's thread, the suites' in their worker. The reporter builds the HAR from it.
 *
 * Every write is whole lines on an O_APPEND descriptor, so lines from other threads or processes never
 * interleave. Two ways to write:
 *   'now': each exchange is written before append() returns;
 *   'deferred': exchanges wait in memory (the client keeps them anyway, and a recorded exchange is never
 *      changed) and are serialized and written together at flush() or close(), and at the latest DEFERRED_MS
 *      after the first of them. Against a target that answers fast the suites' worker is CPU-bound while the
 *      requests go out, and serializing and writing every answer as it came took from the requests' time. The
 *      session flushes after each suite file (suites/support/smoke-setup.ts), before vitest reports the file
 *      done and long before the reporter reads, and a stopped run writes through (writeThrough) from its stop on.
 */
import fs from 'node:fs';
import path from 'node:path';

export type LogWrites = 'now' | 'deferred';

/** No exchange waits longer than this, whoever flushes (a file that ends without its afterAll, say). */
const DEFERRED_MS = 250;
/** A flush writes whole lines in pieces of about this many characters, not one string of every waiting exchange. */
const WRITE_CHUNK = 1 << 20;

export class ExchangeLog {
  private fd: number | undefined;
  private queued: unknown[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private writes: LogWrites = 'now',
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  /** One exchange, as one JSON line. Throws when the file cannot be opened or written. */
  append(exchange: unknown): void {
    this.fd ??= fs.openSync(this.file, 'a');
    this.queued.push(exchange);
    if (this.writes === 'now') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), DEFERRED_MS).unref();
  }

  /** Writes every exchange appended so far, in writes of whole lines of about WRITE_CHUNK characters. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued.length === 0 || this.fd === undefined) return;
    const exchanges = this.queued;
    this.queued = [];
    let text = '';
    for (const x of exchanges) {
      text += JSON.stringify(x) + '\n';
      if (text.length >= WRITE_CHUNK) {
        this.write(text);
        text = '';
      }
    }
    if (text) this.write(text);
  }

  private write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd!, bytes, written, bytes.length - written);
  }

  /** From now on every line is written at once (a stopped run: the worker may be torn down before the next flush). */
  writeThrough(): void {
    this.writes = 'now';
    this.flush();
  }

  /** Writes what is left and closes the file. */
  close(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    try {
      this.flush();
    } finally {
      this.fd = undefined;
      fs.closeSync(fd);
    }
  }
}
