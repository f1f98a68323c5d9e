import { createRequire } from 'node:module';

/**
 * YAML (a superset of JSON), for config and baseline files. The yaml package is loaded on the first call, not at
 * start-up: most runs read no such file, and every millisecond of a cold start counts.
 */
export function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}
