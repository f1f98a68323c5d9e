/**
 * The smoke step's judgement (src/smoke.ts): a setup problem (no HTTP answer, the token refused, no endpoint, a
 * redirect) ends the run with exit 2; an answer whose body broke after its status and headers came is the
 * target's answer, judged by the checks.
 */
import { describe, expect, it } from 'vitest';
import { judgeSmoke } from '../src/smoke.ts';
import type { TransportError } from '../src/evidence.ts';
import { makeExchange } from './helpers/exchange.ts';

const opts = { insecure: false, hasCa: false };
const failed = (error: TransportError) => makeExchange({ error });

describe('judgeSmoke', () => {
  it('passes a 200, and a 500 (a bad answer is the checks\' to judge)', () => {
    expect(judgeSmoke(makeExchange({ status: 200, body: {} }), opts)).toEqual({ ok: true });
    expect(judgeSmoke(makeExchange({ status: 500, body: 'oops' }), opts)).toEqual({ ok: true });
  });

  it('stops on a transport failure before any answer, naming it', () => {
    const v = judgeSmoke(failed({ kind: 'refused', message: 'connection refused' }), opts);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/^target unreachable: connection refused at /);
    const parse = judgeSmoke(failed({ kind: 'protocol', message: 'not HTTP: the answer could not be parsed (HPE_INVALID_CONSTANT)' }), opts);
    expect(parse.ok).toBe(false);
  });

  it('goes on when the status and headers came and the body broke: undecodable, truncated, past the read cap', () => {
    expect(judgeSmoke(failed({ kind: 'protocol', message: 'body could not be decoded (bad Content-Encoding: incorrect header check)', answeredStatus: 200 }), opts)).toEqual({ ok: true });
    expect(judgeSmoke(failed({ kind: 'reset', message: 'truncated body: connection closed after 10 of 900 bytes (HTTP 200)', answeredStatus: 200 }), opts)).toEqual({ ok: true });
    expect(judgeSmoke(failed({ kind: 'other', message: 'the suite stopped reading after 64 MiB (its read cap): the body is larger (HTTP 200)', answeredStatus: 200 }), opts)).toEqual({ ok: true });
  });

  it('judges such an answer by its status: a 401 is still the token refused, a 404 still no endpoint', () => {
    const refused = judgeSmoke(failed({ kind: 'reset', message: 'truncated body: connection closed after 3 bytes (HTTP 401)', answeredStatus: 401 }), opts);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/^the target refused the token \(401\)/);
    const missing = judgeSmoke(failed({ kind: 'protocol', message: 'body could not be decoded (bad Content-Encoding: x)', answeredStatus: 404 }), opts);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toMatch(/^no intercom codes endpoint at .* \(404\)$/);
  });

  it('tells a gateway\'s HTML 403 from the token refused', () => {
    const waf = judgeSmoke(makeExchange({ status: 403, body: '<!DOCTYPE html><html><title>Attention Required!</title></html>', headers: { 'content-type': 'text/html' } }), opts);
    expect(waf.ok).toBe(false);
    if (!waf.ok) expect([waf.reason, waf.hint]).toEqual([expect.stringMatching(/^the target refused the request with an HTML page \(403\) .* gateway or web application firewall/), expect.stringMatching(/-H 'NAME: VALUE'/)]);
    const token = judgeSmoke(makeExchange({ status: 403, body: { message: 'Invalid ability provided.' } }), opts);
    expect(token.ok).toBe(false);
    if (!token.ok) expect(token.reason).toMatch(/^the target refused the token \(403\)/);
  });

  it('stops on a body that never ends: every request would wait for the timeout', () => {
    const v = judgeSmoke(failed({ kind: 'timeout', message: 'timed out after 500 ms (the suite stopped waiting: body incomplete after 12 bytes)', answeredStatus: 200 }), opts);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/^target unreachable: no answer at /);
  });
});
