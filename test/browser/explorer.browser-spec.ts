/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser: they see the DOM.)
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespaceId } from '../../src/model/ids.js';
import { PopulationService } from '../../src/population/population.service.js';
import { PopulationStartup } from '../../src/population/population.startup.js';
import { type AdminBrowser, launchChromium, openAdminBrowser, screenshot } from '../support/browser.js';
import { generateGraph, startExplorerHarness } from '../support/explorer-harness.mjs';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The interactive lineage explorer in Debian's Chromium: on the embedded demo
 * through the real service (signed in), and on generated graphs through the
 * harness page (the real template, scripts and CSP around a graph JSON).
 * Screenshots go to test-output/screenshots/ (explorer-*.png).
 */
const USER = 'admin';
const PASSWORD = 'explorer-test-Pw-7c2d';
const ORDER_ID = '/admin/lineage?dataset=core.sales_order&field=order_id&direction=both&depth=20';
const READY = { timeout: 60_000 };

interface ExplorerState {
  readonly state: string | null;
  readonly nodesDrawn: number;
  readonly edgesDrawn: number;
  readonly zoom: number;
  readonly fontPx: number;
  readonly status: string;
}

let t: TestApp;
let browser: Browser;
let admin: AdminBrowser;
let page: Page;

async function openExplorer(p: Page, url: string): Promise<ExplorerState> {
  await p.goto(url);
  await p.waitForSelector('#explorer[data-state]', READY);
  return explorerState(p);
}

async function explorerState(p: Page): Promise<ExplorerState> {
  return p.evaluate(() => {
    const root = document.getElementById('explorer') as HTMLElement;
    const cy = (window as unknown as { lineageExplorer: { cy(): { zoom(): number; nodes(s: string): { first(): { style(k: string): string } } } } }).lineageExplorer.cy();
    const font = parseFloat(cy.nodes('.row').first().style('font-size'));
    return {
      state: root.getAttribute('data-state'),
      nodesDrawn: Number(root.getAttribute('data-nodes-drawn')),
      edgesDrawn: Number(root.getAttribute('data-edges-drawn')),
      zoom: cy.zoom(),
      fontPx: font * cy.zoom(),
      status: (root.querySelector('[data-role="status"]') as HTMLElement).textContent ?? '',
    };
  });
}

/** Clicks (a real mouse click on the canvas) the drawn node of a model node id; returns false when it is not drawn. */
async function clickNode(p: Page, nodeId: string, options: { double?: boolean } = {}): Promise<void> {
  const at = await p.evaluate((id) => {
    const api = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer;
    const cy = api.cy();
    const node = cy.getElementById(id);
    if (!node.length) return null;
    cy.center(node);
    const box = cy.container().getBoundingClientRect();
    const r = node.renderedPosition();
    return { x: box.left + r.x, y: box.top + r.y };
  }, nodeId);
  if (!at) throw new Error(`node ${nodeId} is not drawn`);
  await p.waitForTimeout(50);
  if (options.double) await p.mouse.dblclick(at.x, at.y);
  else await p.mouse.click(at.x, at.y);
}

const fieldNode = (dataset: string, field: string) => `datasetField:${namespaceId(t.config.database.namespaceUri)}:${dataset}:${field}`;

beforeAll(async () => {
  t = await startTestApp({ EMBEDDED_DEMO: 'true', ADMIN_USER: USER, ADMIN_PASSWORD: PASSWORD, ADMIN_SESSION_SECRET: 'explorer-test-session-secret-0123456789abcdef' });
  const startupRun = await t.app.get(PopulationStartup, { strict: false }).pending;
  expect(startupRun, 'the first start on the embedded demo populates lineage').toBeTruthy();
  await t.app.get(PopulationService, { strict: false }).idle();
  browser = await launchChromium();
  admin = await openAdminBrowser(browser, t.url);
  page = admin.page;
  await page.goto('/admin/login');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL('**/admin'), page.getByRole('button', { name: 'Sign in' }).click()]);
}, 240_000);

afterAll(async () => {
  await admin?.close();
  await browser?.close();
  await t?.close();
});

describe('explorer on the demo warehouse', () => {
  it('draws core.sales_order.order_id both ways at depth 20, every node, labels readable without zooming, within the CSP', async () => {
    const s = await openExplorer(page, ORDER_ID);
    expect(s.state).toBe('ready');
    const api = await page.request.get(`/api/v2/openlineage/datasets/core.sales_order/fields/order_id/lineage?direction=both&maxDepth=20`);
    const graph = (await api.json()) as { nodes: unknown[]; edges: unknown[] };
    expect(s.nodesDrawn).toBe(graph.nodes.length);
    expect(s.edgesDrawn).toBe(graph.edges.length);
    expect(s.fontPx).toBeGreaterThanOrEqual(11);
    expect(s.status).toContain(`Showing ${graph.nodes.length} of ${graph.nodes.length} nodes`);
    // The picture is the fallback: hidden once the interactive view is drawn; the node list stays.
    expect(await page.locator('figure.graph').isVisible()).toBe(false);
    expect(await page.locator('.graph-nodes a.root').isVisible()).toBe(true);
    const legend = await page.locator('[data-role="legend"] li').allTextContents();
    expect(legend.join(' | ')).toMatch(/Direct.*Indirect.*Row-level.*Upstream.*Downstream/);
    expect(admin.consoleErrors).toEqual([]);
    await screenshot(page, 'explorer-01-order-id-depth-20');
  });

  it('a click on a column highlights its paths, selects it in the URL, and the panel shows fields, statistics, writers and the DDL', async () => {
    await openExplorer(page, ORDER_ID);
    const root = fieldNode('core.sales_order', 'order_id');
    await clickNode(page, root);
    await page.waitForSelector('#explorer[data-detail="core.sales_order.order_id"]', READY);
    const up = Number(await page.getAttribute('#explorer', 'data-highlight-up'));
    const down = Number(await page.getAttribute('#explorer', 'data-highlight-down'));
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(0);
    const lit = await page.evaluate(() => {
      const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
      return { up: cy.nodes('.row.path-up').length, down: cy.nodes('.row.path-down').length, faded: cy.nodes('.row.faded').length };
    });
    expect(lit.up).toBe(up);
    expect(lit.down).toBe(down);
    expect(new URL(page.url()).searchParams.get('select')).toBe(root);

    const panel = page.locator('[data-role="detail"]');
    const stats = Object.fromEntries(
      await panel.locator('dl.detail-stats > dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
    );
    expect(stats.Kind).toBe('Table');
    expect(stats.Rows).toMatch(/^[\d,]+ \(statistics of \d{4}-\d\d-\d\d/);
    expect(stats.Size).toMatch(/^[\d.]+ [KMG]B, peak [\d.]+ [KMG]B over 4 AMPs$/);
    expect(stats['Owner (creator)']).toBe('DBA_DEPLOY');
    expect(stats['Last populated']).toMatch(/newest write in the lineage store/);
    await expect(panel.locator('pre.ddl').textContent()).resolves.toMatch(/^CREATE MULTISET TABLE core\.sales_order[\s\S]*order_id BIGINT NOT NULL/);
    await expect(panel.locator('tr.selected-field td').first().textContent()).resolves.toBe('order_id');
    await expect(panel.locator('.detail-writes pre.sql').first().textContent()).resolves.toMatch(/INSERT INTO core\.sales_order/);
    expect(admin.consoleErrors).toEqual([]);
    await screenshot(page, 'explorer-02-highlight-and-detail');
  });

  it("the panel shows the demo's most read column's reads per day, its readers and a link to its weighted impact", async () => {
    // the most read field, from the public usage API (a separate route from the panel's)
    const top = (await (await fetch(`${t.url}/api/v2/usage/top?level=field&limit=1`)).json()) as { items: { dataset: string; field: string; reads: number }[] };
    const most = top.items[0];
    expect(most.reads).toBeGreaterThan(0);
    const usage = (await (await fetch(`${t.url}/api/v2/usage/datasets/${most.dataset}/fields/${most.field}`)).json()) as {
      totals: { reads: number; users: number; applications: number };
      days: { reads: number }[];
      topApplications: { application: string }[];
    };
    await openExplorer(page, `/admin/lineage?dataset=${most.dataset}&field=${most.field}&direction=both&depth=2`);
    await clickNode(page, fieldNode(most.dataset, most.field));
    await page.waitForSelector(`#explorer[data-detail="${most.dataset}.${most.field}"]`, READY);
    const panel = page.locator('[data-role="detail"]');
    const totals = panel.locator('[data-role="usage-totals"]');
    await totals.waitFor(READY);
    const text = (await totals.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`^${usage.totals.reads.toLocaleString('en')} reads? .* by ${usage.totals.users} users? in ${usage.totals.applications} applications?, `));
    // one sparkline point per day of the window
    const points = ((await panel.locator('svg.sparkline polyline').getAttribute('points')) ?? '').trim().split(' ');
    expect(points).toHaveLength(usage.days.length);
    // admins see user names (the public API without a USAGE_USER_KEYS key does not)
    await expect(panel.locator('.detail-usage strong').allTextContents()).resolves.toEqual(expect.arrayContaining(['Top users', 'Top applications']));
    await expect(panel.locator('.detail-usage ul.detail-top').last().textContent()).resolves.toContain(usage.topApplications[0].application);
    const impact = await panel.locator('.detail-usage a').getAttribute('href');
    expect(impact).toMatch(new RegExp(`^/admin/usage/impact\\?.*dataset=${most.dataset.replace('.', '\\.')}.*field=${most.field}`));
    expect(admin.consoleErrors).toEqual([]);
    await screenshot(page, 'explorer-06-usage-panel');
  });

  it('picks a date and a date to compare with: the view redefined between them draws its old links removed and its new ones added', async () => {
    // the demo defines mart_sales.v_sales_by_region on 2026-11-16 and redefines it on 2026-11-19 (its DBQL history); /changes between the two dates says what changed
    const changes = (await (await fetch(`${t.url}/api/v2/openlineage/changes?since=2026-11-18T00:00:00Z&until=2026-11-24T00:00:00Z&dataset=mart_sales.v_sales_by_region&field=net_amount_eur`)).json()) as {
      items: { change: string; kind: string; at: string; source?: { dataset: string; field: string } }[];
    };
    const edges = changes.items.filter((i) => i.kind === 'edge');
    expect(edges.some((i) => i.change === 'removed') && edges.some((i) => i.change === 'added')).toBe(true);
    await page.goto('/admin/lineage?dataset=mart_sales.v_sales_by_region&field=net_amount_eur&direction=upstream&depth=1');
    await page.waitForSelector('#explorer[data-state]', READY);
    await page.getByLabel('As of (UTC)').fill('2026-11-18');
    await page.getByLabel('Compare with').fill('2026-11-24');
    await Promise.all([page.waitForURL(/compare=2026-11-24/), page.getByRole('button', { name: 'Show these dates' }).click()]);
    await page.waitForSelector('#explorer[data-state]', READY);
    await expect(page.locator('#graph-title').textContent()).resolves.toMatch(/as of 2026-11-18T00:00:00(\.000)?Z, compared with 2026-11-24T00:00:00(\.000)?Z/);
    const drawn = await page.evaluate(() => {
      const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
      return { added: cy.edges('.added').length, removed: cy.edges('.removed').length, removedLine: cy.edges('.removed').first().style('line-style') };
    });
    // what /changes lists for the column in that window is what the compare view marks
    expect(drawn.added).toBe(edges.filter((i) => i.change === 'added').length);
    expect(drawn.removed).toBe(edges.filter((i) => i.change === 'removed').length);
    expect(drawn.removedLine).toBe('dashed');
    await expect(page.locator('[data-role="legend"] li[data-legend="edge-removed"]').count()).resolves.toBe(1);
    expect(admin.consoleErrors).toEqual([]);
    await screenshot(page, 'explorer-07-as-of-compare');
  });

  it('a view shows its text as DDL (SHOW VIEW) and no size', async () => {
    await openExplorer(page, '/admin/lineage?dataset=mart_sales.v_sales_by_region&direction=upstream&depth=2');
    const view = await page.evaluate(() => {
      const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
      return cy.nodes('.row').map((n: any) => n.id()).find((id: string) => /:mart_sales\.v_sales_by_region(:|$)/.test(id)) as string;
    });
    await clickNode(page, view);
    await page.waitForSelector('#explorer[data-detail^="mart_sales.v_sales_by_region"]', READY);
    const panel = page.locator('[data-role="detail"]');
    await expect(panel.locator('h4', { hasText: 'DDL' }).textContent()).resolves.toBe('DDL (SHOW VIEW)');
    await expect(panel.locator('pre.ddl').textContent()).resolves.toMatch(/^REPLACE VIEW mart_sales\.v_sales_by_region/);
    const labels = await panel.locator('dl.detail-stats > dt').allTextContents();
    expect(labels).toContain('Kind');
    expect(labels).not.toContain('Size');
  });

  it('filters links by transformation; the URL keeps the filter and selection, and opening it restores both', async () => {
    const before = await openExplorer(page, ORDER_ID);
    await page.locator('.explorer-filters summary').click();
    await page.locator('[data-filter="INDIRECT"]').uncheck();
    await page.waitForFunction((n) => Number(document.getElementById('explorer')?.getAttribute('data-edges-drawn')) < n, before.edgesDrawn);
    const filtered = await explorerState(page);
    const indirectDrawn = await page.evaluate(() => (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy().edges('.indirect').length);
    expect(indirectDrawn).toBe(0);
    expect(filtered.edgesDrawn).toBeGreaterThan(0);
    await clickNode(page, fieldNode('core.sales_order', 'order_id'));
    await page.waitForSelector('#explorer[data-detail]', READY);
    const shared = page.url();
    expect(new URL(shared).searchParams.get('hide')).toBe('INDIRECT');
    await screenshot(page, 'explorer-03-direct-only');

    const other = await openAdminBrowser(browser, t.url);
    try {
      await other.context.addCookies(await admin.context.cookies());
      const again = await openExplorer(other.page, shared);
      expect(again.edgesDrawn).toBe(filtered.edgesDrawn);
      expect(await other.page.locator('[data-filter="INDIRECT"]').isChecked()).toBe(false);
      await other.page.waitForSelector('#explorer[data-detail="core.sales_order.order_id"]', READY);
      expect(Number(await other.page.getAttribute('#explorer', 'data-highlight-down'))).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('expands a node one hop at a time from a shallow graph, fetching what lies beyond the depth asked', async () => {
    const s = await openExplorer(page, '/admin/lineage?dataset=core.sales_order&field=order_id&direction=downstream&depth=1');
    const frontier = await page.evaluate(() => {
      const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
      return cy.nodes('.row.expandable').map((n: any) => n.id()) as string[];
    });
    expect(frontier.length).toBeGreaterThan(0);
    const target = frontier.find((id) => id.includes(':mart_sales.daily_sales:order_count')) ?? frontier[0];
    await clickNode(page, target, { double: true });
    await page.waitForFunction((n) => Number(document.getElementById('explorer')?.getAttribute('data-nodes-drawn')) > n, s.nodesDrawn, READY);
    const after = await explorerState(page);
    expect(after.nodesDrawn).toBeGreaterThan(s.nodesDrawn);
    expect(admin.consoleErrors).toEqual([]);
    await screenshot(page, 'explorer-04-expanded');
  });

  it('finds a node by name, groups tables by database, and copies a link to the view', async () => {
    await openExplorer(page, ORDER_ID);
    await page.getByLabel('Find in graph').fill('mart_sales.daily_sales.order_count');
    await page.locator('[data-role="find"] button').click();
    await page.waitForSelector('#explorer[data-detail="mart_sales.daily_sales.order_count"]', READY);
    expect(new URL(page.url()).searchParams.get('select')).toBe(fieldNode('mart_sales.daily_sales', 'order_count'));

    await page.getByLabel('Group by database').check();
    await page.waitForFunction(() => (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy().nodes('.database').length > 0);
    const groups = await page.evaluate(() =>
      ((window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy().nodes('.database').map((n: any) => n.data('label')) as string[]).sort(),
    );
    expect(groups).toEqual(['core', 'mart_finance', 'mart_sales', 'stg_crm', 'stg_sales']);
    expect(new URL(page.url()).searchParams.get('group')).toBe('database');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.locator('[data-role="status"]').textContent()).resolves.toContain('group=database');
    await screenshot(page, 'explorer-05-grouped');
  });

  it('without JavaScript the page still shows the graph as a picture with its node list', async () => {
    const context = await browser.newContext({ baseURL: t.url, javaScriptEnabled: false, viewport: { width: 1366, height: 900 } });
    try {
      await context.addCookies(await admin.context.cookies());
      const p = await context.newPage();
      await p.goto(ORDER_ID);
      expect(await p.locator('#explorer').isVisible()).toBe(false);
      expect(await p.locator('figure.graph img').isVisible()).toBe(true);
      expect(await p.locator('.graph-nodes li a').count()).toBeGreaterThan(10);
      await screenshot(p, 'explorer-06-no-javascript');
    } finally {
      await context.close();
    }
  });

  it('at phone width the explorer fits the screen (the canvas and panel stack)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await openExplorer(page, ORDER_ID);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.screen);
      await screenshot(page, 'explorer-07-phone');
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });
});

describe('explorer on generated graphs (harness page: the real template, scripts and CSP)', () => {
  it('draws a 500-node, 1,000-link graph whole and interactive (time printed; the speed check is bench:explorer)', async () => {
    const graph = generateGraph({ nodes: 500, edges: 1000 });
    const harness = await startExplorerHarness(graph);
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      const s = await openExplorer(tab.page, harness.url);
      expect(s.state).toBe('ready');
      expect(s.nodesDrawn).toBe(500);
      expect(s.edgesDrawn).toBe(1000);
      expect(s.fontPx).toBeGreaterThanOrEqual(11);
      const ready = await tab.page.getAttribute('#explorer', 'data-ready-ms');
      console.log(`explorer, 500 nodes / 1,000 links: interactive ${ready} ms after navigation (${await tab.page.getAttribute('#explorer', 'data-layout')} layout)`);
      await clickNode(tab.page, graph.root);
      await tab.page.waitForSelector('#explorer[data-highlight-up]');
      expect(Number(await tab.page.getAttribute('#explorer', 'data-highlight-up')) + Number(await tab.page.getAttribute('#explorer', 'data-highlight-down'))).toBeGreaterThan(0);
      // The harness serves no detail route: the panel says so in words, nothing breaks.
      await expect(tab.page.locator('[data-role="detail"] .alert-bad').textContent()).resolves.toBe('Details could not be loaded: this dataset is not in the lineage store (404)');
      expect(tab.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
      await screenshot(tab.page, 'explorer-08-generated-500');
    } finally {
      await tab.close();
      await harness.close();
    }
  });

  it('opens a large graph by whole depth levels within its node budget, says what is hidden, and Show all draws the rest', async () => {
    const graph = generateGraph({ nodes: 500, edges: 1000, seed: 11 });
    const harness = await startExplorerHarness(graph, { nodeBudget: 120 });
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      const s = await openExplorer(tab.page, harness.url);
      expect(s.nodesDrawn).toBeLessThanOrEqual(120);
      expect(s.nodesDrawn).toBeGreaterThan(0);
      expect(s.status).toMatch(/further nodes are one or more hops out/);
      expect(await tab.page.evaluate(() => (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy().nodes('.row.expandable').length)).toBeGreaterThan(0);
      await tab.page.getByRole('button', { name: 'Show all' }).click();
      await tab.page.waitForFunction(() => Number(document.getElementById('explorer')?.getAttribute('data-nodes-drawn')) === 500, undefined, READY);
    } finally {
      await tab.close();
      await harness.close();
    }
  });

  it('a compare answer draws removed links dashed in one colour and added ones in another, with legend entries', async () => {
    const graph = generateGraph({ nodes: 60, edges: 120, diff: true });
    const harness = await startExplorerHarness(graph);
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      await openExplorer(tab.page, harness.url);
      const styles = await tab.page.evaluate(() => {
        const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
        const look = (sel: string) => {
          const e = cy.edges(sel).first();
          return { n: cy.edges(sel).length, colour: e.style('line-color'), line: e.style('line-style') };
        };
        return { added: look('.added'), removed: look('.removed'), plain: look(':not(.added):not(.removed)') };
      });
      expect(styles.added.n).toBe(graph.edges.filter((e: { diff?: string }) => e.diff === 'added').length);
      expect(styles.removed.n).toBe(graph.edges.filter((e: { diff?: string }) => e.diff === 'removed').length);
      expect(styles.removed.line).toBe('dashed');
      expect(styles.added.line).toBe('solid');
      expect(new Set([styles.added.colour, styles.removed.colour, styles.plain.colour]).size).toBe(3);
      const legend = await tab.page.locator('[data-role="legend"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-legend')));
      expect(legend).toEqual(expect.arrayContaining(['edge-added', 'edge-removed']));
      await screenshot(tab.page, 'explorer-09-compare');
    } finally {
      await tab.close();
      await harness.close();
    }
  });
});
