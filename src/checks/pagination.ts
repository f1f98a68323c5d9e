/**
 * Pagination arithmetic of one 200 page (current_page, per_page, last_page, from, to, data length, past the end)
 * and consistency across pages (total, the per_page cap). Pure functions of recorded samples.
 */
import type { Finding, Observation } from '../evidence.ts';
import { DEFAULT_PER_PAGE } from '../target.ts';
import { pass, verdict, violation } from './finding.ts';
import {
  canonicalPositive,
  describeQuery,
  expectedLastPage,
  givenMeta,
  idsOf,
  int,
  pageParts,
  posInt,
  statusOf,
} from './page-body.ts';
import type { Sample } from './types.ts';
import { checkValidationError } from './validation.ts';

/**
 * Expected reading of one page request that must answer 200 (canonical inputs, or a 200 to an ambiguous one).
 * page: the page asked (1 when omitted); perPage: the size asked (25 when omitted).
 * total: the collection size known from other pages, if any; it lets a non-200 answer to a page past the end be
 * recognised as a PAG-PAST-END violation (a 200 body's own meta.total is used otherwise).
 */
export interface PageExpectation {
  page: number;
  perPage: number;
  total?: number;
}

/** The page size to compute with: the body's own when usable (a cap above 25 is judged by PAG-PER-PAGE). */
function effectivePerPage(metaPerPage: number | undefined, asked: number): number | undefined {
  if (metaPerPage !== undefined && metaPerPage >= 1) return metaPerPage;
  return asked <= DEFAULT_PER_PAGE ? asked : undefined;
}

/** Sizes up to 25 must be honoured exactly; above, a cap to 25 <= per_page <= asked is accepted. */
function perPageAccepted(asked: number, got: number): boolean {
  return asked <= DEFAULT_PER_PAGE ? got === asked : got >= DEFAULT_PER_PAGE && got <= asked;
}

export function checkPage(s: Sample, expect: PageExpectation): Finding[] {
  const status = statusOf(s);
  if (status === undefined) return []; // unanswered: HTTP-ANSWERED's business
  const ids = idsOf(s);
  const q = describeQuery(s);
  const { page, perPage } = expect;

  if (status !== 200) {
    // Past the end for sure when beyond the last page even at the smallest size a server may use.
    const surelyPastEnd =
      expect.total !== undefined && page > expectedLastPage(expect.total, Math.min(perPage, DEFAULT_PER_PAGE));
    return surelyPastEnd
      ? [violation('PAG-PAST-END', `Received status ${status} for page ${page} past the end (${q}), documented 200 with empty data`, 200, status, ids)]
      : [violation('PAG-CURRENT-PAGE', `Received status ${status} for ${q}, documented 200 with current_page ${page}`, 200, status, ids)];
  }

  const parts = pageParts(s);
  const meta = parts?.meta;
  if (!parts || !meta) return []; // not a paginated body: SCHEMA-200 fails it
  const findings: Finding[] = [];
  const data = parts.data;
  const current = int(meta.current_page);
  const metaPerPage = int(meta.per_page);
  const lastPage = int(meta.last_page);
  const total = int(meta.total) ?? expect.total;

  if (metaPerPage !== undefined) {
    const documented = perPage <= DEFAULT_PER_PAGE ? `${perPage}` : `between ${DEFAULT_PER_PAGE} and ${perPage}`;
    findings.push(
      verdict(
        'PAG-PER-PAGE',
        perPageAccepted(perPage, metaPerPage),
        {
          pass: `meta.per_page is ${metaPerPage} for ${q}`,
          fail: `Received meta.per_page ${metaPerPage} for ${q}, documented ${documented}`,
        },
        perPage <= DEFAULT_PER_PAGE ? perPage : { min: DEFAULT_PER_PAGE, max: perPage },
        metaPerPage,
        ids,
        { field: '/meta/per_page' },
      ),
    );
  }

  const pp = effectivePerPage(metaPerPage, perPage);
  const wantLast = total !== undefined && pp !== undefined ? expectedLastPage(total, pp) : undefined;
  // What the last page was worked out from: total and per_page, else the body's own last_page.
  const lastGiven = givenMeta(meta, ...(wantLast !== undefined ? ['total', 'per_page'] : ['last_page']));
  if (lastPage !== undefined && wantLast !== undefined) {
    findings.push(
      verdict(
        'PAG-LAST-PAGE',
        lastPage === wantLast,
        {
          pass: `meta.last_page is ${lastPage} = max(ceil(${total} / ${pp}), 1)`,
          fail: `Received meta.last_page ${lastPage} for total ${total} and per_page ${pp}, documented max(ceil(total / per_page), 1) = ${wantLast}`,
        },
        wantLast,
        lastPage,
        ids,
        { field: '/meta/last_page', given: givenMeta(meta, 'total', 'per_page') },
      ),
    );
  }

  const knownLast = wantLast ?? lastPage;
  const pastEnd = knownLast !== undefined && page > knownLast;

  if (current !== undefined) {
    findings.push(
      pastEnd
        ? verdict(
            'PAG-PAST-END',
            current === page,
            {
              pass: `meta.current_page is the requested page ${page}, past the last page ${knownLast}`,
              fail: `Received meta.current_page ${current} for page ${page} past the last page ${knownLast}, documented the requested page ${page} (Laravel does not clamp)`,
            },
            page,
            current,
            ids,
            { field: '/meta/current_page', given: lastGiven },
          )
        : verdict(
            'PAG-CURRENT-PAGE',
            current === page,
            {
              pass: `meta.current_page is ${current} for ${q}`,
              fail: `Received meta.current_page ${current} for ${q}, documented ${page}`,
            },
            page,
            current,
            ids,
            { field: '/meta/current_page' },
          ),
    );
  }

  const from = meta.from;
  const to = meta.to;
  const fromOk = from === null || int(from) !== undefined;
  const toOk = to === null || int(to) !== undefined;

  if (pastEnd) {
    if (data) {
      findings.push(
        verdict(
          'PAG-PAST-END',
          data.length === 0,
          {
            pass: `data is empty on page ${page} past the end`,
            fail: `Received ${data.length} records on page ${page} past the last page ${knownLast}, documented an empty data array`,
          },
          0,
          data.length,
          ids,
          { field: '/data', given: lastGiven },
        ),
      );
    }
    if (fromOk && toOk) {
      findings.push(
        verdict(
          'PAG-PAST-END',
          from === null && to === null,
          {
            pass: `meta.from and meta.to are null on page ${page} past the end`,
            fail: `Received meta.from ${from} and meta.to ${to} on page ${page} past the last page ${knownLast}, documented null and null`,
          },
          { from: null, to: null },
          { from, to },
          ids,
          { given: lastGiven },
        ),
      );
    }
    return findings;
  }

  // In range: derive from the page the body says it is (a wrong current_page is reported once, above).
  const p = posInt(current) ?? page;
  if (data && pp !== undefined && total !== undefined) {
    const want = Math.max(0, Math.min(pp, total - (p - 1) * pp));
    findings.push(
      verdict(
        'PAG-DATA-LENGTH',
        data.length === want,
        {
          pass: `data holds ${want} records on page ${p} (total ${total}, per_page ${pp})`,
          fail: `Received ${data.length} records on page ${p} (total ${total}, per_page ${pp}), documented ${want}`,
        },
        want,
        data.length,
        ids,
        { field: '/data', given: givenMeta(meta, 'total', 'per_page', 'current_page') },
      ),
    );
  }
  if (data && pp !== undefined) {
    const n = data.length;
    const wantFrom = n > 0 ? (p - 1) * pp + 1 : null;
    const wantTo = wantFrom !== null ? wantFrom + n - 1 : null;
    const bounds = [
      { key: 'from', got: from, want: wantFrom, checkable: fromOk },
      { key: 'to', got: to, want: wantTo, checkable: toOk },
    ];
    for (const { key, got, want, checkable } of bounds) {
      if (!checkable) continue;
      findings.push(
        verdict(
          'PAG-FROM-TO',
          got === want,
          {
            pass: `meta.${key} is ${got} on page ${p} with ${n} records`,
            fail: `Received meta.${key} ${got} on page ${p} (per_page ${pp}, ${n} records), documented ${want}`,
          },
          want,
          got,
          ids,
          { field: `/meta/${key}`, given: givenMeta(meta, 'per_page', 'current_page') },
        ),
      );
    }
  }
  return findings;
}

/** 200 samples whose request asked for a canonical per_page above 25, with the size the body reports. */
function largePerPageAnswers(samples: Sample[]): Array<{ s: Sample; asked: number; got: number }> {
  const out: Array<{ s: Sample; asked: number; got: number }> = [];
  for (const s of samples) {
    const asked = canonicalPositive(s.query.perPage);
    const got = posInt(pageParts(s)?.meta?.per_page);
    if (asked !== undefined && asked > DEFAULT_PER_PAGE && got !== undefined) out.push({ s, asked, got });
  }
  return out;
}

/** The smallest size the target capped a larger request to, if it capped any. */
function observedCap(answers: Array<{ asked: number; got: number }>): number | undefined {
  const caps = answers.filter((a) => a.got < a.asked).map((a) => a.got);
  return caps.length ? Math.min(...caps) : undefined;
}

/** How the target answers a per_page above 25: honoured, capped to N, or inconsistent. */
export function observePerPageCap(samples: Sample[]): Observation | undefined {
  const answers = largePerPageAnswers(samples);
  if (!answers.length) return undefined;
  const exchangeIds = idsOf(...answers.map((a) => a.s));
  const largest = Math.max(...answers.map((a) => a.asked));
  const cap = observedCap(answers);
  if (cap === undefined) {
    return { requirementId: 'PAG-PER-PAGE', key: 'perPageCap', value: 'honoured', summary: `per_page above ${DEFAULT_PER_PAGE} is honoured as sent (up to ${largest} tried).`, exchangeIds };
  }
  const consistent = answers.every((a) => a.got === Math.min(a.asked, cap));
  return consistent
    ? { requirementId: 'PAG-PER-PAGE', key: 'perPageCap', value: `capped-${cap}`, summary: `per_page above ${cap} is capped to ${cap}.`, exchangeIds }
    : { requirementId: 'PAG-PER-PAGE', key: 'perPageCap', value: 'inconsistent', summary: `per_page above ${DEFAULT_PER_PAGE} is capped inconsistently: ${answers.map((a) => `${a.asked}→${a.got}`).join(', ')}.`, exchangeIds };
}

/**
 * PAG-PER-PAGE for a page size above 25 answered with 422: no maximum is documented, so a refusal is a reading the
 * suite accepts if the 422 names per_page; the observation says what maximum the target has. undefined: the
 * answer is not a refusal of a large size (judge it as a page with checkPage).
 */
export function checkPerPageMaximum(s: Sample, perPage: number): { findings: Finding[]; observation: Observation } | undefined {
  if (perPage <= DEFAULT_PER_PAGE || statusOf(s) !== 422) return undefined;
  return {
    findings: checkValidationError(s, ['per_page'], 'PAG-PER-PAGE'),
    observation: {
      requirementId: 'PAG-PER-PAGE',
      key: 'perPage.maximum',
      value: `refuses-${perPage}`,
      summary: `The target refuses per_page=${perPage} with 422 (it has a maximum page size below ${perPage}).`,
      exchangeIds: idsOf(s),
    },
  };
}

/** PAG-PER-PAGE across requests: once a cap is seen, every larger request is capped to the same size. */
export function checkPerPageCapConsistent(samples: Sample[]): Finding[] {
  const answers = largePerPageAnswers(samples);
  const cap = observedCap(answers);
  if (cap === undefined) return [];
  const capIds = idsOf(...answers.filter((a) => a.got === cap && a.asked > cap).map((a) => a.s)).slice(0, 1);
  return answers.map(({ s, asked, got }) =>
    verdict(
      'PAG-PER-PAGE',
      got === Math.min(asked, cap),
      {
        pass: `per_page ${asked} answered with meta.per_page ${got}, consistent with the cap of ${cap}`,
        fail: `Received meta.per_page ${got} for per_page ${asked}, documented ${Math.min(asked, cap)} (the target caps other requests to ${cap})`,
      },
      Math.min(asked, cap),
      got,
      idsOf(s).concat(capIds.filter((id) => id !== s.exchange.id)),
      { field: '/meta/per_page' },
    ),
  );
}

/** PAG-TOTAL-CONSISTENT: every 200 page reports the same meta.total (the most common one is the reference). */
export function checkTotalConsistent(samples: Sample[]): Finding[] {
  const withTotal = samples
    .map((s) => ({ s, total: int(pageParts(s)?.meta?.total) }))
    .filter((x): x is { s: Sample; total: number } => x.total !== undefined);
  if (withTotal.length < 2) return [];
  const counts = new Map<number, number>();
  for (const { total } of withTotal) counts.set(total, (counts.get(total) ?? 0) + 1);
  let reference = withTotal[0].total;
  for (const [total, n] of counts) if (n > (counts.get(reference) ?? 0)) reference = total;
  const refSample = withTotal.find((x) => x.total === reference)!.s;
  return withTotal.map(({ s, total }) =>
    total === reference
      ? pass('PAG-TOTAL-CONSISTENT', `meta.total is ${total} for ${describeQuery(s)}, as on the other pages`, idsOf(s))
      : violation(
          'PAG-TOTAL-CONSISTENT',
          `Received meta.total ${total} for ${describeQuery(s)}, documented the same total as the other pages (${reference}, e.g. ${describeQuery(refSample)})`,
          reference,
          total,
          idsOf(s, refSample),
          { field: '/meta/total' },
        ),
  );
}
