/**
 * Probable cause first: when several requirements fail on the same observed fact (the same wrong field with
 * the same received and documented values, or on the same requests), the report and the console lead with that
 * fact and list the other failures as its consequences. Pure: from the RunResult.
 *
 * The fact is read from the checks' shared wording "Received <field> <value> ..." (src/checks), the values from
 * the violations' expected/actual. The lead requirement is the one that checks that field (its title names it),
 * else the one that states it most often.
 */
import type { CheckResult, Finding, RunResult } from '../src/evidence.ts';
import { fieldName, fieldPointer } from './findings.ts';

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

interface Statement {
  check: CheckResult;
  pointer: string;
  pair: string;
  violation: Finding;
}

const json = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return String(v);
  }
};

export function probableCauses(result: RunResult): ProbableCause[] {
  const problems = result.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  const statements: Statement[] = [];
  for (const check of problems) {
    for (const v of check.violations) {
      const pointer = fieldPointer(v.message);
      if (pointer && v.actual !== undefined) statements.push({ check, pointer, pair: json([v.actual, v.expected]), violation: v });
    }
  }
  const pointers = [...new Set(statements.map((s) => s.pointer))];
  const causes: ProbableCause[] = [];
  for (const pointer of pointers) {
    const field = fieldName(pointer);
    const stating = statements.filter((s) => s.pointer === pointer);
    const byCheck = new Map<string, Statement[]>();
    for (const s of stating) byCheck.set(s.check.id, [...(byCheck.get(s.check.id) ?? []), s]);
    const ids = [...byCheck.keys()];
    const lead =
      ids.find((id) => byCheck.get(id)![0].check.title.includes(field)) ?? ids.sort((a, b) => byCheck.get(b)!.length - byCheck.get(a)!.length)[0];
    const leadStatements = byCheck.get(lead)!;
    const pairs = new Set(leadStatements.map((s) => s.pair));
    const leadExchanges = new Set(leadStatements.flatMap((s) => s.violation.exchangeIds ?? []));
    const leaf = field.split('.').pop()!;
    const consequences = problems
      .filter((c) => c.id !== lead)
      .filter((c) =>
        c.violations.some(
          (v) =>
            (fieldPointer(v.message) === pointer && pairs.has(json([v.actual, v.expected]))) ||
            ((v.exchangeIds ?? []).some((id) => leadExchanges.has(id)) && v.message.includes(leaf)),
        ),
      )
      .map((c) => c.id);
    if (consequences.length === 0) continue;
    const values = new Map<string, { actual: unknown; expected: unknown; requests: Set<string> }>();
    for (const s of leadStatements) {
      const entry = values.get(s.pair) ?? { actual: s.violation.actual, expected: s.violation.expected, requests: new Set<string>() };
      for (const id of s.violation.exchangeIds ?? []) entry.requests.add(id);
      values.set(s.pair, entry);
    }
    causes.push({
      field,
      lead,
      values: [...values.values()].map((v) => ({ actual: v.actual, expected: v.expected, requests: v.requests.size })),
      consequences,
      exchangeIds: [...leadExchanges],
    });
  }
  causes.sort((a, b) => b.consequences.length - a.consequences.length);
  // A fact whose lead is itself a consequence of a bigger fact is part of that one.
  const explained = new Set<string>();
  return causes.filter((c) => {
    if (explained.has(c.lead)) return false;
    for (const id of c.consequences) explained.add(id);
    return true;
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
