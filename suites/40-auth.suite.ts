/**
 * The 401 matrix: no header, an empty bearer, another scheme, a wrong token; for every documented X-Client;
 * authentication before validation; nothing leaked in a refusal.
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { checkUnauthorized, observeBearerSchemeCase } from '../src/checks/auth.ts';
import { once } from './support/discovery.ts';
import { requirementTests } from './support/requirement-test.ts';
import { AUTH_IDS, authSamples } from './support/requests.ts';
import { requestsFirst } from './support/requests-first.ts';

const IDS = AUTH_IDS;

const evaluate = once(async (): Promise<{ findings: Finding[]; observations: Observation[] }> => {
  // Concurrent only if the plan already started it with the other suites (this suite never starts the plan).
  const { cases, lowerCaseScheme } = await authSamples(false);
  await requestsFirst();
  const findings: Finding[] = [];
  for (const { c, sample } of cases) {
    for (const f of checkUnauthorized(sample, c.id)) findings.push(f.requirementId === c.id ? { ...f, message: `${c.label}: ${f.message}` } : f);
  }
  // Bearer scheme case: Laravel <= 11.33 is case-sensitive, 11.34+ is not; both are real vendors, so only observed.
  const observations: Observation[] = [observeBearerSchemeCase(lowerCaseScheme)];
  return { findings, observations };
});

describe('authentication (401 matrix)', () => {
  requirementTests(IDS, evaluate);
});
