/**
 * The --only / --skip rule, in one place: entries are requirement ids or prefixes ending in * ("AUTH-*").
 * The flag parser validates the entries; the suites, the aggregation and the reports apply this rule.
 */

/** Requirement ids are upper case; what a user types is matched whatever its case ("auth-*" is "AUTH-*"). */
export function canonicalPattern(pattern: string): string {
  return pattern.trim().toUpperCase();
}

/** Does a requirement id match an --only/--skip pattern ("AUTH-*" matches every AUTH- id), in any case? */
export function matchesPattern(id: string, pattern: string): boolean {
  const p = canonicalPattern(pattern);
  const i = id.toUpperCase();
  return p.endsWith('*') ? i.startsWith(p.slice(0, -1)) : i === p;
}

const matchesAny = (id: string, patterns: readonly string[]): boolean => patterns.some((p) => matchesPattern(id, p));

/** Why a requirement is not run, or undefined when --only/--skip select it. */
export function exclusionReason(id: string, only: readonly string[], skip: readonly string[]): string | undefined {
  if (matchesAny(id, skip)) return 'excluded by --skip';
  if (only.length > 0 && !matchesAny(id, only)) return 'excluded by --only';
  return undefined;
}

export function isSelected(id: string, only: readonly string[], skip: readonly string[]): boolean {
  return exclusionReason(id, only, skip) === undefined;
}
