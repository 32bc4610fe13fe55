import { openLineageRunEvent } from '@polyglot-sql/sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LineageRepository } from '../../../src/lineage/lineage.repository.js';
import { DatabasePort } from '../../../src/teradata/database.port.js';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, golden, startIngestionApp } from './ingestion-app.js';

const ROUTE = '/api/v1/lineage';
const TABLES = ['OL_NAMESPACE', 'OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT', 'OL_COLUMN_LINEAGE'] as const;
const NS = 'teradata://demo-warehouse:1025';

interface Expected {
  runId: string;
  eventType: string;
  fields: Record<string, [string, string | null, number | null][]>;
  runInputs: string[];
  runOutputs: string[];
  edges: [string, string, string, string, string][];
}

/** An event from a real third-party producer: @polyglot-sql/sdk's openLineageRunEvent on Teradata SQL. */
function polyglotEvent(sql: string, runId: string, eventType: 'START' | 'COMPLETE', eventTime: string, datasetNamespace = NS): Record<string, unknown> {
  const result = openLineageRunEvent(sql, {
    dialect: 'teradata',
    producer: 'https://github.com/tobymao/polyglot',
    datasetNamespace,
    jobNamespace: 'teradata-etl',
    jobName: 'mart.daily_sales.load',
    runId,
    eventTime,
    eventType,
  });
  if (!result.success || !result.event) throw new Error(`polyglot produced no event: ${result.error}`);
  return result.event;
}

describe('POST /api/v1/lineage (OpenLineage ingestion)', () => {
  let t: TestApp;
  let db: DatabasePort;
  const post = (body: unknown, key: string | null = API_KEY) => {
    const req = request(t.url).post(ROUTE).set('Content-Type', 'application/json');
    return key === null ? req.send(JSON.stringify(body)) : req.set('X-API-Key', key).send(JSON.stringify(body));
  };
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return out;
  };
  const generation = async () => Number((await db.query<{ g: number }>('SELECT generation AS g FROM OL_GRAPH_STATE WHERE state_id = 1'))[0].g);

  beforeAll(async () => {
    t = await startIngestionApp();
    db = t.app.get(DatabasePort);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the golden column-lineage event (201) and its rows are in OL_* at once', async () => {
    const expected = golden<Expected>('spec-column-lineage-complete.expected');
    const before = await generation();
    const res = await post(golden('spec-column-lineage-complete')).expect(201);
    expect(res.body).toMatchObject({ runId: expected.runId, eventType: 'COMPLETE', duplicate: false });
    expect(res.body.stored).toMatchObject({ namespaces: 2, datasets: 3, jobs: 1, runs: 1, runInputs: 2, runOutputs: 1, edges: expected.edges.length });
    expect(await generation()).toBe(before + 1);

    const edges = await db.query<Record<string, string>>(
      'SELECT source_namespace, source_dataset, source_field, target_dataset, target_field, transformation_type, transformation_subtype, masking, run_id, is_active FROM OL_COLUMN_LINEAGE WHERE run_id = ?',
      [expected.runId],
    );
    expect(edges.map((e) => [`${e.source_dataset}.${e.source_field}`, `${e.target_dataset}.${e.target_field}`, e.transformation_type, e.transformation_subtype, e.masking]).sort()).toEqual(
      [...expected.edges].sort(),
    );
    expect(edges.every((e) => e.source_namespace === 'SnowflakeOpenLineage' && e.is_active === 'Y')).toBe(true);

    const run = await db.query<{ event_type: string; event_time: Date; job_id: string; producer: string; nominal_start_time: Date }>(
      'SELECT event_type, event_time, job_id, producer, nominal_start_time FROM OL_RUN WHERE run_id = ?',
      [expected.runId],
    );
    expect(run).toHaveLength(1);
    expect(run[0].event_type).toBe('COMPLETE');
    expect(run[0].event_time.toISOString()).toBe('2024-03-01T10:15:30.123Z');
    expect(run[0].nominal_start_time.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(run[0].job_id).toBe('snowflake-etl/customer_discounts.load');
    const job = await db.query<{ job_type: string; description: string }>('SELECT job_type, description FROM OL_JOB WHERE job_id = ?', [run[0].job_id]);
    expect(job[0].job_type).toBe('QUERY');
    expect(job[0].description).toMatch(/^INSERT INTO PUBLIC\.CUSTOMER_DISCOUNTS/);

    const fields = await db.query<{ name: string; field_name: string; field_type: string | null; ordinal_position: number | null }>(
      'SELECT d.name, f.field_name, f.field_type, f.ordinal_position FROM OL_DATASET_FIELD f JOIN OL_DATASET d ON d.dataset_id = f.dataset_id',
    );
    for (const [dataset, list] of Object.entries(expected.fields)) {
      const actual = fields.filter((f) => f.name === dataset).map((f) => [f.field_name, f.field_type, f.ordinal_position]);
      expect(actual.sort(), dataset).toEqual([...list].sort());
    }
    const io = await db.query<{ side: string; name: string }>(
      "SELECT 'in' AS side, d.name FROM OL_RUN_INPUT r JOIN OL_DATASET d ON d.dataset_id = r.dataset_id WHERE r.run_id = ? UNION ALL SELECT 'out', d.name FROM OL_RUN_OUTPUT r JOIN OL_DATASET d ON d.dataset_id = r.dataset_id WHERE r.run_id = ?",
      [expected.runId, expected.runId],
    );
    expect(io.filter((r) => r.side === 'in').map((r) => r.name).sort()).toEqual(expected.runInputs);
    expect(io.filter((r) => r.side === 'out').map((r) => r.name)).toEqual(expected.runOutputs);

    // The facet's dataset-level input (a filter) is stored once into `*`, and a column's upstream reaches it.
    const up = await request(t.url)
      .get('/api/v2/openlineage/datasets/PUBLIC.CUSTOMER_DISCOUNTS/fields/AMOUNT/lineage')
      .query({ direction: 'upstream', namespace: 'SnowflakeOpenLineage' })
      .set('X-API-Key', API_KEY)
      .expect(200);
    const id = (ds: string, f: string) => `datasetField:SnowflakeOpenLineage:${ds}:${f}`;
    expect(up.body.nodes.map((n: { id: string }) => n.id)).toEqual([
      id('PUBLIC.CUSTOMER_DISCOUNTS', 'AMOUNT'),
      id('PUBLIC.DISCOUNTS', 'AMOUNT'),
      id('PUBLIC.CUSTOMER_DISCOUNTS', '*'),
      id('PUBLIC.DISCOUNTS', 'ACTIVE'),
    ]);
  });

  it('answers a re-post with 200 and duplicate: true, adds no rows and leaves the generation', async () => {
    const before = await counts();
    const generationBefore = await generation();
    const res = await post(golden('spec-column-lineage-complete')).expect(200);
    expect(res.body.duplicate).toBe(true);
    expect(Object.values(res.body.stored as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(await counts()).toEqual(before);
    expect(await generation()).toBe(generationBefore);
  });

  it('stores the spec START example, then moves the run on to COMPLETE, and knows the START again', async () => {
    const start = golden('spec-start-event');
    await post(start).expect(201);
    const complete = { ...golden('spec-start-event'), eventType: 'COMPLETE', eventTime: '2020-12-28T20:52:00.001+10:00' };
    const res = await post(complete).expect(201);
    expect(res.body).toMatchObject({ eventType: 'COMPLETE', duplicate: false, stored: { runs: 0, datasets: 0 } });
    const run = await db.query<{ event_type: string }>('SELECT event_type FROM OL_RUN WHERE run_id = ?', ['0176a8c2-fe01-7439-87e6-56a1a1b4029f']);
    expect(run).toEqual([{ event_type: 'COMPLETE' }]);
    const before = await counts();
    expect((await post(start).expect(200)).body.duplicate).toBe(true);
    expect(await counts()).toEqual(before);
    const after = await db.query<{ event_type: string }>('SELECT event_type FROM OL_RUN WHERE run_id = ?', ['0176a8c2-fe01-7439-87e6-56a1a1b4029f']);
    expect(after).toEqual([{ event_type: 'COMPLETE' }]);
  });

  it('stores START and COMPLETE events of a third-party producer (@polyglot-sql/sdk) with their column lineage', async () => {
    const runId = '7a1d9f4e-2b3c-4d5e-8f90-123456789abc';
    const sql = 'INSERT INTO mart.daily_sales (sale_date, store_id, amount) SELECT order_date, store_id, amount FROM sales.orders WHERE status = 1';
    await post(polyglotEvent(sql, runId, 'START', '2026-02-01T01:00:00Z')).expect(201);
    const res = await post(polyglotEvent(sql, runId, 'COMPLETE', '2026-02-01T01:05:00Z')).expect(201);
    expect(res.body).toMatchObject({ runId, eventType: 'COMPLETE' });
    const edges = await db.query<{ s: string; t: string; ty: string; ns: string }>(
      "SELECT source_dataset || '.' || source_field AS s, target_dataset || '.' || target_field AS t, transformation_type AS ty, target_namespace AS ns FROM OL_COLUMN_LINEAGE WHERE run_id = ? AND transformation_type = 'DIRECT' ORDER BY 2",
      [runId],
    );
    expect(edges.map((e) => [e.s, e.t])).toEqual([
      ['sales.orders.amount', 'mart.daily_sales.amount'],
      ['sales.orders.order_date', 'mart.daily_sales.sale_date'],
      ['sales.orders.store_id', 'mart.daily_sales.store_id'],
    ]);
    expect(edges.every((e) => e.ns === NS)).toBe(true);
    const run = await db.query<{ event_type: string; producer: string }>('SELECT event_type, producer FROM OL_RUN WHERE run_id = ?', [runId]);
    expect(run).toEqual([{ event_type: 'COMPLETE', producer: 'https://github.com/tobymao/polyglot' }]);
  });

  it('serves the lineage of an ingested event at once, finding the namespace when only one holds the dataset', async () => {
    const lineage = (dataset: string, query: Record<string, string> = {}) =>
      request(t.url).get(`/api/v2/openlineage/datasets/${dataset}/fields/amount/lineage`).query({ direction: 'upstream', ...query }).set('X-API-Key', API_KEY);
    const namespaces = await request(t.url).get('/api/v2/openlineage/namespaces').set('X-API-Key', API_KEY).expect(200);
    expect(namespaces.body.namespaces.length).toBeGreaterThan(1);
    const res = await lineage('mart.daily_sales').expect(200);
    expect(res.body.nodes.map((n: { id: string }) => n.id)).toContain(`datasetField:${NS}:sales.orders:amount`);
    // The same table name in a second warehouse: now the caller must say which.
    const other = 'teradata://other-warehouse:1025';
    await post(polyglotEvent('INSERT INTO mart.daily_sales (amount) SELECT amount FROM stage.refunds', 'c3b1f2a4-5d6e-4f70-8a91-b2c3d4e5f607', 'COMPLETE', '2026-02-02T01:00:00Z', other)).expect(201);
    const ambiguous = await lineage('mart.daily_sales').expect(400);
    expect(ambiguous.body.message).toBe(`namespace is required when there are several holding "mart.daily_sales": ${NS}, ${other}`);
    const chosen = await lineage('mart.daily_sales', { namespace: other }).expect(200);
    expect(chosen.body.nodes.map((n: { id: string }) => n.id)).toContain(`datasetField:${other}:stage.refunds:amount`);
    await lineage('no_such.table').expect(404);
  });

  /** Holds this replica's index applies (the reads of what a group changed) until `open`; `applying` counts those held. */
  const holdApplies = () => {
    const repository = t.app.get(LineageRepository);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = { applying: 0, open: () => open(), restore: () => undefined as void };
    const spies = (['changesWritten', 'changesOf'] as const).map((name) => {
      const real = repository[name].bind(repository) as (...args: unknown[]) => Promise<unknown>;
      return vi.spyOn(repository, name).mockImplementation((async (...args: unknown[]) => {
        held.applying++;
        await gate;
        return real(...args);
      }) as never);
    });
    held.restore = () => {
      open();
      for (const spy of spies) spy.mockRestore();
    };
    return held;
  };

  it('answers once committed, before its index apply ends, and a read that follows waits for that apply (the poster reads its write)', async () => {
    const held = holdApplies();
    try {
      const event = polyglotEvent('INSERT INTO mart.gated_sales (amount) SELECT amount FROM stage.gated_orders', 'd4c2e3f5-6a7b-4c81-9d02-c3d4e5f60718', 'COMPLETE', '2026-02-03T01:00:00Z');
      const posted = await post(event).expect(201);
      expect(posted.body.stored.edges).toBe(1);
      // answered while this replica's index has not applied the group yet
      expect(held.applying).toBeGreaterThan(0);
      let answered = false;
      const read = request(t.url)
        .get('/api/v2/openlineage/datasets/mart.gated_sales/fields/amount/lineage')
        .query({ direction: 'upstream', namespace: NS })
        .set('X-API-Key', API_KEY)
        .then((res) => {
          answered = true;
          return res;
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered).toBe(false);
      held.open();
      const res = await read;
      expect(res.status).toBe(200);
      expect(res.body.nodes.map((n: { id: string }) => n.id)).toContain(`datasetField:${NS}:stage.gated_orders:amount`);
    } finally {
      held.restore();
    }
  });

  it('a store read cached per generation (namespaces, Marquez dataset shapes) sees a write of this process before its index apply ends', async () => {
    const ns = 'teradata://gated-cache:1025';
    const get = (path: string, query: Record<string, string>) => request(t.url).get(path).query(query).set('X-API-Key', API_KEY);
    const fieldsShown = (body: { graph: { id: string }[] }) =>
      body.graph.map((n) => n.id).filter((id) => id.startsWith(`datasetField:${NS}:mart.gated_sales:`)).sort();
    // both caches filled at the generation before the writes
    await get('/api/v2/openlineage/datasets/mart.gated_sales', { namespace: NS }).expect(200);
    const before = await get('/api/v1/column-lineage', { nodeId: `dataset:${NS}:mart.gated_sales`, depth: '1' }).expect(200);
    expect(fieldsShown(before.body)).toEqual([`datasetField:${NS}:mart.gated_sales:amount`]);
    const held = holdApplies();
    try {
      await post(polyglotEvent('INSERT INTO mart.cached_sales (amount) SELECT amount FROM stage.cached_orders', 'e5d3f4a6-7b8c-4d92-8e13-d4e5f6a70829', 'COMPLETE', '2026-02-03T02:00:00Z', ns)).expect(201);
      await post(polyglotEvent('INSERT INTO mart.gated_sales (qty) SELECT qty FROM stage.gated_orders', 'f6e4a5b7-8c9d-4ea3-9f24-e5f6a7b8093a', 'COMPLETE', '2026-02-03T03:00:00Z')).expect(201);
      expect(held.applying).toBeGreaterThan(0);
      // the new namespace resolves and its dataset is found while the applies are held (this read does not wait for them)
      const res = await get('/api/v2/openlineage/datasets/mart.cached_sales', { namespace: ns }).expect(200);
      expect(res.body.fields.map((f: { name: string }) => f.name)).toEqual(['amount']);
      // Marquez's dataset answer reads the dataset's fields while held (then its walks wait for the apply): the new field is among them
      const marquez = get('/api/v1/column-lineage', { nodeId: `dataset:${NS}:mart.gated_sales`, depth: '1' }).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 200));
      held.open();
      const after = await marquez;
      expect(after.status).toBe(200);
      expect(fieldsShown(after.body)).toEqual([`datasetField:${NS}:mart.gated_sales:amount`, `datasetField:${NS}:mart.gated_sales:qty`]);
    } finally {
      held.restore();
    }
  });

  it('accepts a JSON array of events and answers one result per event', async () => {
    const a = { ...golden('spec-start-event'), run: { runId: '11111111-1111-4111-8111-111111111111' } };
    const b = { ...golden('spec-start-event'), run: { runId: '22222222-2222-4222-8222-222222222222' } };
    const res = await post([a, b]).expect(201);
    expect(res.body).toHaveLength(2);
    expect(res.body.map((r: { runId: string }) => r.runId)).toEqual([a.run.runId, b.run.runId]);
  });

  it('writes events posted at once together (group commit): every one stored with its own result, fewer generations than events', async () => {
    const generationBefore = await generation();
    const template = golden<Record<string, unknown>>('spec-column-lineage-complete');
    const events = Array.from({ length: 24 }, (_, i) => ({
      ...template,
      run: { runId: `33333333-3333-4333-8333-${String(i).padStart(12, '0')}` },
      // Every fourth event repeats the run before it: a re-post of the same run and event type, in the same group.
      ...(i % 4 === 3 ? { run: { runId: `33333333-3333-4333-8333-${String(i - 1).padStart(12, '0')}` } } : {}),
    }));
    const responses = await Promise.all(events.map((e) => post(e)));
    const bodies = responses.map((r) => r.body as { runId: string; duplicate: boolean; stored: { runs: number } });
    expect(responses.map((r) => r.status)).toEqual(events.map((_, i) => (i % 4 === 3 ? 200 : 201)));
    expect(bodies.map((b) => b.runId)).toEqual(events.map((e) => e.run.runId));
    expect(bodies.map((b) => b.duplicate)).toEqual(events.map((_, i) => i % 4 === 3));
    expect(bodies.map((b) => b.stored.runs)).toEqual(events.map((_, i) => (i % 4 === 3 ? 0 : 1)));
    const runs = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM OL_RUN WHERE run_id LIKE '33333333-3333-4333-8333-%'");
    expect(Number(runs[0].n)).toBe(18);
    // Posts that arrived while a write ran shared the next transaction: fewer generation bumps than stored events.
    const bumps = (await generation()) - generationBefore;
    expect(bumps).toBeGreaterThanOrEqual(1);
    expect(bumps).toBeLessThan(18);
  });

  it('refuses an invalid event with 400 and every violation by JSON path, writing nothing', async () => {
    const before = await counts();
    const event = golden('spec-column-lineage-complete');
    delete event.run.runId;
    event.eventType = 'FINISHED';
    event.outputs[0].facets.columnLineage.fields.NAME.inputFields[0].field = 7;
    const res = await post(event).expect(400);
    expect(res.body.code).toBe('LINEAGE_EVENT_INVALID');
    expect(res.body.message).toMatch(/not a valid OpenLineage 2-0-2 RunEvent/);
    expect(res.body.requestId).toEqual(expect.any(String));
    const paths = (res.body.details as { path: string; message: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/run/runId', '/eventType', '/outputs/0/facets/columnLineage/fields/NAME/inputFields/0/field']));
    expect(await counts()).toEqual(before);
  });

  it('answers an array event by event: the valid ones stored, an invalid one refused by index (207), all invalid → 400', async () => {
    const before = await counts();
    const good = { ...golden('spec-start-event'), run: { runId: '44444444-4444-4444-8444-444444444444' } };
    const { job: _job, ...bad } = golden('spec-start-event');
    const res = await post([good, bad]).expect(207);
    expect(res.body).toHaveLength(2);
    expect(res.body[0]).toMatchObject({ index: 0, status: 'stored', runId: '44444444-4444-4444-8444-444444444444' });
    expect(res.body[1]).toMatchObject({ index: 1, status: 'refused' });
    expect(res.body[1].violations).toContainEqual(expect.objectContaining({ path: '/1/job' }));
    expect((await counts()).OL_RUN).toBe(before.OL_RUN + 1);

    const none = await post([bad, { eventType: 'START' }]).expect(400);
    expect(none.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/0/job', '/1/run']));
    expect((await counts()).OL_RUN).toBe(before.OL_RUN + 1);
  });

  it('refuses values beyond the column sizes and field counts with 400 naming the path', async () => {
    const event = golden('spec-column-lineage-complete');
    event.run.runId = '33333333-3333-4333-8333-333333333333';
    event.outputs[0].name = `mart.${'x'.repeat(300)}`;
    event.inputs[0].facets.schema.fields = Array.from({ length: 2001 }, (_, i) => ({ name: `c${i}`, type: 'INTEGER' }));
    const res = await post(event).expect(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: '/outputs/0/name', message: 'must be at most 256 characters (got 305)' },
        { path: '/inputs/0/facets/schema/fields', message: 'must hold at most 2000 fields (got 2001)' },
      ]),
    );
  });

  it('refuses a body over API_BODY_LIMIT_KB with 413 and a clear message', async () => {
    const event = golden('spec-start-event');
    event.job.facets = { documentation: { _producer: 'https://x', _schemaURL: 'https://x', description: 'x'.repeat(1100 * 1024) } };
    const res = await post(event).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'Request body is larger than the limit (API_BODY_LIMIT_KB)' });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await request(t.url).post(ROUTE).set('X-API-Key', API_KEY).set('Content-Type', 'application/json').send('{"eventType": ').expect(400);
    expect(res.body.message).toMatch(/not valid JSON/);
  });
});
