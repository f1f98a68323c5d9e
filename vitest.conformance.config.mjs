// The conformance suites run by vitest itself, with the same target settings, reports and verdict as the CLI:
//   CONFORMANCE_BASE_URL=https://staging.example.com CONFORMANCE_TOKEN=... \
//     npx vitest run --config node_modules/vms-conformance/vitest.conformance.config.mjs
// (no CONFORMANCE_BASE_URL: the embedded reference server). The package imports itself by name so that vitest
// loads the compiled code natively rather than bundling it into this config.
import { conformanceVitestConfig } from 'vms-conformance/vitest';

export default conformanceVitestConfig();
