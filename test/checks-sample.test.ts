/** toSample: the body is parsed when a check first reads it, once (src/checks/types.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSample } from '../src/checks/types.ts';
import { makeExchange } from './helpers/exchange.ts';

afterEach(() => vi.restoreAllMocks());

describe('toSample', () => {
  it('parses the body on the first read of json, and only once', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const s = toSample(makeExchange({ status: 200, body: { data: [{ id: 1 }] } }), { page: '1' });
    expect(parse).not.toHaveBeenCalled();
    expect(s.json).toEqual({ data: [{ id: 1 }] });
    expect(s.json).toBe(s.json);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(s.query).toEqual({ page: '1' });
  });

  it('reads past a byte order mark; invalid JSON, an empty body and no answer read as undefined', () => {
    expect(toSample(makeExchange({ status: 200, body: '\uFEFF{"a":1}' }), {}).json).toEqual({ a: 1 });
    expect(toSample(makeExchange({ status: 200, body: '{"a":' }), {}).json).toBeUndefined();
    expect(toSample(makeExchange({ status: 200, body: '' }), {}).json).toBeUndefined();
    expect(toSample(makeExchange({ error: { kind: 'refused', message: 'refused' } }), {}).json).toBeUndefined();
  });

  it('a spread copy carries the parsed body', () => {
    const s = toSample(makeExchange({ status: 200, body: { ok: true } }), {});
    expect({ ...s }.json).toEqual({ ok: true });
  });
});
