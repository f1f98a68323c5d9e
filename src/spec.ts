/**
 * openapi.yaml, loaded and compiled once: the schemas every 200/401/422 body is validated against.
 *
 * The component schemas reference each other with `#/components/schemas/X`, so they are handed to AJV as one
 * document under DOCUMENT_ID and each named schema is fetched by JSON pointer into it. AJV errors are turned
 * into plain words with a JSON pointer path; a door `code` value is never echoed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import { parse } from 'yaml';
import type { SchemaError } from './evidence.ts';
import { packagePath } from './paths.ts';

export type SchemaName =
  | 'CodesPage'
  | 'Unauthenticated'
  | 'ValidationError'
  | 'IntercomCode'
  | 'Intercom'
  | 'PaginationMeta'
  | 'PaginationLinks'
  | 'MetaLink';

export interface CompiledSpec {
  document: OpenAPIV3_1.Document;
  /** sha256 hex of openapi.yaml's bytes */
  sha256: string;
  /** Every AJV error in plain words with a JSON pointer path; [] when valid. */
  validate(name: SchemaName, body: unknown): SchemaError[];
  /** Validates against the schema documented for that status (200 → CodesPage, 401 → Unauthenticated, 422 → ValidationError); null when the status is not documented. */
  validateResponse(status: number, body: unknown): SchemaError[] | null;
}

const SCHEMA_NAMES: readonly SchemaName[] = [
  'CodesPage',
  'Unauthenticated',
  'ValidationError',
  'IntercomCode',
  'Intercom',
  'PaginationMeta',
  'PaginationLinks',
  'MetaLink',
];

const SCHEMA_FOR_STATUS: ReadonlyMap<number, SchemaName> = new Map([
  [200, 'CodesPage'],
  [401, 'Unauthenticated'],
  [422, 'ValidationError'],
]);

/** The id the schemas are registered under in AJV; refs `#/components/schemas/X` resolve against it. */
const DOCUMENT_ID = 'openapi.json';

/** OpenAPI keywords that are not JSON Schema: accepted (as annotations) so AJV can stay strict otherwise. */
const OPENAPI_KEYWORDS = ['components', 'example', 'discriminator', 'xml', 'externalDocs'];

/** The timestamp patterns of openapi.yaml, in words (an error says which format, not the regex). */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$': 'YYYY-MM-DD HH:MM:SS',
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$': 'YYYY-MM-DDTHH:MM:SS.ffffffZ',
};

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  uri: 'an absolute URI',
};

const MAX_ECHO = 60;

let cached: CompiledSpec | undefined;

/** Loads and compiles openapi.yaml on first call; later calls return the same object. */
export function loadSpec(): CompiledSpec {
  cached ??= compileSpec(readFileSync(packagePath('openapi.yaml')));
  return cached;
}

function compileSpec(bytes: Buffer): CompiledSpec {
  const document = parse(bytes.toString('utf8')) as OpenAPIV3_1.Document;
  const schemas = document.components?.schemas;
  if (!schemas) throw new Error('openapi.yaml has no components.schemas');

  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  ajvFormats.default(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });

  const validators = {} as Record<SchemaName, ValidateFunction>;
  for (const name of SCHEMA_NAMES) {
    if (!schemas[name]) throw new Error(`openapi.yaml has no components.schemas.${name}`);
    const fn = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
    if (!fn) throw new Error(`could not compile components.schemas.${name}`);
    validators[name] = fn;
  }

  const validate = (name: SchemaName, body: unknown): SchemaError[] => {
    const fn = validators[name];
    if (fn(body)) return [];
    return (fn.errors ?? []).map(toSchemaError);
  };

  return {
    document,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    validate,
    validateResponse(status, body) {
      const name = SCHEMA_FOR_STATUS.get(status);
      return name === undefined ? null : validate(name, body);
    },
  };
}

function toSchemaError(error: ErrorObject): SchemaError {
  const { keyword, params, instancePath } = error;
  if (keyword === 'required') {
    const property = String(params.missingProperty);
    return {
      path: `${instancePath}/${escapePointer(property)}`,
      message: `must have required property '${property}'`,
      keyword,
    };
  }
  const got = ` (got ${describe(error.data, isSecretPath(instancePath))})`;
  return { path: instancePath, message: plainMessage(error) + got, keyword };
}

function plainMessage(error: ErrorObject): string {
  const { keyword, params } = error;
  switch (keyword) {
    case 'type': {
      const types: string[] = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return `must be ${types.join(' or ')}`;
    }
    case 'pattern': {
      const words = PATTERN_WORDS[String(params.pattern)];
      return words ? `must match format ${words}` : `must match pattern ${String(params.pattern)}`;
    }
    case 'format':
      return `must be ${FORMAT_WORDS[String(params.format)] ?? `a valid ${String(params.format)}`}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minItems':
      return `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `must have at least ${String(params.limit)} propert${params.limit === 1 ? 'y' : 'ies'}`;
    default:
      return error.message ?? `must pass ${keyword}`;
  }
}

/**
 * A door code's value must never reach a message. Secret: any path through a `code` property, and any bare array
 * item (a broken server may send `data: ["12345", ...]`, codes plucked without their key).
 */
function isSecretPath(pointer: string): boolean {
  return /\/code(\/|$)|\/\d+$/.test(pointer);
}

/** The offending value for a message: primitives echoed (truncated), containers only named (they may hold codes). */
function describe(value: unknown, secret: boolean): string {
  if (value === null) return 'null';
  if (value === undefined) return 'no value';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string':
      if (secret) return 'a string';
      return JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO - 1)}…` : value);
    case 'number':
    case 'boolean':
      return secret ? `a ${typeof value}` : String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
