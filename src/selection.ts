/**
 * The --only / --skip rule, in one place: entries are requirement ids or prefixes ending in * ("AUTH-*").
 * The flag parser validates the entries; the suites, the aggregation and the reports apply this rule.
 */

/** Does a requirement id match an --only/--skip pattern ("AUTH-*" matches every AUTH- id)? */
export function matchesPattern(id: string, pattern: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
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
