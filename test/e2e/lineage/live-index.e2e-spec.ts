import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineageIndexService } from '../../../src/lineage/lineage-index.service.js';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { namespaceId } from '../../../src/model/ids.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import { DatabasePort } from '../../../src/teradata/database.port.js';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, golden, startIngestionApp } from '../ingestion/ingestion-app.js';

const BULK = 'teradata://bulk:1025';
const EDGES = 100_000;

/**
 * The live index through the whole app over real HTTP, on a store of 100,000
 * edges: what a write changes is served by the very next request, applied
 * from the change log (no whole build of the index for it).
 */
describe('live lineage index (e2e, 100k edges)', () => {
  let t: TestApp;
  let db: DatabasePort;
  const builds = async () => Object.fromEntries((await t.app.get(LineageMetrics).indexBuilds.get()).values.map((v) => [String(v.labels.reason), v.value]));

  beforeAll(async () => {
    t = await startIngestionApp({ CACHE_TTL_SECONDS: '60' });
    db = t.app.get(DatabasePort);
    const index = t.app.get(LineageIndexService);
    await index.refresh();
    // 100,000 edges written straight in SQL (as a DBQL run would have written them): table i feeds table i+1, column j feeds 7j mod 50.
    await db.execute('INSERT INTO OL_NAMESPACE (namespace_id, namespace_uri) VALUES (?, ?)', [namespaceId(BULK), BULK]);
    await db.execute(
      `INSERT INTO OL_DATASET (dataset_id, namespace_id, name, source_type)
       SELECT ? || '/db.t' || i, ?, 'db.t' || i, 'TABLE' FROM range(1001) r(i)`,
      [namespaceId(BULK), namespaceId(BULK)],
    );
    await db.execute(
      `INSERT INTO OL_COLUMN_LINEAGE (lineage_id, run_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, transformation_subtype, masking, confidence_score, is_active)
       SELECT 'bulk_' || i, 'dbql_bulk', ?, 'db.t' || (i // 100), 'c' || (i % 50), ?, 'db.t' || (i // 100 + 1), 'c' || ((i * 7) % 50), 'DIRECT', 'IDENTITY', 'N', 1, 'Y' FROM range(${EDGES}) r(i)`,
      [BULK, BULK],
    );
    // Rows nobody logged: the store says the log starts after them, so the index builds whole once.
    await db.execute('UPDATE OL_GRAPH_STATE SET generation = generation + 1 WHERE state_id = 1');
    await db.execute('UPDATE OL_GRAPH_STATE SET generation = (SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1) WHERE state_id = 2');
    const [{ g }] = await db.query<{ g: number }>('SELECT generation AS g FROM OL_GRAPH_STATE WHERE state_id = 1');
    await index.catchUp(g);
    expect(index.current()?.activeEdgeCount).toBe(EDGES);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const lineage = (dataset: string, field: string, query: Record<string, string>) =>
    request(t.url).get(`/api/v2/openlineage/datasets/${dataset}/fields/${field}/lineage`).query(query).set('X-API-Key', API_KEY);

  it('serves a POSTed OpenLineage event in the very next request, applied from the change log', async () => {
    const before = await builds();
    await lineage('PUBLIC.CUSTOMER_DISCOUNTS', 'AMOUNT', { direction: 'upstream', namespace: 'SnowflakeOpenLineage' }).expect(404);
    await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).send(golden('spec-column-lineage-complete')).expect(201);
    const up = await lineage('PUBLIC.CUSTOMER_DISCOUNTS', 'AMOUNT', { direction: 'upstream', namespace: 'SnowflakeOpenLineage' }).expect(200);
    const id = (ds: string, f: string) => `datasetField:SnowflakeOpenLineage:${ds}:${f}`;
    expect(up.body.nodes.map((n: { id: string }) => n.id)).toEqual([id('PUBLIC.CUSTOMER_DISCOUNTS', 'AMOUNT'), id('PUBLIC.DISCOUNTS', 'AMOUNT'), id('PUBLIC.CUSTOMER_DISCOUNTS', '*'), id('PUBLIC.DISCOUNTS', 'ACTIVE')]);
    // The dataset graph has the run's table-level links too.
    const tables = await request(t.url).get('/api/v2/openlineage/datasets/PUBLIC.CUSTOMER_DISCOUNTS/lineage').query({ direction: 'upstream', namespace: 'SnowflakeOpenLineage' }).set('X-API-Key', API_KEY).expect(200);
    expect(tables.body.nodes.map((n: { dataset: string }) => n.dataset).sort()).toEqual(['PUBLIC.CUSTOMERS', 'PUBLIC.CUSTOMER_DISCOUNTS', 'PUBLIC.DISCOUNTS']);
    expect(await builds()).toEqual(before);
    expect(t.app.get(LineageIndexService).current()?.activeEdgeCount).toBeGreaterThan(EDGES);
  });

  it('serves a deactivation (a newer definition of a table, as population writes it) in the very next request', async () => {
    const before = await builds();
    const query = { direction: 'downstream', maxDepth: '1', namespace: BULK };
    const targets = async () => (await lineage('db.t5', 'c3', query).expect(200)).body.nodes.map((n: { dataset: string; field: string }) => `${n.dataset}.${n.field}`);
    expect(await targets()).toContain('db.t6.c21');
    // What a population batch does: the replaced table's edges go inactive in the batch's transaction, then the committer announces the generation.
    const writer = t.app.get(OlStoreWriter);
    const counts = await db.transaction((tx) =>
      writer.writeBatch({ namespaces: [], datasets: [], fields: [], jobs: [], runs: [], runInputs: [], runOutputs: [], edges: [], replacedTargets: [{ namespaceId: namespaceId(BULK), dataset: 'db.t6', keep: new Set() }] }, tx),
    );
    expect(counts.edgesDeactivated).toBe(100);
    writer.announce(counts.generation as number, 'population');
    expect(await targets()).toEqual(['db.t5.c3']);
    expect(await builds()).toEqual(before);
    expect(t.app.get(LineageIndexService).current()?.activeEdgeCount).toBeGreaterThan(EDGES - 100);
  });
});
