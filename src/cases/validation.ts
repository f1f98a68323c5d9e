/** The 422 matrix as data: clearly invalid values (DESIGN.md section 2), each parameter alone and both at once. */
import { DEFAULT_PER_PAGE } from '../target.ts';
import type { PageQuery } from '../checks/types.ts';

export type Param = 'page' | 'per_page';

export interface InvalidCase {
  /** The requirement that judges it (checkValidationError). */
  id: 'VAL-PAGE-INVALID' | 'VAL-PER-PAGE-INVALID' | 'VAL-ALL-ERRORS';
  /** The parameters the 422 must name. */
  offending: Param[];
  query: PageQuery;
  label: string;
}

/**
 * abc and 0 alone for each parameter (a non-numeric value and zero break different parsers: a TypeError, a
 * division by zero); 1.5 and -1 for each parameter in the two requests where both are invalid, which must name both
 * (so a fractional or negative value accepted for either parameter fails VAL-ALL-ERRORS). Every request is one of a
 * throttled target's 60 a minute.
 */
export const INVALID_CASES: readonly InvalidCase[] = [
  ...['abc', '0'].map((v): InvalidCase => ({ id: 'VAL-PAGE-INVALID', offending: ['page'], query: { perPage: String(DEFAULT_PER_PAGE), page: v }, label: `page=${v}` })),
  ...['abc', '0'].map((v): InvalidCase => ({ id: 'VAL-PER-PAGE-INVALID', offending: ['per_page'], query: { perPage: v, page: '1' }, label: `per_page=${v}` })),
  { id: 'VAL-ALL-ERRORS', offending: ['per_page', 'page'], query: { perPage: '-1', page: '1.5' }, label: 'per_page=-1 and page=1.5' },
  { id: 'VAL-ALL-ERRORS', offending: ['per_page', 'page'], query: { perPage: '1.5', page: '-1' }, label: 'per_page=1.5 and page=-1' },
];
