/**
 * SCHEMA-200 / SCHEMA-401 / SCHEMA-422: a documented status's body against openapi.yaml (every AJV error,
 * in plain words with a JSON pointer). Other statuses get no finding here (transport checks judge them).
 */
import type { Finding } from '../evidence.ts';
import { loadSpec, type CompiledSpec } from '../spec.ts';
import { pass, violation } from './finding.ts';
import { BODY_KIND_WORDS, bodyKind } from './answer.ts';
import type { Sample } from './types.ts';

const SCHEMA_NAME: Readonly<Record<number, string>> = {
  200: 'CodesPage',
  401: 'Unauthenticated',
  422: 'ValidationError',
};

/** How many errors the one-line message names (all of them go to schemaErrors). */
const ERRORS_IN_MESSAGE = 3;

/** `spec` defaults to openapi.yaml (loaded once); tests may pass a stub with the same validateResponse. */
export function checkSchema(s: Sample, spec?: Pick<CompiledSpec, 'validateResponse'>): Finding[] {
  const response = s.exchange.response;
  if (!response) return [];
  const name = SCHEMA_NAME[response.status];
  if (name === undefined) return [];
  const id = `SCHEMA-${response.status}`;
  const ids = [s.exchange.id];
  const documented = `a ${name} body (openapi.yaml)`;

  const kind = bodyKind(response.body);
  if (s.json === undefined || kind !== 'json-object') {
    return [
      violation(
        id,
        `Received ${BODY_KIND_WORDS[kind]} with ${response.status}, documented ${documented}`,
        documented,
        BODY_KIND_WORDS[kind],
        ids,
      ),
    ];
  }

  const errors = (spec ?? loadSpec()).validateResponse(response.status, s.json);
  if (errors === null) return [];
  if (errors.length === 0) return [pass(id, `The ${response.status} body matches ${name}`, ids)];

  const named = errors.slice(0, ERRORS_IN_MESSAGE).map((e) => `${e.path || '(root)'} ${e.message}`);
  const more = errors.length > ERRORS_IN_MESSAGE ? `; and ${errors.length - ERRORS_IN_MESSAGE} more` : '';
  const finding = violation(
    id,
    `Received a ${response.status} body with ${errors.length} schema error${errors.length === 1 ? '' : 's'} (${named.join('; ')}${more}), documented ${name}`,
    documented,
    `${errors.length} schema error${errors.length === 1 ? '' : 's'}`,
    ids,
  );
  finding.schemaErrors = errors;
  return [finding];
}
