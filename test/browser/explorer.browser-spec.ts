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

/**
 * Clicks (a real mouse click on the canvas) the drawn node of a model node id;
 * throws when it is not drawn. First waits for ELK's layout to be on screen
 * (or to have failed): ELK answering between reading the node's position and
 * the click would move the node from under the pointer. `quickLayout`: click
 * on the quick layout (a test that holds ELK back).
 */
async function clickNode(p: Page, nodeId: string, options: { double?: boolean; quickLayout?: boolean } = {}): Promise<void> {
  if (!options.quickLayout) await p.waitForSelector('#explorer:is([data-elk="shown"], [data-elk="failed"])', READY);
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

interface DrawnLayout {
  readonly tables: readonly { id: string; db: string | null; x1: number; y1: number; x2: number; y2: number }[];
  readonly databases: readonly { id: string; x1: number; y1: number; x2: number; y2: number }[];
  readonly positions: Record<string, { x: number; y: number }>;
  readonly rows: readonly { id: string; table: string; x: number; y: number }[];
  readonly links: readonly { s: string; t: string }[];
  readonly zoom: number;
}

/** What is drawn, in model coordinates: table and database boxes, every node's position, rows in their tables, links between tables. */
async function drawnLayout(p: Page): Promise<DrawnLayout> {
  return p.evaluate(() => {
    const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
    const box = (n: any) => {
      const at = n.position();
      return { x1: at.x - n.data('w') / 2, y1: at.y - n.data('h') / 2, x2: at.x + n.data('w') / 2, y2: at.y + n.data('h') / 2 };
    };
    const dbOf = (tableId: string) => {
      const i = tableId.indexOf('\u0001');
      const dataset = tableId.slice(i + 1);
      return `d:${tableId.slice(2, i)}\u0001${dataset.slice(0, dataset.indexOf('.'))}`;
    };
    return {
      tables: cy.nodes('.table').map((n: any) => ({ id: n.id(), db: cy.getElementById(dbOf(n.id())).length ? dbOf(n.id()) : null, ...box(n) })),
      databases: cy.nodes('.database').map((n: any) => ({ id: n.id(), ...box(n) })),
      positions: Object.fromEntries(cy.nodes().map((n: any) => [n.id(), { x: n.position().x, y: n.position().y }])),
      rows: cy.nodes('.row').map((n: any) => ({ id: n.id(), table: n.data('table'), x: n.position().x, y: n.position().y })),
      links: cy.edges().map((e: any) => ({ s: e.source().data('table'), t: e.target().data('table') })),
      zoom: cy.zoom(),
    };
  });
}

const overlap = (a: { x1: number; y1: number; x2: number; y2: number }, b: { x1: number; y1: number; x2: number; y2: number }) =>
  a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;
const inside = (p: { x: number; y: number }, b: { x1: number; y1: number; x2: number; y2: number }) => p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2;

/** A readable layout: no two boxes overlap, every row in its table (every table in its database); returns the share of links between tables drawn left to right. */
function checkLayout(l: DrawnLayout): number {
  for (let i = 0; i < l.tables.length; i++) for (let j = i + 1; j < l.tables.length; j++) expect(overlap(l.tables[i], l.tables[j]), `${l.tables[i].id} / ${l.tables[j].id}`).toBe(false);
  for (let i = 0; i < l.databases.length; i++) for (let j = i + 1; j < l.databases.length; j++) expect(overlap(l.databases[i], l.databases[j]), `${l.databases[i].id} / ${l.databases[j].id}`).toBe(false);
  const tables = new Map(l.tables.map((t) => [t.id, t]));
  for (const r of l.rows) expect(inside(r, tables.get(r.table) as DrawnLayout['tables'][number]), r.id).toBe(true);
  const dbs = new Map(l.databases.map((d) => [d.id, d]));
  for (const t of l.tables) if (t.db) expect(inside({ x: (t.x1 + t.x2) / 2, y: (t.y1 + t.y2) / 2 }, dbs.get(t.db) as DrawnLayout['databases'][number]), t.id).toBe(true);
  const between = l.links.filter((k) => k.s !== k.t);
  const rightward = between.filter((k) => (tables.get(k.s) as { x2: number }).x2 <= (tables.get(k.t) as { x1: number }).x1);
  return rightward.length / between.length;
}

/** Holds back ELK's worker script until `release()`: ELK cannot answer before. */
async function holdElk(p: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await p.route('**/public/vendor/elk-worker.min.js', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const attr = (p: Page, name: string) => p.getAttribute('#explorer', `data-${name}`);

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
    // The page carries its graph (a JSON data block under the service's CSP): no second request.
    expect(await attr(page, 'graph-from')).toBe('page');
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
    // The status says so once the clipboard's promise settles, not at the click.
    await page.waitForFunction(() => document.querySelector('[data-role="status"]')?.textContent?.includes('Link to this view'), undefined, READY);
    await expect(page.locator('[data-role="status"]').textContent()).resolves.toContain('group=database');
    await screenshot(page, 'explorer-05-grouped');
  });

  it('the depth slider loads the service page at another depth and shows its graph, the address and the forms following', async () => {
    await openExplorer(page, `${ORDER_ID}&hide=ROW_LEVEL`);
    await page.getByRole('slider', { name: 'Depth shown' }).fill('3');
    await page.waitForSelector('#explorer[data-depth-shown="3"]', READY);
    const url = new URL(page.url());
    expect([url.searchParams.get('depth'), url.searchParams.get('hide'), url.searchParams.get('field')]).toEqual(['3', 'ROW_LEVEL', 'order_id']);
    const api = await page.request.get(`/api/v2/openlineage/datasets/core.sales_order/fields/order_id/lineage?direction=both&maxDepth=3`);
    const graph = (await api.json()) as { nodes: unknown[] };
    expect((await explorerState(page)).status).toContain(`of ${graph.nodes.length} nodes`);
    expect(await page.locator('#depth').inputValue()).toBe('3');
    expect(await page.locator('form.explorer-time input[name="depth"]').inputValue()).toBe('3');
    expect(await page.locator('.graph-nodes li').count()).toBe(graph.nodes.length);
    expect(await page.locator('figure.graph img').getAttribute('src')).toContain('depth=3');
    expect(admin.consoleErrors).toEqual([]);
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
      const layout = await tab.page.getAttribute('#explorer', 'data-layout-at-ready');
      await tab.page.waitForSelector('#explorer[data-elk="shown"]', READY);
      const elk = await tab.page.getAttribute('#explorer', 'data-elk-ms');
      console.log(`explorer, 500 nodes / 1,000 links: interactive ${ready} ms after navigation (${layout} layout), ELK's layout on screen at ${elk} ms`);
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

  it('draws a quick layout whole and interactive before ELK answers; ELK then moves every node, and a view the user moved keeps its zoom and its node in place', async () => {
    const graph = generateGraph({ nodes: 500, edges: 1000 });
    const harness = await startExplorerHarness(graph);
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      const release = await holdElk(tab.page);
      const s = await openExplorer(tab.page, harness.url);
      expect(s.state).toBe('ready');
      expect([s.nodesDrawn, s.edgesDrawn]).toEqual([500, 1000]);
      expect(s.fontPx).toBeGreaterThanOrEqual(11);
      expect([await attr(tab.page, 'layout-at-ready'), await attr(tab.page, 'layout'), await attr(tab.page, 'elk')]).toEqual(['quick', 'quick', 'pending']);
      expect(await attr(tab.page, 'graph-from')).toBe('page');
      const quick = await drawnLayout(tab.page);
      // The generated graph has no cycle: every link between tables goes left to right in the quick layout.
      expect(checkLayout(quick)).toBe(1);
      // Interactive before ELK: a click highlights the root's paths (and moves the view onto it).
      await clickNode(tab.page, graph.root, { quickLayout: true });
      await tab.page.waitForSelector('#explorer[data-highlight-up]');
      expect(await attr(tab.page, 'elk')).toBe('pending');
      const before = await tab.page.evaluate((id) => {
        const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
        return { zoom: cy.zoom(), at: cy.getElementById(id).renderedPosition() };
      }, graph.root);
      await screenshot(tab.page, 'explorer-10-quick-layout');

      release();
      await tab.page.waitForSelector('#explorer[data-elk="shown"]', READY);
      expect(await attr(tab.page, 'layout')).toBe('elk');
      const elk = await drawnLayout(tab.page);
      // The same elements, moved: ELK's positions replace the quick ones.
      expect(Object.keys(elk.positions).sort()).toEqual(Object.keys(quick.positions).sort());
      const moved = Object.keys(elk.positions).filter((id) => Math.hypot(elk.positions[id].x - quick.positions[id].x, elk.positions[id].y - quick.positions[id].y) > 1);
      expect(moved.length).toBeGreaterThan(Object.keys(elk.positions).length / 2);
      // (ELK lays out a 500-node graph with at most three links into each table: nearly every link still goes rightwards.)
      expect(checkLayout(elk)).toBeGreaterThan(0.9);
      const after = await tab.page.evaluate((id) => {
        const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
        return { zoom: cy.zoom(), at: cy.getElementById(id).renderedPosition(), up: cy.nodes('.row.path-up').length };
      }, graph.root);
      expect(after.zoom).toBeCloseTo(before.zoom, 9);
      expect(Math.hypot(after.at.x - before.at.x, after.at.y - before.at.y)).toBeLessThan(1);
      // The highlight survives the move.
      expect(after.up).toBe(Number(await attr(tab.page, 'highlight-up')));
      const end = await explorerState(tab.page);
      expect([end.nodesDrawn, end.edgesDrawn]).toEqual([500, 1000]);
      expect(tab.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
      await screenshot(tab.page, 'explorer-11-elk-layout');
    } finally {
      await tab.close();
      await harness.close();
    }
  });

  it("a view the user has not moved opens again on ELK's layout; grouped by database, both layouts draw each database around its tables", async () => {
    const graph = generateGraph({ nodes: 300, edges: 600, seed: 5 });
    const harness = await startExplorerHarness(graph);
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      const release = await holdElk(tab.page);
      await openExplorer(tab.page, harness.url);
      // Grouping redraws at once with the quick layout (ELK cannot answer), each database a box around its tables.
      await tab.page.getByLabel('Group by database').check();
      await tab.page.waitForFunction(() => (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy().nodes('.database').length > 0, undefined, READY);
      expect(await attr(tab.page, 'layout')).toBe('quick');
      const quick = await drawnLayout(tab.page);
      expect(quick.databases.length).toBe(new Set(graph.nodes.map((n) => n.dataset.split('.')[0])).size);
      expect(quick.tables.every((t) => t.db !== null)).toBe(true);
      checkLayout(quick);

      release();
      await tab.page.waitForSelector('#explorer[data-elk="shown"]', READY);
      const elk = await drawnLayout(tab.page);
      checkLayout(elk);
      // Not moved by the user: the opening view again, on ELK's layout (labels readable; too large to fit: the root at the centre).
      const view = await tab.page.evaluate((id) => {
        const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
        return { zoom: cy.zoom(), at: cy.getElementById(id).renderedPosition(), centre: { x: cy.width() / 2, y: cy.height() / 2 } };
      }, graph.root);
      expect(view.zoom * 13).toBeGreaterThanOrEqual(11);
      expect(Math.hypot(view.at.x - view.centre.x, view.at.y - view.centre.y)).toBeLessThan(1);
      expect(tab.consoleErrors).toEqual([]);
    } finally {
      await tab.close();
      await harness.close();
    }
  });

  it('without the graph in the page it fetches it; told of 4 CPUs or more, the page starts the ELK worker before the first drawing', async () => {
    const graph = generateGraph({ nodes: 100, edges: 200, seed: 3 });
    const harness = await startExplorerHarness(graph, { embed: false });
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      await tab.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 }));
      const s = await openExplorer(tab.page, harness.url);
      expect([s.state, s.nodesDrawn, s.edgesDrawn]).toEqual(['ready', 100, 200]);
      expect(await attr(tab.page, 'graph-from')).toBe('fetch');
      // Started before the first drawing: from the head (or when explorer.js ran, if the async head script came late).
      expect(['page-head', 'script-load']).toContain(await attr(tab.page, 'elk-worker'));
      await tab.page.waitForSelector('#explorer[data-elk="shown"]', READY);
      expect(checkLayout(await drawnLayout(tab.page))).toBe(1);
      expect(tab.consoleErrors).toEqual([]);
    } finally {
      await tab.close();
      await harness.close();
    }
  });

  it('the depth slider shows the graph at another depth, keeping the link filters, the grouping and the selection, in the address too', async () => {
    const graph = generateGraph({ nodes: 300, edges: 600, seed: 9 });
    const harness = await startExplorerHarness(graph);
    const tab = await openAdminBrowser(browser, harness.url);
    try {
      const s = await openExplorer(tab.page, harness.url);
      expect(s.nodesDrawn).toBe(300);
      await tab.page.locator('.explorer-filters summary').click();
      await tab.page.locator('[data-filter="INDIRECT"]').uncheck();
      await tab.page.getByLabel('Group by database').check();
      await tab.page.waitForFunction(() => (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy().nodes('.database').length > 0, undefined, READY);
      const picked = graph.nodes.find((n) => n.depth === 1 && graph.edges.some((e) => e.transformationType === 'DIRECT' && (e.source === n.id || e.target === n.id))) as { id: string };
      await clickNode(tab.page, picked.id);
      await tab.page.waitForSelector('#explorer[data-highlight-up]');

      await tab.page.getByRole('slider', { name: 'Depth shown' }).fill('2');
      await tab.page.waitForSelector('#explorer[data-depth-shown="2"]', READY);
      const within = graph.nodes.filter((n) => n.depth <= 2).length;
      const url = new URL(tab.page.url());
      expect(url.searchParams.get('depth')).toBe('2');
      expect(url.searchParams.get('hide')).toBe('INDIRECT');
      expect(url.searchParams.get('group')).toBe('database');
      expect(url.searchParams.get('select')).toBe(picked.id);
      const after = await explorerState(tab.page);
      expect(after.status).toContain(`of ${within} nodes`);
      expect(after.nodesDrawn).toBeGreaterThan(0);
      expect(after.nodesDrawn).toBeLessThanOrEqual(within);
      const drawn = await tab.page.evaluate(() => {
        const cy = (window as unknown as { lineageExplorer: { cy(): any } }).lineageExplorer.cy();
        return { indirect: cy.edges('.indirect').length, databases: cy.nodes('.database').length, picked: cy.nodes('.picked').length };
      });
      expect(drawn).toMatchObject({ indirect: 0, picked: 1 });
      expect(drawn.databases).toBeGreaterThan(0);
      expect(await tab.page.locator('[data-filter="INDIRECT"]').isChecked()).toBe(false);
      expect(await tab.page.getByLabel('Group by database').isChecked()).toBe(true);
      // The server-rendered parts are those of depth 2: the node list, the search form's depth.
      expect(await tab.page.locator('.graph-nodes li').count()).toBe(within);
      expect(await tab.page.locator('#depth').inputValue()).toBe('2');
      expect(await tab.page.locator('[data-role="depth-value"]').textContent()).toBe('2');
      expect(await tab.page.locator('figure.graph').isVisible()).toBe(false);
      expect(tab.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
      await screenshot(tab.page, 'explorer-12-depth-slider');
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
