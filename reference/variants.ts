/**
 * The variants the kill matrix (test/kill-matrix.test.ts) runs the CLI against: every fault of
 * reference/faults.ts as a faulty variant (the suite must exit 1 and fail at least the fault's requirements),
 * and the conformant vendor choices (the suite must exit 0). Conformant variants are real Laravel behaviour or
 * legitimate readings of the vendor page (DESIGN.md sections 1-3), never tuned to the checks.
 */
import { listFaults } from './faults/index.ts';
import type { ReferenceOptions } from './server.ts';
import { requirement } from '../src/requirements.ts';

export interface Variant {
  name: string;
  kind: 'faulty' | 'conformant';
  /** Reference server options (the token is added by whoever starts it). */
  options: ReferenceOptions;
  /** Extra CLI flags, e.g. ['--insecure'] for the self-signed certificate. */
  cliArgs?: string[];
  /**
   * Seeds for the property-based checks to run it under, each a run of its own (default: the kill matrix's one
   * seed): a fault the suite must catch whatever the seed (a crash class the fixed probes cover).
   */
  seeds?: number[];
  /** Faulty only: requirement ids that must be among the failures (MUST ids; SHOULD ids too under --strict). */
  expectFailing?: string[];
  /** Faulty only: SHOULD requirement ids that must be among the warnings (a run without --strict). */
  expectWarning?: string[];
  /** Faulty only: the exit status expected (default 1; 0 for a variant that only breaks a SHOULD, without --strict). */
  expectExit?: 0 | 1;
  description: string;
}

/**
 * Server options a fault needs to be reachable (default: 137 codes, so per_page 1 and 7 give more than 13 pages
 * and no size in the suite's matrix but 1 divides the total).
 */
const FAULT_OPTIONS: Readonly<Record<string, ReferenceOptions>> = {
  // an empty list only
  'empty-list-last-page-zero': { total: 0 },
  // per_page must divide the total: 200 = 8 × 25 = 2 × 100 = 20 × 10
  'last-page-plus-one-on-exact-multiple': { total: 200 },
  // a prefix to drop
  'links-prefix-dropped': { prefix: '/vms' },
  // a Sanctum "id|secret" token, whose id can be swapped
  'sanctum-id-ignored': { sanctumTokenId: 41 },
};

/** Faults the random fuzz finds only on some seeds: the fixed probes must find them on every one. */
const FAULT_SEEDS: Readonly<Record<string, number[]>> = {
  'laravel-11-22-nul-per-page-500': [1, 2, 3, 42, 515151],
};

/**
 * Each fault as a faulty variant. A fault that breaks only SHOULD requirements gives two: without --strict the run
 * must pass (exit 0) with those requirements warned; with --strict it must fail (exit 1) on them.
 */
function faultyVariants(): Variant[] {
  return listFaults().flatMap((f): Variant[] => {
    const base = {
      kind: 'faulty' as const,
      options: { ...FAULT_OPTIONS[f.name], faults: [f.name] },
      description: f.description,
      ...(FAULT_SEEDS[f.name] ? { seeds: FAULT_SEEDS[f.name] } : {}),
    };
    const must = f.requirementIds.filter((id) => requirement(id).level === 'must');
    if (must.length > 0) return [{ ...base, name: f.name, expectFailing: must }];
    const should = [...f.requirementIds];
    return [
      { ...base, name: f.name, expectFailing: [], expectWarning: should, expectExit: 0 },
      { ...base, name: `${f.name}-strict`, cliArgs: ['--strict'], expectFailing: should, expectExit: 1 },
    ];
  });
}

const conformant = (name: string, options: ReferenceOptions, description: string, cliArgs?: string[]): Variant => ({
  name,
  kind: 'conformant',
  options,
  description,
  ...(cliArgs ? { cliArgs } : {}),
});

const CONFORMANT: Variant[] = [
  conformant('laravel-default', {}, 'Plain Laravel 11: 137 codes, every default.'),
  conformant('empty-list', { total: 0 }, 'No codes at all: last_page 1, from/to null, data [].'),
  conformant('single-record', { total: 1 }, "One code: the vendor page's own example."),
  conformant('exact-multiple-200', { total: 200 }, '200 codes: 10, 25 and 100 per page divide the total (full last pages).'),
  conformant('thousand-records', { total: 1000 }, '1000 codes: 40 pages of 25, 1000 pages of 1.'),
  conformant('with-query-string', { withQueryString: true }, 'Links keep the query string (->withQueryString()), page last.'),
  conformant('translated-labels', { labels: 'translated' }, 'Translated previous/next labels ("&laquo; Previous", "Next &raquo;").'),
  conformant('descending-order', { order: 'desc' }, 'Newest codes first (ORDER BY id DESC).'),
  conformant('per-page-max-50', { perPageMax: 50 }, 'per_page max:50: 100 and above are refused with 422 naming per_page.'),
  conformant('per-page-max-100', { perPageMax: 100 }, 'per_page max:100: 1000 and 100000 are refused with 422.'),
  conformant('laravel-12-page-key-extra-fields', { pageKey: true, extraFields: true }, 'Laravel 12.23+ "page" key on meta.links items and extra record fields (updated_at, comment).'),
  conformant('path-prefix', { prefix: '/vms' }, 'The app is mounted under /vms; links carry the prefix.'),
  conformant('https-self-signed', { tls: true }, 'HTTPS with a self-signed certificate (run with --insecure).', ['--insecure']),
  conformant('params-required', { requireParams: true }, 'page and per_page are required: omitted ones get 422.'),
  conformant('latency-30-80ms', { latencyMs: [30, 80] }, 'Every answer takes 30 to 80 ms.'),
  conformant('custom-messages', { messages: 'custom' }, 'Other 401/422 texts (Laravel 8 style "The given data was invalid.").'),
  conformant('on-each-side-1', { onEachSide: 1 }, 'meta.links window with onEachSide(1).'),
  conformant('on-each-side-2', { onEachSide: 2 }, 'meta.links window with onEachSide(2).'),
  conformant('sanctum-token', { sanctumTokenId: 7 }, 'A Sanctum personal access token "7|secret": the secret alone is valid too, "Bearer TOKEN,anything" reads as the token (bearerToken() cuts at the comma).'),
  conformant('sanctum-token-laravel-10', { sanctumTokenId: 1234, bearerScheme: 'case-sensitive' }, 'Laravel 10 with Sanctum: "1234|secret" token, only "Bearer" with a capital B is read.'),
  conformant('bearer-case-sensitive', { bearerScheme: 'case-sensitive' }, 'Laravel up to 11.33: only "Bearer" with a capital B is read.'),
  conformant('exponent-guard', { exponentGuard: true }, 'Real Laravel 10/11 quirk: 500 for a numeric exponent beyond ±1000 (never sent by the suite).'),
  conformant('required-with-query-string', { requireParams: true, withQueryString: true }, 'Parameters required and links keeping the query string.'),
  conformant('prefix-https', { prefix: '/vms', tls: true }, 'Mounted under /vms behind HTTPS with a self-signed certificate.', ['--insecure']),
  conformant('live-inserts', { liveInsertsEvery: 7 }, 'A live staging system: a code is created every few requests, so meta.total grows during the run (comparisons are skipped with the reason, never failed).'),
  conformant('laravel-10-throttle', { throttle: { limit: 60, windowMs: 4000 } }, "Laravel 10's throttle:api (60 requests a window, 429 with Retry-After), on a 4 s window to keep the test short: the suite waits it out."),
  conformant('per-page-clamp-50', { perPageClamp: 50 }, 'per_page silently capped at 50 (paginate(min(per_page, 50))): meta.per_page says 50.'),
  conformant('gzip-negotiated', { gzip: true }, 'Answers gzipped when the request offers gzip, uncompressed for Accept-Encoding: identity (nginx "gzip on").'),
  conformant('strict-headers', { strictHeaders: true }, 'X-Client must be a documented value and X-UUID present, else 422 naming the header.'),
  conformant(
    'laravel-12-vendor',
    { total: 1000, order: 'desc', labels: 'translated', withQueryString: true, onEachSide: 2, perPageMax: 100, pageKey: true, extraFields: true, bearerScheme: 'case-sensitive', messages: 'custom' },
    'A vendor combining choices: 1000 codes newest first, translated labels, query string kept, onEachSide(2), max:100, page key, extra fields, case-sensitive bearer, custom texts.',
  ),
];

/**
 * Bugs on a live system: a collection that changes during the run makes comparisons unjudgeable, and the suite
 * skips those; these prove that a real bug of another kind is still caught there.
 */
const FAULTY_ON_LIVE_SYSTEM: Variant[] = [
  {
    name: 'live-inserts-client-500',
    kind: 'faulty',
    options: { liveInsertsEvery: 7, faults: ['client-thick-legal-500'] },
    expectFailing: ['HTTP-NO-SERVER-ERROR', 'CLIENT-EVERY-VALUE'],
    description: 'A live system (codes created during the run) that also answers 500 to X-Client thick-legal.',
  },
  {
    name: 'live-inserts-next-on-last-page',
    kind: 'faulty',
    options: { liveInsertsEvery: 7, faults: ['next-on-last-page'] },
    expectFailing: ['LINKS-PREV-NEXT'],
    description: 'A live system whose last page still links to a next page.',
  },
];

export const VARIANTS: Variant[] = [...faultyVariants(), ...FAULTY_ON_LIVE_SYSTEM, ...CONFORMANT];

/** Refuses a catalogue mistake early: duplicate names, a faulty variant without expectations. */
export function validateVariants(variants: readonly Variant[] = VARIANTS): void {
  const seen = new Set<string>();
  for (const v of variants) {
    if (seen.has(v.name)) throw new Error(`variant "${v.name}" is defined twice`);
    seen.add(v.name);
    if (v.kind === 'faulty' && !v.expectFailing?.length && !v.expectWarning?.length) throw new Error(`faulty variant "${v.name}" expects no failure and no warning`);
    if (v.kind === 'conformant' && v.options.faults?.length) throw new Error(`conformant variant "${v.name}" has faults`);
  }
}

validateVariants();
