/** Tiny constructors for Findings, shared by every check module (one shape, one place). */
import type { Finding } from '../evidence.ts';

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
): Finding {
  return { requirementId, ok: false, message, expected, actual, exchangeIds };
}

/** pass() when `ok`, else violation(): for assertions whose two outcomes share the data. */
export function verdict(
  requirementId: string,
  ok: boolean,
  messages: { pass: string; fail: string },
  expected: unknown,
  actual: unknown,
  exchangeIds: string[] = [],
): Finding {
  return ok
    ? pass(requirementId, messages.pass, exchangeIds)
    : violation(requirementId, messages.fail, expected, actual, exchangeIds);
}
