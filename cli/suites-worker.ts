/**
 * The suites' worker thread (cli/suites-pool.ts): vitest's thread worker, written as vitest's custom-pool guide
 * writes one, with vitest/worker. It starts before vitest asks for it, so what every run needs loads meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import { init, runBaseTests, setupEnvironment } from 'vitest/worker';
import { loadSender } from '../src/http/send.ts';

if (!parentPort) throw new Error('cli/suites-worker runs in a worker thread');
const port = parentPort;

init({
  post: (response) => port.postMessage(response),
  on: (callback) => port.on('message', callback),
  off: (callback) => port.off('message', callback),
  teardown: () => port.removeAllListeners('message'),
  runTests: async (state, traces) => runBaseTests('run', state, traces),
  collectTests: async (state, traces) => runBaseTests('collect', state, traces),
  setup: setupEnvironment,
});

// supertest, the heaviest load of the suites' setup file, while vitest's main thread is still starting. The setup
// file gets this same instance: the compiled src/ modules are Node-loaded externals (cli/suites-config.ts).
loadSender();
