/**
 * Reads a run's results.json for `diff` and `merge`: a results.json path or the report folder holding one.
 * Anything else (missing, unreadable, not JSON, not a vms-conformance results file, invalid against
 * reporters/results.schema.json) is a UsageError (exit 2) naming the file and what to do.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { RunResult } from '../src/evidence.ts';
import { packagePath } from '../src/paths.ts';
import { UsageError } from './config.ts';
import { SUITE_VERSION } from './run.ts';
import { incompatibleVersions } from '../src/compare-runs.ts';

let validator: ((x: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };

function validate(x: unknown): string | undefined {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    ajvFormats.default(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(packagePath('reporters', 'results.schema.json'), 'utf8')));
  }
  if (validator(x)) return undefined;
  const e = validator.errors?.[0];
  return e ? `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}` : 'invalid';
}

export interface LoadedResults {
  result: RunResult;
  /** The results.json file read. */
  file: string;
  /** The report folder it is in. */
  dir: string;
}

/** `where` is a results.json file or a report folder; `role` names it in messages ("OLD", "folder 2"). */
export function readResultsFile(where: string, cwd: string, role: string): LoadedResults {
  const given = path.resolve(cwd, where);
  let file = given;
  try {
    if (statSync(given).isDirectory()) file = path.join(given, 'results.json');
  } catch {
    throw new UsageError(`${role} ${where} does not exist`, 'give a report folder (the --out of a run) or its results.json');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      file === given ? `${role} ${where} cannot be read` : `${role} ${where} holds no results.json`,
      'give a report folder written by vms-conformance (it holds results.json) or the results.json itself',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${role} ${file} is not JSON, so not a results.json`, 'give the results.json a vms-conformance run wrote (not junit.xml or exchanges.har)');
  }
  const d = data as Partial<RunResult> | null;
  if (!d || typeof d !== 'object' || typeof d.suite?.version !== 'string' || !Array.isArray(d.checks))
    throw new UsageError(`${role} ${file} is not a vms-conformance results file (no suite version or checks)`, 'give the results.json a vms-conformance run wrote');
  const incompatible = incompatibleVersions(d.suite.version, SUITE_VERSION);
  if (incompatible)
    throw new UsageError(`${role} ${file} cannot be read by vms-conformance ${SUITE_VERSION}: ${incompatible}`, `compare runs of one release series, or use the version that wrote it (npx vms-conformance@${d.suite.version})`);
  const problem = validate(data);
  if (problem)
    throw new UsageError(`${role} ${file} is not a valid results.json (suite ${d.suite.version}): ${problem}`, 'it was edited or written by an incompatible suite version; rerun the suite to get a fresh one');
  return { result: data as RunResult, file, dir: path.dirname(file) };
}
