/**
 * vitest setup file of the suites (cli/suites-config.ts): runs before each suite file. The first one waits for the
 * CLI's smoke step when the suites were started while it was under way (target.smokeHandoff); later ones return
 * at once.
 */
import { awaitSmokeStep } from './session.ts';
import { loadSender } from '../../src/http/send.ts';

// What the first request would load otherwise (and count in its time), loaded while the smoke step is under way.
loadSender();
await awaitSmokeStep();
