/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser: they see the DOM.)
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PopulationService } from '../../src/population/population.service.js';
import { PopulationStartup } from '../../src/population/population.startup.js';
import { DatabasePort } from '../../src/teradata/database.port.js';
import { type AdminBrowser, launchChromium, openAdminBrowser, screenshot } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The column usage admin pages (issue 21) in Debian's Chromium, on the
 * embedded demo after its first-start DBQL population (SELECTs included):
 * the unused report, the usage-weighted impact view and its CSV, the
 * explorer panel's JSON, the usage source on the schema page.
 */
const USER = 'admin';
const PASSWORD = 'usage-browser-Pw-7c2d';

let t: TestApp;
let browser: Browser;
let admin: AdminBrowser;
let page: Page;

beforeAll(async () => {
  t = await startTestApp({ EMBEDDED_DEMO: 'true', ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, ADMIN_SESSION_SECRET: 'usage-browser-session-secret-0123456789abcdef' });
  await t.app.get(PopulationStartup, { strict: false }).pending;
  await t.app.get(PopulationService, { strict: false }).idle();
  browser = await launchChromium();
  admin = await openAdminBrowser(browser, t.url);
  page = admin.page;
  await page.goto('/admin/usage/unused');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL('**/admin/usage/unused'), page.getByRole('button', { name: 'Sign in' }).click()]);
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await browser?.close();
  await t?.close();
});

describe('column usage pages', () => {
  it('the unused report lists demo tables no statement reads, linked to their lineage and impact', async () => {
    await page.goto('/admin/usage/unused?days=3650');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Unused datasets and fields');
    await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toBe('Unused');
    const names = await page.locator('#unused-table tbody tr td:first-child').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    // none of them is named by any successful statement that reads (a SELECT, or the source side of DML) in the demo history
    const db = t.app.get(DatabasePort);
    for (const name of names) {
      const [row] = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM DBC.DBQLogTbl l JOIN DBC.DBQLSQLTbl s ON s.QueryID = l.QueryID WHERE l.ErrorCode = 0 AND UPPER(TRIM(l.StatementType)) = 'SELECT' AND regexp_matches(lower(s.SqlTextInfo), ?)",
        [`\\b${name.trim().replace('.', '\\.')}\\b`],
      );
      expect({ name, selects: Number(row.n) }).toEqual({ name, selects: 0 });
    }
    await screenshot(page, 'usage-01-unused');
    // fields: a longer list, paged
    await page.getByLabel('Show').selectOption('field');
    await Promise.all([page.waitForURL(/level=field/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await page.locator('#unused-table tbody tr').count()).toBeGreaterThan(0);
  });

  it('the weighted impact of core.customer.customer_id lists downstream readers with counts, and downloads as CSV', async () => {
    await page.goto('/admin/usage/impact');
    await page.getByLabel('Dataset').fill('core.customer');
    await page.getByLabel('Field').fill('customer_id');
    await page.getByLabel('Days').fill('3650');
    await Promise.all([page.waitForURL(/dataset=core.customer/), page.getByRole('button', { name: 'Weigh the impact' }).click()]);
    await expect(page.locator('#impact-summary').textContent()).resolves.toMatch(/^Changing core\.customer\.customer_id affects \d+ columns? in \d+ tables?, read [\d,]+ times? /);
    const rows = page.locator('#impact-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    // the most read row first, with its readers by name (an admin sees them) and a read count above zero
    const first = await rows.first().locator('td').allTextContents();
    expect(Number(first[2].replace(/,/g, ''))).toBeGreaterThan(0);
    expect(first[6]).toMatch(/\S+ \(\d+\)/);
    await screenshot(page, 'usage-02-impact');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('usage-impact.csv');
  });

  it('the explorer panel JSON gives a field’s reads per day and its top users; the schema page names the usage source', async () => {
    const res = await page.request.get('/admin/api/usage?dataset=mart_sales.customer_360&field=full_name&days=60');
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { days: { reads: number }[]; totals: { reads: number }; topUsers: { user: string }[] };
    expect(body.days).toHaveLength(60);
    expect(body.days.reduce((n, d) => n + d.reads, 0)).toBe(body.totals.reads);
    expect(body.topUsers.length).toBeGreaterThan(0);
    const anonymous = await (await browser.newContext({ baseURL: t.url })).request.get('/admin/api/usage?dataset=core.customer', { maxRedirects: 0 });
    expect(anonymous.status()).toBe(401);

    await page.goto('/admin/schema');
    // the demo emulates DBQL object logging for its BI SELECTs: USAGE_SOURCE=auto reads it
    await expect(page.locator('#usage-source').textContent()).resolves.toContain('DBC.DBQLObjTbl');
    expect(admin.consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });

  it('at phone width (390 px) the usage pages are no wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const overflowing: string[] = [];
      for (const path of ['/admin/usage/unused?days=3650', '/admin/usage/unused?level=field&days=3650', '/admin/usage/impact?dataset=core.customer&field=customer_id&days=3650']) {
        await page.goto(path);
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
        if (widths.page > widths.screen) overflowing.push(`${path}: ${widths.page} px`);
      }
      expect(overflowing).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });
});
