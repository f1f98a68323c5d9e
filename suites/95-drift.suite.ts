/**
 * Runs after every other suite (file-name order): contract drift over every exchange of the run, i.e. what the
 * target sends that openapi.yaml does not describe. Advice only: it sends nothing, asserts nothing and never
 * changes the verdict; the report rides on task.meta.drift to results.json, report.html and summary.md.
 */
import { test } from 'vitest';
import type { DriftReport } from '../src/evidence.ts';
import { computeDrift } from '../src/drift.ts';
import { loadSpec } from '../src/spec.ts';
import { knownExchanges } from './support/session.ts';

declare module 'vitest' {
  interface TaskMeta {
    drift?: DriftReport;
  }
}

test('DRIFT contract drift: what the target sends that openapi.yaml does not describe (advice)', ({ task }) => {
  task.meta.drift = computeDrift([...knownExchanges()], loadSpec().document);
});
