/**
 * The 401 matrix: no header, an empty bearer, another scheme, a wrong token; for every documented X-Client;
 * authentication before validation; nothing leaked in a refusal.
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { X_CLIENTS } from '../src/target.ts';
import type { Sample } from '../src/checks/types.ts';
import { checkUnauthorized } from '../src/checks/auth.ts';
import { call, invalidTokens, target, type Call } from './support/session.ts';
import { firstPageQuery, once, pick } from './support/discovery.ts';
import { requirementTest, selected, type Outcome } from './support/requirement-test.ts';

const IDS = [
  'AUTH-MISSING-TOKEN',
  'AUTH-EMPTY-BEARER',
  'AUTH-WRONG-SCHEME',
  'AUTH-WRONG-TOKEN',
  'AUTH-EVERY-CLIENT',
  'AUTH-BEFORE-VALIDATION',
  'AUTH-NO-DATA-LEAK',
] as const;

interface Case extends Omit<Call, 'purpose'> {
  id: (typeof IDS)[number];
  label: string;
}

function cases(): Case[] {
  const t = target();
  const token = t.token;
  const wrong = invalidTokens(token)[0];
  const q = firstPageQuery;
  return [
    { id: 'AUTH-MISSING-TOKEN', label: 'no Authorization header', authorization: null, query: q },
    { id: 'AUTH-EMPTY-BEARER', label: 'Authorization: "Bearer " with no token', authorization: 'Bearer ', query: q },
    { id: 'AUTH-WRONG-SCHEME', label: 'the token under the Basic scheme', authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}`, query: q },
    { id: 'AUTH-WRONG-SCHEME', label: 'the bare token without a scheme', authorization: token, query: q },
    { id: 'AUTH-WRONG-TOKEN', label: 'a wrong bearer token (valid token with its last character changed)', authorization: `Bearer ${wrong}`, query: q },
    { id: 'AUTH-WRONG-TOKEN', label: 'a made-up bearer token', authorization: 'Bearer vms-conformance-invalid-token', query: q },
    ...X_CLIENTS.map((client) => ({ id: 'AUTH-EVERY-CLIENT' as const, label: `a wrong token with X-Client ${client}`, authorization: `Bearer ${wrong}`, client, query: q })),
    { id: 'AUTH-BEFORE-VALIDATION', label: 'no token and page=abc', authorization: null, query: { perPage: '25', page: 'abc' } },
    { id: 'AUTH-BEFORE-VALIDATION', label: 'a wrong token and per_page=0, page=-1', authorization: `Bearer ${wrong}`, query: { perPage: '0', page: '-1' } },
  ];
}

const evaluate = once(async (): Promise<{ findings: Finding[]; observations: Observation[] }> => {
  const t = target();
  const samples = await Promise.all(
    cases().map(async (c) => ({ c, sample: await call({ ...c, purpose: `auth: ${c.label}` }) })),
  );
  const findings: Finding[] = [];
  for (const { c, sample } of samples) {
    for (const f of checkUnauthorized(sample, c.id)) findings.push(f.requirementId === c.id ? { ...f, message: `${c.label}: ${f.message}` } : f);
  }
  // Bearer scheme case: Laravel <= 11.33 is case-sensitive, 11.34+ is not; both are real vendors, so only observed.
  const lower: Sample = await call({ purpose: 'auth: valid token under the lower-case "bearer" scheme', query: firstPageQuery, authorization: `bearer ${t.token}` });
  const status = lower.exchange.response?.status;
  const observations: Observation[] = [
    {
      key: 'auth.bearerSchemeCase',
      value: status === 200 ? 'case-insensitive' : status === 401 ? 'case-sensitive' : `answered-${status ?? 'nothing'}`,
      summary:
        status === 200
          ? 'The "bearer" scheme is accepted in lower case (Laravel 11.34 and later, RFC 7235).'
          : status === 401
            ? 'Only "Bearer" with a capital B is accepted (Laravel up to 11.33).'
            : `A lower-case "bearer" scheme got ${status ?? 'no answer'}.`,
      exchangeIds: [lower.exchange.id],
    },
  ];
  return { findings, observations };
});

describe('authentication (401 matrix)', () => {
  for (const id of IDS) {
    requirementTest(id, undefined, async (): Promise<Outcome> => {
      if (!selected(...IDS)) return { findings: [] };
      const e = await evaluate();
      return { findings: pick(e.findings, id), observations: id === 'AUTH-WRONG-SCHEME' ? e.observations : [] };
    });
  }
});
