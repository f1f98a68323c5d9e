/**
 * The controller's `$request->validate(['per_page' => 'integer|min:1', 'page' => 'integer|min:1'])`
 * (optionally `required|...` and `max:N` on per_page), as Laravel 10/11 runs it on the query after the
 * TrimStrings and ConvertEmptyStringsToNull middleware:
 *
 * - integer: filter_var($value, FILTER_VALIDATE_INT) (optional sign, no leading zeros, 64-bit range; arrays
 *   and null fail). So `page=` (null after the middleware) fails "must be an integer", as in real Laravel
 *   without `nullable`.
 * - min/max: on the number when PHP's is_numeric() says so, else on the string length (mb_strlen) or the
 *   array count; every rule of an attribute runs (no `bail`), except after a failed `required`.
 * - Messages in Laravel 10+ wording, attribute names with "_" shown as " ", errors in rule order
 *   (per_page, then page), message = first error + " (and N more error[s])" (ValidationException::summarize).
 */
import type { InputArray, InputValue } from './php-query.ts';

export interface ValidateOptions {
  /** `required` on both parameters (the vendor page calls them required). */
  requireParams?: boolean;
  /** `max:N` on per_page. */
  perPageMax?: number;
  /** 'custom': Laravel 8-style texts ("The page must be an integer.", "The given data was invalid."). */
  messages?: 'laravel' | 'custom';
  /** Laravel 10.x+/11 throws a MathException (rendered as 500) for a numeric exponent beyond ±1000. */
  exponentGuard?: boolean;
}

export interface ValidationErrorBody {
  message: string;
  errors: Record<string, string[]>;
}

export type ValidationOutcome =
  | { ok: true; page: bigint; perPage: bigint }
  | { ok: false; body: ValidationErrorBody };

/** What Laravel's MathException would be: the server renders it as a 500. */
export class ExponentOutOfRangeError extends Error {
  constructor() {
    super('Scientific notation exponent outside of allowed range.');
  }
}

export const DEFAULT_PER_PAGE = 25n;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** PHP's filter_var($value, FILTER_VALIDATE_INT): the int, or null for false. */
export function filterValidateInt(value: InputValue | undefined): bigint | null {
  if (typeof value !== 'string') return null; // arrays fail; null becomes "" and fails
  const s = value.replace(/^[ \t\r\v\n]+|[ \t\r\v\n]+$/g, '');
  if (s === '0') return 0n;
  const m = /^([+-]?)(0|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  if (m[2] === '0') return 0n; // "+0" and "-0"
  const n = BigInt(m[1] === '-' ? '-' + m[2] : m[2]!);
  return n > INT64_MAX || n < INT64_MIN ? null : n;
}

/** PHP 8 is_numeric() on a string. */
export function isNumeric(value: string): boolean {
  return /^[ \t\n\r\v\f]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$/.test(value);
}

/** Compare a PHP numeric string with an integer exactly (BigNumber::of semantics). */
function compareNumeric(value: string, bound: bigint, exponentGuard: boolean): -1 | 0 | 1 {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(value.trim())!;
  const negative = m[1] === '-';
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (exponentGuard && m[4] !== undefined) {
    // (int) Str::after($value, 'e'): PHP casts the exponent text to int.
    const scale = Number.parseInt(m[4], 10);
    if (scale > 1000 || scale < -1000) throw new ExponentOutOfRangeError();
  }
  let mantissa = BigInt(digits === '' ? '0' : digits);
  if (negative) mantissa = -mantissa;
  const scale = exponent - (m[3]?.length ?? 0);
  const sign = (x: bigint): -1 | 0 | 1 => (x < 0n ? -1 : x > 0n ? 1 : 0);
  if (mantissa === 0n) return sign(-bound);
  if (scale > 4000) return negative ? -1 : 1; // astronomically large
  if (scale < -4000) return bound === 0n ? (negative ? -1 : 1) : sign(-bound); // a tiny non-zero fraction
  if (scale >= 0) return sign(mantissa * 10n ** BigInt(scale) - bound);
  return sign(mantissa - bound * 10n ** BigInt(-scale));
}

/** ValidatesAttributes::getSize compared with a bound: number, array count, or string length. */
function compareSize(value: InputValue, bound: bigint, exponentGuard: boolean): -1 | 0 | 1 {
  if (typeof value === 'string' && isNumeric(value)) return compareNumeric(value, bound, exponentGuard);
  const size =
    value instanceof Map ? value.size : value === null ? 0 : [...Buffer.from(value, 'latin1').toString('utf8')].length;
  const d = BigInt(size) - bound;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

interface Texts {
  required(attribute: string): string;
  integer(attribute: string): string;
  min(attribute: string, min: number): string;
  max(attribute: string, max: number): string;
  summary(first: string, more: number): string;
}

const LARAVEL_TEXTS: Texts = {
  required: (a) => `The ${a} field is required.`,
  integer: (a) => `The ${a} field must be an integer.`,
  min: (a, n) => `The ${a} field must be at least ${n}.`,
  max: (a, n) => `The ${a} field must not be greater than ${n}.`,
  summary: (first, more) => (more === 0 ? first : `${first} (and ${more} more ${more === 1 ? 'error' : 'errors'})`),
};

const CUSTOM_TEXTS: Texts = {
  required: (a) => `The ${a} field is required.`,
  integer: (a) => `The ${a} must be an integer.`,
  min: (a, n) => `The ${a} must be at least ${n}.`,
  max: (a, n) => `The ${a} must not be greater than ${n}.`,
  summary: () => 'The given data was invalid.',
};

type Rule = { name: 'required' } | { name: 'integer' } | { name: 'min'; n: number } | { name: 'max'; n: number };

function validateAttribute(
  value: InputValue | undefined,
  rules: Rule[],
  display: string,
  texts: Texts,
  exponentGuard: boolean,
): string[] {
  const messages: string[] = [];
  for (const rule of rules) {
    if (rule.name === 'required') {
      const empty =
        value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ||
        (value instanceof Map && value.size === 0);
      if (empty) {
        messages.push(texts.required(display));
        return messages; // a failed implicit rule stops the attribute (shouldStopValidating)
      }
      continue;
    }
    // presentOrRuleIsImplicit: absent attributes and blank strings are not validated by non-implicit rules.
    if (value === undefined || (typeof value === 'string' && value.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '') === '')) continue;
    if (rule.name === 'integer') {
      if (filterValidateInt(value) === null) messages.push(texts.integer(display));
    } else if (rule.name === 'min') {
      if (compareSize(value, BigInt(rule.n), exponentGuard) < 0) messages.push(texts.min(display, rule.n));
    } else if (compareSize(value, BigInt(rule.n), exponentGuard) > 0) {
      messages.push(texts.max(display, rule.n));
    }
  }
  return messages;
}

export function validatePageParams(query: InputArray, options: ValidateOptions = {}): ValidationOutcome {
  const texts = options.messages === 'custom' ? CUSTOM_TEXTS : LARAVEL_TEXTS;
  const guard = options.exponentGuard === true;
  const base: Rule[] = [...(options.requireParams ? [{ name: 'required' } as const] : []), { name: 'integer' }, { name: 'min', n: 1 }];
  const perPageRules: Rule[] = options.perPageMax !== undefined ? [...base, { name: 'max', n: options.perPageMax }] : base;
  const errors: Record<string, string[]> = {};
  const perPageMessages = validateAttribute(query.get('per_page'), perPageRules, 'per page', texts, guard);
  if (perPageMessages.length > 0) errors.per_page = perPageMessages;
  const pageMessages = validateAttribute(query.get('page'), base, 'page', texts, guard);
  if (pageMessages.length > 0) errors.page = pageMessages;

  const all = Object.values(errors).flat();
  if (all.length > 0) return { ok: false, body: { message: texts.summary(all[0]!, all.length - 1), errors } };

  // Valid: page via the paginator's page resolver (absent → 1), per_page via $request->integer('per_page', 25).
  const page = filterValidateInt(query.get('page')) ?? 1n;
  const perPage = filterValidateInt(query.get('per_page')) ?? DEFAULT_PER_PAGE;
  return { ok: true, page, perPage };
}
