/**
 * Runs last (suites run in file-name order): judges every exchange the run made for transport and schema:
 * no 5xx, answered within the timeout, JSON bodies labelled as JSON, and every 200/401/422 body against
 * openapi.yaml.
 */
import { describe } from 'vitest';
import type { Finding } from '../src/evidence.ts';
import { checkTransport } from '../src/checks/transport.ts';
import { checkSchema } from '../src/checks/schema.ts';
import { toSample } from '../src/checks/types.ts';
import { httpClient, target } from './support/session.ts';
import { requirementTests } from './support/requirement-test.ts';

const IDS = ['HTTP-NO-SERVER-ERROR', 'HTTP-ANSWERED', 'HTTP-JSON-BODY', 'HTTP-CONTENT-TYPE', 'SCHEMA-200', 'SCHEMA-401', 'SCHEMA-422'] as const;

/** Judged once for all the tests below: this file sends nothing, so the exchanges do not change in between. */
let judged: Finding[] | undefined;

function evaluate(): Finding[] {
  const exchanges = [...httpClient().exchanges];
  const findings = checkTransport(exchanges, target().timeoutMs);
  for (const e of exchanges) findings.push(...checkSchema(toSample(e, {})));
  return findings;
}

describe('every exchange of the run: transport and schema', () => {
  requirementTests(IDS, () => ({ findings: (judged ??= evaluate()), observations: [] }), {
    whenEmpty: () => 'no exchange of that kind in this run',
  });
});
