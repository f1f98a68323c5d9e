/**
 * The one request builder: the URL (query in a client's order) and the four documented headers, for the smoke
 * step and for every suite request alike. What a request leaves out or changes is said by its spec.
 */
import { DEFAULT_PER_PAGE, type TargetConfig, type XClient } from './target.ts';
import type { PageQuery } from './checks/types.ts';

/** Page 1 at the documented default page size: the smoke request and the suites' first page. */
export const FIRST_PAGE: Readonly<PageQuery> = { perPage: String(DEFAULT_PER_PAGE), page: '1' };

export interface RequestSpec {
  query?: PageQuery;
  /** Extra query parameters appended after per_page and page (fuzzing). */
  extra?: Array<[string, string]>;
  /** A full URL to GET instead of the endpoint plus query (following links.next). */
  url?: string;
  /** Authorization header value; undefined = the valid bearer token, null = no header at all. */
  authorization?: string | null;
  /** X-Client; undefined = the configured client, null = header omitted. */
  client?: XClient | string | null;
  /** X-UUID; undefined = the configured device id, null = header omitted. */
  uuid?: string | null;
  /** Accept; undefined = application/json, null = omitted. */
  accept?: string | null;
}

/** What a request needs to know of the target. */
export type RequestTarget = Pick<TargetConfig, 'endpointUrl' | 'token' | 'client' | 'deviceId'>;

/** Builds the query string the way a client would: per_page first, page second, values percent-encoded. */
export function buildUrl(endpointUrl: string, query: PageQuery = {}, extra: Array<[string, string]> = []): string {
  const parts: string[] = [];
  if (query.perPage !== undefined) parts.push(`per_page=${encodeURIComponent(query.perPage)}`);
  if (query.page !== undefined) parts.push(`page=${encodeURIComponent(query.page)}`);
  for (const [k, v] of extra) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `${endpointUrl}?${parts.join('&')}` : endpointUrl;
}

export function buildRequest(t: RequestTarget, spec: RequestSpec): { url: string; headers: Record<string, string> } {
  const url = spec.url ?? buildUrl(t.endpointUrl, spec.query, spec.extra);
  const headers: Record<string, string> = {};
  const set = (name: string, value: string | null | undefined, otherwise: string) => {
    const v = value === undefined ? otherwise : value;
    if (v !== null) headers[name] = v;
  };
  set('accept', spec.accept, 'application/json');
  set('authorization', spec.authorization, `Bearer ${t.token}`);
  set('x-client', spec.client, t.client);
  set('x-uuid', spec.uuid, t.deviceId);
  return { url, headers };
}
