/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser: they see the DOM.)
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetId, fieldId, lineageId, namespaceId } from '../../src/model/ids.js';
import { QvciService } from '../../src/schema/qvci.service.js';
import { PopulationStartup } from '../../src/population/population.startup.js';
import { PopulationService } from '../../src/population/population.service.js';
import { DatabasePort } from '../../src/teradata/database.port.js';
import { OlStoreWriter } from '../../src/ol-store/ol-store.writer.js';
import { type AdminBrowser, launchChromium, openAdminBrowser, screenshot } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The admin pages in Debian's Chromium, against the real service on the
 * embedded demo warehouse (first-start DBQL population), signed in through
 * the real form. Screenshots go to test-output/screenshots/.
 */
const USER = 'admin';
const PASSWORD = 'browser-test-Pw-5b1e';
const XSS = '<img src=x onerror=alert(1)>';
/** Bounded waits for a run to finish (a full DBQL pass over the demo history through the extraction pool). */
const WAIT = { timeout: 150_000 };
const RUN_TEST_TIMEOUT = 180_000;

let t: TestApp;
let browser: Browser;
let admin: AdminBrowser;
let page: Page;
let nsId: string;

async function count(sql: string): Promise<number> {
  const [row] = await t.app.get(DatabasePort).query<{ n: number }>(sql);
  return Number(row.n);
}

/** A dataset whose name is markup, with one field fed by a demo column, written through the real store writer. */
async function seedMarkupDataset(): Promise<void> {
  const writer = t.app.get(OlStoreWriter, { strict: false });
  const source = { dataset: 'core.customer', field: 'customer_id' };
  const dsId = datasetId(nsId, XSS);
  await writer.upsertDatasets([{ datasetId: dsId, namespaceId: nsId, name: XSS, description: 'markup probe', sourceType: 'TABLE' }]);
  await writer.upsertFields([{ fieldId: fieldId(dsId, 'probe'), datasetId: dsId, fieldName: 'probe', fieldType: 'INTEGER', description: null, ordinalPosition: 1, nullable: true }]);
  const key = {
    sourceNamespace: nsId,
    sourceDataset: source.dataset,
    sourceField: source.field,
    targetNamespace: nsId,
    targetDataset: XSS,
    targetField: 'probe',
    transformationType: 'DIRECT' as const,
    transformationSubtype: 'IDENTITY',
  };
  await writer.upsertEdges([{ lineageId: lineageId(key), runId: null, ...key, description: null, masking: false, confidence: 1 }]);
}

async function runCount(): Promise<number> {
  return count('SELECT COUNT(*) AS n FROM OL_POPULATION_RUN');
}

/** Starts a run from the form and waits on its page (reloaded by run-progress.js) until it has finished. */
async function startRunFromForm(options: { dryRun: boolean; since?: string; fixtures?: boolean; views?: boolean }): Promise<string> {
  await page.goto('/admin/runs');
  await page.getByLabel(options.fixtures ? 'Fixtures (known demo mappings)' : options.views ? 'View definitions (the dictionary)' : 'DBQL (the query log)').check();
  if (options.since) await page.getByLabel('Since').fill(options.since);
  if (options.dryRun) await page.getByLabel(/Dry run/).check();
  await Promise.all([page.waitForURL(/\/admin\/runs\/[0-9a-f-]{36}/), page.getByRole('button', { name: 'Start run' }).click()]);
  const runId = /\/admin\/runs\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;
  await page.locator('#run-state .badge').filter({ hasNotText: 'running' }).waitFor(WAIT);
  return runId;
}

beforeAll(async () => {
  t = await startTestApp({ EMBEDDED_DEMO: 'true', ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, ADMIN_SESSION_SECRET: 'browser-test-session-secret-0123456789abcdef' });
  nsId = namespaceId(t.config.database.namespaceUri);
  // The first start on the demo populates lineage in the background: wait for it.
  const startupRun = await t.app.get(PopulationStartup, { strict: false }).pending;
  expect(startupRun, 'the first start on the embedded demo starts a population run').toBeTruthy();
  await t.app.get(PopulationService, { strict: false }).idle();
  await seedMarkupDataset();
  browser = await launchChromium();
  admin = await openAdminBrowser(browser, t.url);
  page = admin.page;
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await browser?.close();
  await t?.close();
});

describe('signing in', () => {
  it('sends a visitor without a session to the login form (303) with the page to come back to', async () => {
    const res = await page.request.get('/admin/schema', { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers().location).toBe('/admin/login?next=%2Fadmin%2Fschema');
    const api = await page.request.get('/admin/api/runs/00000000-0000-4000-8000-000000000000/progress', { maxRedirects: 0 });
    expect(api.status()).toBe(401);

    await page.goto('/admin/runs');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/runs');
    await expect(page.getByLabel('User name').isVisible()).resolves.toBe(true);
    await screenshot(page, '01-login');
  });

  it('refuses a wrong password with the form again, then signs in and returns to the page asked for', async () => {
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill('not-the-password');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(refused.status()).toBe(401);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong user name or password.');
    await screenshot(page, '02-login-refused');

    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL('**/admin/runs'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Population runs');
    const cookie = (await admin.context.cookies()).find((c) => c.name === 'lineage_admin');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
  });
});

describe('pages show the embedded demo', () => {
  it('dashboard: engine, store counts as in the database, last run and the chart', async () => {
    await page.goto('/admin');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Embedded (DuckDB');
    const counts = await page.locator('dl.counts > div').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.querySelector('dt')?.textContent, e.querySelector('dd')?.textContent])));
    const expected = {
      Namespaces: await count('SELECT COUNT(*) AS n FROM OL_NAMESPACE'),
      Datasets: await count('SELECT COUNT(*) AS n FROM OL_DATASET'),
      Fields: await count('SELECT COUNT(*) AS n FROM OL_DATASET_FIELD'),
      Edges: await count("SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y'"),
    };
    expect(expected.Edges).toBeGreaterThan(0);
    for (const [label, n] of Object.entries(expected)) expect(counts[label], label).toBe(n.toLocaleString('en-US'));
    await expect(page.locator('#last-run-title + p a').textContent()).resolves.toMatch(/^DBQL run started /);
    expect(await page.locator('svg.run-chart rect.bar-edges').count()).toBeGreaterThanOrEqual(1);
    await expect(page.locator('.card').filter({ hasText: 'Schema' }).textContent()).resolves.toMatch(/v\d+\.\d+\.\d+/);
    await expect(page.locator('.card').filter({ hasText: 'Cache' }).textContent()).resolves.toMatch(/in-process|Redis up/);
    await screenshot(page, '03-dashboard');
  });

  it('QVCI: state with the query tried, what it means, and a re-check through a CSRF-protected form', async () => {
    const qvci = await t.app.get(QvciService, { strict: false }).current();
    await page.goto('/admin/qvci');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(qvci.query);
    expect(text).toMatch(new RegExp(`State\\s*${qvci.state}`));
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Checked again just now.');
    await screenshot(page, '04-qvci');
  });

  it('schema: every OL_* table present, the version, and the dry-run DDL section', async () => {
    await page.goto('/admin/schema');
    const rows = await page.locator('#tables-title + table tbody tr').allTextContents();
    for (const table of ['OL_NAMESPACE', 'OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT', 'OL_COLUMN_LINEAGE', 'OL_SCHEMA_VERSION']) {
      const row = rows.find((r) => r.includes(table));
      expect(row, table).toBeDefined();
      expect(row).toContain('present');
    }
    await expect(page.locator('dl.facts').first().textContent()).resolves.toMatch(/Schema version\s*\d+\.\d+\.\d+/);
    await expect(page.locator('#ddl-title').isVisible()).resolves.toBe(true);
    await screenshot(page, '05-schema');
  });

  it('runs: the start-up run in the history with its state and counts', async () => {
    await page.goto('/admin/runs');
    const first = page.locator('table.data tbody tr').last();
    await expect(first.textContent()).resolves.toMatch(/succeeded[\s\S]*DBQL[\s\S]*startup/);
    await screenshot(page, '06-runs');
  });
});

describe('population runs from the form', () => {
  it('a dry run starts, shows live progress and finishes, writing nothing', async () => {
    const edgesBefore = await count("SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y'");
    // The last six hours of the demo history: enough statements to see, quick to go through.
    const [{ last }] = await t.app.get(DatabasePort).query<{ last: Date }>('SELECT MAX(StartTime) AS last FROM DBC.DBQLogTbl');
    const since = new Date(last.getTime() - 6 * 3600_000).toISOString().slice(0, 16);
    const runId = await startRunFromForm({ dryRun: true, since });
    await expect(page.locator('#run-state .badge').textContent()).resolves.toBe('succeeded');
    await expect(page.locator('main dl.facts').first().textContent()).resolves.toContain('DBQL (dry run)');
    expect(Number((await page.locator('[data-count="statementsRead"]').textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y'")).toBe(edgesBefore);
    const progress = await page.request.get(`/admin/api/runs/${runId}/progress`);
    expect(progress.status()).toBe(200);
    expect(await progress.json()).toMatchObject({ runId, state: 'succeeded', running: false });
    await screenshot(page, '07-run-dry');
  }, RUN_TEST_TIMEOUT);

  it('a real DBQL run starts from the form and finishes succeeded', async () => {
    const before = await runCount();
    const runId = await startRunFromForm({ dryRun: false, since: '2000-01-01T00:00' });
    expect(await runCount()).toBe(before + 1);
    await expect(page.locator('#run-state .badge').textContent()).resolves.toBe('succeeded');
    await expect(page.locator('main dl.facts').first().textContent()).resolves.toMatch(/Window\s*2000-01-01 00:00:00 UTC/);
    await page.goto('/admin/runs');
    await expect(page.locator(`a[href="/admin/runs/${runId}"]`).count()).resolves.toBe(1);
    await screenshot(page, '08-run-real');
  }, RUN_TEST_TIMEOUT);

  it('a fixtures run starts from the form and writes the known demo mappings', async () => {
    await startRunFromForm({ dryRun: false, fixtures: true });
    await expect(page.locator('#run-state .badge').textContent()).resolves.toBe('succeeded');
    await expect(page.locator('main dl.facts').first().textContent()).resolves.toMatch(/Kind\s*Fixtures/);
    expect(await count("SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y' AND run_id LIKE 'fixtures%'")).toBeGreaterThan(0);
  }, RUN_TEST_TIMEOUT);

  it('a view-definition run starts from the form; the demo views have lineage from their definitions', async () => {
    await startRunFromForm({ dryRun: false, views: true });
    await expect(page.locator('#run-state .badge').textContent()).resolves.toBe('succeeded');
    await expect(page.locator('main dl.facts').first().textContent()).resolves.toMatch(/Kind\s*View definitions/);
    // the start-up DBQL run read the demo views' definitions first; this run re-reads those at the watermark
    expect(await count("SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y' AND run_id LIKE 'view\\_%' ESCAPE '\\'")).toBeGreaterThan(0);
  }, RUN_TEST_TIMEOUT);

  it('failures of a run are searchable with the q form', async () => {
    const [row] = await t.app.get(DatabasePort).query<{ run_id: string; reason_code: string }>(
      'SELECT run_id, reason_code FROM OL_POPULATION_FAILURE ORDER BY run_id, failure_no LIMIT 1',
    );
    const runId = row?.run_id ?? (await t.app.get(DatabasePort).query<{ run_id: string }>('SELECT run_id FROM OL_POPULATION_RUN LIMIT 1'))[0].run_id;
    await page.goto(`/admin/runs/${runId}`);
    if (row) {
      await page.getByLabel('Search failures').fill(row.reason_code);
      await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Search' }).click()]);
      const reasons = await page.locator('table.failures tbody tr').allTextContents();
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) expect(r).toContain(row.reason_code);
      await screenshot(page, '09-run-failures');
    }
    await page.getByLabel('Search failures').fill('no-such-failure-zz9');
    await Promise.all([page.waitForURL(/q=no-such/), page.getByRole('button', { name: 'Search' }).click()]);
    await expect(page.locator('main').textContent()).resolves.toContain('No failure matches “no-such-failure-zz9”.');
  });
});

describe('CSRF', () => {
  it('refuses a POST without a token or with a wrong one (403 page) and starts nothing', async () => {
    const before = await runCount();
    const without = await page.request.post('/admin/runs', { form: { method: 'dbql', dryRun: 'on' }, headers: { Accept: 'text/html' } });
    expect(without.status()).toBe(403);
    expect(await without.text()).toContain('Not allowed (403)');
    const wrong = await page.request.post('/admin/runs', { form: { method: 'dbql', dryRun: 'on', _csrf: 'forged-token' }, headers: { Accept: 'text/html' } });
    expect(wrong.status()).toBe(403);
    expect(await runCount()).toBe(before);
    for (const path of ['/admin/login', '/admin/logout', '/admin/qvci/recheck', '/admin/schema/apply']) {
      const res = await page.request.post(path, { form: { username: USER, password: PASSWORD }, headers: { Accept: 'text/html' }, maxRedirects: 0 });
      expect(res.status(), path).toBe(403);
    }
  });

  it('a form whose token was tampered with in the browser lands on the 403 page in the layout', async () => {
    await page.goto('/admin/qvci');
    await page.locator('form[action="/admin/qvci/recheck"] input[name="_csrf"]').evaluate((input) => {
      (input as HTMLInputElement).value = 'tampered';
    });
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Check again' }).click()]);
    expect(res.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not allowed (403)');
    await expect(page.locator('main').textContent()).resolves.toContain('CSRF token');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '10-csrf-403');
  });
});

describe('lineage explorer', () => {
  it('shows a dataset named with markup as text, and no script runs', async () => {
    await page.goto(`/admin/lineage?q=${encodeURIComponent('onerror')}`);
    const link = page.locator('a.dataset-link', { hasText: XSS });
    await expect(link.textContent()).resolves.toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await Promise.all([page.waitForURL(/dataset=/), link.click()]);
    await expect(page.locator('#graph-title code').textContent()).resolves.toBe(XSS);
    await expect(page.locator('.graph-nodes a.root').textContent()).resolves.toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(admin.dialogs).toEqual([]);
    await screenshot(page, '11-lineage-markup');
  });

  it('searches a demo dataset, draws its graph as SVG, moves to a node, and downloads an export', async () => {
    await page.goto('/admin/lineage');
    await page.getByLabel('Dataset or column').fill('sales');
    await page.getByLabel('Direction').selectOption('upstream');
    await Promise.all([page.waitForURL(/q=sales/), page.getByRole('button', { name: 'Search' }).click()]);
    await screenshot(page, '12-lineage-search');
    const hit = page.locator('a.dataset-link', { hasText: /^core\.sales_order$/ });
    await Promise.all([page.waitForURL(/dataset=core.sales_order/), hit.click()]);

    // The picture is there (hidden once the interactive view has drawn: test/browser/explorer.browser-spec.ts), and loads.
    const img = page.locator('figure.graph img');
    await img.waitFor({ state: 'attached' });
    await page.waitForFunction(() => {
      const el = document.querySelector('figure.graph img') as HTMLImageElement | null;
      return el !== null && el.complete && el.naturalWidth > 0;
    }, undefined, WAIT);
    const svgUrl = (await img.getAttribute('src')) as string;
    const svg = await page.request.get(svgUrl);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    expect(await svg.text()).toContain('core.sales_order');
    const nodes = await page.locator('.graph-nodes li a').allTextContents();
    expect(nodes).toContain('core.sales_order');
    expect(nodes.length).toBeGreaterThan(1);
    await screenshot(page, '13-lineage-graph');

    const other = page.locator('.graph-nodes li a:not(.root)').first();
    const otherLabel = (await other.textContent()) as string;
    await Promise.all([page.waitForURL((u) => u.searchParams.get('dataset') !== 'core.sales_order'), other.click()]);
    await expect(page.locator('#graph-title code').textContent()).resolves.toBe(otherLabel);

    const exportLink = page.locator('.downloads a').first();
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/-lineage\.\w+$/);
  });
});

describe('layout and errors', () => {
  it('an unknown admin path renders the 404 page in the layout, not JSON', async () => {
    const res = await page.goto('/admin/no-such-page');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '14-not-found');
  });

  it('marks the current page in the navigation, and no page broke the CSP or logged an error', async () => {
    await page.goto('/admin/runs');
    await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toBe('Population runs');
    const cspErrors = admin.consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e));
    expect(cspErrors).toEqual([]);
    expect(admin.consoleErrors.filter((e) => !/the server responded with a status of 4\d\d/.test(e))).toEqual([]);
  });

  it('the Swagger UI renders as designed under its own CSP (inline styles allowed there only), without a CSP error', async () => {
    const before = admin.consoleErrors.length;
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(20);
    expect(admin.consoleErrors.slice(before).filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    await screenshot(page, '15-swagger-ui');
    const csp = async (path: string) => (await page.request.get(path)).headers()['content-security-policy'] ?? '';
    expect(await csp('/api/docs')).toContain("style-src 'self' 'unsafe-inline'");
    for (const path of ['/admin', '/api/docs-json', '/health']) expect(await csp(path), path).toContain("style-src 'self';");
  });

  it('at phone width (390 px) no page is wider than the screen: wide tables and graphs scroll inside their box', async () => {
    const runId = (await t.app.get(DatabasePort).query<{ run_id: string }>('SELECT run_id FROM OL_POPULATION_RUN ORDER BY started_at LIMIT 1'))[0].run_id;
    const pages = [
      '/admin',
      '/admin/qvci',
      '/admin/schema',
      '/admin/runs',
      `/admin/runs/${String(runId).trim()}`,
      '/admin/lineage?q=customer',
      '/admin/lineage?dataset=mart_sales.daily_sales&field=net_amount_eur&direction=upstream&maxDepth=5',
      '/admin/no-such-page',
    ];
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const overflowing: string[] = [];
      for (const path of pages) {
        await page.goto(path);
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
        if (widths.page > widths.screen) overflowing.push(`${path}: ${widths.page} px`);
        if (path === '/admin/runs') await screenshot(page, '16-phone-width-runs');
      }
      expect(overflowing).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('signs out: the session ends and pages redirect to the login form again', async () => {
    await page.goto('/admin');
    await Promise.all([page.waitForURL('**/admin/login'), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.goto('/admin/qvci');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });

  it('throttles failed sign-ins: the sixth wrong password within a minute gets 429', async () => {
    const other = await openAdminBrowser(browser, t.url);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        await other.page.goto('/admin/login');
        await other.page.getByLabel('User name').fill('intruder');
        await other.page.getByLabel('Password').fill(`guess-${i}`);
        const [res] = await Promise.all([other.page.waitForResponse((r) => r.request().method() === 'POST'), other.page.getByRole('button', { name: 'Sign in' }).click()]);
        statuses.push(res.status());
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await expect(other.page.getByRole('alert').textContent()).resolves.toMatch(/Too many failed sign-ins/);
    } finally {
      await other.close();
    }
  });
});
