/**
 * The requirement catalogue: the single list of what vms-conformance enforces.
 * `--list`, the README's "What it checks", the report rows and results.json `checks` all come from it.
 * Ids are public and stable: users put them in --only/--skip and in baseline files.
 *
 * level: MUST fails the verdict; SHOULD only warns (fails with --strict).
 * basis: the vendor page's words (quoted) or the Laravel behaviour the requirement rests on.
 * suite, checks: who enforces it (the catalogue is the registry the suites take their ids from).
 */
import type { Severity } from './evidence.ts';

export type Area =
  | 'transport'
  | 'schema'
  | 'pagination'
  | 'links'
  | 'walk'
  | 'records'
  | 'auth'
  | 'validation'
  | 'headers';

/** The suite file that enforces a requirement (suites/NN-<suite>.suite.ts). */
export type SuiteName = 'pagination' | 'walk' | 'clients' | 'auth' | 'validation' | 'transport';

export interface Requirement {
  id: string;
  title: string;
  area: Area;
  level: Severity;
  /** The suite that judges it: its tests are one per requirement of that suite, in catalogue order. */
  suite: SuiteName;
  /**
   * The exported functions of src/checks that produce its findings or observations (test/catalogue.test.ts: each
   * is exported and called by a suite, and every exported check is named here).
   */
  checks: readonly string[];
  basis: string;
}

const PAGE = 'Vendor page';
const LARAVEL = 'Laravel';

export const REQUIREMENTS: readonly Requirement[] = [
  // transport: every request the suite sends
  {
    id: 'HTTP-NO-SERVER-ERROR',
    title: 'No request the suite sends gets a 5xx answer',
    area: 'transport', level: 'must', suite: 'transport',
    checks: ['checkTransport'],
    basis: `${PAGE} documents 200, 401 and 422 only; a 5xx on any input (valid, invalid, unknown X-Client, no X-UUID) is a server defect.`,
  },
  {
    id: 'HTTP-ANSWERED',
    title: 'Every request is answered within the timeout',
    area: 'transport', level: 'must', suite: 'transport',
    checks: ['checkTransport'],
    basis: 'A hang, a reset or a truncated answer is never a conforming response.',
  },
  {
    id: 'HTTP-JSON-BODY',
    title: '200, 401 and 422 answers carry a JSON body',
    area: 'transport', level: 'must', suite: 'transport',
    checks: ['checkTransport'],
    basis: `${PAGE}: "Accept: application/json"; the 200 and 422 responses are documented as JSON.`,
  },
  {
    id: 'HTTP-CONTENT-TYPE',
    title: 'JSON answers are labelled Content-Type: application/json',
    area: 'transport', level: 'must', suite: 'transport',
    checks: ['checkTransport'],
    basis: `${LARAVEL}: JsonResponse and the JSON exception renderer send application/json; the client sends Accept: application/json.`,
  },
  {
    id: 'HTTP-IDENTITY-ENCODING',
    title: 'A request accepting only identity gets an uncompressed answer',
    area: 'transport', level: 'should', suite: 'transport',
    checks: ['checkIdentityEncoding'],
    basis: 'RFC 9110 section 12.5.3: a server should not send a content coding the request\'s Accept-Encoding does not accept. The suite asks once with Accept-Encoding: identity (every other request offers gzip, deflate); a proxy compressing regardless breaks clients that cannot decode.',
  },

  // schema
  {
    id: 'SCHEMA-200',
    title: 'Every 200 body matches the documented paginated schema',
    area: 'schema', level: 'must', suite: 'transport',
    checks: ['checkSchema'],
    basis: `${PAGE} 200 example: data[], links{first,last,prev,next}, meta{current_page,from,last_page,links[],path,per_page,to,total}; openapi.yaml CodesPage.`,
  },
  {
    id: 'SCHEMA-401',
    title: 'Every 401 body is a JSON object with a string message',
    area: 'schema', level: 'must', suite: 'transport',
    checks: ['checkSchema'],
    basis: `${LARAVEL}: {"message":"Unauthenticated."}; the wording is the vendor's, the shape is checked.`,
  },
  {
    id: 'SCHEMA-422',
    title: 'Every 422 body has a string message and errors mapping parameters to arrays of strings',
    area: 'schema', level: 'must', suite: 'transport',
    checks: ['checkSchema'],
    basis: `${PAGE} 422 example: {"message": ..., "errors": {"any_key": ["..."]}}.`,
  },

  // pagination arithmetic
  {
    id: 'PAG-CURRENT-PAGE',
    title: 'meta.current_page is the requested page (1 when omitted)',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkPage'],
    basis: `${PAGE}: "page: Please provide the page number for pagination". ${LARAVEL}: LengthAwarePaginator keeps the requested page, even past the end.`,
  },
  {
    id: 'PAG-PER-PAGE',
    title: 'meta.per_page is the requested page size (25 when omitted)',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkPage', 'checkPerPageCapConsistent', 'checkPerPageMaximum', 'observePerPageCap'],
    basis: `${PAGE}: "The number of items per page in pagination is 25 by default". Sizes up to 25 are honoured exactly; a larger size may be refused (422) or capped, consistently.`,
  },
  {
    id: 'PAG-LAST-PAGE',
    title: 'meta.last_page = max(ceil(total / per_page), 1)',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkPage'],
    basis: `${LARAVEL}: LengthAwarePaginator::lastPage = max((int) ceil(total / perPage), 1).`,
  },
  {
    id: 'PAG-FROM-TO',
    title: 'meta.from and meta.to number the records shown (null on an empty page)',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkPage'],
    basis: `${LARAVEL}: from = (page - 1) * per_page + 1, to = from + count - 1; both null when the page has no items.`,
  },
  {
    id: 'PAG-DATA-LENGTH',
    title: 'data holds per_page records on full pages and the remainder on the last page',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkPage'],
    basis: `${LARAVEL}: items = slice(offset, per_page) of the collection.`,
  },
  {
    id: 'PAG-TOTAL-CONSISTENT',
    title: 'meta.total is the same on every page, page size and X-Client',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkTotalConsistent'],
    basis: `${PAGE}: "A list of all created codes"; total counts the whole collection, not the page.`,
  },
  {
    id: 'PAG-PAST-END',
    title: 'A page past the end answers 200 with empty data, null from/to and the requested current_page',
    area: 'pagination', level: 'must', suite: 'pagination',
    checks: ['checkPage'],
    basis: `${LARAVEL}: LengthAwarePaginator does not clamp: past the end it returns an empty page with links.prev = page - 1 and links.next null.`,
  },

  // links
  {
    id: 'LINKS-FIRST-LAST',
    title: 'links.first points to page 1 and links.last to meta.last_page',
    area: 'links', level: 'must', suite: 'pagination',
    checks: ['checkLinks'],
    basis: `${PAGE} 200 example: "first": "...?page=1", "last": "...?page=1" with last_page 1.`,
  },
  {
    id: 'LINKS-PREV-NEXT',
    title: 'links.prev and links.next point to the neighbouring pages, null at the ends',
    area: 'links', level: 'must', suite: 'pagination',
    checks: ['checkLinks'],
    basis: `${PAGE} 200 example: prev and next null on the only page. ${LARAVEL}: prev = page - 1 when page > 1; next = page + 1 while page < last_page.`,
  },
  {
    id: 'LINKS-URL-PATH',
    title: 'Link URLs are absolute, on the endpoint path; meta.path is that URL without a query string',
    area: 'links', level: 'must', suite: 'pagination',
    checks: ['checkLinks'],
    basis: `${PAGE}: "path": "https://vms.local/api/v1/intercom/codes" and links "https://vms.local/api/v1/intercom/codes?page=1". A client follows them as they are.`,
  },
  {
    id: 'LINKS-FOLLOW-NEXT',
    title: 'Following links.next from page 1 reaches meta.last_page, one page at a time',
    area: 'links', level: 'must', suite: 'walk',
    checks: ['checkFollowNext'],
    basis: `${LARAVEL}: links.next is the URL of page + 1 until the last page; a client that follows it must visit every page once.`,
  },
  {
    id: 'META-LINKS-STRUCTURE',
    title: 'meta.links: previous first, next last, page items in order with one active, "..." gaps with null url',
    area: 'links', level: 'must', suite: 'pagination',
    checks: ['checkMetaLinksStructure'],
    basis: `${PAGE} 200 example meta.links (pagination.previous, "1" active, pagination.next). ${LARAVEL}: UrlWindow elements with "..." separators.`,
  },
  {
    id: 'LINKS-ORIGIN',
    title: 'Link URLs use the scheme and host the suite called',
    area: 'links', level: 'should', suite: 'pagination',
    checks: ['checkLinks'],
    basis: 'Behind a proxy, a Laravel app without trusted proxies emits http:// or an internal host; a vendor may legitimately emit its canonical host instead.',
  },
  {
    id: 'LINKS-KEEP-PER-PAGE',
    title: 'links.next keeps a non-default per_page',
    area: 'links', level: 'should', suite: 'pagination',
    checks: ['checkLinks', 'observeQueryStringKept'],
    basis: `${LARAVEL}: links carry only ?page=N unless the app calls withQueryString(); a client following next then silently switches to 25 per page.`,
  },
  {
    id: 'META-LINKS-WINDOW',
    title: 'meta.links lists the page window Laravel computes for the target\'s own window size',
    area: 'links', level: 'should', suite: 'walk',
    checks: ['checkMetaLinksWindow'],
    basis: `${LARAVEL}: UrlWindow with onEachSide(n) (3 by default): all pages up to 2n+7 pages, else the sliding window with first two and last two pages.`,
  },

  // walking the collection
  {
    id: 'WALK-EACH-RECORD-ONCE',
    title: 'Walking all pages yields every record exactly once (meta.total records, no duplicates)',
    area: 'walk', level: 'must', suite: 'walk',
    checks: ['checkWalk', 'checkSampledPages'],
    basis: `${PAGE}: "A list of all created codes"; paging must neither repeat nor skip records.`,
  },
  {
    id: 'WALK-STABLE-ORDER',
    title: 'Records come in one stable order, the same for every page size and on repeated requests',
    area: 'walk', level: 'must', suite: 'walk',
    checks: ['checkSameOrder', 'checkRepeatable', 'checkSampledPages'],
    basis: 'Offset pagination over an unstable order shows records twice or never.',
  },

  // records
  {
    id: 'REC-TIMESTAMPS',
    title: 'Record timestamps are real dates in the documented formats',
    area: 'records', level: 'must', suite: 'pagination',
    checks: ['checkRecords'],
    basis: `${PAGE} 200 example: "expired_at": "2022-04-19 17:16:00"; intercom "updated_at": "2022-04-18T17:25:56.000000Z".`,
  },
  {
    id: 'REC-IS-EXPIRED',
    title: 'is_expired agrees with expired_at (records more than 14 hours from now)',
    area: 'records', level: 'must', suite: 'pagination',
    checks: ['checkRecords'],
    basis: `${PAGE} 200 example: expired_at in the past with "is_expired": true. The server's time zone is unknown, so records within 14 hours of now are not judged.`,
  },
  {
    id: 'REC-DELETE-AFTER-EXPIRY',
    title: 'will_deleted_at is not before expired_at',
    area: 'records', level: 'must', suite: 'pagination',
    checks: ['checkRecords'],
    basis: `${PAGE} 200 example: "expired_at": "2022-04-19 17:16:00", "will_deleted_at": "2022-04-20 17:16:00".`,
  },

  // auth
  {
    id: 'AUTH-MISSING-TOKEN',
    title: 'No Authorization header: 401',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized'],
    basis: `${PAGE}: "401 Authorization token not provided or invalid".`,
  },
  {
    id: 'AUTH-EMPTY-BEARER',
    title: 'An empty bearer token: 401',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized'],
    basis: `${PAGE}: "401 Authorization token not provided or invalid".`,
  },
  {
    id: 'AUTH-WRONG-SCHEME',
    title: 'The token under another scheme (Basic, none): 401',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized', 'observeBearerSchemeCase'],
    basis: `${PAGE}: "Authorization: Bearer token". ${LARAVEL}: Request::bearerToken() reads only the Bearer scheme.`,
  },
  {
    id: 'AUTH-WRONG-TOKEN',
    title: 'A wrong bearer token: 401',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized'],
    basis: `${PAGE}: "401 Authorization token not provided or invalid".`,
  },
  {
    id: 'AUTH-BEFORE-VALIDATION',
    title: 'Invalid parameters without a valid token give 401, not 422',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized'],
    basis: `${LARAVEL}: the auth middleware runs before the controller's validation.`,
  },
  {
    id: 'AUTH-NO-DATA-LEAK',
    title: 'A 401 answer carries no codes or pagination data',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized'],
    basis: 'An unauthenticated caller must learn nothing about the codes (they open real doors).',
  },
  {
    id: 'AUTH-EVERY-CLIENT',
    title: 'Every documented X-Client value is refused without a valid token',
    area: 'auth', level: 'must', suite: 'auth',
    checks: ['checkUnauthorized'],
    basis: `${PAGE}: "X-Client: ios-cctv|android-cctv|thick-legal|web"; authentication does not depend on the client.`,
  },

  // validation
  {
    id: 'VAL-PAGE-INVALID',
    title: 'A clearly invalid page (abc, 1.5, 0, -1) gives 422 naming page',
    area: 'validation', level: 'must', suite: 'validation',
    checks: ['checkValidationError'],
    basis: `${PAGE}: "page: int"; "422 Returns a JSON object with an error". ${LARAVEL}: integer|min:1.`,
  },
  {
    id: 'VAL-PER-PAGE-INVALID',
    title: 'A clearly invalid per_page (abc, 1.5, 0, -1) gives 422 naming per_page',
    area: 'validation', level: 'must', suite: 'validation',
    checks: ['checkValidationError'],
    basis: `${PAGE}: "per_page: int"; "422 Returns a JSON object with an error". ${LARAVEL}: integer|min:1.`,
  },
  {
    id: 'VAL-ALL-ERRORS',
    title: 'Both parameters invalid: 422 naming both',
    area: 'validation', level: 'must', suite: 'validation',
    checks: ['checkValidationError'],
    basis: `${LARAVEL}: the validator reports every failing attribute in errors, not only the first.`,
  },
  {
    id: 'VAL-AMBIGUOUS-INPUT',
    title: 'Ambiguous values (spaces, +, leading zeros, exponents, huge, empty, omitted) give a consistent 200 or a 422 naming the parameter',
    area: 'validation', level: 'must', suite: 'validation',
    checks: ['checkAmbiguous', 'checkAmbiguousPage'],
    basis: `${PAGE}: per_page is "required" and "25 by default"; no maximum is documented. Either reading is accepted; the report names the target's.`,
  },
  {
    id: 'VAL-FUZZ',
    title: 'Arbitrary query values never give a 5xx, a hang or a non-JSON body',
    area: 'validation', level: 'must', suite: 'validation',
    checks: ['checkFuzzAnswer', 'checkCrashProbe'],
    basis: 'Property-based (fast-check): any query string is answered with 200 or 422 (or 401 without a token).',
  },

  // headers
  {
    id: 'CLIENT-EVERY-VALUE',
    title: 'Every documented X-Client value gets the same conforming 200',
    area: 'headers', level: 'must', suite: 'clients',
    checks: ['checkClientParity', 'checkPage'],
    basis: `${PAGE}: "X-Client: ios-cctv|android-cctv|thick-legal|web".`,
  },
  {
    id: 'CLIENT-UNKNOWN-OR-MISSING',
    title: 'An unknown or missing X-Client, or a missing X-UUID, is answered without a server error',
    area: 'headers', level: 'must', suite: 'clients',
    checks: ['checkHeaderTolerance', 'observeHeaderChoice'],
    basis: `${PAGE} says nothing of X-Client/X-UUID errors: a 200 or a 4xx JSON answer are both accepted, a 5xx or a hang never.`,
  },
];

const byId = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function requirement(id: string): Requirement {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown requirement id ${id}`);
  return r;
}

/** The ids a suite judges, in catalogue order. */
export function requirementsOf(suite: SuiteName): string[] {
  return REQUIREMENTS.filter((r) => r.suite === suite).map((r) => r.id);
}

export function isRequirementId(id: string): boolean {
  return byId.has(id);
}
