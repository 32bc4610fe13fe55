import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PopulationService } from '../../../src/population/population.service.js';
import { PopulationStartup } from '../../../src/population/population.startup.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Issue 20's done-when, on the demo: the view mart_sales.v_sales_by_region
 * was redefined halfway through the demo's DBQL history (it summed the
 * daily sales, then the monthly store sales). Its net_amount_eur as of a
 * date before the redefinition answers the old lineage, now the new one;
 * /changes lists the redefinition with the statement that made it; compare
 * marks what each definition alone has.
 */

const API = '/api/v2/openlineage';
const VIEW = 'mart_sales.v_sales_by_region';
const LINEAGE = `${API}/datasets/${VIEW}/fields/net_amount_eur/lineage?direction=upstream&maxDepth=1`;

interface Graph {
  readonly asOf?: string;
  readonly compare?: string;
  readonly nodes: { id: string; dataset: string; field?: string; depth: number; diff?: string }[];
  readonly edges: { source: string; target: string; diff?: string }[];
}

describe('the demo warehouse, as of a date before its view redefinition', () => {
  let t: TestApp;
  let redefinedAt: Date;

  beforeAll(async () => {
    t = await startTestApp({ EMBEDDED_DEMO: 'true' });
    await t.app.get(PopulationStartup, { strict: false }).pending;
    await t.app.get(PopulationService, { strict: false }).idle();
  }, 180_000);
  afterAll(() => t?.close());

  const upstreamOf = (g: Graph) => g.nodes.filter((n) => n.depth === 1).map((n) => `${n.dataset}.${n.field}`).sort();

  it('/changes lists the redefinition of the view: the old definition removed, the new one added, by its REPLACE VIEW', async () => {
    const res = await request(t.url).get(`${API}/changes`).query({ since: '2026-11-16T00:00:00Z', until: '2026-11-24T00:00:00Z', dataset: VIEW, limit: 1000 }).expect(200);
    const items = res.body.items as { at: string; change: string; kind: string; dataset: string; field?: string; source?: { dataset: string; field: string }; run: { jobName: string | null; statement: string | null } | null }[];
    const removed = items.filter((i) => i.kind === 'edge' && i.change === 'removed' && i.field === 'net_amount_eur');
    const added = items.filter((i) => i.kind === 'edge' && i.change === 'added' && i.field === 'net_amount_eur' && i.source?.dataset === 'mart_sales.store_sales_monthly');
    expect(removed.map((i) => `${i.source?.dataset}.${i.source?.field}`)).toContain('mart_sales.daily_sales.net_amount_eur');
    expect(added).toHaveLength(1);
    // Both at the redefinition, made by the REPLACE VIEW statement.
    const [replaced] = removed.filter((i) => i.source?.dataset === 'mart_sales.daily_sales');
    expect(replaced.at).toBe(added[0].at);
    expect(replaced.run?.jobName).toMatch(/^REPLACE VIEW mart_sales\.v_sales_by_region/);
    expect(replaced.run?.statement).toMatch(/store_sales_monthly/);
    redefinedAt = new Date(replaced.at);
    expect(redefinedAt.getTime()).toBeGreaterThan(Date.parse('2026-11-17T00:00:00Z'));
  });

  it('answers the old lineage as of a date before the redefinition, and the new one now', async () => {
    const before = new Date(redefinedAt.getTime() - 3_600_000).toISOString();
    const old = await request(t.url).get(`${LINEAGE}&asOf=${before}`).expect(200);
    const then = old.body as Graph;
    expect(then.asOf).toBe(new Date(Math.floor(Date.parse(before) / 1000) * 1000).toISOString());
    expect(old.headers['lineage-as-of']).toBe(then.asOf);
    expect(upstreamOf(then)).toContain('mart_sales.daily_sales.net_amount_eur');
    expect(upstreamOf(then)).not.toContain('mart_sales.store_sales_monthly.net_amount_eur');
    const current = (await request(t.url).get(LINEAGE).expect(200)).body as Graph;
    expect(current.asOf).toBeUndefined();
    expect(upstreamOf(current)).toContain('mart_sales.store_sales_monthly.net_amount_eur');
    expect(upstreamOf(current)).not.toContain('mart_sales.daily_sales.net_amount_eur');
    // Just after the redefinition: the new lineage.
    const after = (await request(t.url).get(`${LINEAGE}&asOf=${new Date(redefinedAt.getTime() + 1000).toISOString()}`).expect(200)).body as Graph;
    expect(upstreamOf(after)).toEqual(upstreamOf(current));
  });

  it('compares the two: what only the old definition had is removed, what only the new one has is added', async () => {
    const before = new Date(redefinedAt.getTime() - 3_600_000).toISOString();
    const res = await request(t.url).get(`${LINEAGE}&compare=${before}`).expect(200);
    const g = res.body as Graph;
    expect(g.compare).toBe(new Date(Math.floor(Date.parse(before) / 1000) * 1000).toISOString());
    const diff = (dataset: string) => g.nodes.find((n) => n.dataset === dataset && n.field === 'net_amount_eur')?.diff;
    expect(diff('mart_sales.store_sales_monthly')).toBe('added');
    expect(diff('mart_sales.daily_sales')).toBe('removed');
    expect(g.nodes[0].diff).toBeUndefined();
    expect(g.edges.filter((e) => e.diff === 'removed').map((e) => e.source)).toContain('datasetField:teradata://demo-warehouse:1025:mart_sales.daily_sales:net_amount_eur');
  });

  it('exports, impact and the Marquez-compatible routes answer as of the instant too', async () => {
    const before = new Date(redefinedAt.getTime() - 3_600_000).toISOString();
    const nodeId = 'datasetField:teradata://demo-warehouse:1025:mart_sales.daily_sales:net_amount_eur';
    const exported = await request(t.url).get(`${API}/export`).query({ nodeId, format: 'mermaid', direction: 'downstream', maxDepth: 1, asOf: before }).expect(200);
    expect(exported.headers['lineage-as-of']).toBeDefined();
    expect(exported.text).toContain('v_sales_by_region');
    const now = await request(t.url).get(`${API}/export`).query({ nodeId, format: 'mermaid', direction: 'downstream', maxDepth: 1 }).expect(200);
    expect(now.headers['lineage-as-of']).toBeUndefined();
    expect(now.text).not.toContain('v_sales_by_region');
    const impact = await request(t.url).get(`${API}/impact`).query({ nodeId, maxDepth: 1, asOf: before }).expect(200);
    expect((impact.body as { nodes: { dataset: string }[] }).nodes.map((n) => n.dataset)).toContain(VIEW);
    const marquez = await request(t.url).get('/api/v1/column-lineage').query({ nodeId: `datasetField:teradata://demo-warehouse:1025:${VIEW}:net_amount_eur`, depth: 1, asOf: before }).expect(200);
    expect(JSON.stringify(marquez.body)).toContain('mart_sales.daily_sales');
    expect((marquez.body as { asOf?: string }).asOf).toBeDefined();
  });
});
