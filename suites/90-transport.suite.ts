/**
 * Runs last (suites run in file-name order): judges every exchange the run made for transport and schema:
 * no 5xx, answered within the timeout, JSON bodies labelled as JSON, no compression where only identity was
 * accepted, and every 200/401/422 body against openapi.yaml.
 */
import { describe } from 'vitest';
import type { Finding } from '../src/evidence.ts';
import { checkIdentityEncoding, checkTransport } from '../src/checks/transport.ts';
import { checkSchema } from '../src/checks/schema.ts';
import { toSample } from '../src/checks/types.ts';
import { knownExchanges, target } from './support/session.ts';
import { identitySample, TRANSPORT_IDS } from './support/requests.ts';
import { once } from './support/discovery.ts';
import { requirementTests, selected } from './support/requirement-test.ts';
import { requestsFirst } from './support/requests-first.ts';

const IDS = TRANSPORT_IDS;

/** Judged once for all the tests below, after this file's one request (identitySample, usually answered already). */
const evaluate = once(async (): Promise<Finding[]> => {
  if (selected('HTTP-IDENTITY-ENCODING')) await identitySample();
  await requestsFirst();
  const exchanges = [...knownExchanges()];
  const findings = [...checkTransport(exchanges, target().timeoutMs), ...checkIdentityEncoding(exchanges)];
  for (const e of exchanges) findings.push(...checkSchema(toSample(e, {})));
  return findings;
});

describe('every exchange of the run: transport and schema', () => {
  requirementTests(IDS, async () => ({ findings: await evaluate(), observations: [] }), {
    whenEmpty: () => 'no exchange of that kind in this run',
  });
});
