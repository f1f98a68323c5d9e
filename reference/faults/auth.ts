/** Faults: Authentication. */
import { validatePageParams } from '../validate.ts';
import { bearerToken, tokenMatches } from '../auth.ts';
import { defineFault, type FaultContext, type DraftResponse } from './registry.ts';

defineFault({
  name: 'any-token-accepted',
  description: 'Any non-empty bearer token is accepted (the guard only checks that a token is present).',
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    return authenticated || (typeof header === 'string' && /bearer \S/i.test(header));
  },
});


const unauthenticated = (draft: DraftResponse, ctx: FaultContext): boolean => draft.status === 401 && ctx.status === 401;

defineFault({
  name: 'empty-bearer-accepted',
  description: 'An empty bearer token ("Bearer ") is let through: the custom guard only refuses a missing header.',
  requirementIds: ['AUTH-EMPTY-BEARER'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    return authenticated || (typeof header === 'string' && /^bearer\s*$/i.test(header));
  },
});

defineFault({
  name: 'missing-token-served',
  description: 'The route sits in an optional-auth group: a request without an Authorization header is served as a guest.',
  requirementIds: ['AUTH-MISSING-TOKEN', 'AUTH-NO-DATA-LEAK'],
  auth: (ctx, authenticated) => authenticated || ctx.headers.authorization === undefined,
});

defineFault({
  name: 'non-bearer-header-unchecked',
  description: 'The middleware checks the token only when the header starts with "Bearer "; any other Authorization header (Basic, a bare key) passes as a legacy device key.',
  requirementIds: ['AUTH-WRONG-SCHEME'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    return authenticated || (typeof header === 'string' && header.trim() !== '' && !/^bearer(\s|$)/i.test(header));
  },
});

defineFault({
  name: 'client-thick-legal-skips-auth',
  description: 'Requests with X-Client thick-legal skip the token check (the legacy desktop client authenticates by device only).',
  requirementIds: ['AUTH-EVERY-CLIENT', 'AUTH-NO-DATA-LEAK'],
  auth: (ctx, authenticated) => authenticated || ctx.client === 'thick-legal',
});

defineFault({
  name: 'forbidden-instead-of-401',
  description: 'Missing or invalid credentials get 403 {"message": "This action is unauthorized."} (a policy check instead of the auth middleware).',
  requirementIds: ['AUTH-MISSING-TOKEN', 'AUTH-EMPTY-BEARER', 'AUTH-WRONG-SCHEME', 'AUTH-WRONG-TOKEN', 'AUTH-EVERY-CLIENT', 'AUTH-BEFORE-VALIDATION'],
  response: (draft, ctx) =>
    unauthenticated(draft, ctx) ? { ...draft, status: 403, body: '{"message":"This action is unauthorized."}' } : draft,
});

defineFault({
  name: 'html-401',
  description: 'The 401 is rendered with the HTML error page (text/html "401 | Unauthorized"), ignoring Accept: application/json.',
  requirementIds: ['SCHEMA-401', 'HTTP-JSON-BODY', 'HTTP-CONTENT-TYPE'],
  response: (draft, ctx) =>
    unauthenticated(draft, ctx)
      ? {
          status: 401,
          headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache, private' },
          body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Unauthorized</title>\n</head>\n<body>\n<div class="code">401</div>\n<div class="message">Unauthorized</div>\n</body>\n</html>\n',
        }
      : draft,
});

defineFault({
  name: 'redirect-to-login',
  description: 'Unauthenticated requests are redirected (302) to the login page: the web guard\'s redirectTo() ignores expectsJson().',
  requirementIds: ['AUTH-MISSING-TOKEN', 'AUTH-EMPTY-BEARER', 'AUTH-WRONG-SCHEME', 'AUTH-WRONG-TOKEN', 'AUTH-EVERY-CLIENT'],
  response(draft, ctx) {
    if (!unauthenticated(draft, ctx)) return draft;
    const login = `http://${ctx.headers.host ?? 'localhost'}/login`;
    return {
      status: 302,
      headers: { location: login, 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache, private' },
      body: `<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="UTF-8" />\n        <meta http-equiv="refresh" content="0;url='${login}'" />\n\n        <title>Redirecting to ${login}</title>\n    </head>\n    <body>\n        Redirecting to <a href="${login}">${login}</a>.\n    </body>\n</html>`,
    };
  },
});

defineFault({
  name: 'unauthenticated-error-key',
  description: 'The 401 body is {"error": "Unauthenticated"} (a JWT package\'s format) without the message key.',
  requirementIds: ['SCHEMA-401'],
  response: (draft, ctx) => (unauthenticated(draft, ctx) ? { ...draft, body: '{"error":"Unauthenticated"}' } : draft),
});

defineFault({
  name: 'validation-before-auth',
  description: 'The parameters are validated in a middleware that runs before auth:sanctum: invalid parameters without a token get 422.',
  requirementIds: ['AUTH-BEFORE-VALIDATION'],
  auth: (ctx, authenticated) => authenticated || !validatePageParams(ctx.query).ok,
});

// ---- near-miss tokens: each a token check that is wrong in one realistic way ----

/** The bearer value Laravel reads (case-insensitive scheme, cut at the first comma), or undefined. */
const given = (ctx: FaultContext): string | undefined => {
  const header = ctx.headers.authorization;
  return typeof header === 'string' ? bearerToken(header) : undefined;
};

/** A guard replaced by `check(token, issued)`: a non-empty bearer value it says yes to is let through. */
const tokenCheck = (check: (token: string, issued: string) => boolean) => (ctx: FaultContext, authenticated: boolean): boolean => {
  const token = given(ctx);
  return authenticated || (token !== undefined && token !== '' && check(token, ctx.token));
};

defineFault({
  name: 'token-compare-case-insensitive',
  description: "The token column is compared by the database with a case-insensitive collation (utf8mb4_unicode_ci on an api_token column): the valid token with its letters' case swapped is accepted.",
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth: tokenCheck((token, issued) => token.toLowerCase() === issued.toLowerCase()),
});

defineFault({
  name: 'token-prefix-compare',
  description: 'The token is checked with strncmp($given, $stored, strlen($stored)) === 0: anything starting with the valid token (characters appended) is accepted.',
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth: tokenCheck((token, issued) => token.startsWith(issued)),
});

defineFault({
  name: 'token-like-compare',
  description: "The token is looked up with where('api_token', 'like', $given . '%') (a search helper reused): a value the valid token starts with, such as the token without its last character, is accepted.",
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth: tokenCheck((token, issued) => issued.startsWith(token)),
});

defineFault({
  name: 'literal-null-token-as-guest',
  description: 'A middleware maps what a JavaScript app sends before login ("Bearer null", "Bearer undefined", "Bearer \\"\\"") to "no token yet" and serves the request as the device\'s guest session.',
  requirementIds: ['AUTH-WRONG-TOKEN', 'AUTH-NO-DATA-LEAK'],
  auth: tokenCheck((token) => token === 'null' || token === 'undefined' || token === '""'),
});

defineFault({
  name: 'sanctum-id-ignored',
  description: "An overridden PersonalAccessToken::findToken() looks the token up by the hash of its secret only (Str::after($token, '|')), ignoring the id: another id in front of the valid secret is accepted.",
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth: tokenCheck((token, issued) => token.includes('|') && issued.includes('|') && token.slice(token.indexOf('|') + 1) === issued.slice(issued.indexOf('|') + 1)),
});

defineFault({
  name: 'token-split-on-space',
  description: "The middleware reads the header with [$type, $token] = explode(' ', $header): everything after the second word is ignored, so the valid token twice (\"Bearer TOKEN TOKEN\") is accepted.",
  requirementIds: ['AUTH-WRONG-TOKEN'],
  auth(ctx, authenticated) {
    const header = ctx.headers.authorization;
    if (authenticated || typeof header !== 'string') return authenticated;
    const [type, token] = header.split(' ');
    return /^bearer$/i.test(type ?? '') && token !== undefined && token !== '' && tokenMatches(token, ctx.token);
  },
});
