/**
 * The 422 matrix for clearly invalid values, the ambiguous values (DESIGN.md section 2: either reading accepted,
 * the target's choice reported and a 200 held to its own arithmetic), and property-based robustness.
 */
import { describe } from 'vitest';
import fc from 'fast-check';
import type { Finding, Observation } from '../src/evidence.ts';
import { DEFAULT_PER_PAGE } from '../src/target.ts';
import { checkValidationError } from '../src/checks/validation.ts';
import { AMBIGUOUS_CASES, checkAmbiguous, type AmbiguousCase } from '../src/checks/ambiguous.ts';
import { queryArbitrary, checkFuzzAnswer, isHugeNumber } from '../src/checks/fuzz.ts';
import { checkPage } from '../src/checks/pagination.ts';
import { call, target } from './support/session.ts';
import { discover, once, pick } from './support/discovery.ts';
import { requirementTest, selected, type Outcome } from './support/requirement-test.ts';

const IDS = ['VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS', 'VAL-AMBIGUOUS-INPUT', 'VAL-FUZZ'] as const;
const CLEARLY_INVALID = ['abc', '1.5', '0', '-1'];
/** Property-based runs: each is one request against live staging, so kept small; the seed reproduces them. */
const FUZZ_RUNS = 24;
/** The huge per_page probe is only sent to collections this small (it returns the whole collection). */
const HUGE_PAGE_MAX_TOTAL = 1000;

const evaluate = once(async (): Promise<{ findings: Finding[]; observations: Observation[] }> => {
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  const invalid = [
    ...CLEARLY_INVALID.map((v) => ({ id: 'VAL-PAGE-INVALID', offending: ['page'] as Array<'page' | 'per_page'>, query: { perPage: String(DEFAULT_PER_PAGE), page: v }, label: `page=${v}` })),
    ...CLEARLY_INVALID.map((v) => ({ id: 'VAL-PER-PAGE-INVALID', offending: ['per_page'] as Array<'page' | 'per_page'>, query: { perPage: v, page: '1' }, label: `per_page=${v}` })),
    { id: 'VAL-ALL-ERRORS', offending: ['per_page', 'page'] as Array<'page' | 'per_page'>, query: { perPage: 'abc', page: '0' }, label: 'per_page=abc and page=0' },
    { id: 'VAL-ALL-ERRORS', offending: ['per_page', 'page'] as Array<'page' | 'per_page'>, query: { perPage: '-1', page: '1.5' }, label: 'per_page=-1 and page=1.5' },
  ];
  // Live staging: a huge page size on a big collection is a load test, not a probe; 1000 already shows a maximum.
  const total = (await discover()).total;
  const affordable = (c: AmbiguousCase) => !(c.key === 'perPage.huge' && (total === null || total > HUGE_PAGE_MAX_TOTAL));
  const ambiguous = AMBIGUOUS_CASES.filter(affordable).map((c) => ({
    c,
    query:
      c.param === 'page'
        ? { perPage: String(DEFAULT_PER_PAGE), page: c.raw }
        : c.param === 'per_page'
          ? { perPage: c.raw, page: '1' }
          : { perPage: c.raw, page: c.raw },
  }));
  // A page size a vendor may legitimately honour (1e6, "1e9") would fetch the whole collection: not a probe.
  const fuzz = fc.sample(
    queryArbitrary().filter((q) => !isHugeNumber(q.perPage, HUGE_PAGE_MAX_TOTAL)),
    { seed: target().seed, numRuns: FUZZ_RUNS },
  );

  await Promise.all([
    ...invalid.map(async (v) => {
      const s = await call({ purpose: `validation: ${v.label}`, query: v.query });
      findings.push(...checkValidationError(s, v.offending, v.id).map((f) => (f.requirementId === v.id ? { ...f, message: `${v.label}: ${f.message}` } : f)));
    }),
    ...ambiguous.map(async ({ c, query }) => {
      const s = await call({ purpose: `ambiguous input: ${c.label}`, query });
      const r = checkAmbiguous(s, c);
      findings.push(...r.findings);
      observations.push(r.observation);
      // A 200 must still be internally consistent, with the reading it chose.
      if (s.exchange.response?.status === 200) {
        const meta = (s.json as { meta?: { current_page?: unknown; per_page?: unknown } } | undefined)?.meta;
        const page = meta?.current_page;
        const perPage = meta?.per_page;
        if (typeof page === 'number' && typeof perPage === 'number' && page >= 1 && perPage >= 1)
          findings.push(
            ...checkPage(s, { page, perPage }).map((f) => ({ ...f, requirementId: 'VAL-AMBIGUOUS-INPUT', message: `${c.label}: ${f.message}` })),
          );
      }
    }),
    ...fuzz.map(async (q, i) => {
      const s = await call({ purpose: `property-based query #${i + 1} (seed ${target().seed})`, query: { perPage: q.perPage, page: q.page }, extra: q.extra ? [q.extra] : [] });
      findings.push(...checkFuzzAnswer(s, target().timeoutMs));
    }),
  ]);
  return { findings, observations };
});

describe('validation (422 matrix, ambiguous values, fuzzing)', () => {
  for (const id of IDS) {
    requirementTest(id, undefined, async (): Promise<Outcome> => {
      if (!selected(...IDS)) return { findings: [] };
      const e = await evaluate();
      return { findings: pick(e.findings, id), observations: id === 'VAL-AMBIGUOUS-INPUT' ? e.observations : [] };
    });
  }
});
