/** Faults: Content type and headers. */
import { defineFault } from './registry.ts';
import { serverError } from './helpers.ts';

defineFault({
  name: 'json-as-text-html',
  description: 'The 200 JSON is sent as text/html (echo json_encode(...) from the controller, no JSON response).',
  requirementIds: ['HTTP-CONTENT-TYPE'],
  response: (draft) => (draft.status === 200 ? { ...draft, headers: { ...draft.headers, 'content-type': 'text/html; charset=UTF-8' } } : draft),
});

defineFault({
  name: 'client-thick-legal-500',
  description: 'A match() on X-Client lacks the thick-legal arm: authenticated thick-legal requests fail with UnhandledMatchError (500).',
  requirementIds: ['CLIENT-EVERY-VALUE', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) => (draft.status === 200 && ctx.client === 'thick-legal' ? serverError() : draft),
});

defineFault({
  name: 'client-ios-hides-expired',
  description: 'For X-Client ios-cctv the query also filters out expired codes (a mobile-only scope), so that client sees another list.',
  requirementIds: ['CLIENT-EVERY-VALUE'],
  data(source, ctx) {
    if (ctx.client !== 'ios-cctv') return source;
    const keep: number[] = [];
    for (let i = 0; i < source.total; i++) if (!source.slice(i, 1)[0]!.is_expired) keep.push(i);
    return { total: keep.length, slice: (offset, count) => keep.slice(offset, offset + count).map((i) => source.slice(i, 1)[0]!) };
  },
});

defineFault({
  name: 'missing-uuid-500',
  description: 'X-UUID is passed to a method typed string: without the header it is a TypeError (500).',
  requirementIds: ['CLIENT-UNKNOWN-OR-MISSING', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) => (draft.status === 200 && ctx.deviceId === undefined ? serverError() : draft),
});

defineFault({
  name: 'unknown-client-500',
  description: 'An X-Client outside the documented four (or none) hits a match() without a default arm: 500.',
  requirementIds: ['CLIENT-UNKNOWN-OR-MISSING', 'HTTP-NO-SERVER-ERROR'],
  response: (draft, ctx) =>
    draft.status === 200 && !['ios-cctv', 'android-cctv', 'thick-legal', 'web'].includes(ctx.client ?? '') ? serverError() : draft,
});

defineFault({
  name: 'gzip-regardless',
  description: "A middleware gzips every answer (gzencode() and Content-Encoding: gzip) without looking at the request's Accept-Encoding: a client accepting only identity still gets gzip.",
  requirementIds: ['HTTP-IDENTITY-ENCODING'],
  response: (draft) => ({ ...draft, headers: { ...draft.headers, 'content-encoding': 'gzip' } }),
});

// A PHP file saved "with BOM" prints U+FEFF (bytes EF BB BF) as output the moment it is loaded: before the JSON.
const BOM = '\uFEFF';

defineFault({
  name: 'utf8-bom',
  description: 'config/app.php was saved "UTF-8 with BOM" by a Windows editor: PHP prints the byte order mark before every answer, so each JSON body starts with EF BB BF.',
  requirementIds: ['HTTP-JSON-BODY', 'SCHEMA-200', 'SCHEMA-401', 'SCHEMA-422'],
  response: (draft) => ({ ...draft, body: BOM + draft.body }),
});

defineFault({
  name: 'utf8-bom-error-answers',
  description: 'app/Exceptions/Handler.php was saved "UTF-8 with BOM": it is loaded only when an exception is rendered, so the 401 and 422 bodies start with EF BB BF while the 200s are clean.',
  requirementIds: ['HTTP-JSON-BODY', 'SCHEMA-401', 'SCHEMA-422'],
  response: (draft) => (draft.status === 401 || draft.status === 422 ? { ...draft, body: BOM + draft.body } : draft),
});
