/**
 * Runs the real CLI against the reference server with a deliberate pagination bug (last_page computed with
 * floor instead of ceil), then opens its report.html in a real headless Chromium (playwright-core, system /usr/bin/chromium): the verdict
 * banner, expanding a failure, the status filter, the search box, no network request at all, and
 * screenshots at desktop and phone widths (test-output/screenshots/) for a person to look at. Then what makes
 * the report actionable: the probable-cause block, one grouped finding with its count and requests, the marked
 * field in the body, the timeline and the coverage map, the print view (PDF) in a few pages, and the headline of a
 * second run with a baseline of the known failures.
 *
 * REPORT_HTML=path/to/report.html runs the same checks on a real run's report: the evidence assertions then
 * use its first failing requirement (the report must have one with an exchange).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { packagePath } from '../src/paths.ts';
import { startReference } from '../reference/server.ts';
import { runCli } from './helpers/run-cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.REQUIRE_BROWSER === '1') {
  throw new Error('Chromium not installed: apt-get install -y chromium (REQUIRE_BROWSER=1 forbids skipping)');
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = packagePath('test-output', 'screenshots');
const FLOOR_FAILURES = ['PAG-LAST-PAGE', 'LINKS-FOLLOW-NEXT', 'META-LINKS-STRUCTURE', 'VAL-AMBIGUOUS-INPUT', 'CLIENT-EVERY-VALUE'];

describe.skipIf(!haveChromium)('report.html in Chromium', () => {
  if (!haveChromium) it.skip('Chromium not installed: apt-get install -y chromium', () => {});

  let browser: Browser;
  let page: Page;
  let reportUrl: string;
  /** The failing row under test: PAG-LAST-PAGE in the synthetic report, the first failure in a real one. */
  let failId = 'req-PAG-LAST-PAGE';
  const requests: string[] = [];
  let baselineReportUrl = '';

  beforeAll(async () => {
    let file = process.env.REPORT_HTML;
    if (!file) {
      const dir = packagePath('test-output', 'browser-report');
      mkdirSync(dir, { recursive: true });
      const server = await startReference({ token: 'browser-test-token-0001', faults: ['last-page-floor'] });
      try {
        const run = await runCli(['--base-url', server.baseUrl, '--token', 'browser-test-token-0001', '--out', dir, '--seed', '7']);
        expect(run.code, run.stderr).toBe(1);
        // The same fault with its five MUST failures accepted by a baseline.
        const known = packagePath('test-output', 'browser-report-baseline');
        mkdirSync(known, { recursive: true });
        const baselineFile = path.join(known, 'baseline.yaml');
        writeFileSync(baselineFile, FLOOR_FAILURES.map((id) => `${id}: floor instead of ceil (VENDOR-7)`).join('\n') + '\n');
        const second = await runCli(['--base-url', server.baseUrl, '--token', 'browser-test-token-0001', '--out', known, '--seed', '7', '--baseline', baselineFile]);
        expect(second.code, second.stderr).toBe(0);
        expect(second.stdout).toMatch(/^CONFORMANT, 5 known failures \(baseline\): /m);
        baselineReportUrl = pathToFileURL(path.join(known, 'report.html')).href;
      } finally {
        await server.close();
      }
      file = path.join(dir, 'report.html');
    }
    reportUrl = pathToFileURL(path.resolve(file)).href;
    // chromium.launch runs on a fresh temporary profile (user-data-dir) that playwright deletes on close.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(reportUrl);
    if (process.env.REPORT_HTML) {
      const first = await page.locator('details.req[data-status="fail"]').first().getAttribute('id');
      if (!first) throw new Error(`${file} has no failing requirement: the evidence checks need one`);
      failId = first;
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the verdict banner', async () => {
    const verdict = await page.locator('#verdict').textContent();
    if (!process.env.REPORT_HTML) expect(verdict).toBe('NON-CONFORMANT');
    else expect(['CONFORMANT', 'NON-CONFORMANT', 'HARNESS ERROR']).toContain(verdict);
    await expect(page.locator('#verdict-banner').isVisible()).resolves.toBe(true);
  });

  it('expands the failing row to its evidence', async () => {
    const row = page.locator(`#${failId}`);
    expect(await row.getAttribute('data-status')).toBe('fail');
    expect(await row.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await expect(row.locator('.reqline').first().isVisible()).resolves.toBe(false);
    await row.locator(':scope > summary').click();
    expect(await row.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const reqline = row.locator('.reqline').first();
    expect(await reqline.isVisible()).toBe(true);
    expect(await reqline.textContent()).toMatch(/^GET https?:\/\/\S+\/api\/v1\/intercom\/codes/);
    expect(await row.locator('.statusline').first().textContent()).toMatch(/^HTTP\/\S+ \d{3}/);
    const body = await row.locator('pre.body').first().textContent();
    if (!process.env.REPORT_HTML) expect(body).toContain('"last_page"');
    else expect(body!.length).toBeGreaterThan(0);
    expect(await row.locator('pre.curl').first().textContent()).toContain('$TOKEN');
  });

  it('takes screenshots at desktop and phone widths, with no horizontal overflow', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await page.locator(`#${failId}`).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'report-desktop.png'), fullPage: false });
    await page.screenshot({ path: path.join(SHOTS, 'report-desktop-full.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'report-phone.png'), fullPage: false });
    await page.locator(`#${failId}`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'report-phone-failure.png'), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(existsSync(path.join(SHOTS, 'report-phone.png'))).toBe(true);
  });

  it('the status filter hides passing rows', async () => {
    const passRows = page.locator('details.req[data-status="pass"]');
    const n = await passRows.count();
    expect(n).toBeGreaterThan(0);
    expect(await passRows.first().isVisible()).toBe(true);
    await page.locator('input[data-status-filter][value="pass"]').uncheck();
    for (let i = 0; i < n; i++) expect(await passRows.nth(i).isVisible()).toBe(false);
    expect(await page.locator(`#${failId}`).isVisible()).toBe(true);
    await page.locator('input[data-status-filter][value="pass"]').check();
    expect(await passRows.first().isVisible()).toBe(true);
  });

  it('the search box filters by id and title', async () => {
    await page.locator('#search').fill('last_page');
    const visible = await page.locator('details.req:visible').evaluateAll((rows) => rows.map((r) => r.id));
    expect(visible).toContain('req-PAG-LAST-PAGE');
    expect(visible).not.toContain('req-AUTH-MISSING-TOKEN');
    await page.locator('#search').fill('auth-missing');
    const byId = await page.locator('details.req:visible').evaluateAll((rows) => rows.map((r) => r.id));
    expect(byId).toEqual(['req-AUTH-MISSING-TOKEN']);
    expect(await page.locator('#shown').textContent()).toMatch(/^showing 1 of \d+$/);
    await page.locator('#search').fill('');
  });

  it('prints with failures expanded and filters hidden', async () => {
    await page.locator(`#${failId}`).evaluate((d) => ((d as HTMLDetailsElement).open = false));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.controls').isVisible()).toBe(false);
    expect(await page.locator(`#${failId} .reqline`).first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('a link in the banner opens the failing row', async () => {
    const lastFail = (await page.locator('details.req[data-status="fail"]').last().getAttribute('id'))!;
    await page.locator(`#${lastFail}`).evaluate((d) => ((d as HTMLDetailsElement).open = false));
    await page.locator(`#verdict-banner a[href="#${lastFail}"]`).click();
    expect(await page.locator(`#${lastFail}`).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  });

  describe.skipIf(Boolean(process.env.REPORT_HTML))('what makes the floor-instead-of-ceil report actionable', () => {
    it('leads with the probable cause: the wrong meta.last_page, and the failures that follow from it', async () => {
      const cause = page.locator('#probable-cause');
      expect(await cause.isVisible()).toBe(true);
      const text = (await cause.textContent())!;
      expect(text).toMatch(/meta\.last_page is wrong: received 19 where 20 is documented \(\d+ requests\)/);
      for (const id of FLOOR_FAILURES.slice(1)) expect(text).toContain(id);
      // It comes before the requirement rows.
      const order = await page.evaluate(() => {
        const c = document.getElementById('probable-cause')!;
        const r = document.getElementById('requirements')!;
        return c.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      expect(order).toBeTruthy();
      await cause.screenshot({ path: path.join(SHOTS, 'probable-cause.png') });
    });

    it('shows one grouped finding with its count and its requests in words, each a link to its exchange', async () => {
      const row = page.locator('#req-PAG-LAST-PAGE');
      await row.evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const first = row.locator('li.finding').first();
      // Every page of 7 the plan asks for (the second and the partial last) has the same wrong last_page.
      const count = Number((await first.locator('.count').textContent())!.replace('×', ''));
      expect(count).toBeGreaterThanOrEqual(2);
      const words = await first.locator('ul.requests li').allTextContents();
      expect(words).toHaveLength(count);
      expect(words.every((w) => /^per_page=7&page=\d+, web$/.test(w))).toBe(true);
      // Only the first exchange of a finding is open; the others are one click away.
      expect(await first.locator(':scope > .exchange').count()).toBe(1);
      const more = first.locator('details.more-ex');
      expect(await more.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      await first.locator('ul.requests a').nth(1).click();
      expect(await more.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await first.screenshot({ path: path.join(SHOTS, 'grouped-finding.png') });
    });

    it('opens the body at the offending field, marked', async () => {
      const row = page.locator('#req-PAG-LAST-PAGE');
      await row.evaluate((d) => ((d as HTMLDetailsElement).open = false));
      await row.locator(':scope > summary').click();
      const pre = row.locator('li.finding').first().locator(':scope > .exchange pre.body');
      const mark = pre.locator('mark.hit');
      expect(await mark.textContent()).toBe('"last_page": 19');
      // The body is taller than its box and opens scrolled to the mark, which is inside the visible part.
      const view = await pre.evaluate((p) => {
        const m = p.querySelector('mark')!;
        return { scrollTop: p.scrollTop, scrollHeight: p.scrollHeight, clientHeight: p.clientHeight, markTop: (m as HTMLElement).offsetTop };
      });
      expect(view.scrollHeight).toBeGreaterThan(view.clientHeight);
      expect(view.scrollTop).toBeGreaterThan(0);
      expect(view.markTop).toBeGreaterThanOrEqual(view.scrollTop);
      expect(view.markTop).toBeLessThan(view.scrollTop + view.clientHeight);
      await pre.screenshot({ path: path.join(SHOTS, 'marked-body.png') });
    });

    it('draws the timeline and the coverage map', async () => {
      const bars = await page.locator('#timeline svg rect.seg-attempt').count();
      expect(bars).toBeGreaterThan(50);
      expect(await page.locator('#timeline svg rect.seg-attempt title').first().textContent()).toMatch(/^x\d+ .+: \d{3}/);
      const box = await page.locator('#timeline svg').boundingBox();
      expect(box!.width).toBeGreaterThan(500);
      expect(box!.height).toBeGreaterThan(20);
      expect(await page.locator('#coverage-map rect.cov-fail').count()).toBeGreaterThan(0);
      expect(await page.locator('#coverage-map rect.cov-ok').count()).toBeGreaterThan(0);
      expect(await page.locator('#coverage-map svg title').first().textContent()).toMatch(/^per_page=\d+, page=\d+, /);
      await page.locator('#timeline').screenshot({ path: path.join(SHOTS, 'timeline.png') });
      await page.locator('#coverage-map').screenshot({ path: path.join(SHOTS, 'coverage-map.png') });
    });

    it('prints in under 15 A4 pages (PDF through Chromium) with the headline and the failures', async () => {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#verdict').isVisible()).toBe(true);
      expect(await page.locator('#req-META-LINKS-STRUCTURE .finding').first().isVisible()).toBe(true);
      expect(await page.locator('#req-AUTH-MISSING-TOKEN .req-body').isVisible()).toBe(false);
      // Back to no emulation: page.pdf() prints with the screen CSS after emulateMedia('screen').
      await page.emulateMedia({ media: null });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(SHOTS, '..', 'report-floor.pdf') });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      expect(pages).toBeGreaterThan(1);
      expect(pages).toBeLessThan(15);
    });

    it('heads a run with a baseline CONFORMANT with its known failures, never a bare "every MUST held"', async () => {
      const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await other.goto(baselineReportUrl);
      expect(await other.locator('#verdict').textContent()).toBe('CONFORMANT');
      expect(await other.locator('#verdict-banner .qualifier').textContent()).toBe(', 5 known failures (baseline)');
      const sentence = (await other.locator('#verdict-sentence').textContent())!;
      expect(sentence).toMatch(/^Every evaluated MUST requirement held apart from the known failures/);
      expect(sentence).toContain(`accepted as known by the baseline: ${FLOOR_FAILURES.join(', ')}`);
      await other.screenshot({ path: path.join(SHOTS, 'report-baseline.png') });
      await other.close();
    });
  });

  it('made no network request', () => {
    expect(requests.length).toBeGreaterThan(0);
    const external = requests.filter((u) => u !== reportUrl && !u.startsWith('data:'));
    expect(external).toEqual([]);
  });
});
