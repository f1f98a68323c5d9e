/**
 * Probable cause first: when several requirements fail on the same observed fact (the same wrong field with the
 * same received value on the same requests), the report and the console lead with that fact and list the other
 * failures as its consequences. Pure: from the RunResult.
 *
 * The fact rests on what the violations carry as data (src/checks): the field a violation judges (Finding.field,
 * with expected/actual its documented and received values), the body values it relied on (Finding.given), and
 * the paths of schema errors (the received value read from the body). Only a violation with none of these falls
 * back to the checks' wording "Received <field> <value> ...". A requirement follows from a fact when one of its
 * violations
 * - judges the same field with the same received and documented values, or
 * - is a schema error on that field whose received value the lead calls wrong, or
 * - relied on that field's value on a request where the lead calls that very value wrong
 *   (a wording-only violation: names the field on one of the lead's requests).
 * The lead is the requirement that checks that field (its title names it), else the one that states it most.
 */
import type { CheckResult, Exchange, Finding, RunResult } from '../src/evidence.ts';
import { fieldName, fieldPointer } from './findings.ts';
import { parseJsonBody } from '../src/checks/types.ts';

export interface ProbableCause {
  /** "meta.last_page" */
  field: string;
  lead: string;
  /** Distinct received/documented pairs on the lead's requests, with how many requests showed each. */
  values: Array<{ actual: unknown; expected: unknown; requests: number }>;
  /** Other failing (or warning) requirements that follow from the same fact. */
  consequences: string[];
  /** The lead's exchanges that show it. */
  exchangeIds: string[];
}

/** One violation saying "field `pointer` has value `actual`" (documented `expected`, unless it is a schema error). */
interface Statement {
  check: CheckResult;
  pointer: string;
  actual: unknown;
  expected: unknown;
  /** [actual, expected] as JSON; undefined for a schema error (the schema documents no single value). */
  pair?: string;
  violation: Finding;
}

const json = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return String(v);
  }
};

/** A violation that carries no structured fact: only its wording can tell what it is about. */
const wordingOnly = (v: Finding) => v.field === undefined && v.given === undefined && !v.schemaErrors?.length;

/** The value at a JSON pointer in a parsed body; undefined when it is not there. */
function valueAt(body: unknown, pointer: string): unknown {
  let at = body;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function statementsOf(check: CheckResult, v: Finding, bodyOf: (id: string) => unknown): Statement[] {
  const stated = (pointer: string, actual: unknown, expected: unknown): Statement => ({ check, pointer, actual, expected, pair: json([actual, expected]), violation: v });
  if (v.field !== undefined) return [stated(v.field, v.actual, v.expected)];
  if (v.schemaErrors?.length) {
    // A schema error names a path; what was received there is in the body it was found in (masked like it).
    const body = bodyOf(v.exchangeIds?.[0] ?? '');
    return v.schemaErrors.flatMap((e) => {
      const actual = e.path ? valueAt(body, e.path) : undefined;
      return actual !== undefined && (actual === null || typeof actual !== 'object') ? [{ check, pointer: e.path, actual, expected: undefined, violation: v }] : [];
    });
  }
  if (v.given !== undefined) return [];
  const pointer = fieldPointer(v.message);
  return pointer && v.actual !== undefined ? [stated(pointer, v.actual, v.expected)] : [];
}

/** Parsed bodies of the evidence exchanges, each parsed once. */
function bodies(exchanges: Record<string, Exchange>): (id: string) => unknown {
  const parsed = new Map<string, unknown>();
  return (id) => {
    if (!parsed.has(id)) {
      let body: unknown;
      try {
        body = parseJsonBody(exchanges[id]?.response?.body ?? '');
      } catch {
        body = undefined;
      }
      parsed.set(id, body);
    }
    return parsed.get(id);
  };
}

export function probableCauses(result: RunResult): ProbableCause[] {
  const problems = result.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  const bodyOf = bodies(result.exchanges);
  const statements = problems.flatMap((check) => check.violations.flatMap((v) => statementsOf(check, v, bodyOf)));
  const causes: ProbableCause[] = [];
  // A fact needs a documented value to be stated as wrong: schema errors only follow from one.
  for (const pointer of new Set(statements.filter((s) => s.pair !== undefined).map((s) => s.pointer))) {
    const cause = causeOf(pointer, statements, problems);
    if (cause) causes.push(cause);
  }
  const order = new Map(problems.map((c, i) => [c.id, i]));
  const causesFirst = rootsFirst(causes);
  for (const c of causesFirst) c.consequences.sort((a, b) => order.get(a)! - order.get(b)!);
  return causesFirst;
}

function causeOf(pointer: string, statements: Statement[], problems: CheckResult[]): ProbableCause | undefined {
  const field = fieldName(pointer);
  const byCheck = new Map<string, Statement[]>();
  for (const s of statements) if (s.pointer === pointer && s.pair !== undefined) byCheck.set(s.check.id, [...(byCheck.get(s.check.id) ?? []), s]);
  const ids = [...byCheck.keys()];
  const title = (id: string) => byCheck.get(id)![0].check.title;
  const lead =
    ids.find((id) => title(id).startsWith(field)) ??
    ids.find((id) => title(id).includes(field)) ??
    [...ids].sort((a, b) => byCheck.get(b)!.length - byCheck.get(a)!.length)[0];
  const leadStatements = byCheck.get(lead)!;
  const pairs = new Set(leadStatements.map((s) => s.pair));
  const wrongValues = new Set(leadStatements.map((s) => json(s.actual)));
  // On each of the lead's requests, the value it calls wrong.
  const wrongOn = new Map<string, Set<string>>();
  for (const s of leadStatements) for (const id of s.violation.exchangeIds ?? []) wrongOn.set(id, new Set([...(wrongOn.get(id) ?? []), json(s.actual)]));
  const leaf = field.split('.').pop()!;

  const follows = (c: CheckResult): boolean =>
    statements.some((s) => s.check === c && s.pointer === pointer && (s.pair === undefined ? wrongValues.has(json(s.actual)) : pairs.has(s.pair))) ||
    c.violations.some((v) => {
      const on = (v.exchangeIds ?? []).filter((id) => wrongOn.has(id));
      if (v.given && Object.hasOwn(v.given, pointer)) return on.some((id) => wrongOn.get(id)!.has(json(v.given![pointer])));
      return wordingOnly(v) && on.length > 0 && v.message.includes(leaf);
    });
  const consequences = problems.filter((c) => c.id !== lead && follows(c)).map((c) => c.id);
  if (consequences.length === 0) return undefined;

  const values = new Map<string, { actual: unknown; expected: unknown; requests: Set<string> }>();
  for (const s of leadStatements) {
    const entry = values.get(s.pair!) ?? { actual: s.actual, expected: s.expected, requests: new Set<string>() };
    for (const id of s.violation.exchangeIds ?? []) entry.requests.add(id);
    values.set(s.pair!, entry);
  }
  return {
    field,
    lead,
    values: [...values.values()].map((v) => ({ actual: v.actual, expected: v.expected, requests: v.requests.size })),
    consequences,
    exchangeIds: [...wrongOn.keys()],
  };
}

/**
 * A fact whose lead is itself a consequence of another fact is part of that one (a wrong per_page makes last_page
 * look wrong): it is left out and what follows from it is listed under the root. Roots first, the largest first.
 */
function rootsFirst(causes: ProbableCause[]): ProbableCause[] {
  const derivedFrom = (c: ProbableCause) => causes.find((o) => o !== c && o.consequences.includes(c.lead) && !c.consequences.includes(o.lead));
  const roots = causes.filter((c) => !derivedFrom(c)).sort((a, b) => b.consequences.length - a.consequences.length);
  for (const root of roots) {
    // Everything that follows from a derived fact follows from its root too.
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of causes) {
        if (roots.includes(c) || !root.consequences.includes(c.lead)) continue;
        for (const id of c.consequences) {
          if (id === root.lead || root.consequences.includes(id)) continue;
          root.consequences.push(id);
          grew = true;
        }
      }
    }
  }
  // Two roots may still share consequences: each requirement is listed under the first (largest) only.
  const explained = new Set<string>();
  return roots.filter((c) => {
    if (explained.has(c.lead)) return false;
    c.consequences = c.consequences.filter((id) => !explained.has(id));
    for (const id of c.consequences) explained.add(id);
    return c.consequences.length > 0;
  });
}

/** One sentence: the fact, then what follows from it. */
export function causeSentence(c: ProbableCause, maxValues = 3): string {
  const vals = c.values
    .slice(0, maxValues)
    .map((v) => `${json(v.actual)} where ${json(v.expected)} is documented (${v.requests} request${v.requests === 1 ? '' : 's'})`);
  const more = c.values.length > maxValues ? `, and ${c.values.length - maxValues} more values` : '';
  return `${c.field} is wrong: received ${vals.join(', ')}${more}. ${c.lead} fails on it directly; ${c.consequences.join(', ')} ${c.consequences.length === 1 ? 'fails' : 'fail'} on the same value. Fix ${c.field} first.`;
}
