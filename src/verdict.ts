/**
 * The verdict's words, in one place: the label, the exit status, the stale-baseline sentence and the headline
 * (label plus qualifier, and one sentence that is true in every state). The CLI and every reporter (banner,
 * console, summary.md, junit.xml, index.html) take them from here, so they can never contradict each other.
 */
import type { CheckResult, RunResult, Status } from './evidence.ts';

export type VerdictLabel = 'HARNESS ERROR' | 'INCOMPLETE' | 'CONFORMANT' | 'NON-CONFORMANT';
/** Colour family: a verdict is green or red; no verdict (harness error, incomplete, interrupted) is neither. */
export type Tone = 'conformant' | 'non-conformant' | 'harness';

export const EXIT = { conformant: 0, nonConformant: 1, setup: 2, interrupted: 130 } as const;

/** How many requirements ended in each status. */
export function countStatuses(checks: CheckResult[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

/** The run's label: a harness error or an incomplete run is no verdict. */
export function verdictLabel(result: RunResult): VerdictLabel {
  if (result.harnessErrors && result.harnessErrors.length > 0) return 'HARNESS ERROR';
  return result.verdict === 'incomplete' ? 'INCOMPLETE' : result.verdict === 'conformant' ? 'CONFORMANT' : 'NON-CONFORMANT';
}

/** Harness errors and incomplete runs → 2 (no verdict); non-conformant → 1; else 0. (The CLI handles interrupted runs.) */
export function exitCodeOf(result: RunResult): 0 | 1 | 2 {
  if (result.harnessErrors && result.harnessErrors.length > 0) return EXIT.setup;
  if (result.verdict === 'incomplete') return EXIT.setup;
  return result.verdict === 'non-conformant' ? EXIT.nonConformant : EXIT.conformant;
}

/** The message for a stale baseline entry, as documented. */
export function staleBaselineMessage(id: string): string {
  return `baseline entry ${id} is stale: the requirement now passes; remove it`;
}

export interface Headline {
  label: VerdictLabel;
  /** What follows the label on the same line: ", 4 known failures (baseline)"; '' when nothing. */
  qualifier: string;
  /** label + qualifier (+ " (interrupted)"): the one line every report leads with. */
  text: string;
  /** One sentence under the label, true in every state. */
  sentence: string;
  tone: Tone;
  interrupted: boolean;
  /** Requirements that fail the verdict (not the known ones). */
  failing: string[];
  /** Failures accepted by the baseline. */
  known: string[];
  stale: string[];
  /** MUST requirements the run could not evaluate (budget, deadline, interruption). */
  cutShort: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function headlineOf(result: RunResult): Headline {
  const label = verdictLabel(result);
  const counts = countStatuses(result.checks);
  const failing = result.checks.filter((c) => c.status === 'fail' && !c.knownFailure).map((c) => c.id);
  const known = result.checks.filter((c) => c.status === 'fail' && c.knownFailure).map((c) => c.id);
  const stale = result.staleBaseline ?? [];
  const cutShort = result.checks.filter((c) => c.severity === 'must' && c.cutShort).map((c) => c.id);
  const interrupted = result.interrupted;

  const parts: string[] = [];
  if (label === 'NON-CONFORMANT' && failing.length) parts.push(plural(failing.length, 'requirement failed', 'requirements failed'));
  if (stale.length) parts.push(plural(stale.length, 'stale baseline entry', 'stale baseline entries'));
  if (known.length) parts.push(`${plural(known.length, 'known failure', 'known failures')} (baseline)`);
  if (label === 'INCOMPLETE') parts.unshift(`${plural(cutShort.length, 'MUST requirement', 'MUST requirements')} not evaluated`);
  const qualifier = parts.length && label !== 'HARNESS ERROR' ? `, ${parts.join(', ')}` : '';

  const tail = `(${counts.pass} passed, ${plural(counts.warn, 'warning', 'warnings')}, ${counts.skip} skipped)`;
  const knownNote = known.length
    ? ` ${plural(known.length, 'requirement still fails', 'requirements still fail')} but ${known.length === 1 ? 'is' : 'are'} accepted as known by the baseline: ${known.join(', ')}.`
    : '';
  let sentence: string;
  if (label === 'HARNESS ERROR') {
    sentence = `The harness itself failed: this is not a verdict on the target (the target's own verdict so far: ${result.verdict}).`;
  } else if (label === 'INCOMPLETE') {
    sentence = `No MUST requirement failed, but ${cutShort.length} were not evaluated (request budget, deadline, rate limit or interruption): this is not a verdict.${knownNote}`;
  } else if (label === 'NON-CONFORMANT') {
    const failed = failing.length ? `${plural(failing.length, 'requirement', 'requirements')} failed: ${failing.join(', ')}.` : 'No requirement failed outside the baseline.';
    const staleText = stale.length ? ` ${stale.map(staleBaselineMessage).join('; ')}.` : '';
    sentence = `${failed}${staleText}${knownNote}`;
  } else {
    sentence = known.length
      ? `Every evaluated MUST requirement held apart from the known failures ${tail}.${knownNote}`
      : `Every evaluated MUST requirement held ${tail}.`;
  }
  if (interrupted) {
    sentence = `The run was interrupted: requirements not reached count as skipped. ${sentence}`;
  }
  const tone: Tone = label === 'CONFORMANT' ? 'conformant' : label === 'NON-CONFORMANT' ? 'non-conformant' : 'harness';
  return {
    label,
    qualifier,
    text: `${label}${qualifier}${interrupted ? ' (interrupted)' : ''}`,
    sentence,
    tone,
    interrupted,
    failing,
    known,
    stale,
    cutShort,
  };
}
