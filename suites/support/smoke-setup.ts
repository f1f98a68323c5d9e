/**
 * vitest setup file of the suites (cli/suites-config.ts): runs before each suite file. The first one waits for the
 * CLI's smoke step when the suites were started while it was under way (target.smokeHandoff); later ones return
 * at once. After each file, the exchanges it made are flushed to the run's log.
 */
import { afterAll, inject } from 'vitest';
import { awaitSmokeStep, flushExchangeLog } from './session.ts';
import { loadSender } from '../../src/http/send.ts';
import { fuzzQueries } from './requests.ts';

// Work the requests would otherwise wait on (and count in their time), done while the smoke step is under way:
// supertest's loading, the fuzz's arbitraries.
const smokeStep = awaitSmokeStep();
loadSender();
fuzzQueries(inject('target').seed);
afterAll(flushExchangeLog);
await smokeStep;
