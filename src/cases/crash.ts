/**
 * Fixed probes for the input classes known to crash real integer parsers and frameworks, sent in every run (the
 * random fuzz only sometimes hits them, and a verdict must not depend on the seed). Each probe puts one class in
 * one parameter and a canonical value in the other, so a 5xx is attributed to that parameter and that class.
 * Judged like the fuzz (VAL-FUZZ: a 200 or a 422 with a JSON object, never a 5xx, a hang or a non-JSON body).
 *
 * What real Laravel 11.23+ answers (the reference models it): 422 for every probe here (the NUL byte and
 * surrounding whitespace are trimmed to nothing, which ConvertEmptyStringsToNull turns into null, and null fails
 * `integer`; arrays, control characters, leading zeros, invalid UTF-8 and an embedded newline fail `integer`).
 */

export type CrashParam = 'page' | 'per_page';

export interface CrashProbe {
  /** Stable key, e.g. 'perPage.nul'. */
  key: string;
  param: CrashParam;
  /** The input class in words: 'a NUL byte'. */
  label: string;
  /** The query string as sent, already percent-encoded (invalid UTF-8 cannot be spelled as a JS string). */
  rawQuery: string;
  /** A framework bug known to answer this probe with a 5xx, in words. */
  knownCause?: string;
}

interface CrashClass {
  key: string;
  label: string;
  /** The parameter's part of the query, percent-encoded, for the parameter's name. */
  part: (name: CrashParam) => string;
  knownCause?: Partial<Record<CrashParam, string>>;
}

const LONG_DIGITS = `${'0'.repeat(4999)}1`;

export const CRASH_CLASSES: readonly CrashClass[] = [
  {
    key: 'nul',
    label: 'a NUL byte',
    part: (n) => `${n}=%00`,
    knownCause: {
      per_page:
        'Laravel 9.0 to 11.22 answer 500 here: TrimStrings does not trim the NUL byte, the value slips past integer|min:1 and the paginator divides by a page size of 0 (fixed in Laravel 11.23)',
    },
  },
  { key: 'control', label: 'control characters (SOH, US, DEL)', part: (n) => `${n}=1%01%1F%7F` },
  { key: 'emptyBrackets', label: `an array (name[]=1)`, part: (n) => `${n}%5B%5D=1` },
  { key: 'keyedBrackets', label: 'an array with a key (name[x]=1)', part: (n) => `${n}%5Bx%5D=1` },
  { key: 'longDigits', label: `a ${LONG_DIGITS.length}-digit string`, part: (n) => `${n}=${LONG_DIGITS}` },
  { key: 'invalidUtf8', label: 'invalid percent-encoded UTF-8 (%C3%28)', part: (n) => `${n}=%C3%28` },
  { key: 'embeddedNewline', label: 'an embedded newline (1\\n1)', part: (n) => `${n}=1%0A1` },
];

const CANONICAL: Record<CrashParam, string> = { per_page: 'per_page=25', page: 'page=1' };
const KEY_PREFIX: Record<CrashParam, string> = { per_page: 'perPage', page: 'page' };

/** Every class for each parameter, per_page first (the order the query string has). */
export function crashProbes(): CrashProbe[] {
  const params: CrashParam[] = ['per_page', 'page'];
  return params.flatMap((param) =>
    CRASH_CLASSES.map((c) => {
      const parts = param === 'per_page' ? [c.part('per_page'), CANONICAL.page] : [CANONICAL.per_page, c.part('page')];
      const cause = c.knownCause?.[param];
      return {
        key: `${KEY_PREFIX[param]}.${c.key}`,
        param,
        label: c.label.replace('name', param),
        rawQuery: parts.join('&'),
        ...(cause ? { knownCause: cause } : {}),
      };
    }),
  );
}
