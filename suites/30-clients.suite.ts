/**
 * X-Client and X-UUID: every documented client value gets the same conforming 200 (on the first and on the last
 * page of a size that does not divide the total), and unknown or missing headers never cause a server error.
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { checkClientParity, checkHeaderTolerance, observeHeaderChoice } from '../src/checks/headers.ts';
import { checkPage } from '../src/checks/pagination.ts';
import { DEFAULT_PER_PAGE } from '../src/target.ts';
import { once } from './support/discovery.ts';
import { requirementTests } from './support/requirement-test.ts';
import { startAhead } from './support/plan.ts';
import { CLIENT_IDS, clientSamples } from './support/requests.ts';
import { requestsFirst } from './support/requests-first.ts';

const IDS = CLIENT_IDS;

const evaluate = once(async (): Promise<{ findings: Finding[]; observations: Observation[] }> => {
  const s = await clientSamples((await startAhead()) === 'concurrent');
  await requestsFirst();
  const findings: Finding[] = [];
  for (const { query, main, others } of s.perQuery) {
    for (const { client, sample } of others) {
      findings.push(...checkClientParity(main, sample, client));
      // each client's page must itself be arithmetically right, not only equal to the main client's (a size above
      // 25 may be refused or capped: the page matrix judges how; here it must only be the same for every client)
      if (Number(query.perPage) > DEFAULT_PER_PAGE) continue;
      findings.push(
        ...checkPage(sample, { page: Number(query.page), perPage: Number(query.perPage) }).map((f) => ({
          ...f,
          requirementId: 'CLIENT-EVERY-VALUE',
          message: `X-Client ${client}: ${f.message}`,
        })),
      );
    }
  }
  const observations: Observation[] = [];
  for (const o of s.odd) {
    findings.push(...checkHeaderTolerance(o.sample, o.label));
    observations.push(observeHeaderChoice(o.sample, o.key));
  }
  return { findings, observations };
});

describe('X-Client and X-UUID headers', () => {
  requirementTests(IDS, evaluate);
});
