/**
 * The request cases as data (src/cases/, and the ambiguous values of src/checks/ambiguous.ts), linted like
 * JSON-Schema-Test-Suite lints its own tests: every case names a requirement of the suite that sends it, and no
 * two cases share a label, a key or a request (a duplicate wastes budget and hides a missing case).
 */
import { describe, expect, it } from 'vitest';
import { INVALID_CASES } from '../src/cases/validation.ts';
import { ODD_HEADERS } from '../src/cases/headers.ts';
import { crashProbes } from '../src/cases/crash.ts';
import { AMBIGUOUS_CASES } from '../src/checks/ambiguous.ts';
import { requirement } from '../src/requirements.ts';

const unique = (xs: string[]) => new Set(xs).size === xs.length;

describe('request cases as data', () => {
  it('the 422 matrix: each case a validation requirement, its offending parameters invalid in its query; no duplicates', () => {
    for (const c of INVALID_CASES) {
      expect(requirement(c.id).suite, c.label).toBe('validation');
      expect(c.offending.length, c.label).toBe(c.id === 'VAL-ALL-ERRORS' ? 2 : 1);
      for (const p of c.offending) expect(c.label).toContain(`${p}=`);
    }
    expect(unique(INVALID_CASES.map((c) => c.label))).toBe(true);
    expect(unique(INVALID_CASES.map((c) => JSON.stringify(c.query)))).toBe(true);
    // both parameters at least once each, alone
    expect(INVALID_CASES.some((c) => c.id === 'VAL-PAGE-INVALID')).toBe(true);
    expect(INVALID_CASES.some((c) => c.id === 'VAL-PER-PAGE-INVALID')).toBe(true);
  });

  it('ambiguous values: unique keys and (parameter, value) pairs', () => {
    expect(unique(AMBIGUOUS_CASES.map((c) => c.key))).toBe(true);
    expect(unique(AMBIGUOUS_CASES.map((c) => JSON.stringify([c.param, c.raw ?? null])))).toBe(true);
    for (const c of AMBIGUOUS_CASES) expect(c.key.startsWith(c.param === 'per_page' ? 'perPage.' : `${c.param}.`), c.key).toBe(true);
  });

  it('odd headers: unique keys, labels and header combinations, each changing something', () => {
    expect(unique(ODD_HEADERS.map((c) => c.key))).toBe(true);
    expect(unique(ODD_HEADERS.map((c) => c.label))).toBe(true);
    expect(unique(ODD_HEADERS.map((c) => JSON.stringify([c.client === undefined ? 'default' : c.client, c.uuid === undefined ? 'default' : c.uuid])))).toBe(true);
    for (const c of ODD_HEADERS) expect(c.client !== undefined || c.uuid !== undefined, c.key).toBe(true);
    expect(requirement('CLIENT-UNKNOWN-OR-MISSING').suite).toBe('clients');
  });

  it('crash-class probes: no query repeats one the 422 matrix or the ambiguous values already send', () => {
    const sent = new Set(INVALID_CASES.map((c) => `per_page=${encodeURIComponent(c.query.perPage ?? '')}&page=${encodeURIComponent(c.query.page ?? '')}`));
    for (const p of crashProbes()) expect(sent.has(p.rawQuery), p.key).toBe(false);
    expect(requirement('VAL-FUZZ').suite).toBe('validation');
  });
});
