// The project's own tests (npm test). The conformance suites under suites/ are run by cli/run.ts instead (or
// by vitest itself with vitest.conformance.config.mjs).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI the tests spawn is the compiled one: rebuilt first when a source is newer.
    globalSetup: ['test/helpers/build.ts'],
    testTimeout: 60_000,
    // The JSON results let .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'test-output/vitest-results.json' }]],
    hookTimeout: 60_000,
  },
});
