/**
 * Record semantics of one 200 page: timestamp formats (REC-TIMESTAMPS), is_expired against expired_at
 * (REC-IS-EXPIRED) and will_deleted_at not before expired_at (REC-DELETE-AFTER-EXPIRY).
 * Records are named by `id` only: a `code` value never goes into a message.
 * Per page and requirement: one passing finding for the records that held, one violation per record that did not.
 */
import type { Finding } from '../evidence.ts';
import { pass, violation } from './finding.ts';
import { idsOf, isObject, pageParts } from './page-body.ts';
import type { CheckContext, Sample } from './types.ts';

/** The server's time zone is unknown: expired_at is read as UTC, and records this close to now are not judged. */
export const IS_EXPIRED_MARGIN_MS = 14 * 60 * 60 * 1000;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_MICROS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/** Epoch ms of a real calendar date-time matched by `format` (read as UTC), or undefined. */
function parse(value: string, format: RegExp): number | undefined {
  const m = format.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // (not Date.UTC, which maps years 0-99 to 1900-1999)
  t.setUTCHours(h, mi, s, 0);
  // Feb 30 rolls into March: a real date survives the round trip.
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return t.getTime();
}

/** A local "YYYY-MM-DD HH:MM:SS" timestamp as UTC epoch ms, when it is a real date. */
export function parseLocalTimestamp(value: string): number | undefined {
  return parse(value, LOCAL);
}

/** An Eloquent "YYYY-MM-DDTHH:MM:SS.ffffffZ" timestamp as epoch ms, when it is a real date. */
export function parseIsoMicros(value: string): number | undefined {
  return parse(value, ISO_MICROS);
}

function recordName(r: Record<string, unknown>, index: number): string {
  return typeof r.id === 'number' || typeof r.id === 'string' ? `record id ${r.id}` : `record #${index + 1}`;
}

function hours(ms: number): string {
  const h = Math.abs(ms) / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} hours`;
}

export function checkRecords(s: Sample, ctx: CheckContext): Finding[] {
  const data = pageParts(s)?.data;
  if (!data) return [];
  const ids = idsOf(s);
  const now = ctx.now.getTime();
  const bad: Finding[] = [];
  const held = { 'REC-TIMESTAMPS': 0, 'REC-IS-EXPIRED': 0, 'REC-DELETE-AFTER-EXPIRY': 0 };

  data.forEach((r, i) => {
    if (!isObject(r)) return; // SCHEMA-200
    const name = recordName(r, i);

    // REC-TIMESTAMPS: judged on strings only (a wrong type is SCHEMA-200's).
    const stamps: Array<[string, unknown, RegExp, string]> = [
      ['expired_at', r.expired_at, LOCAL, 'YYYY-MM-DD HH:MM:SS'],
      ['will_deleted_at', r.will_deleted_at, LOCAL, 'YYYY-MM-DD HH:MM:SS'],
      ['created_at', r.created_at, LOCAL, 'YYYY-MM-DD HH:MM:SS'],
    ];
    if (isObject(r.intercom)) {
      stamps.push(['intercom.created_at', r.intercom.created_at, ISO_MICROS, 'null or YYYY-MM-DDTHH:MM:SS.ffffffZ']);
      stamps.push(['intercom.updated_at', r.intercom.updated_at, ISO_MICROS, 'null or YYYY-MM-DDTHH:MM:SS.ffffffZ']);
    }
    const judged = stamps.filter(([, v]) => typeof v === 'string');
    const wrong = judged.find(([, v, format]) => parse(v as string, format) === undefined);
    if (wrong) {
      const [field, v, , documented] = wrong;
      bad.push(violation('REC-TIMESTAMPS', `Received ${field} "${v}" on ${name}, documented a real date as ${documented}`, documented, v, ids, { field: `/data/${i}/${field.replace('.', '/')}` }));
    } else if (judged.length) held['REC-TIMESTAMPS']++;

    const expiredAt = typeof r.expired_at === 'string' ? parseLocalTimestamp(r.expired_at) : undefined;

    // REC-IS-EXPIRED: only far enough from now for any server time zone.
    if (expiredAt !== undefined && typeof r.is_expired === 'boolean' && Math.abs(expiredAt - now) > IS_EXPIRED_MARGIN_MS) {
      const want = expiredAt < now;
      if (r.is_expired === want) held['REC-IS-EXPIRED']++;
      else {
        const when = `${hours(expiredAt - now)} ${want ? 'before' : 'after'} the suite's clock`;
        bad.push(violation('REC-IS-EXPIRED', `Received is_expired ${r.is_expired} on ${name} whose expired_at ${r.expired_at} is ${when}, documented ${want}`, want, r.is_expired, ids, { field: `/data/${i}/is_expired`, given: { [`/data/${i}/expired_at`]: r.expired_at } }));
      }
    }

    // REC-DELETE-AFTER-EXPIRY
    const willDelete = typeof r.will_deleted_at === 'string' ? parseLocalTimestamp(r.will_deleted_at) : undefined;
    if (expiredAt !== undefined && willDelete !== undefined) {
      if (willDelete >= expiredAt) held['REC-DELETE-AFTER-EXPIRY']++;
      else bad.push(violation('REC-DELETE-AFTER-EXPIRY', `Received will_deleted_at ${r.will_deleted_at} before expired_at ${r.expired_at} on ${name}, documented not before`, `>= ${r.expired_at}`, r.will_deleted_at, ids, { field: `/data/${i}/will_deleted_at`, given: { [`/data/${i}/expired_at`]: r.expired_at } }));
    }
  });

  const summaries: Finding[] = [];
  const what: Record<keyof typeof held, string> = {
    'REC-TIMESTAMPS': 'have real dates in the documented formats',
    'REC-IS-EXPIRED': 'have is_expired agreeing with expired_at (more than 14 hours from now)',
    'REC-DELETE-AFTER-EXPIRY': 'have will_deleted_at not before expired_at',
  };
  for (const [id, n] of Object.entries(held) as Array<[keyof typeof held, number]>) {
    if (n > 0) summaries.push(pass(id, `${n} record${n === 1 ? '' : 's'} ${what[id]}`, ids));
  }
  return [...summaries, ...bad];
}
