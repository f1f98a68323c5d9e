/**
 * A target that echoes every credential it is sent (a debug middleware) in every form: raw, URL-encoded,
 * JSON/PHP/HTML-escaped, base64 of the value and of longer strings holding it at each alignment, in headers,
 * a Link URL, JSON bodies, HTML and plain-text error pages. Property-based (fast-check): for made-up tokens of
 * several shapes (Sanctum "id|secret", base64url, a wide token alphabet), a full run through the real CLI leaves
 * no window of the token, of its near-miss variants or of its Sanctum secret in any file under --out, in stdout
 * or in stderr, as written, URL-decoded, or decoded from any base64-looking run at any offset.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { startReference } from '../reference/server.ts';
import { startHostile } from './helpers/hostile-server.ts';
import { findLeaks, reflectCredentials, reflectedForms } from './helpers/reflect.ts';
import { filesUnder, runCli, removeTmpDirs } from './helpers/run-cli.ts';
import { invalidTokens } from '../suites/support/session.ts';
import { SecretMasker } from '../src/http/mask.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Full CLI runs: each is a whole conformance run, so few (fast-check reports the seed of a failing one). */
const RUNS = 3;

const tokens = fc
  .oneof(
    fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 40, maxLength: 40 })).map(([id, s]) => `${id}|${s}`),
    fc.uint8Array({ minLength: 16, maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url')),
    fc.string({ unit: fc.constantFrom(...`${ALNUM}-._~+/=`), minLength: 20, maxLength: 64 }),
  )
  // A real token is random: a low-entropy one would match unrelated text and prove nothing.
  .filter((t) => new Set(t).size >= 12);

/** What must never appear: the token, every near-miss the suite makes of it, the Sanctum secret. */
function secretsOf(token: string): string[] {
  const out = [token, ...invalidTokens(token)];
  for (const t of [...out]) if (t.includes('|')) out.push(t.slice(t.lastIndexOf('|') + 1));
  return out;
}

afterAll(() => removeTmpDirs());

describe('the leak detector (so a clean run below means something)', () => {
  const token = '4711|Zq8RkL2mXv9TbN4cWy7HdPs3GfJa6EuQ1oKiYr5';
  test('finds the token in every form the reflecting target writes', () => {
    const values = [`Bearer ${token}`, token, `${token}:`, token.split('|')[1]!];
    for (const form of reflectedForms(values)) expect(findLeaks(`x ${form} y`, secretsOf(token)), form).not.toEqual([]);
  });

  test('finds nothing in what the masker leaves of those forms', () => {
    const masker = new SecretMasker(secretsOf(token));
    const values = [`Bearer ${token}`, `Basic ${Buffer.from(`${token}:`).toString('base64')}`, token, `${token}:`, token.split('|')[1]!];
    for (const form of reflectedForms(values)) {
      expect(findLeaks(masker.maskSecrets(form), secretsOf(token)), form).toEqual([]);
      expect(findLeaks(masker.maskBody(JSON.stringify({ echo: form }), 'application/json'), secretsOf(token)), form).toEqual([]);
    }
  });
});

describe('a target reflecting every credential in every form', () => {
  test(
    `no form of a made-up token survives in any artifact or console line (${RUNS} full CLI runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(tokens, async (token) => {
          const reference = await startReference({ token, total: 12 });
          const proxy = await startHostile({ upstream: reference.baseUrl, rewrite: reflectCredentials });
          try {
            const run = await runCli(['--base-url', proxy.baseUrl, `--token=${token}`], { killAfterMs: 90_000 });
            // The run reached a verdict, and the target really was sent the token, the Basic pair and a near-miss.
            expect(run.code, run.stderr).toBe(1);
            const sent = proxy.requests.map((r) => String(r.headers['authorization'] ?? ''));
            expect(sent).toContain(`Bearer ${token}`);
            expect(sent).toContain(`Basic ${Buffer.from(`${token}:`).toString('base64')}`);
            expect(sent).toContain(`Bearer ${invalidTokens(token)[0]}`);
            const files = filesUnder(run.out);
            expect(files.map((f) => path.basename(f)).sort()).toEqual(['exchanges.har', 'junit.xml', 'report.html', 'results.json', 'summary.md']);
            const outputs: Array<[string, string]> = [
              ['stdout', run.stdout],
              ['stderr', run.stderr],
              ...files.map((f): [string, string] => [path.basename(f), readFileSync(f, 'utf8')]),
            ];
            for (const [name, text] of outputs) expect(findLeaks(text, secretsOf(token)), `${name} (token ${JSON.stringify(token)})`).toEqual([]);
          } finally {
            await proxy.close();
            await reference.close();
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    },
    300_000,
  );
});
