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
    expect(res.body.summary).toEqual({ edges: { added: 2, removed: 0 }, datasets: { added: 2, removed: 0 }, fields: { added: 3, removed: 0 } });
    expect(res.body.total).toBe(7);
    const edges = res.body.items.filter((i: { kind: string }) => i.kind === 'edge');
    expect(edges.map((e: { source: { field: string } }) => e.source.field).sort()).toEqual(['Net', 'Tax']);
    for (const e of edges) {
      expect(e).toMatchObject({ change: 'added', at: T1, namespace: NS, dataset: 'marts.Revenue', field: 'Amount', run: { runId: RUN_1, jobName: 'marts.Revenue' } });
    }
  });

  it('lists the edge the next run no longer wrote as removed at that run, and nothing else', async () => {
    const res = await get({ since: '2026-03-03T00:00:00Z', until: '2026-03-04T00:00:00Z' }).expect(200);
    expect(res.body.summary).toEqual({ edges: { added: 0, removed: 1 }, datasets: { added: 0, removed: 0 }, fields: { added: 0, removed: 0 } });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      change: 'removed',
      kind: 'edge',
      at: T2,
      namespace: NS,
      dataset: 'marts.Revenue',
      field: 'Amount',
      source: { namespace: NS, dataset: 'public.Orders', field: 'Tax' },
      run: { runId: RUN_2, jobName: 'marts.Revenue', eventTime: T2 },
    });
  });

  it('filters on a dataset and field (names as sent outside teradata://), pages, and answers CSV', async () => {
    const field = await get({ since: '2026-03-01T00:00:00Z', until: '2026-03-04T00:00:00Z', dataset: 'public.Orders', field: 'Tax' }).expect(200);
    // the field appeared, its edge appeared and was removed
    expect(field.body.items.map((i: { change: string; kind: string; at: string }) => `${i.change} ${i.kind} ${i.at}`)).toEqual([`added field ${T1}`, `added edge ${T1}`, `removed edge ${T2}`]);

    const page = await get({ since: '2026-03-01T00:00:00Z', until: '2026-03-04T00:00:00Z', limit: '3', offset: '6' }).expect(200);
    expect(page.body.total).toBe(8);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.at(-1).change).toBe('removed');

    const csv = await get({ since: '2026-03-01T00:00:00Z', until: '2026-03-04T00:00:00Z' }, 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('at,change,kind,namespace,dataset,field,source_namespace,source_dataset,source_field,transformation_type,transformation_subtype,run_id,job_name,run_event_time,producer,statement');
    expect(lines).toHaveLength(1 + 8);
    expect(lines.at(-1)).toMatch(new RegExp(`^${T2},removed,edge,${NS},marts\\.Revenue,Amount,${NS},public\\.Orders,Tax,.*,${RUN_2},marts\\.Revenue,${T2},`));
  });

  it('refuses a window that ends before it starts, a bad date and a field without its dataset; 404 for an unknown dataset', async () => {
    const backwards = await get({ since: '2026-03-04T00:00:00Z', until: '2026-03-01T00:00:00Z' }).expect(400);
    expect(backwards.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('since') });
    const bad = await get({ since: 'last tuesday' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await get({ since: '2026-03-01T00:00:00Z', field: 'Tax' }).expect(400);
    const missing = await get({ since: '2026-03-01T00:00:00Z', dataset: 'public.Nowhere' }).expect(404);
    expect(missing.body.code).toBe('LINEAGE_NODE_NOT_FOUND');
  });
});
