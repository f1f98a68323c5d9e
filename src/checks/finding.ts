/** Tiny constructors for Findings, shared by every check module (one shape, one place). */
import type { Finding } from '../evidence.ts';

/** What a violation is about, as data rather than words: the field it judges, and the values it relied on. */
export type Facts = Pick<Finding, 'field' | 'given'>;

/** An assertion that held. */
export function pass(requirementId: string, message: string, exchangeIds: string[] = []): Finding {
  return { requirementId, ok: true, message, exchangeIds };
}

/** An assertion that failed: `message` is one line, "Received X, documented Y". */
export function violation(
  requirementId: string,
  message: string,
  expected: unknown,
  actual: unknown,
  exchangeIds: string[] = [],
  facts: Facts = {},
): Finding {
  const f: Finding = { requirementId, ok: false, message, expected, actual, exchangeIds };
  if (facts.field !== undefined) f.field = facts.field;
  if (facts.given !== undefined && Object.keys(facts.given).length > 0) f.given = facts.given;
  return f;
}

/** pass() when `ok`, else violation(): for assertions whose two outcomes share the data. */
export function verdict(
  requirementId: string,
  ok: boolean,
  messages: { pass: string; fail: string },
  expected: unknown,
  actual: unknown,
  exchangeIds: string[] = [],
  facts: Facts = {},
): Finding {
  return ok
    ? pass(requirementId, messages.pass, exchangeIds)
    : violation(requirementId, messages.fail, expected, actual, exchangeIds, facts);
}
