/**
 * X-Client and X-UUID: every documented client value gets the same conforming 200 (on the first and on the last
 * page of a size that does not divide the total), and unknown or missing headers never cause a server error.
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { X_CLIENTS } from '../src/target.ts';
import { lastPageOf, nonDividingSize } from '../src/matrix.ts';
import { checkClientParity, checkHeaderTolerance, observeHeaderChoice } from '../src/checks/headers.ts';
import { checkPage } from '../src/checks/pagination.ts';
import { call, target } from './support/session.ts';
import { discover, firstPageQuery, once, pick } from './support/discovery.ts';
import { requirementTest, selected, type Outcome } from './support/requirement-test.ts';

const IDS = ['CLIENT-EVERY-VALUE', 'CLIENT-UNKNOWN-OR-MISSING'] as const;

const evaluate = once(async (): Promise<{ findings: Finding[]; observations: Observation[] }> => {
  const t = target();
  const d = await discover();
  const queries = [firstPageQuery];
  if (d.total !== null) {
    const size = nonDividingSize(d.total);
    queries.push({ perPage: String(size), page: String(lastPageOf(d.total, size)) });
  }
  const findings: Finding[] = [];
  await Promise.all(
    queries.map(async (query) => {
      const main = await call({ purpose: `X-Client ${t.client}: per_page ${query.perPage}, page ${query.page}`, query });
      const others = await Promise.all(
        X_CLIENTS.filter((c) => c !== t.client).map(async (client) => ({
          client,
          sample: await call({ purpose: `X-Client ${client}: per_page ${query.perPage}, page ${query.page}`, query, client }),
        })),
      );
      for (const { client, sample } of others) {
        findings.push(...checkClientParity(main, sample, client));
        // each client's page must itself be arithmetically right, not only equal to the main client's
        findings.push(
          ...checkPage(sample, { page: Number(query.page), perPage: Number(query.perPage) }).map((f) => ({
            ...f,
            requirementId: 'CLIENT-EVERY-VALUE',
            message: `X-Client ${client}: ${f.message}`,
          })),
        );
      }
    }),
  );

  const odd = [
    { key: 'xClient.unknown', label: 'unknown X-Client "vms-conformance-unknown"', client: 'vms-conformance-unknown' as string | null, uuid: undefined as string | null | undefined },
    { key: 'xClient.missing', label: 'no X-Client header', client: null, uuid: undefined },
    { key: 'xUuid.missing', label: 'no X-UUID header', client: undefined, uuid: null },
  ];
  const observations: Observation[] = [];
  for (const o of odd) {
    const s = await call({ purpose: o.label, query: firstPageQuery, client: o.client ?? (o.client === null ? null : undefined), uuid: o.uuid });
    findings.push(...checkHeaderTolerance(s, o.label));
    observations.push(observeHeaderChoice(s, o.key));
  }
  return { findings, observations };
});

describe('X-Client and X-UUID headers', () => {
  for (const id of IDS) {
    requirementTest(id, undefined, async (): Promise<Outcome> => {
      if (!selected(...IDS)) return { findings: [] };
      const e = await evaluate();
      return { findings: pick(e.findings, id), observations: id === 'CLIENT-UNKNOWN-OR-MISSING' ? e.observations : [] };
    });
  }
});
