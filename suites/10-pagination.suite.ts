/**
 * Pagination arithmetic, links, meta.links structure, records and the past-the-end pages, over the page matrix
 * derived from the target's own total (every size × first, second, middle, last and past-the-end pages).
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { checkPage, checkPerPageCapConsistent, checkPerPageMaximum, checkTotalConsistent, observePerPageCap } from '../src/checks/pagination.ts';
import { pageParts } from '../src/checks/page-body.ts';
import { checkLinks, observeQueryStringKept } from '../src/checks/links.ts';
import { checkMetaLinksStructure } from '../src/checks/meta-links.ts';
import { checkRecords } from '../src/checks/records.ts';
import { notSent, target } from './support/session.ts';
import { discover, matrixSamples, once } from './support/discovery.ts';
import { requirementTests } from './support/requirement-test.ts';
import { PAGINATION_IDS, startAhead } from './support/plan.ts';
import { requestsFirst } from './support/requests-first.ts';

const IDS = PAGINATION_IDS;

interface Evaluation {
  findings: Finding[];
  observations: Observation[];
  skipped?: string;
  records: number;
}

const evaluate = once(async (): Promise<Evaluation> => {
  const d = await discover();
  if (d.total === null) return { findings: [], observations: [], skipped: `not checked: ${d.unknownBecause}`, records: 0 };
  await startAhead(); // the other suites' requests go out now, while these pages are checked
  const ctx = { endpointUrl: target().endpointUrl, now: new Date() };
  const cells = (await matrixSamples()).filter((c) => !notSent(c.sample));
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  const pages = [];
  let records = 0;
  for (const { plan, sample } of cells) {
    await requestsFirst();
    // No maximum per_page is documented: a size above the default may be refused, if the 422 names per_page.
    const refused = checkPerPageMaximum(sample, plan.perPage);
    if (refused) {
      findings.push(...refused.findings);
      observations.push(refused.observation);
      continue;
    }
    findings.push(...checkPage(sample, { page: plan.page, perPage: plan.perPage, total: d.total }));
    const parts = pageParts(sample);
    if (!parts) continue;
    pages.push(sample);
    findings.push(...checkLinks(sample, ctx), ...checkMetaLinksStructure(sample), ...checkRecords(sample, ctx));
    records += parts.data?.length ?? 0;
  }
  // A silent cap above 25 is a reading the suite accepts, but then the same one on every page.
  findings.push(...checkTotalConsistent(pages), ...checkPerPageCapConsistent(pages));
  const cap = observePerPageCap(pages);
  if (cap) observations.push(cap);
  observations.push({ requirementId: 'PAG-TOTAL-CONSISTENT', key: 'collection.total', value: String(d.total), summary: `The collection holds ${d.total} codes (meta.total of the first page).` });
  const qs = observeQueryStringKept(pages);
  if (qs) observations.push(qs);
  return { findings, observations, records };
});

describe('pagination, links and records over the page matrix', () => {
  requirementTests(IDS, evaluate, {
    variant: 'page matrix',
    whenEmpty: (id, e) =>
      !id.startsWith('REC-')
        ? 'nothing to check on this target'
        : e.records === 0
          ? 'the target has no records to check'
          : 'no record was far enough from now to judge (14-hour margin)',
  });
});
