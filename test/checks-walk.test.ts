import { describe, expect, it } from 'vitest';
import { checkRepeatable, checkSameOrder, checkSampledPages, checkWalk, type Walk } from '../src/checks/walk.ts';
import type { Finding } from '../src/evidence.ts';
import { makeSample } from './helpers/exchange.ts';
import { laravelSample, type LaravelPageOptions } from './helpers/laravel-page.ts';

const failures = (f: Finding[]) => f.filter((x) => !x.ok);

function walk(total: number, perPage: number, o: Partial<LaravelPageOptions> = {}, tamper?: (page: number, b: any) => void): Walk {
  const last = Math.max(Math.ceil(total / perPage), 1);
  const pages = Array.from({ length: last }, (_, i) => laravelSample({ total, perPage, page: i + 1, ...o }, (b) => void tamper?.(i + 1, b)));
  return { perPage, pages };
}

describe('checkWalk (WALK-EACH-RECORD-ONCE)', () => {
  it('a Laravel walk passes (descending ids, total not a multiple of per_page)', () => {
    const f = checkWalk(walk(137, 25), 137);
    expect(f).toHaveLength(2);
    expect(failures(f)).toEqual([]);
  });

  it('an empty collection passes', () => {
    expect(failures(checkWalk(walk(0, 25), 0))).toEqual([]);
  });

  it('duplicate ids across pages fail', () => {
    // page 2 repeats the last record of page 1 and loses its own last one (the classic unstable-order symptom)
    const w = walk(60, 25, {}, (p, b) => {
      if (p === 2) {
        b.data.pop();
        b.data.unshift({ ...b.data[0], id: 36 });
      }
    });
    const f = failures(checkWalk(w, 60));
    expect(f).toHaveLength(2);
    expect(f[0].message).toMatch(/^Received record id 36 on page 1 and again on page 2/);
    expect(f[1].message).toBe('Received 59 distinct records (60 in all) walking 3 pages of per_page 25, documented meta.total 60');
    expect(f[0].exchangeIds).toEqual([w.pages[0].exchange.id, w.pages[1].exchange.id]);
  });

  it('a record missing in the walk fails', () => {
    const w = walk(60, 25, {}, (p, b) => p === 3 && b.data.pop());
    const f = failures(checkWalk(w, 60));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ expected: 60, actual: 59 });
  });

  it('an unreadable page makes the walk incomplete: nothing asserted', () => {
    const w = walk(60, 25);
    w.pages[1] = makeSample({ status: 500, body: 'x' });
    expect(checkWalk(w, 60)).toEqual([]);
  });
});

describe('checkSameOrder / checkRepeatable (WALK-STABLE-ORDER)', () => {
  it('the same order for per_page 25 and 10 passes', () => {
    expect(failures(checkSameOrder(walk(137, 25), walk(137, 10)))).toEqual([]);
  });

  it('order differing between sizes fails', () => {
    const shuffled = walk(137, 10, {}, (p, b) => p === 3 && b.data.reverse());
    const f = failures(checkSameOrder(walk(137, 25), shuffled));
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe('Received id 117 at position 21 with per_page 25 but id 108 with per_page 10, documented the same order for every page size');
  });

  it('the same page twice', () => {
    const a = laravelSample({ total: 137, page: 3, perPage: 10 });
    const b = laravelSample({ total: 137, page: 3, perPage: 10 });
    expect(failures(checkRepeatable(a, b))).toEqual([]);
    const c = laravelSample({ total: 137, page: 3, perPage: 10 }, (x) => {
      [x.data[0], x.data[1]] = [x.data[1], x.data[0]];
    });
    expect(failures(checkRepeatable(a, c))[0].message).toMatch(/Received id 116 at position 1 of page 3, per_page 10 requested again, documented id 117/);
  });
});

describe('checkSampledPages', () => {
  const s = (page: number, perPage: number, tamper?: (b: any) => void) => laravelSample({ total: 5000, page, perPage }, (b) => void tamper?.(b));

  it('overlapping pages of different sizes agree', () => {
    // per_page 10 page 3 = records 21–30 = per_page 5 pages 5–6; per_page 25 page 1 covers 21–25
    const f = checkSampledPages([s(3, 10), s(5, 5), s(6, 5), s(1, 25), s(200, 25), s(3, 10)]);
    expect(failures(f)).toEqual([]);
    const order = f.filter((x) => x.requirementId === 'WALK-STABLE-ORDER');
    // overlapping pairs: p3/10 with p5/5, p6/5, p1/25 and itself again; p5/5 with p1/25 and p3/10 again; p6/5 with p3/10 again; p1/25 with p3/10 again
    expect(order.length).toBe(8);
    expect(f.filter((x) => x.requirementId === 'WALK-EACH-RECORD-ONCE')).toHaveLength(1);
  });

  it('order differing between sizes fails', () => {
    const f = failures(checkSampledPages([s(3, 10), s(6, 5, (b) => b.data.reverse())]));
    expect(f.map((x) => x.requirementId)).toEqual(['WALK-STABLE-ORDER']);
    expect(f[0].message).toMatch(/at position 26 with page 3, per_page 10/);
  });

  it('an id at two positions fails', () => {
    const f = failures(checkSampledPages([s(1, 10), s(7, 10, (b) => (b.data[4].id = 4999))]));
    expect(f.map((x) => x.requirementId)).toEqual(['WALK-EACH-RECORD-ONCE']);
    expect(f[0].message).toMatch(/id 4999 at position 2 .* and at position 65/);
  });

  it('an id twice within one page fails', () => {
    const f = failures(checkSampledPages([s(2, 10, (b) => (b.data[9].id = b.data[0].id))]));
    expect(f.map((x) => x.requirementId)).toEqual(['WALK-EACH-RECORD-ONCE']);
  });

  it('garbage pages are skipped', () => {
    const bad = makeSample({ status: 200, body: { data: 'x', meta: {} } });
    expect(() => checkSampledPages([bad, s(1, 10)])).not.toThrow();
  });
});
