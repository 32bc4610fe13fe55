import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabasePort } from '../../../src/teradata/database.port.js';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, startIngestionApp } from './ingestion-app.js';

/**
 * Every valid event is stored (issue 16): a run takes any number of events of
 * a type, identity is content, JobEvents and DatasetEvents are accepted,
 * names keep their spelling outside teradata://, lenient mode accepts what
 * Marquez does and says so, and the event is kept as received.
 */
const RUN = '7d3f9a10-5b2c-4e8d-9f01-23456789abcd';
const PRODUCER = 'https://github.com/apache/spark';
const SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/';
const SNOWFLAKE = 'snowflake://acme.eu-west-1';
const TERADATA = 'teradata://tdprod:1025';
const lineageFacet = (inputs: { namespace: string; name: string; field: string }[]) => ({
  _producer: PRODUCER,
  _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  fields: Object.fromEntries(inputs.map((i) => [i.field, { inputFields: [i] }])),
});

function runEvent(eventType: string, minute: number, outputs: unknown[], extra: Record<string, unknown> = {}) {
  return {
    eventType,
    eventTime: `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
    run: { runId: RUN },
    job: { namespace: 'spark-prod', name: 'Sales.Daily' },
    inputs: [{ namespace: SNOWFLAKE, name: 'RAW.Orders' }],
    outputs,
    producer: PRODUCER,
    schemaURL: `${SCHEMA}RunEvent`,
    ...extra,
  };
}

describe('OpenLineage events: every valid one stored', () => {
  let t: TestApp;
  let db: DatabasePort;
  const post = (body: unknown) => request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const get = (path: string, query: Record<string, string> = {}) => request(t.url).get(path).query(query).set('X-API-Key', API_KEY);
  const runState = async () => (await db.query<{ event_type: string }>('SELECT event_type FROM OL_RUN WHERE run_id = ?', [RUN]))[0]?.event_type;

  beforeAll(async () => {
    t = await startIngestionApp();
    db = t.app.get(DatabasePort);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a second, different event of the same run and type, and merges what it adds', async () => {
    await post(runEvent('START', 0, [])).expect(201);
    const first = await post(runEvent('RUNNING', 1, [{ namespace: SNOWFLAKE, name: 'MART.Daily_Sales' }])).expect(201);
    const second = await post(
      runEvent('RUNNING', 2, [{ namespace: SNOWFLAKE, name: 'MART.Daily_Returns', facets: { columnLineage: lineageFacet([{ namespace: SNOWFLAKE, name: 'RAW.Orders', field: 'Amount' }]) } }]),
    ).expect(201);
    expect(first.body).toMatchObject({ kind: 'RUN', status: 'stored', duplicate: false, eventType: 'RUNNING' });
    expect(second.body).toMatchObject({ status: 'stored', duplicate: false, stored: { runOutputs: 1, edges: 1 } });
    expect(second.body.eventId).not.toBe(first.body.eventId);
    // Both RUNNING events' outputs belong to the run; the second's column is answered.
    const outputs = await db.query<{ name: string }>('SELECT d.name FROM OL_RUN_OUTPUT o JOIN OL_DATASET d ON d.dataset_id = o.dataset_id WHERE o.run_id = ? ORDER BY d.name', [RUN]);
    expect(outputs.map((o) => o.name)).toEqual(['MART.Daily_Returns', 'MART.Daily_Sales']);
    await get('/api/v2/openlineage/datasets/MART.Daily_Returns/fields/Amount/lineage', { namespace: SNOWFLAKE, direction: 'upstream' }).expect(200);
    expect(await db.query('SELECT COUNT(*) AS n FROM OL_EVENT WHERE run_id = ?', [RUN])).toEqual([{ n: 3 }]);
  });

  it('takes the very same event again, whatever its key order, for a duplicate that writes nothing', async () => {
    const again = runEvent('RUNNING', 1, [{ namespace: SNOWFLAKE, name: 'MART.Daily_Sales' }]);
    const reordered = Object.fromEntries(Object.entries(again).reverse());
    const res = await post(reordered).expect(200);
    expect(res.body).toMatchObject({ status: 'duplicate', duplicate: true });
    expect(await db.query('SELECT COUNT(*) AS n FROM OL_EVENT WHERE run_id = ?', [RUN])).toEqual([{ n: 3 }]);
  });

  it('keeps an ended run ended: a later RUNNING or OTHER adds its facts but not its state', async () => {
    await post(runEvent('COMPLETE', 5, [])).expect(201);
    expect(await runState()).toBe('COMPLETE');
    await post(runEvent('OTHER', 7, [{ namespace: SNOWFLAKE, name: 'MART.Late_Output' }])).expect(201);
    await post(runEvent('RUNNING', 8, [])).expect(201);
    expect(await runState()).toBe('COMPLETE');
    const outputs = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM OL_RUN_OUTPUT WHERE run_id = ?', [RUN]);
    expect(outputs).toEqual([{ n: 3 }]);
  });

  it('answers names outside teradata:// by their spelling only, on the path routes and in nodeId; teradata:// names in any case', async () => {
    await get('/api/v2/openlineage/datasets/MART.Daily_Returns', { namespace: SNOWFLAKE }).expect(200);
    await get('/api/v2/openlineage/datasets/mart.daily_returns', { namespace: SNOWFLAKE }).expect(404);
    const node = `datasetField:${SNOWFLAKE}:MART.Daily_Returns:Amount`;
    const byNode = await get('/api/v2/openlineage/lineage', { nodeId: node, direction: 'upstream' }).expect(200);
    expect(byNode.body.nodes.map((n: { id: string }) => n.id)).toContain(`datasetField:${SNOWFLAKE}:RAW.Orders:Amount`);
    const lower = await get('/api/v2/openlineage/lineage', { nodeId: `datasetField:${SNOWFLAKE}:mart.daily_returns:amount`, direction: 'upstream' });
    expect(lower.status, JSON.stringify(lower.body)).toBe(404);

    await post({
      eventType: 'COMPLETE',
      eventTime: '2026-03-01T11:00:00Z',
      run: { runId: '7d3f9a10-5b2c-4e8d-9f01-000000000002' },
      job: { namespace: 'bteq', name: 'load_mart' },
      inputs: [{ namespace: TERADATA, name: 'Sales.Orders' }],
      outputs: [{ namespace: TERADATA, name: 'Mart.Daily', facets: { columnLineage: lineageFacet([{ namespace: TERADATA, name: 'Sales.Orders', field: 'Amount' }]) } }],
      producer: PRODUCER,
      schemaURL: `${SCHEMA}RunEvent`,
    }).expect(201);
    for (const spelling of ['Mart.Daily', 'mart.daily', 'MART.DAILY']) {
      const res = await get(`/api/v2/openlineage/datasets/${spelling}`, { namespace: TERADATA }).expect(200);
      expect(res.body.name).toBe('mart.daily');
    }
    const td = await get('/api/v2/openlineage/lineage', { nodeId: `datasetField:${TERADATA}:MART.Daily:AMOUNT`, direction: 'upstream' }).expect(200);
    expect(td.body.nodes.map((n: { id: string }) => n.id)).toContain(`datasetField:${TERADATA}:sales.orders:amount`);
  });

  it('accepts a JobEvent (static lineage, stored as the job’s static run) and a DatasetEvent', async () => {
    const job = await post({
      eventTime: '2026-03-02T09:00:00Z',
      job: { namespace: 'dbt', name: 'model.Customers' },
      inputs: [{ namespace: SNOWFLAKE, name: 'RAW.Customers' }],
      outputs: [{ namespace: SNOWFLAKE, name: 'MART.Customers', facets: { columnLineage: lineageFacet([{ namespace: SNOWFLAKE, name: 'RAW.Customers', field: 'Email' }]) } }],
      producer: PRODUCER,
      schemaURL: `${SCHEMA}JobEvent`,
    }).expect(201);
    expect(job.body).toMatchObject({ kind: 'JOB', status: 'stored', eventType: 'OTHER', stored: { jobs: 1, runs: 1, runInputs: 1, runOutputs: 1, edges: 1 } });
    expect(job.body.runId).toMatch(/^static_/);
    await get('/api/v2/openlineage/datasets/MART.Customers/fields/Email/lineage', { namespace: SNOWFLAKE, direction: 'upstream' }).expect(200);

    const dataset = await post({
      eventTime: '2026-03-02T09:05:00Z',
      dataset: {
        namespace: SNOWFLAKE,
        name: 'MART.Customers',
        facets: { schema: { _producer: PRODUCER, _schemaURL: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json', fields: [{ name: 'Email', type: 'VARCHAR' }, { name: 'Id', type: 'NUMBER' }] } },
      },
      producer: PRODUCER,
      schemaURL: `${SCHEMA}DatasetEvent`,
    }).expect(201);
    expect(dataset.body).toMatchObject({ kind: 'DATASET', status: 'stored', stored: { fields: 1, fieldsCompleted: 1, runs: 0, jobs: 0 } });
    expect(dataset.body.runId).toBeUndefined();
    const ds = await get('/api/v2/openlineage/datasets/MART.Customers', { namespace: SNOWFLAKE }).expect(200);
    expect(ds.body.fields.map((f: { name: string; type: string | null }) => [f.name, f.type])).toEqual([
      ['Email', 'VARCHAR'],
      ['Id', 'NUMBER'],
    ]);
  });

  it('keeps each event as received, and one over OPENLINEAGE_EVENT_KEEP_KB without its text', async () => {
    const kept = await db.query<{ payload: string | null; payload_chars: number; event_kind: string }>(
      "SELECT payload, payload_chars, event_kind FROM OL_EVENT WHERE event_kind = 'DATASET'",
    );
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0].payload ?? '{}').dataset.name).toBe('MART.Customers');
    expect(kept[0].payload_chars).toBe(kept[0].payload?.length);

    const big = runEvent('COMPLETE', 30, [], { run: { runId: '7d3f9a10-5b2c-4e8d-9f01-000000000003', facets: { big: { _producer: PRODUCER, _schemaURL: 'https://example.com/big', text: 'x'.repeat(300 * 1024) } } } });
    const res = await post(big).expect(201);
    const row = await db.query<{ payload: string | null; payload_chars: number }>('SELECT payload, payload_chars FROM OL_EVENT WHERE event_id = ?', [res.body.eventId]);
    expect(row[0].payload).toBeNull();
    expect(row[0].payload_chars).toBeGreaterThan(300 * 1024);
  });
});

describe('OpenLineage events: lenient mode', () => {
  const marquezStyle = {
    eventType: 'START',
    eventTime: '2026-03-03T08:00:00.123',
    run: { runId: 'spark-app-20260303-0001' },
    job: { namespace: 'spark-prod', name: 'nightly', facets: { jobType: { processingType: 'BATCH', integration: 'SPARK', jobType: 'JOB', _deleted: null } } },
    inputs: null,
    outputs: [{ namespace: SNOWFLAKE, name: 'MART.Nightly' }],
    producer: PRODUCER,
  };

  it('on (the default): accepts what Marquez accepts and says what it normalised', async () => {
    const t = await startIngestionApp();
    try {
      const res = await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).send(marquezStyle).expect(201);
      expect(res.body.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(res.body.normalised).toEqual([
        'eventTime had no time zone: read as UTC',
        `schemaURL was missing: ${SCHEMA}RunEvent assumed`,
        `run.runId "spark-app-20260303-0001" is not a UUID: stored as ${res.body.runId}, the name-based UUID Marquez derives from it`,
        'inputs was null: read as none',
        '1 facet had _deleted: null: read as not deleted',
        "1 facet lacked _producer or _schemaURL: the event's producer and a placeholder URL filled in",
      ]);
      const run = await t.app.get(DatabasePort).query<{ event_time: Date }>('SELECT event_time FROM OL_RUN WHERE run_id = ?', [res.body.runId]);
      expect(new Date(run[0].event_time).toISOString()).toBe('2026-03-03T08:00:00.123Z');
    } finally {
      await t.close();
    }
  });

  it('off: refuses the same event with every schema violation', async () => {
    const t = await startIngestionApp({ OPENLINEAGE_LENIENT: 'false' });
    try {
      const res = await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).send(marquezStyle).expect(400);
      const paths = res.body.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['/eventTime', '/schemaURL', '/run/runId', '/inputs']));
    } finally {
      await t.close();
    }
  });
});
