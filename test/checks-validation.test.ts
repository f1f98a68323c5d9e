import { describe, expect, it } from 'vitest';
import { checkValidationError } from '../src/checks/validation.ts';
import { codesPage, makeSample } from './helpers/exchange.ts';

const laravelBoth = {
  message: 'The per page field must be an integer. (and 1 more error)',
  errors: { per_page: ['The per page field must be an integer.'], page: ['The page field must be at least 1.'] },
};
const q = { perPage: 'abc', page: '0' };

describe('checkValidationError', () => {
  it('Laravel 422 for one and both parameters passes', () => {
    const one = makeSample({ status: 422, body: { message: 'The page field must be an integer.', errors: { page: ['The page field must be an integer.'] } }, query: { page: 'abc', perPage: '25' } });
    expect(checkValidationError(one, ['page'], 'VAL-PAGE-INVALID')).toMatchObject([{ ok: true, requirementId: 'VAL-PAGE-INVALID' }]);
    const both = makeSample({ status: 422, body: laravelBoth, query: q, headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(checkValidationError(both, ['per_page', 'page'], 'VAL-ALL-ERRORS')).toMatchObject([{ ok: true }]);
  });

  it('custom wording and extra keys are fine', () => {
    const s = makeSample({ status: 422, body: { message: "There won't be any informative message here", errors: { per_page: ['Ungültig'], locale: ['x'] } }, query: { perPage: '-1', page: '1' } });
    expect(checkValidationError(s, ['per_page'], 'VAL-PER-PAGE-INVALID')[0]!.ok).toBe(true);
  });

  it('only the first error for both invalid fails VAL-ALL-ERRORS', () => {
    const s = makeSample({ status: 422, body: { message: 'The per page field must be an integer.', errors: { per_page: ['The per page field must be an integer.'] } }, query: q });
    const f = checkValidationError(s, ['per_page', 'page'], 'VAL-ALL-ERRORS');
    expect(f).toHaveLength(1);
    expect(f[0]!.ok).toBe(false);
    expect(f[0]!.message).toContain('errors names only per_page, not page');
  });

  it('errors missing, wrong key, value a string, empty message', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ message: 'The given data was invalid.' }, /errors is missing/],
      [{ message: 'x', errors: { pageNumber: ['bad'] } }, /errors has no "page" key \(keys: "pageNumber"\)/],
      [{ message: 'x', errors: { page: 'The page field must be an integer.' } }, /errors.page is a string, not an array/],
      [{ message: 'x', errors: { page: [''] } }, /non-empty strings/],
      [{ message: 'x', errors: { page: [] } }, /empty array/],
      [{ errors: { page: ['bad'] } }, /message is missing, not a string/],
    ];
    for (const [body, re] of cases) {
      const f = checkValidationError(makeSample({ status: 422, body, query: { page: 'abc' } }), ['page'], 'VAL-PAGE-INVALID');
      expect(f.some((x) => !x.ok && re.test(x.message)), `${JSON.stringify(body)} → ${f.map((x) => x.message).join(' | ')}`).toBe(true);
      expect(f.every((x) => x.requirementId === 'VAL-PAGE-INVALID')).toBe(true);
    }
  });

  it('400 instead of 422, 200 accepting an invalid value, 5xx on 0', () => {
    const bad400 = checkValidationError(makeSample({ status: 400, body: { message: 'Bad Request' }, query: { page: 'abc' } }), ['page'], 'VAL-PAGE-INVALID');
    expect(bad400[0]!.message).toBe('Received 400 for page="abc", documented 422 naming page');
    const ok200 = checkValidationError(makeSample({ status: 200, body: codesPage({ total: 1 }), query: { page: '1.5' } }), ['page'], 'VAL-PAGE-INVALID');
    expect(ok200[0]!.message).toContain('accepted an invalid value');
    const s500 = checkValidationError(makeSample({ status: 500, statusText: 'Internal Server Error', body: '', query: { perPage: '0', page: '1' } }), ['per_page'], 'VAL-PER-PAGE-INVALID');
    expect(s500[0]!.message).toBe('Received 500 Internal Server Error for per_page="0", documented 422 naming per_page');
    expect(s500[0]!.ok).toBe(false);
  });

  it('a non-JSON 422 and no answer are violations; budget is not judged', () => {
    expect(checkValidationError(makeSample({ status: 422, body: '<html>', query: { page: '0' } }), ['page'], 'VAL-PAGE-INVALID')[0]!.ok).toBe(false);
    expect(checkValidationError(makeSample({ error: { kind: 'reset', message: 'ECONNRESET' }, query: { page: '0' } }), ['page'], 'VAL-PAGE-INVALID')[0]!.ok).toBe(false);
    const stopped = makeSample({ error: { kind: 'deadline', message: 'x' } });
    expect(checkValidationError(stopped, ['page'], 'VAL-PAGE-INVALID')).toEqual([{ requirementId: 'VAL-PAGE-INVALID', ok: true, message: 'not judged: x', exchangeIds: [stopped.exchange.id] }]);
  });
});
