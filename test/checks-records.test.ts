import { describe, expect, it } from 'vitest';
import { checkRecords, parseIsoMicros, parseLocalTimestamp } from '../src/checks/records.ts';
import type { Finding } from '../src/evidence.ts';
import type { CheckContext } from '../src/checks/types.ts';
import { codeRecord, laravelSample } from './helpers/laravel-page.ts';
import { makeSample, TEST_ENDPOINT } from './helpers/exchange.ts';

const now = new Date('2024-06-01T12:00:00Z');
const ctx: CheckContext = { endpointUrl: TEST_ENDPOINT, now };
const failures = (f: Finding[]) => f.filter((x) => !x.ok);
const HOUR = 3_600_000;
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** A one-record page whose record is changed by `edit`. */
function one(edit: (r: any) => void) {
  return laravelSample({ total: 1, page: 1, perPage: 25, now }, (b) => void edit(b.data[0]));
}

describe('timestamp parsing', () => {
  it('accepts real dates, rejects impossible ones and other formats', () => {
    expect(parseLocalTimestamp('2022-04-19 17:16:00')).toBe(Date.UTC(2022, 3, 19, 17, 16, 0));
    expect(parseLocalTimestamp('2024-02-29 00:00:00')).toBeDefined();
    for (const bad of ['2022-13-01 00:00:00', '2023-02-29 00:00:00', '2022-02-30 10:00:00', '2022-04-19 24:00:00', '2022-04-19 17:60:00', '2022-04-19T17:16:00', '2022-04-19 17:16', '2022-04-19 17:16:00Z'])
      expect(parseLocalTimestamp(bad), bad).toBeUndefined();
    expect(parseIsoMicros('2022-04-18T17:25:56.000000Z')).toBe(Date.UTC(2022, 3, 18, 17, 25, 56));
    for (const bad of ['2022-04-18T17:25:56Z', '2022-04-18T17:25:56.000Z', '2022-04-18 17:25:56', '2022-00-18T17:25:56.000000Z'])
      expect(parseIsoMicros(bad), bad).toBeUndefined();
  });
});

describe('timestamps seen before', () => {
  it('each format judges a string on its own: the same text is right as expired_at and wrong as intercom.updated_at', () => {
    const text = '2022-04-18 17:25:56';
    expect(parseLocalTimestamp(text)).toBe(Date.UTC(2022, 3, 18, 17, 25, 56));
    expect(parseIsoMicros(text)).toBeUndefined();
    expect(parseLocalTimestamp(text)).toBe(Date.UTC(2022, 3, 18, 17, 25, 56));
    const f = failures(checkRecords(one((r) => ((r.expired_at = text), (r.intercom.updated_at = text))), ctx));
    expect(f.map((x) => x.field)).toEqual(['/data/0/intercom/updated_at']);
  });

  it('a wrong date is reported on every page it appears on, not only the first', () => {
    const wrong = one((r) => (r.created_at = '2023-02-29 10:00:00'));
    for (let i = 0; i < 3; i++) expect(failures(checkRecords(wrong, ctx)).map((x) => x.field)).toEqual(['/data/0/created_at']);
  });
});

describe('checkRecords: Laravel records pass', () => {
  it('a full page of records around now', () => {
    const f = checkRecords(laravelSample({ total: 60, page: 1, perPage: 25, now }), ctx);
    expect(failures(f)).toEqual([]);
    expect(f.map((x) => x.requirementId).sort()).toEqual(['REC-DELETE-AFTER-EXPIRY', 'REC-IS-EXPIRED', 'REC-TIMESTAMPS']);
    expect(f.find((x) => x.requirementId === 'REC-TIMESTAMPS')?.message).toBe('25 records have real dates in the documented formats');
  });

  it('the vendor example record', () => {
    const s = makeSample({
      status: 200,
      body: { data: [{ ...codeRecord(1388, now), expired_at: '2022-04-19 17:16:00', is_expired: true, will_deleted_at: '2022-04-20 17:16:00', created_at: '2022-04-19 17:14:04' }] },
    });
    expect(failures(checkRecords(s, ctx))).toEqual([]);
  });

  it('intercom timestamps may be null', () => {
    expect(failures(checkRecords(one((r) => (r.intercom.updated_at = null)), ctx))).toEqual([]);
  });

  it('will_deleted_at equal to expired_at is fine', () => {
    expect(failures(checkRecords(one((r) => (r.will_deleted_at = r.expired_at)), ctx))).toEqual([]);
  });
});

describe('checkRecords: broken records fail', () => {
  it('is_expired wrong for a record 3 days old', () => {
    const f = failures(checkRecords(one((r) => {
      r.id = 17;
      r.expired_at = stamp(now.getTime() - 72 * HOUR);
      r.will_deleted_at = stamp(now.getTime() - 48 * HOUR);
      r.is_expired = false;
    }), ctx));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ requirementId: 'REC-IS-EXPIRED', expected: true, actual: false });
    expect(f[0].message).toBe("Received is_expired false on record id 17 whose expired_at 2024-05-29 12:00:00 is 3 days before the suite's clock, documented true");
  });

  it('is_expired true for a code expiring in 2 days', () => {
    const f = failures(checkRecords(one((r) => {
      r.expired_at = stamp(now.getTime() + 48 * HOUR);
      r.will_deleted_at = stamp(now.getTime() + 72 * HOUR);
      r.is_expired = true;
    }), ctx));
    expect(f.map((x) => x.requirementId)).toEqual(['REC-IS-EXPIRED']);
  });

  it('is_expired is not judged 2 hours (or 13 hours) from now', () => {
    for (const offset of [-2, 2, -13, 13]) {
      const f = checkRecords(one((r) => {
        r.expired_at = stamp(now.getTime() + offset * HOUR);
        r.will_deleted_at = stamp(now.getTime() + (offset + 24) * HOUR);
        r.is_expired = offset > 0; // wrong either way
      }), ctx);
      expect(f.filter((x) => x.requirementId === 'REC-IS-EXPIRED'), `${offset}h`).toEqual([]);
    }
  });

  it('will_deleted_at before expired_at', () => {
    const f = failures(checkRecords(one((r) => {
      r.id = 5;
      r.expired_at = '2022-04-19 17:16:00';
      r.will_deleted_at = '2022-04-19 17:15:59';
      r.is_expired = true;
    }), ctx));
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe('Received will_deleted_at 2022-04-19 17:15:59 before expired_at 2022-04-19 17:16:00 on record id 5, documented not before');
  });

  it('month 13', () => {
    const f = failures(checkRecords(one((r) => (r.created_at = '2022-13-01 10:00:00')), ctx));
    expect(f.map((x) => x.requirementId)).toEqual(['REC-TIMESTAMPS']);
    expect(f[0].message).toMatch(/^Received created_at "2022-13-01 10:00:00" on record id 1, documented a real date/);
  });

  it('Feb 30 in expired_at: timestamps fail, dependent checks skipped', () => {
    const f = checkRecords(one((r) => (r.expired_at = '2022-02-30 10:00:00')), ctx);
    expect(failures(f).map((x) => x.requirementId)).toEqual(['REC-TIMESTAMPS']);
    expect(f.some((x) => x.requirementId === 'REC-IS-EXPIRED')).toBe(false);
  });

  it('intercom updated_at without microseconds', () => {
    expect(failures(checkRecords(one((r) => (r.intercom.updated_at = '2022-04-18T17:25:56Z')), ctx))[0].message).toMatch(/intercom.updated_at/);
  });

  it('one bad record among many: one violation, the others counted', () => {
    const s = laravelSample({ total: 10, page: 1, perPage: 10, now }, (b) => void (b.data[3].created_at = '2022-04-31 00:00:00'));
    const f = checkRecords(s, ctx).filter((x) => x.requirementId === 'REC-TIMESTAMPS');
    expect(f.map((x) => x.ok)).toEqual([true, false]);
    expect(f[0].message).toMatch(/^9 records/);
  });

  it('never prints a code value', () => {
    const s = laravelSample({ total: 3, page: 1, perPage: 25, now }, (b) => {
      for (const r of b.data) {
        r.code = 'SECRET-4711';
        r.created_at = '2022-13-01 00:00:00';
        r.is_expired = !r.is_expired;
        r.will_deleted_at = '2000-01-01 00:00:00';
      }
    });
    const f = checkRecords(s, ctx);
    expect(failures(f).length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(f)).not.toContain('SECRET-4711');
  });
});

describe('checkRecords: garbage never throws', () => {
  it.each([
    ['data not an array', { data: 'x' }],
    ['records not objects', { data: [1, null, 'x', []] }],
    ['wrong types', { data: [{ id: 1, expired_at: 5, is_expired: 'yes', will_deleted_at: null, created_at: {}, intercom: 'x' }] }],
  ])('%s', (_, body) => {
    expect(failures(checkRecords(makeSample({ status: 200, body }), ctx))).toEqual([]);
  });
});
