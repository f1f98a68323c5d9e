import { describe, expect, it } from 'vitest';
import { syntheticRun } from './report-fixtures.ts';
import { validateResults as validate } from './helpers/artifact-validators.ts';

/** Round-trips through JSON like results.json on disk. */
const onDisk = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('results.schema.json', () => {
  it('accepts a real aggregated result', () => {
    const { result } = syntheticRun();
    const ok = validate(onDisk(result));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts a result with harness errors, stale baseline and known failures', () => {
    const { result } = syntheticRun({ baseline: { 'PAG-LAST-PAGE': 'known', 'PAG-PER-PAGE': 'stale' }, interrupted: true });
    result.harnessErrors = ['suite x threw'];
    expect(result.staleBaseline).toEqual(['PAG-PER-PAGE']);
    expect(validate(onDisk(result))).toBe(true);
  });

  it("accepts an exchange's attempts and waits (a 429 waited out)", () => {
    const r = onDisk(syntheticRun().result);
    r.exchanges.x2.attempts = [
      { startMs: 0, durationMs: 15, status: 429, retryAfterMs: 1000 },
      { startMs: 1015, durationMs: 25, status: 200 },
    ];
    r.exchanges.x2.waits = [{ startMs: 15, ms: 1000, reason: 'retry-after' }];
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a wait of an unknown reason', (r: any) => (r.exchanges.x2.waits = [{ startMs: 0, ms: 5, reason: 'coffee' }])],
    ['an attempt without its duration', (r: any) => (r.exchanges.x2.attempts = [{ startMs: 0 }])],
    ['an unknown verdict', (r: any) => (r.verdict = 'mostly-conformant')],
    ['a short openapi hash', (r: any) => (r.suite.openapiSha256 = 'abc123')],
    ['a non-date startedAt', (r: any) => (r.startedAt = 'yesterday')],
    ['a missing stats.requests', (r: any) => delete r.stats.requests],
    ['an unknown check status', (r: any) => (r.checks[0].status = 'error')],
    ['an unknown severity', (r: any) => (r.checks[0].severity = 'may')],
    ['a check without evaluated', (r: any) => delete r.checks[0].evaluated],
    ['an exchange with neither response nor error', (r: any) => delete r.exchanges.x2.response],
    ['a missing checks array', (r: any) => delete r.checks],
  ])('rejects %s', (_name, breakIt) => {
    const broken = onDisk(syntheticRun().result);
    breakIt(broken);
    expect(validate(broken)).toBe(false);
  });
});
