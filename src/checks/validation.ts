/**
 * The 422 matrix (VAL-PAGE-INVALID, VAL-PER-PAGE-INVALID, VAL-ALL-ERRORS): a clearly invalid value gets 422
 * whose `errors` names each offending query parameter with an array of non-empty strings. Wording is the
 * vendor's ("(and 1 more error)" included): only the shape and the keys are judged. Extra keys are allowed.
 */
import type { Finding } from '../evidence.ts';
import { pass, violation } from './finding.ts';
import { isObject } from './page-body.ts';
import { isNotJudged, notJudged, unexpectedAnswer } from './answer.ts';
import type { Sample } from './types.ts';

export type QueryParam = 'page' | 'per_page';

/**
 * What is wrong with a 422 body for these parameters, one line each; [] when it names all of them properly.
 * Shared with the ambiguous-input check.
 */
export function validationBodyProblems(json: unknown, params: readonly QueryParam[]): string[] {
  if (!isObject(json)) return ['the body is not a JSON object'];
  const problems: string[] = [];
  if (typeof json.message !== 'string') problems.push(`message is ${typeName(json.message)}, not a string`);
  const errors = json.errors;
  if (!isObject(errors)) {
    problems.push(`errors is ${typeName(errors)}, not an object mapping parameters to messages`);
    return problems;
  }
  const keys = Object.keys(errors);
  const missing = params.filter((p) => !Object.hasOwn(errors, p));
  if (missing.length > 0) {
    const named = params.filter((p) => Object.hasOwn(errors, p));
    problems.push(
      named.length > 0
        ? `errors names only ${named.join(', ')}, not ${missing.join(', ')} (keys: ${listKeys(keys)})`
        : `errors has no ${missing.map((p) => `"${p}"`).join(' or ')} key (keys: ${listKeys(keys)})`,
    );
  }
  for (const p of params.filter((q) => Object.hasOwn(errors, q))) {
    const v = errors[p];
    if (!Array.isArray(v)) problems.push(`errors.${p} is ${typeName(v)}, not an array of messages`);
    else if (v.length === 0) problems.push(`errors.${p} is an empty array`);
    else if (!v.every((m) => typeof m === 'string' && m.trim() !== ''))
      problems.push(`errors.${p} holds something other than non-empty strings`);
  }
  return problems;
}

export function checkValidationError(
  s: Sample,
  offending: Array<'page' | 'per_page'>,
  requirementId: string,
): Finding[] {
  if (isNotJudged(s.exchange)) return notJudged(requirementId, s.exchange);
  const ids = [s.exchange.id];
  const input = describeInput(s, offending);
  const expected = { status: 422, errorsKeys: offending };
  const unexpected = unexpectedAnswer(s, {
    requirementId,
    subject: `for ${input}`,
    documented: `documented 422 naming ${offending.join(' and ')}`,
    statuses: (st) => st === 422,
    expected,
    explain: (st) => (st === 200 ? 'the target accepted an invalid value' : undefined),
  });
  if (unexpected) return [unexpected];

  const problems = validationBodyProblems(s.json, offending);
  if (problems.length === 0) {
    return [pass(requirementId, `422 for ${input} names ${offending.join(' and ')} in errors`, ids)];
  }
  return problems.map((p) =>
    violation(
      requirementId,
      `Received 422 for ${input} where ${p}, documented errors naming ${offending.join(' and ')} with arrays of strings`,
      expected,
      actualErrors(s.json),
      ids,
    ),
  );
}

/** "page=\"abc\"", "page=\"0\" and per_page=\"abc\"" (query values are not secrets). */
export function describeInput(s: Sample, params: readonly QueryParam[]): string {
  return params
    .map((p) => {
      const raw = p === 'page' ? s.query.page : s.query.perPage;
      return raw === undefined ? `${p} omitted` : `${p}=${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 59)}…` : raw)}`;
    })
    .join(' and ');
}

/** The received errors' keys and value types (never the texts: any wording is fine, and they may be long). */
function actualErrors(json: unknown): unknown {
  if (!isObject(json)) return 'not a JSON object';
  const errors = json.errors;
  if (!isObject(errors)) return { errors: typeName(errors) };
  return { errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, typeName(v)])) };
}

function typeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `a ${typeof v}`;
}

function listKeys(keys: string[]): string {
  if (keys.length === 0) return 'none';
  const shown = keys.slice(0, 8).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 39)}…` : k));
  return shown.join(', ') + (keys.length > 8 ? `, and ${keys.length - 8} more` : '');
}
