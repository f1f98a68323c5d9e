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
  // The same records come back on many pages of a run (the walk, the page matrix, each client's pages): each
  // distinct timestamp is worked out once.
  const cache = format === LOCAL ? localSeen : isoSeen;
  if (cache.has(value)) return cache.get(value);
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  const t = parseUncached(value, format);
  cache.set(value, t);
  return t;
}

const MAX_REMEMBERED = 20_000;
const localSeen = new Map<string, number | undefined>();
const isoSeen = new Map<string, number | undefined>();

function parseUncached(value: string, format: RegExp): number | undefined {
  const m = format.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
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

/** The timestamps REC-TIMESTAMPS judges, in the order a record is checked (its first wrong one is reported). */
const STAMPS = [
  { field: 'expired_at', key: 'expired_at', inIntercom: false, format: LOCAL, documented: 'YYYY-MM-DD HH:MM:SS' },
  { field: 'will_deleted_at', key: 'will_deleted_at', inIntercom: false, format: LOCAL, documented: 'YYYY-MM-DD HH:MM:SS' },
  { field: 'created_at', key: 'created_at', inIntercom: false, format: LOCAL, documented: 'YYYY-MM-DD HH:MM:SS' },
  { field: 'intercom.created_at', key: 'created_at', inIntercom: true, format: ISO_MICROS, documented: 'null or YYYY-MM-DDTHH:MM:SS.ffffffZ' },
  { field: 'intercom.updated_at', key: 'updated_at', inIntercom: true, format: ISO_MICROS, documented: 'null or YYYY-MM-DDTHH:MM:SS.ffffffZ' },
] as const;

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
    const name = () => recordName(r, i);

    // REC-TIMESTAMPS: judged on strings only (a wrong type is SCHEMA-200's).
    const intercom = isObject(r.intercom) ? r.intercom : undefined;
    let judged = 0;
    let wrong: { stamp: (typeof STAMPS)[number]; v: string } | undefined;
    for (const stamp of STAMPS) {
      const v = stamp.inIntercom ? intercom?.[stamp.key] : r[stamp.key];
      if (typeof v !== 'string') continue;
      judged++;
      if (parse(v, stamp.format) === undefined) {
        wrong = { stamp, v };
        break;
      }
    }
    if (wrong) {
      const { stamp, v } = wrong;
      bad.push(violation('REC-TIMESTAMPS', `Received ${stamp.field} "${v}" on ${name()}, documented a real date as ${stamp.documented}`, stamp.documented, v, ids, { field: `/data/${i}/${stamp.field.replace('.', '/')}` }));
    } else if (judged) held['REC-TIMESTAMPS']++;

    const expiredAt = typeof r.expired_at === 'string' ? parseLocalTimestamp(r.expired_at) : undefined;

    // REC-IS-EXPIRED: only far enough from now for any server time zone.
    if (expiredAt !== undefined && typeof r.is_expired === 'boolean' && Math.abs(expiredAt - now) > IS_EXPIRED_MARGIN_MS) {
      const want = expiredAt < now;
      if (r.is_expired === want) held['REC-IS-EXPIRED']++;
      else {
        const when = `${hours(expiredAt - now)} ${want ? 'before' : 'after'} the suite's clock`;
        bad.push(violation('REC-IS-EXPIRED', `Received is_expired ${r.is_expired} on ${name()} whose expired_at ${r.expired_at} is ${when}, documented ${want}`, want, r.is_expired, ids, { field: `/data/${i}/is_expired`, given: { [`/data/${i}/expired_at`]: r.expired_at } }));
      }
    }

    // REC-DELETE-AFTER-EXPIRY
    const willDelete = typeof r.will_deleted_at === 'string' ? parseLocalTimestamp(r.will_deleted_at) : undefined;
    if (expiredAt !== undefined && willDelete !== undefined) {
      if (willDelete >= expiredAt) held['REC-DELETE-AFTER-EXPIRY']++;
      else bad.push(violation('REC-DELETE-AFTER-EXPIRY', `Received will_deleted_at ${r.will_deleted_at} before expired_at ${r.expired_at} on ${name()}, documented not before`, `>= ${r.expired_at}`, r.will_deleted_at, ids, { field: `/data/${i}/will_deleted_at`, given: { [`/data/${i}/expired_at`]: r.expired_at } }));
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
