/**
 * The parameter matrix, derived from the target's own total (DESIGN.md section 3 "Coverage"): page sizes that
 * divide and do not divide the total, 1, the default and a large one; first, second, middle, last and
 * past-the-end pages of each. Pure, so the coverage it promises is unit-tested.
 */
import { DEFAULT_PER_PAGE } from './target.ts';

export const LARGE_PER_PAGE = 100;

export interface PagePlan {
  perPage: number;
  page: number;
  /** Why this cell is in the matrix, for the report ("last page", "past the end"). */
  role: string;
}

export function lastPageOf(total: number, perPage: number): number {
  return Math.max(Math.ceil(total / perPage), 1);
}

/** A size in [2, 24] that divides the total (so the last page is exactly full), if there is one. */
export function dividingSize(total: number): number | undefined {
  for (const s of [10, 5, 20, 4, 8, 12, 6, 15, 16, 3, 2, 24, 9, 18, 7, 14, 21, 11, 13, 17, 19, 22, 23]) {
    if (total >= s * 2 && total % s === 0) return s;
  }
  return undefined;
}

/** A size in [2, 24] that does not divide the total (so the last page is partial). */
export function nonDividingSize(total: number): number {
  for (const s of [7, 9, 11, 13, 6, 8, 3]) if (total % s !== 0) return s;
  return 23;
}

export function pageSizes(total: number): number[] {
  const sizes = [1, nonDividingSize(total), DEFAULT_PER_PAGE, LARGE_PER_PAGE];
  const d = dividingSize(total);
  if (d !== undefined) sizes.push(d);
  // total itself as a size: one exactly full page (when it is a small, valid size)
  if (total > 1 && total <= DEFAULT_PER_PAGE) sizes.push(total);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export function pagesFor(total: number, perPage: number): PagePlan[] {
  const last = lastPageOf(total, perPage);
  const cells: Array<[number, string]> = [
    [1, 'first page'],
    [2, 'second page'],
    [Math.ceil(last / 2), 'middle page'],
    [last - 1, 'page before the last'],
    [last, 'last page'],
    [last + 1, 'first page past the end'],
    [last + 3, 'page well past the end'],
  ];
  const seen = new Set<number>();
  const plans: PagePlan[] = [];
  for (const [page, role] of cells) {
    if (page < 1 || seen.has(page)) continue;
    seen.add(page);
    plans.push({ perPage, page, role: page > last ? 'past the end' : page === last ? 'last page' : role });
  }
  return plans;
}

/**
 * Page 2^31 at the default size: far past the end, but a valid page (Laravel answers 200 with empty data). A
 * vendor computing the offset in 32 bits (or as a float, in SQL) answers it with a 5xx. int64's maximum is not
 * sent: real Laravel overflows (page - 1) * per_page there too.
 */
export const HUGE_VALID_PAGE = 2 ** 31;

export function pageMatrix(total: number): PagePlan[] {
  return [
    ...pageSizes(total).flatMap((s) => pagesFor(total, s)),
    { perPage: DEFAULT_PER_PAGE, page: HUGE_VALID_PAGE, role: 'past the end (page 2^31, beyond 32-bit offsets)' },
  ];
}
