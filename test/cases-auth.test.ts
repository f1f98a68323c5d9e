/**
 * The 401 matrix's near-miss tokens (src/cases/auth.ts) against the Laravel + Sanctum model of the reference
 * (reference/auth.ts): each near-miss is refused by real Laravel, so asserting 401 for it never fails a real
 * vendor, while what Laravel accepts (the comma cut, the secret alone, the scheme in lower case) is never sent.
 * And every near-miss that holds most of the token is handed to the masker.
 */
import { describe, expect, it } from 'vitest';
import { authCases, lastCharChanged, nearMisses, nearMissSecrets, sanctumParts } from '../src/cases/auth.ts';
import { requirement } from '../src/requirements.ts';
import { bearerToken, isAuthenticated } from '../reference/auth.ts';
import { SecretMasker } from '../src/http/mask.ts';
import { invalidTokens } from '../suites/support/session.ts';

const PLAIN = 'Q7xv0PzLr2NcW9kE4tYb8HsA';
const SANCTUM = '41|kT9mZ2pXv7QwL0sN4rB8yC6dF1gH3jU5';
const HEX = 'a3f09c1d5e7b2468a3f09c1d5e7b2468abcd';
const TOKENS = [PLAIN, SANCTUM, HEX];
const SCHEMES = ['case-insensitive', 'case-sensitive'] as const;

describe('near-miss tokens', () => {
  it('are refused by the Laravel + Sanctum model for every token shape and bearer scheme', () => {
    for (const token of TOKENS) {
      for (const scheme of SCHEMES) {
        expect(isAuthenticated(`Bearer ${token}`, token, scheme), `${token} itself`).toBe(true);
        for (const n of nearMisses(token)) expect(isAuthenticated(`Bearer ${n.value}`, token, scheme), `${n.key} of ${token} (${scheme})`).toBe(false);
      }
    }
  });

  it('leave out what Laravel accepts: no comma, never the token, never the secret part of an id|secret token', () => {
    for (const token of TOKENS) {
      const values = nearMisses(token).map((n) => n.value);
      expect(values.some((v) => v.includes(','))).toBe(false);
      expect(values).not.toContain(token);
      const secret = sanctumParts(token)?.secret;
      if (secret) expect(values).not.toContain(secret);
    }
  });

  it('the model accepts what real Laravel accepts, so the test above could fail', () => {
    expect(isAuthenticated(`Bearer ${PLAIN},anything`, PLAIN)).toBe(true);
    expect(bearerToken(`Bearer ${PLAIN},x`)).toBe(PLAIN);
    expect(isAuthenticated(`Bearer ${sanctumParts(SANCTUM)!.secret}`, SANCTUM)).toBe(true);
    expect(isAuthenticated(`bearer ${PLAIN}`, PLAIN, 'case-insensitive')).toBe(true);
    expect(isAuthenticated(`bearer ${PLAIN}`, PLAIN, 'case-sensitive')).toBe(false);
    expect(isAuthenticated(`Bearer 42|${sanctumParts(SANCTUM)!.secret}`, SANCTUM)).toBe(false);
    expect(isAuthenticated('Bearer ', PLAIN)).toBe(false);
  });

  it('cover the family the issue asks for, with the Sanctum id only for an id|secret token', () => {
    const keys = (t: string) => nearMisses(t).map((n) => n.key);
    expect(keys(SANCTUM)).toEqual(['lastCharChanged', 'appended', 'lastCharRemoved', 'caseSwapped', 'otherId', 'twice', 'literalNull', 'literalUndefined', 'literalEmptyQuotes']);
    expect(keys(PLAIN)).not.toContain('otherId');
    // No letters: no case-swapped near-miss (it would be the token itself).
    expect(keys('1234567890123456')).not.toContain('caseSwapped');
    expect(nearMisses(SANCTUM).find((n) => n.key === 'otherId')!.value).toBe(`42|${sanctumParts(SANCTUM)!.secret}`);
    expect(lastCharChanged('abcx')).toBe('abcy');
  });

  it('name the near-miss in words, never the token', () => {
    for (const token of TOKENS) {
      const labels = nearMisses(token).map((n) => n.label);
      expect(new Set(labels).size).toBe(labels.length);
      for (const l of labels) expect(l).not.toContain(token.slice(0, 8));
    }
  });

  it('every near-miss holding the token is handed to the masker, and masked in text and in the Authorization header', () => {
    for (const token of TOKENS) {
      const secrets = nearMisses(token).filter((n) => n.secret).map((n) => n.value);
      expect(invalidTokens(token)).toEqual(secrets);
      expect(nearMissSecrets(token)).toEqual(secrets);
      const masker = new SecretMasker([token, ...invalidTokens(token)]);
      for (const s of secrets) {
        expect(masker.maskSecrets(`echo ${s} end`)).not.toContain(s);
        expect(masker.maskHeaders({ authorization: `Bearer ${s}` }).authorization).toBe('Bearer ***-altered');
      }
      expect(masker.maskHeaders({ authorization: 'Bearer null' }).authorization).toBe('Bearer null');
    }
  });
});

describe('the 401 matrix as data (lint)', () => {
  for (const token of TOKENS) {
    it(`every case names an auth-suite requirement; no duplicate labels or requests (${token.slice(0, 3)}...)`, () => {
      const cases = authCases(token);
      for (const c of cases) expect(requirement(c.id).suite, c.label).toBe('auth');
      expect(new Set(cases.map((c) => c.label)).size).toBe(cases.length);
      const requests = cases.map((c) => JSON.stringify([c.authorization, c.client ?? null, c.query]));
      expect(new Set(requests).size).toBe(cases.length);
      for (const c of cases) expect(c.label).not.toContain(token);
      // No case the reference (Laravel + Sanctum) would let through.
      for (const c of cases) expect(isAuthenticated(c.authorization ?? undefined, token), c.label).toBe(false);
    });
  }
});
