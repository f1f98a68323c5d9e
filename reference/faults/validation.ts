/** Faults: Validation. */
import { filterValidateInt, isNumeric, validatePageParams } from '../validate.ts';
import { parsePhpQuery } from '../php-query.ts';
import { defineFault, type JsonBody } from './registry.ts';
import { isObject, phpIntCast, serverError } from './helpers.ts';

defineFault({
  name: 'invalid-values-clamped',
  description: 'No validation: page and per_page are read as max(1, (int) $value), so abc, 0 and -1 give page 1 (or 1 per page).',
  requirementIds: ['VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  validate(ctx, outcome) {
    if (outcome.ok) return outcome;
    const read = (key: string, fallback: bigint): bigint => {
      const raw = ctx.query.get(key);
      if (raw === undefined || raw === null) return fallback;
      const n = phpIntCast(raw);
      return n === null || n < 1n ? 1n : n;
    };
    return { ok: true, page: read('page', 1n), perPage: read('per_page', 25n) };
  },
});

defineFault({
  name: 'page-not-validated-typeerror',
  description: 'page is not validated and goes to a typed int parameter: a non-numeric page is a TypeError (500); 0 and -1 fall back to page 1.',
  requirementIds: ['VAL-PAGE-INVALID', 'VAL-FUZZ', 'HTTP-NO-SERVER-ERROR'],
  validate(ctx, outcome) {
    if (outcome.ok) return outcome;
    const errors = outcome.body.errors;
    if (errors.per_page) return outcome;
    const raw = ctx.query.get('page');
    if (typeof raw !== 'string' || !isNumeric(raw)) return outcome; // the response hook turns this into the TypeError
    const n = phpIntCast(raw) ?? 1n;
    return { ok: true, page: n < 1n ? 1n : n, perPage: filterValidateInt(ctx.query.get('per_page')) ?? 25n };
  },
  response(draft, ctx) {
    if (draft.status !== 422) return draft;
    const raw = ctx.query.get('page');
    return raw !== undefined && (typeof raw !== 'string' || !isNumeric(raw)) ? serverError() : draft;
  },
});

defineFault({
  name: 'zero-per-page-500',
  description: 'per_page is validated as integer only (no min:1): 0 is a DivisionByZeroError and -1 an SQL error, both 500.',
  requirementIds: ['VAL-PER-PAGE-INVALID', 'HTTP-NO-SERVER-ERROR'],
  response(draft, ctx) {
    if (draft.status !== 422) return draft;
    const perPage = filterValidateInt(ctx.query.get('per_page'));
    return perPage !== null && perPage < 1n ? serverError() : draft;
  },
});

defineFault({
  name: 'huge-per-page-500',
  description: 'per_page is used to size an in-memory chunk: 100000 or more exhausts PHP\'s memory_limit (500 Server Error).',
  requirementIds: ['VAL-AMBIGUOUS-INPUT', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) => (draft.status === 200 && (ctx.perPage ?? 0n) >= 100000n ? serverError() : draft),
});

defineFault({
  name: 'huge-per-page-connection-dropped',
  description: 'per_page of 100000 or more makes the PHP-FPM worker die mid-request: the connection closes without an answer.',
  requirementIds: ['HTTP-ANSWERED'],
  respond(req, _res, ctx) {
    const n = phpIntCast(ctx.query.get('per_page'));
    if (n === null || n < 100000n) return false;
    req.socket.destroy();
    return true;
  },
});

defineFault({
  name: 'per-page-omitted-model-default',
  description: 'An omitted per_page falls back to the model\'s $perPage (15) instead of the documented 25 (paginate($request->per_page)).',
  requirementIds: ['VAL-AMBIGUOUS-INPUT'],
  params: (ctx, params) => (ctx.query.get('per_page') === undefined ? { page: params.page, perPage: 15n } : params),
});

defineFault({
  name: 'errors-missing',
  description: 'The 422 body is {"message": "..."} only: the custom exception handler drops errors.',
  requirementIds: ['SCHEMA-422', 'VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  body: (body, ctx) => (ctx.status === 422 ? { message: body.message } : body),
});

defineFault({
  name: 'errors-camel-case-key',
  description: 'The 422 errors use the request DTO\'s property names: "perPage" instead of the query parameter "per_page".',
  requirementIds: ['VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  body(body, ctx) {
    if (ctx.status !== 422 || !isObject(body.errors)) return body;
    const errors: JsonBody = {};
    for (const [k, v] of Object.entries(body.errors)) errors[k === 'per_page' ? 'perPage' : k] = v;
    return { ...body, errors };
  },
});

defineFault({
  name: 'errors-as-strings',
  description: 'The 422 errors map each parameter to its first message as a string ($validator->errors()->first($key)), not an array.',
  requirementIds: ['SCHEMA-422', 'VAL-PAGE-INVALID'],
  body(body, ctx) {
    if (ctx.status !== 422 || !isObject(body.errors)) return body;
    const errors: JsonBody = {};
    for (const [k, v] of Object.entries(body.errors)) errors[k] = Array.isArray(v) ? (v[0] ?? '') : v;
    return { ...body, errors };
  },
});

defineFault({
  name: 'only-first-error',
  description: 'Only the first failing parameter is reported (validation stops at the first error: a "bail" on the whole request).',
  requirementIds: ['VAL-ALL-ERRORS'],
  body(body, ctx) {
    if (ctx.status !== 422 || !isObject(body.errors)) return body;
    const [first] = Object.entries(body.errors);
    return first ? { ...body, errors: { [first[0]]: first[1] } } : body;
  },
});

defineFault({
  name: 'validation-400',
  description: 'Validation errors are answered 400 Bad Request (the handler maps ValidationException to 400) with the same body.',
  requirementIds: ['VAL-PAGE-INVALID', 'VAL-PER-PAGE-INVALID', 'VAL-ALL-ERRORS'],
  response: (draft) => (draft.status === 422 ? { ...draft, status: 400 } : draft),
});

/** PHP's trim() character set: what the validator's blank test strips (NUL included), unlike TrimStrings before 11.23. */
const phpTrim = (s: string): string => s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

defineFault({
  name: 'laravel-11-22-nul-per-page-500',
  description:
    'Laravel 9.0 to 11.22: TrimStrings leaves a NUL byte, the validator then sees per_page=%00 as blank and skips integer|min:1, $request->integer("per_page") gives 0 and the paginator divides by zero (500). Only a NUL in per_page shows it.',
  requirementIds: ['VAL-FUZZ', 'HTTP-NO-SERVER-ERROR'],
  response(draft, ctx) {
    if (draft.status !== 422) return draft;
    const raw = parsePhpQuery(ctx.rawQuery).get('per_page');
    if (typeof raw !== 'string' || !raw.includes('\0') || phpTrim(raw) !== '') return draft;
    // per_page skipped as blank: the request fails only if page is invalid on its own.
    const query = new Map(ctx.query);
    query.delete('per_page');
    return validatePageParams(query).ok ? serverError() : draft;
  },
});
