// test/suites-pool.test.ts: one vitest run with the CLI's pool (compiled, dist/cli/suites-pool.js) and the CLI's
// suites settings, on the test files of a folder; prints {adopted, passed} as JSON. argv[2] = folder with the test files;
// argv[3] = "change-env" changes the environment after the early worker started (it must then not be adopted).
import path from 'node:path';
import { createRequire } from 'node:module';

const [dir, mode] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '../..');
// As runTarget does before it starts the worker.
process.env.VITEST ??= 'true';
process.env.TEST ??= 'true';
process.env.NODE_ENV ??= 'test';
const { startEarlyWorker, suitesPool } = await import(path.join(root, 'dist/cli/suites-pool.js'));
const { suitesTestConfig } = await import(path.join(root, 'dist/cli/suites-config.js'));
const early = startEarlyWorker();
if (mode === 'change-env') process.env.VMS_CONFORMANCE_TEST_CHANGED = '1';
const vitestNode = await import(createRequire(path.join(root, 'package.json')).resolve('vitest/node'));
const { createVitest } = vitestNode;
const config = suitesTestConfig({}, 10_000);
const vitest = await createVitest(
  'test',
  { ...config, root: dir, include: ['*.test.mjs'], setupFiles: [], provide: {}, pool: suitesPool(early, vitestNode), config: false, watch: false, reporters: [] },
  { logLevel: 'silent', cacheDir: path.join(dir, '.vite') },
);
await vitest.start([]);
const passed = vitest.state.getCountOfFailedTests() === 0 && vitest.state.getFiles().length === 2;
await vitest.close();
await early.dispose();
process.stdout.write(JSON.stringify({ adopted: early.adopted, passed }) + '\n');
process.exit(0);
