import { describe, expect, it } from 'vitest';
import { buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { datasetId, fieldId, lineageId, namespaceId } from '../../../src/model/ids.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import type { EdgeRow, LineageBatch } from '../../../src/ol-store/ol-store.types.js';
import { TERADATA_OL_STORE } from '../../../src/teradata/sql/teradata/ol-store.sql.js';
import { TeradataAdapter } from '../../../src/teradata/teradata/teradata.adapter.js';
import { FakeTeradata } from '../../support/fake-teradatasql.js';
import { iteratedRequestProblem } from '../../support/teradata-on-embedded.mjs';

const NS = 'teradata://td.example.com:1025';
const EDGES = TERADATA_OL_STORE.insertEdge;
if (EDGES.kind !== 'staged') throw new Error('the Teradata catalog stages its edges');

/** A population batch of `edges` column edges between `edges / 10` tables, from one run. */
function batchOf(edges: number): LineageBatch {
  const ns = namespaceId(NS);
  const run = { runId: 'dbql_run_1', jobId: 'job_1' };
  const tables = Array.from({ length: Math.max(2, edges / 10) }, (_, i) => `sales.t${i}`);
  const edgeRows: EdgeRow[] = Array.from({ length: edges }, (_, i) => {
    const edge = {
      sourceNamespace: NS,
      sourceDataset: tables[i % tables.length],
      sourceField: `c${i}`,
      targetNamespace: NS,
      targetDataset: tables[(i + 1) % tables.length],
      targetField: `c${i}`,
      transformationType: 'DIRECT' as const,
      transformationSubtype: 'IDENTITY' as const,
      description: null,
      masking: false,
      confidence: 1,
    };
    return { ...edge, lineageId: lineageId(edge), runId: run.runId };
  });
  return {
    namespaces: [{ namespaceId: ns, namespaceUri: NS, description: null }],
    datasets: tables.map((name) => ({ datasetId: datasetId(ns, name), namespaceId: ns, name, description: null, sourceType: 'TABLE' })),
    fields: edgeRows.flatMap((e) => [
      { fieldId: fieldId(datasetId(ns, e.sourceDataset), e.sourceField), datasetId: datasetId(ns, e.sourceDataset), fieldName: e.sourceField, fieldType: null, description: null, ordinalPosition: null, nullable: null },
    ]),
    jobs: [{ jobId: run.jobId, namespaceId: ns, name: 'etl.load', description: null, jobType: 'BATCH' }],
    runs: [{ runId: run.runId, jobId: run.jobId, eventType: 'COMPLETE', eventTime: new Date('2026-12-01T00:00:00Z'), producer: 'lineage', schemaUrl: null }],
    runInputs: [{ runId: run.runId, datasetId: datasetId(ns, tables[0]) }],
    runOutputs: [{ runId: run.runId, datasetId: datasetId(ns, tables[1]) }],
    edges: edgeRows,
    replacedTargets: [],
  };
}

async function writerOn(fake: FakeTeradata) {
  const config = buildAppConfig(loadConfig({ env: { TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: 'pw' } }));
  const adapter = await TeradataAdapter.connect(config.database, { driver: fake, sleep: async () => undefined });
  return { adapter, writer: new OlStoreWriter(adapter, TERADATA_OL_STORE) };
}

/** The staged interval update of edges (setValidities: V0010's staging table, one MERGE per kind). */
const REACTIVATE = /^MERGE INTO OL_COLUMN_LINEAGE AS t USING \(SELECT item_key, is_active, valid_from, valid_to, opened_by, closed_by FROM OL_STAGE_VALIDITY WHERE item_kind = 'E'\)/;
const VALIDITY_STAGE = /^INSERT INTO OL_STAGE_VALIDITY /;

/** A fake whose set-based statements answer like Teradata would for a store that holds the first `present` edges of `batchOf(edges)` already (inactive: ended a day before). */
function fakeStore(edges: number, present: number) {
  const from = new Date('2026-11-01T00:00:00Z');
  const to = new Date('2026-11-02T00:00:00Z');
  const inactive = batchOf(edges).edges.slice(0, present).map((e) => [e.lineageId, e.runId, 'job_1', e.targetNamespace, e.targetDataset, 'N', from, to, e.runId, 'dbql_run_0']);
  return new FakeTeradata()
    .on(/^SELECT l\.lineage_id, l\.run_id, r\.job_id, l\.target_namespace/, { columns: ['lineage_id', 'run_id', 'job_id', 'target_namespace', 'target_dataset', 'is_active', 'valid_from', 'valid_to', 'opened_by', 'closed_by'], rows: inactive })
    .on(/^INSERT INTO OL_STAGE_/, { rowcount: 0 })
    .on(/^MERGE INTO OL_COLUMN_LINEAGE AS t USING OL_STAGE_COLUMN_LINEAGE/, { rowcount: edges - present })
    .on(/^MERGE INTO OL_\w+ AS t USING OL_STAGE_/, { rowcount: 1 })
    .on(REACTIVATE, { rowcount: present })
    .on(/^MERGE INTO OL_DATASET(_FIELD)? AS t USING \(SELECT item_key/, { rowcount: 1 })
    .on(/^INSERT INTO OL_LINEAGE_HISTORY/, { rowcount: present })
    .on(/^SELECT item_key, valid_from, opened_by FROM OL_LINEAGE_HISTORY WHERE item_kind = 'R'/, { columns: ['item_key', 'valid_from', 'opened_by'], rows: [] })
    .on(/^DELETE FROM OL_STAGE_/, { rowcount: 0 })
    .on(/^UPDATE OL_GRAPH_STATE/, { rowcount: 1 })
    .on(/^SELECT generation FROM OL_GRAPH_STATE/, { columns: ['generation'], rows: [[7]] })
    .on(/^INSERT INTO OL_GRAPH_CHANGE/, { rowcount: edges - present + present });
}

describe('OL_* writes on Teradata are set-based (strict driver fake)', () => {
  it('stages each table in as few requests as Teradata takes, moves it with one MERGE from the staging table, whatever the batch size', async () => {
    const statementsFor = async (edges: number) => {
      const fake = fakeStore(edges, 0);
      const { adapter, writer } = await writerOn(fake);
      const counts = await adapter.transaction((tx) => writer.writeBatch(batchOf(edges), tx));
      await adapter.close();
      expect(counts.edges).toEqual({ inserted: edges, present: 0 });
      return fake.recorded;
    };
    const small = await statementsFor(20);
    const large = await statementsFor(5_000);

    // The same statements for 20 edges and for 5,000 (the adapter sends a staging batch in requests of up to ~1 MB): none per row.
    const distinct = (recorded: typeof large) => recorded.map((r) => r.sql.replace(/IN \(\?(, \?)*\)/, 'IN (…)')).filter((sql, i, all) => sql !== all[i - 1]);
    expect(distinct(large)).toEqual(distinct(small));
    // only requests carrying rows (driver batches, IN lists) repeat: IN lists of at most 1,000 ids, driver batches within Teradata's request limits
    const single = (recorded: typeof large) => recorded.filter((r) => !r.many && !/IN \(\?/.test(r.sql));
    expect(single(large).map((r) => r.sql)).toEqual(single(small).map((r) => r.sql));
    expect(large.filter((r) => !r.many && /IN \(\?/.test(r.sql)).every((r) => (r.params as unknown[]).length <= 1_000)).toBe(true);
    expect(large.filter((r) => r.many).map((r) => iteratedRequestProblem(r.sql, r.params as unknown[][]))).toEqual(large.filter((r) => r.many).map(() => null));
    // No single-row MERGE (Teradata documents array MERGE as prone to deadlock, and each takes a table lock).
    expect(large.filter((r) => /^MERGE/.test(r.sql) && (r.many || /\?/.test(r.sql)))).toEqual([]);
    const tables = ['NAMESPACE', 'DATASET', 'DATASET_FIELD', 'JOB', 'RUN', 'RUN_INPUT', 'RUN_OUTPUT', 'COLUMN_LINEAGE'];
    for (const table of tables) {
      const of = large.filter((r) => r.sql.includes(`OL_STAGE_${table} `) || r.sql.endsWith(`OL_STAGE_${table}`));
      const verbs = of.map((r) => r.sql.split(' ').slice(0, 3).join(' ')).filter((v, i, all) => v !== all[i - 1]);
      // no DELETE of the staging table: it empties itself at the end of the transaction (ON COMMIT DELETE ROWS)
      expect(verbs, table).toEqual([`INSERT INTO OL_STAGE_${table}`, `MERGE INTO OL_${table}`]);
      expect(of[0].many, table).toBe(true);
    }
    // a batch's bulk, its runs and their links, is staged before the first MERGE: a MERGE's table lock does not wait on their transfer
    const firstMerge = large.findIndex((r) => r.sql.startsWith('MERGE '));
    for (const table of ['RUN', 'RUN_INPUT', 'RUN_OUTPUT']) expect(large.findIndex((r) => r.sql.startsWith(`INSERT INTO OL_STAGE_${table} `)), table).toBeLessThan(firstMerge);
    const edgeStage = large.filter((r) => r.sql.startsWith('INSERT INTO OL_STAGE_COLUMN_LINEAGE '));
    // fewer, larger requests than 1,000 rows each (what the adapter sent before): every edge, each once
    expect(edgeStage.length).toBeLessThan(5);
    expect(edgeStage.reduce((n, r) => n + (r.params as unknown[][]).length, 0)).toBe(5_000);
    // Everything on one session, in one transaction, committed once.
    expect(new Set(large.map((r) => r.connection)).size).toBe(1);
  });

  it('empties a staging table before its second use in one transaction, not after each use', async () => {
    const fake = fakeStore(20, 0);
    const { adapter, writer } = await writerOn(fake);
    const { datasets } = batchOf(40);
    await adapter.transaction(async (tx) => {
      await writer.upsertDatasets(datasets.slice(0, 2), tx);
      await writer.upsertDatasets(datasets.slice(2), tx);
    });
    await adapter.close();
    expect(fake.recorded.map((r) => r.sql.split(' ').slice(0, 3).join(' '))).toEqual([
      'INSERT INTO OL_STAGE_DATASET',
      'MERGE INTO OL_DATASET',
      'DELETE FROM OL_STAGE_DATASET',
      'INSERT INTO OL_STAGE_DATASET',
      'MERGE INTO OL_DATASET',
    ]);
  });

  it('reactivates only the edges that were present and inactive, after the MERGE, by their ids', async () => {
    const fake = fakeStore(300, 120);
    const { adapter, writer } = await writerOn(fake);
    const counts = await adapter.transaction((tx) => writer.writeBatch(batchOf(300), tx));
    await adapter.close();
    expect(counts.edges).toEqual({ inserted: 180, present: 120 });
    expect(counts.edgesReactivated).toBe(120);
    const sqls = fake.recorded.map((r) => r.sql);
    const reactivate = sqls.findIndex((sql) => REACTIVATE.test(sql));
    expect(reactivate).toBeGreaterThan(sqls.indexOf(EDGES.apply));
    expect(sqls.filter((sql) => REACTIVATE.test(sql))).toHaveLength(1);
    // staged just before it, as one driver batch: active again from now, by the run that saw them, their ended interval kept in the history
    const stage = fake.recorded[reactivate - 1];
    expect(stage.sql).toMatch(VALIDITY_STAGE);
    expect(stage.many).toBe(true);
    const rows = stage.params as unknown[][];
    expect(rows.map((r) => r[1])).toEqual(batchOf(300).edges.slice(0, 120).map((e) => e.lineageId));
    for (const r of rows) {
      expect([r[0], r[2]]).toEqual(['E', 'Y']);
      expect(r.slice(4)).toEqual([null, 'dbql_run_1', null]);
    }
    const history = fake.recorded.filter((r) => r.sql.startsWith('INSERT INTO OL_LINEAGE_HISTORY'));
    expect(history.flatMap((r) => r.params as unknown[][]).length).toBe(120);
  });

  it('sets the intervals of stored items in one staging batch and one MERGE per kind, however many distinct values they take', async () => {
    const statementsFor = async (items: number) => {
      const fake = fakeStore(20, 0);
      const { adapter, writer } = await writerOn(fake);
      const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, i));
      // each item first seen by a statement of its own, at its own time: a distinct set of values each (one UPDATE each, before)
      const planned = (kind: 'D' | 'F', i: number) => ({ kind, key: `${kind}${i}`, created: false, active: true, validity: { from: at(i), to: null, openedBy: `dbql_${i}`, closedBy: null }, changed: true, reactivated: false, deactivated: false });
      const list = Array.from({ length: items }, (_, i) => [planned('D', i), planned('F', i)]).flat();
      const plan = { edges: new Map(), items: new Map(list.map((p) => [`${p.kind}\u0001${p.key}`, p] as const)), history: [], rewritten: new Map(), touched: new Set<string>() };
      await adapter.transaction((tx) => writer.writeItems(plan, tx));
      await adapter.close();
      return fake.recorded;
    };
    const few = await statementsFor(3);
    const many = await statementsFor(3_000);
    const verbs = (recorded: typeof many) => recorded.map((r) => r.sql.split('\n')[0].split(' ').slice(0, 6).join(' '));
    expect(verbs(many)).toEqual(verbs(few));
    expect(verbs(many)).toEqual([
      'INSERT INTO OL_STAGE_VALIDITY (item_kind, item_key, is_active,',
      'MERGE INTO OL_DATASET AS t USING',
      // the staging table held the datasets' rows: emptied before the fields' (it empties itself at commit)
      'DELETE FROM OL_STAGE_VALIDITY',
      'INSERT INTO OL_STAGE_VALIDITY (item_kind, item_key, is_active,',
      'MERGE INTO OL_DATASET_FIELD AS t USING',
    ]);
    const staged = many.filter((r) => VALIDITY_STAGE.test(r.sql)).flatMap((r) => r.params as unknown[][]);
    expect(staged).toHaveLength(6_000);
    expect(staged[0]).toEqual(['D', 'D0', 'Y', new Date(Date.UTC(2026, 10, 1)), null, 'dbql_0', null]);
    expect(many.filter((r) => r.many).map((r) => iteratedRequestProblem(r.sql, r.params as unknown[][]))).toEqual(many.filter((r) => r.many).map(() => null));
  });

  it('sends no reactivation when every edge was new', async () => {
    const fake = fakeStore(50, 0);
    const { adapter, writer } = await writerOn(fake);
    await adapter.transaction((tx) => writer.writeBatch(batchOf(50), tx));
    await adapter.close();
    expect(fake.recorded.filter((r) => REACTIVATE.test(r.sql))).toEqual([]);
  });
});
