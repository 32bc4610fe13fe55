import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, startIngestionApp } from '../ingestion/ingestion-app.js';

/**
 * GET /api/v2/openlineage/changes (issue 20): what became true and what
 * stopped being true in a window, with the run responsible, JSON and CSV.
 * The history is written by ingestion: a job's first run writes two edges
 * into a column, its next run (a day later) writes only one of them, so the
 * other ends at that run's eventTime.
 */
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.0.0/integration/dbt';
const SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const NS = 'postgres://warehouse:5432';
const RUN_1 = '0193a1b2-0000-7000-8000-000000000001';
const RUN_2 = '0193a1b2-0000-7000-8000-000000000002';
const T1 = '2026-03-02T08:00:00.000Z';
const T2 = '2026-03-03T08:00:00.000Z';

function complete(runId: string, at: string, sources: string[]) {
  return {
    eventType: 'COMPLETE',
    eventTime: at,
    run: { runId },
    job: { namespace: 'dbt-prod', name: 'marts.Revenue' },
    inputs: [{ namespace: NS, name: 'public.Orders' }],
    outputs: [
      {
        namespace: NS,
        name: 'marts.Revenue',
        facets: {
          columnLineage: {
            _producer: PRODUCER,
            _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
            fields: { Amount: { inputFields: sources.map((field) => ({ namespace: NS, name: 'public.Orders', field })) } },
          },
        },
      },
    ],
    producer: PRODUCER,
    schemaURL: SCHEMA,
  };
}

describe('GET /api/v2/openlineage/changes', () => {
  let t: TestApp;
  const get = (query: Record<string, string>, accept = 'application/json') =>
    request(t.url).get('/api/v2/openlineage/changes').query(query).set('X-API-Key', API_KEY).set('Accept', accept);

  beforeAll(async () => {
    t = await startIngestionApp();
    const post = (body: unknown) => request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).set('Content-Type', 'application/json').send(JSON.stringify(body));
    await post(complete(RUN_1, T1, ['Net', 'Tax'])).expect(201);
    await post(complete(RUN_2, T2, ['Net'])).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the edges, datasets and fields that appeared in a window, with the run that wrote them', async () => {
    const res = await get({ since: '2026-03-02T00:00:00Z', until: '2026-03-03T00:00:00Z' }).expect(200);
    expect(res.body.totals).toEqual({ edgesAdded: 2, edgesRemoved: 0, datasetsAdded: 2, datasetsRemoved: 0, fieldsAdded: 3, fieldsRemoved: 0 });
    expect(res.body.total).toBe(7);
    const edges = res.body.items.filter((i: { item: string }) => i.item === 'edge');
    expect(edges.map((e: { edge: { source: { field: string } } }) => e.edge.source.field).sort()).toEqual(['Net', 'Tax']);
    for (const e of edges) {
      expect(e).toMatchObject({ change: 'added', at: T1, run: { runId: RUN_1, jobName: 'marts.Revenue' } });
      expect(e.edge.target).toEqual({ namespace: NS, dataset: 'marts.Revenue', field: 'Amount' });
    }
  });

  it('lists the edge the next run no longer wrote as removed at that run, and nothing else', async () => {
    const res = await get({ since: '2026-03-03T00:00:00Z', until: '2026-03-04T00:00:00Z' }).expect(200);
    expect(res.body.totals).toEqual({ edgesAdded: 0, edgesRemoved: 1, datasetsAdded: 0, datasetsRemoved: 0, fieldsAdded: 0, fieldsRemoved: 0 });
    expect(res.body.items).toEqual([
      {
        change: 'removed',
        item: 'edge',
        at: T2,
        edge: { source: { namespace: NS, dataset: 'public.Orders', field: 'Tax' }, target: { namespace: NS, dataset: 'marts.Revenue', field: 'Amount' }, transformationType: expect.any(String), transformationSubtype: expect.toBeOneOf([null, expect.any(String)]) },
        run: { runId: RUN_2, jobNamespace: expect.any(String), jobName: 'marts.Revenue' },
      },
    ]);
  });

  it('filters on a dataset and field (names as sent outside teradata://), pages, and answers CSV', async () => {
    const field = await get({ since: '2026-03-01T00:00:00Z', until: '2026-03-04T00:00:00Z', dataset: 'public.Orders', field: 'Tax' }).expect(200);
    expect(field.body.node).toEqual({ namespace: NS, dataset: 'public.Orders', field: 'Tax' });
    // the field appeared, its edge appeared and was removed
    expect(field.body.items.map((i: { change: string; item: string }) => `${i.change} ${i.item}`)).toEqual(['added edge', 'added field', 'removed edge']);

    const page = await get({ since: '2026-03-01T00:00:00Z', until: '2026-03-04T00:00:00Z', limit: '3', offset: '6' }).expect(200);
    expect(page.body.total).toBe(8);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.at(-1).change).toBe('removed');

    const csv = await get({ since: '2026-03-01T00:00:00Z', until: '2026-03-04T00:00:00Z' }, 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('change,item,at,source_namespace,source_dataset,source_field,target_namespace,target_dataset,target_field,transformation_type,transformation_subtype,namespace,dataset,field,run_id,job_namespace,job_name');
    expect(lines).toHaveLength(1 + 8);
    expect(lines.at(-1)).toMatch(new RegExp(`^removed,edge,${T2},${NS},public\\.Orders,Tax,${NS},marts\\.Revenue,Amount,.*,${RUN_2},.*,marts\\.Revenue$`));
  });

  it('refuses a window that ends before it starts, a bad date and a field without its dataset; 404 for an unknown dataset', async () => {
    const backwards = await get({ since: '2026-03-04T00:00:00Z', until: '2026-03-01T00:00:00Z' }).expect(400);
    expect(backwards.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('since') });
    const bad = await get({ since: 'last tuesday' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await get({ field: 'Tax' }).expect(400);
    const missing = await get({ dataset: 'public.Nowhere' }).expect(404);
    expect(missing.body.code).toBe('LINEAGE_NODE_NOT_FOUND');
  });
});
