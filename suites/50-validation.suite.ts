/**
 * The 422 matrix for clearly invalid values, the ambiguous values (DESIGN.md section 2: either reading accepted,
 * the target's choice reported and a 200 held to its own arithmetic), and property-based robustness.
 */
import { describe } from 'vitest';
import type { Finding, Observation } from '../src/evidence.ts';
import { checkValidationError } from '../src/checks/validation.ts';
import { checkAmbiguous, checkAmbiguousPage } from '../src/checks/ambiguous.ts';
import { checkCrashProbe, checkFuzzAnswer } from '../src/checks/fuzz.ts';
import { target } from './support/session.ts';
import { once } from './support/discovery.ts';
import { requirementTests } from './support/requirement-test.ts';
import { startAhead } from './support/plan.ts';
import { VALIDATION_IDS, validationSamples } from './support/requests.ts';
import { requestsFirst } from './support/requests-first.ts';

const IDS = VALIDATION_IDS;

const evaluate = once(async (): Promise<{ findings: Finding[]; observations: Observation[] }> => {
  await startAhead();
  const s = await validationSamples();
  await requestsFirst();
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  for (const { v, sample } of s.invalid) {
    findings.push(...checkValidationError(sample, v.offending, v.id).map((f) => (f.requirementId === v.id ? { ...f, message: `${v.label}: ${f.message}` } : f)));
  }
  // Two cases may share one request (a pair of ambiguous values): each of its findings is kept once.
  const seen = new Set<string>();
  const firstTime = (f: Finding) => {
    const k = JSON.stringify([f.ok, f.message, f.exchangeIds]);
    return seen.has(k) ? false : (seen.add(k), true);
  };
  const pageChecked = new Set<string>();
  for (const { c, sample } of s.ambiguous) {
    const r = checkAmbiguous(sample, c);
    findings.push(...r.findings.filter(firstTime));
    observations.push(r.observation);
    // A 200 must still be internally consistent, with the reading it chose.
    if (!pageChecked.has(sample.exchange.id)) {
      pageChecked.add(sample.exchange.id);
      findings.push(...checkAmbiguousPage(sample, c));
    }
  }
  for (const { probe, sample } of s.crash) findings.push(...checkCrashProbe(sample, probe, target().timeoutMs));
  for (const sample of s.fuzz) findings.push(...checkFuzzAnswer(sample, target().timeoutMs));
  return { findings, observations };
});

describe('validation (422 matrix, ambiguous values, fuzzing)', () => {
  requirementTests(IDS, evaluate);
});
