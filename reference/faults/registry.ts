/**
 * Fault injection for the reference server: each fault is one realistic bug, declared as a small entry with
 * the requirement ids the suite is expected to fail on it (at least those), and hooks that bend the
 * Laravel-correct request handling at well-defined points. The pipeline (reference/server.ts), in order:
 *
 *   respond   before anything: take the request over (hang, reset, HTML page...); return true when handled
 *   auth      after the bearer check: return the new decision (true = let through)
 *   validate  after validation: return another outcome (accept bad input, reject good input, other errors)
 *   params    after validation: change the page / per_page actually used
 *   data      wrap the data source (drop, repeat or reorder records; other totals)
 *   body      any JSON body about to be encoded (ctx.status says which: 200, 401, 422, 404...)
 *   response  after encoding: change status, headers or the body text
 *
 * The entries live in one file per requirement area beside this one (index.ts loads them all).
 * Several faults can be active at once; hooks run in the order the faults were given.
 * Unknown names are an error (resolveFaults), and so are duplicate names or unknown requirement ids.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { DataSource } from '../../fixtures/codes.ts';
import { isRequirementId } from '../../src/requirements.ts';
import type { InputArray } from '../php-query.ts';
import type { PhpJsonValue } from '../php-json.ts';
import type { ValidationOutcome } from '../validate.ts';

export type JsonBody = { [key: string]: PhpJsonValue | undefined };

export interface FaultContext {
  readonly method: string;
  /** Request path without the query string, as received (prefix included). */
  readonly path: string;
  readonly rawQuery: string;
  /** The query after Laravel's TrimStrings + ConvertEmptyStringsToNull. */
  readonly query: InputArray;
  readonly headers: IncomingHttpHeaders;
  /** The token the server issued (what a correct guard accepts), for faults that compare it wrongly. */
  readonly token: string;
  /** X-Client and X-UUID headers as sent. */
  readonly client: string | undefined;
  readonly deviceId: string | undefined;
  /** 1-based number of this request among those the server received. */
  readonly requestNumber: number;
  readonly now: Date;
  /** Collection size behind the endpoint (before any `data` hook). */
  readonly total: number;
  /** Set once known. */
  page?: bigint;
  perPage?: bigint;
  lastPage?: number;
  /** Status of the response being built (set before `body` and `response`). */
  status?: number;
}

export interface DraftResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface PageParams {
  page: bigint;
  perPage: bigint;
}

export interface Fault {
  name: string;
  description: string;
  /** Requirements the suite must report failed on a server with this fault (at least these). */
  requirementIds: readonly string[];
  respond?(req: IncomingMessage, res: ServerResponse, ctx: FaultContext): boolean | Promise<boolean>;
  auth?(ctx: FaultContext, authenticated: boolean): boolean;
  validate?(ctx: FaultContext, outcome: ValidationOutcome): ValidationOutcome;
  params?(ctx: FaultContext, params: PageParams): PageParams;
  data?(source: DataSource, ctx: FaultContext): DataSource;
  body?(body: JsonBody, ctx: FaultContext): JsonBody;
  response?(draft: DraftResponse, ctx: FaultContext): DraftResponse;
}

const REGISTRY = new Map<string, Fault>();

/** Add a fault to the registry (names are unique, requirement ids must exist in the catalogue). */
export function defineFault(fault: Fault): Fault {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(fault.name)) throw new Error(`fault name "${fault.name}" must be kebab-case`);
  if (REGISTRY.has(fault.name)) throw new Error(`fault "${fault.name}" is defined twice`);
  if (fault.requirementIds.length === 0) throw new Error(`fault "${fault.name}" names no requirement it breaks`);
  for (const id of fault.requirementIds) {
    if (!isRequirementId(id)) throw new Error(`fault "${fault.name}": unknown requirement id ${id}`);
  }
  REGISTRY.set(fault.name, Object.freeze({ ...fault, requirementIds: Object.freeze([...fault.requirementIds]) }));
  return fault;
}

export function listFaults(): Fault[] {
  return [...REGISTRY.values()];
}

export function getFault(name: string): Fault {
  const fault = REGISTRY.get(name);
  if (!fault) throw new Error(`unknown fault "${name}" (known: ${[...REGISTRY.keys()].sort().join(', ')})`);
  return fault;
}

export function resolveFaults(names: readonly string[] = []): Fault[] {
  return names.map(getFault);
}
