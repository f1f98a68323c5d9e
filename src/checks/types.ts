/** Inputs shared by the pure check functions in this folder. */
import type { Exchange } from '../evidence.ts';

/** The query as the suite sent it: raw strings, undefined = parameter omitted. */
export interface PageQuery {
  page?: string;
  perPage?: string;
}

/** One recorded exchange with the query it was sent with and its body parsed. */
export interface Sample {
  exchange: Exchange;
  query: PageQuery;
  /** Parsed JSON body; undefined when there is no response or the body is not JSON. */
  json: unknown;
}

export interface CheckContext {
  /** The endpoint URL the suite called, e.g. "https://host/vms/api/v1/intercom/codes". */
  endpointUrl: string;
  /** The suite's clock, for is_expired. */
  now: Date;
}

export function toSample(exchange: Exchange, query: PageQuery): Sample {
  let json: unknown;
  if (exchange.response) {
    try {
      json = JSON.parse(exchange.response.body);
    } catch {
      json = undefined;
    }
  }
  return { exchange, query, json };
}
