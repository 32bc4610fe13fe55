import { describe, expect, it } from 'vitest';
import type { DashboardData } from './dashboard.service.js';
import { presentDashboard } from './dashboard.presenter.js';

const base: DashboardData = {
  database: { engine: 'embedded', port: 1025, database: 'demo_user', demo: true },
  schema: { ok: false, message: 'Schema status is not available: down' },
  qvci: { ok: true, value: { state: 'disabled', checkedAt: new Date('2026-11-23T10:00:00Z'), query: 'SELECT TOP 1 * FROM DBC.ColumnsJQV', errorCode: 9719, detail: null } },
  cache: { ok: true, value: { kind: 'in-process', state: 'not-configured', detail: 'Redis not configured' } },
  counts: { ok: true, value: { namespaces: 1, datasets: 12, fields: 1500, edges: 40 } },
  recentRuns: { ok: true, value: [] },
  ingestion: { ok: true, value: { stored: 0, last: null, sinceStart: null } },
  changes: {
    ok: true,
    value: {
      since: '2026-11-16T10:00:00.000Z',
      until: '2026-11-23T10:00:00.000Z',
      summary: { edges: { added: 0, removed: 0 }, datasets: { added: 0, removed: 0 }, fields: { added: 0, removed: 0 } },
      total: 0,
      limit: 10,
      offset: 0,
      items: [],
    },
  },
};

describe('dashboard presenter', () => {
  it('shows each part, or why it is unavailable, without failing the page', () => {
    const view = presentDashboard(base);
    expect(view.engine.label).toBe('Embedded (DuckDB) with the demo warehouse');
    expect(view.schema).toEqual({ badge: { label: 'unknown', tone: 'muted' }, detail: 'Schema status is not available: down' });
    expect(view.qvci.badge).toEqual({ label: 'disabled', tone: 'warn' });
    expect(view.cache.badge).toEqual({ label: 'in-process', tone: 'muted' });
    expect(view.counts.items.map((i) => `${i.label}=${i.value}`)).toEqual(['Namespaces=1', 'Datasets=12', 'Fields=1,500', 'Edges=40']);
    expect(view.lastRun).toBeNull();
    expect(view.chart.svg).toBe('');
  });

  it('names the Teradata host and flags missing tables and pending migrations', () => {
    const teradata = presentDashboard({
      ...base,
      database: { engine: 'teradata', host: 'td.example', port: 1025, database: 'lineage' },
      schema: {
        ok: true,
        value: {
          engine: 'teradata',
          tables: [
            { name: 'OL_NAMESPACE', present: true },
            { name: 'OL_DATASET', present: false },
          ],
          version: '1.0.0',
          appliedMigrations: [],
          pendingMigrations: [{ version: '2', description: 'x' }],
        },
      },
    });
    expect(teradata.engine.label).toBe('Teradata at td.example:1025');
    expect(teradata.schema.badge).toEqual({ label: '1 table missing', tone: 'bad' });
  });

  it('describes the last run and charts the recent ones', () => {
    const run = {
      runId: 'abc',
      trigger: 'startup' as const,
      method: 'dbql' as const,
      dryRun: false,
      windowSince: null,
      windowUntil: null,
      state: 'failed' as const,
      startedAt: new Date('2026-11-23T10:00:00Z'),
      finishedAt: new Date('2026-11-23T10:00:02Z'),
      heartbeatAt: null,
      counts: { statementsRead: 5, statementsSkipped: 0, statementsParsed: 3, statementsFailed: 1, statementsTimedOut: 1, edgesWritten: 7, datasetsWritten: 2 },
      message: 'DBQL access denied',
      runner: null,
    };
    const view = presentDashboard({ ...base, recentRuns: { ok: true, value: [run] } });
    expect(view.lastRun).toMatchObject({ href: '/admin/runs/abc', badge: { label: 'failed', tone: 'bad' }, edges: '7', failures: '2', duration: '2.0 s', message: 'DBQL access denied' });
    expect(view.chart.svg).toContain('<svg');
    expect(view.chart.rows).toHaveLength(1);
  });

  it('shows OpenLineage ingestion beside the runs: events stored, the last one, received and refused since start', () => {
    const none = presentDashboard(base);
    expect(none.ingestion.facts.map((f) => `${f.label}=${f.value}`)).toEqual(['Events stored=0', 'Last event=none received yet', 'Since start=not counted (METRICS_ENABLED is off)']);
    const some = presentDashboard({
      ...base,
      ingestion: {
        ok: true,
        value: {
          stored: 1234,
          last: { eventTime: new Date('2026-11-23T10:00:00Z'), eventType: 'COMPLETE', producer: 'https://airflow.example', job: 'etl.load_orders' },
          sinceStart: { accepted: 40, refused: 3, failed: 0 },
        },
      },
    });
    expect(some.ingestion.facts.map((f) => f.value)).toEqual(['1,234', '2026-11-23 10:00:00 UTC COMPLETE of etl.load_orders (https://airflow.example)', '40 received, 3 refused']);
    expect(presentDashboard({ ...base, ingestion: { ok: false, message: 'OL_EVENT missing' } }).ingestion).toEqual({ facts: [], error: 'OL_EVENT missing' });
  });

  it("lists the week's lineage changes with links into the explorer, or says there were none", () => {
    expect(presentDashboard(base).changes).toMatchObject({ days: 7, none: true, items: [], more: null, error: null });
    const ns = 'teradata://demo-warehouse:1025';
    const view = presentDashboard({
      ...base,
      changes: {
        ok: true,
        value: {
          ...(base.changes as { ok: true; value: NonNullable<Extract<DashboardData['changes'], { ok: true }>['value']> }).value,
          summary: { edges: { added: 1, removed: 1 }, datasets: { added: 0, removed: 0 }, fields: { added: 0, removed: 0 } },
          total: 12,
          items: [
            {
              change: 'removed',
              kind: 'edge',
              at: '2026-11-17T06:00:00.000Z',
              nodeId: `datasetField:${ns}:mart_sales.v_sales:net_eur`,
              namespace: ns,
              dataset: 'mart_sales.v_sales',
              field: 'net_eur',
              source: { namespace: ns, dataset: 'core.sales_order', field: 'net_amount', nodeId: `datasetField:${ns}:core.sales_order:net_amount` },
              transformationType: 'DIRECT',
              transformationSubtype: null,
              run: { runId: 'r1', jobId: 'j1', jobName: 'REPLACE VIEW mart_sales.v_sales', eventTime: '2026-11-17T06:00:00.000Z', producer: null, statement: 'REPLACE VIEW mart_sales.v_sales AS SELECT …' },
            },
          ],
        },
      },
    }).changes;
    expect(view.totals.map((t) => t.value)).toEqual(['1 added, 1 removed', '0 added, 0 removed', '0 added, 0 removed']);
    expect(view.items).toEqual([
      {
        at: '2026-11-17 06:00:00 UTC',
        change: 'removed',
        what: 'core.sales_order.net_amount → mart_sales.v_sales.net_eur (direct)',
        by: 'by REPLACE VIEW mart_sales.v_sales',
        href: `/admin/lineage?ns=${encodeURIComponent(ns)}&dataset=mart_sales.v_sales&field=net_eur&direction=both&depth=2`,
      },
    ]);
    expect(view.more).toBe('The first 1 of 12 changes, oldest first; GET /api/v2/openlineage/changes lists them all (CSV too).');
    expect(presentDashboard({ ...base, changes: { ok: false, message: 'OL_LINEAGE_HISTORY missing' } }).changes.error).toBe('OL_LINEAGE_HISTORY missing');
  });
});
