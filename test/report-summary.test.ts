import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSummary, writeStepSummary } from '../reporters/summary.ts';
import { writeArtifacts } from '../reporters/write.ts';
import { SECRET_TOKEN, syntheticRun } from './report-fixtures.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vms-summary-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderSummary', () => {
  const { result } = syntheticRun();
  const md = renderSummary(result);

  it('has the verdict, target, counts and the failures table', () => {
    expect(md).toMatch(/^## ❌ vms-conformance: NON-CONFORMANT, 4 requirements failed$/m);
    expect(md).toMatch(/^4 requirements failed: [A-Z-]+(, [A-Z0-9-]+){3}\.$/m);
    expect(md).toContain('https://vms.example.test/vms/api/v1/intercom/codes');
    expect(md).toContain('35 passed, 4 failed, 1 warning, 2 skipped');
    expect(md).toContain('seed 12345');
    expect(md).toContain('| `PAG-LAST-PAGE` | MUST | **fail** | meta.last_page = 4 but max(ceil(137 / 25), 1) = 6 (Received 4 / Documented 6) |');
    expect(md).toContain('| `LINKS-ORIGIN` | SHOULD | warn |');
    expect(md).not.toContain('`HTTP-JSON-BODY`');
    expect(md).toContain('| `perPageOmitted` | `default-25` |');
  });

  it('neutralises hostile text in table cells', () => {
    const r = syntheticRun().result;
    r.checks.find((c) => c.id === 'PAG-LAST-PAGE')!.message = 'a | b <script>x</script>\nnext line';
    const out = renderSummary(r);
    const line = out.split('\n').find((l) => l.startsWith('| `PAG-LAST-PAGE`'))!;
    expect(line).toBe('| `PAG-LAST-PAGE` | MUST | **fail** | a \\| b &lt;script&gt;x&lt;/script&gt; next line |');
  });

  it('says conformant and harness error', () => {
    const good = syntheticRun({ only: ['HTTP-JSON-BODY'] }).result;
    expect(renderSummary(good)).toMatch(/^## ✅ vms-conformance: CONFORMANT$/m);
    good.harnessErrors = ['boom'];
    expect(renderSummary(good)).toMatch(/^## ⚠️ vms-conformance: HARNESS ERROR$/m);
  });

  it('appends to GITHUB_STEP_SUMMARY when set', () => {
    const file = path.join(tmp, 'step-summary.md');
    writeFileSync(file, 'before\n');
    expect(writeStepSummary(md, { GITHUB_STEP_SUMMARY: file })).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('before\n' + md);
    expect(writeStepSummary(md, {})).toBe(false);
  });
});

describe('writeArtifacts', () => {
  it('writes the five artifacts into a new directory', () => {
    const { result, exchanges } = syntheticRun();
    const out = path.join(tmp, 'a', 'b');
    const paths = writeArtifacts(out, result, exchanges, '0.1.0');
    expect(Object.values(paths).map((p) => path.basename(p)).sort()).toEqual(['exchanges.har', 'junit.xml', 'report.html', 'results.json', 'summary.md']);
    expect(JSON.parse(readFileSync(paths.results, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
    expect(JSON.parse(readFileSync(paths.har, 'utf8')).log.entries).toHaveLength(7);
    expect(readFileSync(paths.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(paths.junit, 'utf8')).toMatch(/^<\?xml/);
    for (const p of Object.values(paths)) expect(readFileSync(p, 'utf8')).not.toContain(SECRET_TOKEN);
  });
});
