/**
 * Validators for the written artifacts, shared by the renderer tests and the end-to-end artifact test:
 * results.json against reporters/results.schema.json (Ajv2020), exchanges.har against the har-schema package.
 * har-schema's schemas are draft-06 with `$id`s ("entry.json#") and `$ref`s among them ("request.json#"): plain
 * Ajv 8 loads them once the draft-06 meta-schema is added and every schema is registered under its own $id. They
 * also use a non-standard `min` keyword (hence strict: false); it is not enforced, so tests assert timings ≥ 0.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv/dist/ajv.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { packagePath } from '../../src/paths.ts';

const require = createRequire(import.meta.url);

const resultsAjv = new Ajv2020.default({ allErrors: true });
addFormats.default(resultsAjv);
export const validateResults = resultsAjv.compile(JSON.parse(readFileSync(packagePath('reporters', 'results.schema.json'), 'utf8')));

const harAjv = new Ajv.default({ allErrors: true, strict: false });
harAjv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
addFormats.default(harAjv);
for (const schema of Object.values(require('har-schema') as Record<string, object>)) harAjv.addSchema(schema);
export const validateHar = harAjv.getSchema('har.json#')!;
