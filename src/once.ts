/**
 * The one memoization helper of the suites: the first call runs `fn` and every later call, whatever its
 * arguments, shares that first promise (a request group is sent once per run, however many suites ask for it).
 */
export function once<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let p: Promise<T> | undefined;
  return (...args) => (p ??= fn(...args));
}
