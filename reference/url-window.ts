/**
 * Laravel's Illuminate\Pagination\UrlWindow (Laravel 8 to 12) and the element list built from it
 * (LengthAwarePaginator::elements): which page numbers meta.links lists, and where "..." goes.
 *
 *   lastPage < onEachSide*2 + 8           → every page (13 pages or fewer with the default onEachSide 3)
 *   window = onEachSide + 4
 *   current <= window                     → 1 .. window+onEachSide, "...", last-1, last
 *   current >  lastPage - window          → 1, 2, "...", lastPage-(window+onEachSide-1) .. lastPage
 *   otherwise                             → 1, 2, "...", current±onEachSide, "...", last-1, last
 * A page past the end falls in the "close to the end" case, so it shows the last pages with none active.
 */

export type WindowElement = number[] | '...';

const range = (from: number, to: number): number[] => {
  // PHP's range() counts down when from > to; the thresholds above never let that happen.
  const out: number[] = [];
  if (from <= to) for (let p = from; p <= to; p++) out.push(p);
  else for (let p = from; p >= to; p--) out.push(p);
  return out;
};

/** UrlWindow::get(): first / slider / last ranges (null when absent). */
export function urlWindow(
  lastPage: number,
  currentPage: number | bigint,
  onEachSide = 3,
): { first: number[] | null; slider: number[] | null; last: number[] | null } {
  if (lastPage < onEachSide * 2 + 8) return { first: range(1, lastPage), slider: null, last: null };
  const window = onEachSide + 4;
  const current = BigInt(currentPage);
  const finish = range(lastPage - 1, lastPage);
  if (lastPage <= 1) return { first: null, slider: null, last: null };
  if (current <= BigInt(window)) return { first: range(1, window + onEachSide), slider: null, last: finish };
  if (current > BigInt(lastPage - window)) {
    return { first: range(1, 2), slider: null, last: range(lastPage - (window + (onEachSide - 1)), lastPage) };
  }
  const c = Number(current);
  return { first: range(1, 2), slider: range(c - onEachSide, c + onEachSide), last: finish };
}

/** LengthAwarePaginator::elements(): array_filter([first, '...'?, slider, '...'?, last]). */
export function windowElements(lastPage: number, currentPage: number | bigint, onEachSide = 3): WindowElement[] {
  const w = urlWindow(lastPage, currentPage, onEachSide);
  const parts: Array<WindowElement | null> = [
    w.first,
    Array.isArray(w.slider) ? '...' : null,
    w.slider,
    Array.isArray(w.last) ? '...' : null,
    w.last,
  ];
  // array_filter drops null and empty arrays.
  return parts.filter((p): p is WindowElement => p !== null && (p === '...' || p.length > 0));
}
