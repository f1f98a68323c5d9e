import { describe, expect, it } from 'vitest';
import { pageMatrix, pageSizes, lastPageOf, dividingSize, nonDividingSize } from '../src/matrix.ts';

describe('page matrix derived from the total', () => {
  it.each([1, 100, 137, 1000, 1_000_000])('total %i: sizes include 1, 25, a large one, a non-divisor', (total) => {
    const sizes = pageSizes(total);
    expect(sizes).toEqual(expect.arrayContaining([1, 25, 100]));
    expect(sizes.some((s) => s > 1 && total % s !== 0)).toBe(true);
  });

  it('a dividing size when one exists, so total % per_page == 0 is covered', () => {
    expect(dividingSize(100)).toBe(10);
    expect(dividingSize(137)).toBeUndefined();
    expect(pageSizes(120)).toContain(10);
    expect(120 % nonDividingSize(120)).not.toBe(0);
  });

  it('every role is covered at some size, each cell asked once', () => {
    const cells = pageMatrix(137);
    expect(cells.filter((c) => c.perPage === 1).map((c) => c.page)).toEqual([69, 137]);
    expect(cells.filter((c) => c.perPage === 25).map((c) => c.page)).toEqual([1, 6, 7, 2 ** 31]);
    expect(cells.filter((c) => c.perPage === 7).map((c) => c.page)).toEqual([2, 20]);
    expect(cells.filter((c) => c.perPage === 100).map((c) => c.page)).toEqual([1, 2]);
    expect(cells.find((c) => c.perPage === 25 && c.page === 7)?.role).toBe('past the end');
    expect(new Set(cells.map((c) => `${c.perPage}/${c.page}`)).size).toBe(cells.length);
  });

  it('a dividing size is asked for its exactly full last page', () => {
    expect(pageMatrix(1000).filter((c) => c.perPage === 10).map((c) => c.page)).toEqual([100]);
  });

  it('beyond 13 pages is covered (per_page 1)', () => {
    expect(pageMatrix(137).some((c) => lastPageOf(137, c.perPage) > 13)).toBe(true);
  });

  it('empty collection: page 1 and past-the-end pages only', () => {
    const cells = pageMatrix(0).filter((c) => c.perPage === 25);
    expect(cells.map((c) => c.page)).toEqual([1, 2, 2 ** 31]);
  });

  it('a valid page beyond 32-bit offsets (2^31) is always asked for', () => {
    expect(pageMatrix(137).some((c) => c.page === 2 ** 31 && c.perPage === 25)).toBe(true);
  });

  it('size of the matrix does not grow with the total', () => {
    expect(pageMatrix(1_000_000).length).toBeLessThanOrEqual(pageMatrix(1000).length + 7);
  });
});
