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

/**
 * The pages asked for at each size: each role is there for the bugs it shows (see the kill matrix), and no role
 * is asked twice. The default size carries the first, last and past-the-end pages (pagination, links, the 404 /
 * clamp past the end); the size that does not divide the total a second and a partial last page; size 1 (the longest list, more than 13 pages: the meta.links window with its "..." gaps) a middle and the
 * last page; the large size its first and last page (the walk); the dividing size its exactly full last page.
 * Every request counts against a throttled target's 60 a minute, so nothing here repeats what another cell shows.
 */
type Role = 'first' | 'second' | 'middle' | 'last' | 'past';

function rolesFor(total: number, perPage: number): Role[] {
  if (perPage === 1) return ['middle', 'last'];
  if (perPage === DEFAULT_PER_PAGE) return ['first', 'last', 'past'];
  if (perPage === LARGE_PER_PAGE) return ['first', 'last'];
  if (perPage === nonDividingSize(total)) return ['second', 'last'];
  return ['last'];
}

export function pagesFor(total: number, perPage: number, roles: readonly Role[] = ['first', 'second', 'middle', 'last', 'past']): PagePlan[] {
  const last = lastPageOf(total, perPage);
  const at: Record<Role, [number, string]> = {
    first: [1, 'first page'],
    second: [2, 'second page'],
    middle: [Math.ceil(last / 2), 'middle page'],
    last: [last, 'last page'],
    past: [last + 1, 'first page past the end'],
  };
  const seen = new Set<number>();
  const plans: PagePlan[] = [];
  for (const r of roles) {
    const [page, role] = at[r];
    if (page < 1 || seen.has(page)) continue;
    seen.add(page);
    plans.push({ perPage, page, role: page > last ? 'past the end' : page === last ? 'last page' : role });
  }
  return plans.sort((a, b) => a.page - b.page);
}

/**
 * Page 2^31 at the default size: far past the end, but a valid page (Laravel answers 200 with empty data). A
 * vendor computing the offset in 32 bits (or as a float, in SQL) answers it with a 5xx. int64's maximum is not
 * sent: real Laravel overflows (page - 1) * per_page there too.
 */
export const HUGE_VALID_PAGE = 2 ** 31;

export function pageMatrix(total: number): PagePlan[] {
  return [
    ...pageSizes(total).flatMap((s) => pagesFor(total, s, rolesFor(total, s))),
    { perPage: DEFAULT_PER_PAGE, page: HUGE_VALID_PAGE, role: 'past the end (page 2^31, beyond 32-bit offsets)' },
  ];
}
