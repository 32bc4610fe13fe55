import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetId, namespaceId } from '../../../src/model/ids.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import type { LineageBatch, RunDatasetRow } from '../../../src/ol-store/ol-store.types.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * The embedded engine's run links (OL_RUN_INPUT, OL_RUN_OUTPUT) carry no key
 * index since V0006: DuckDB holds a key's ART index whole in memory, and a
 * busy day of DBQL links ran the engine out of EMBEDDED_MEMORY_LIMIT_MB.
 * The writer keeps them free of duplicates itself, whoever writes them and
 * however often.
 */

const NS_ID = namespaceId('teradata://td-links:1025');
const ds = (name: string) => datasetId(NS_ID, name);

function batch(runId: string, inputs: readonly string[], outputs: readonly string[]): LineageBatch {
  const names = [...new Set([...inputs, ...outputs])];
  return {
    namespaces: [],
    datasets: names.map((name) => ({ datasetId: ds(name), namespaceId: NS_ID, name, description: null, sourceType: 'TABLE' })),
    fields: [],
    jobs: [{ jobId: 'job_links', namespaceId: NS_ID, name: 'load', description: null, jobType: 'SQL' }],
    runs: [{ runId, jobId: 'job_links', eventType: 'COMPLETE', eventTime: new Date('2026-12-01T00:00:00Z'), producer: 'lineage', schemaUrl: null }],
    runInputs: inputs.map((name) => ({ runId, datasetId: ds(name) })),
    runOutputs: outputs.map((name) => ({ runId, datasetId: ds(name) })),
    edges: [],
    replacedTargets: [],
  };
}

describe('run links on the embedded engine', () => {
  let db: TestDatabase;
  let writer: OlStoreWriter;
  beforeEach(async () => {
    db = await createTestDatabase();
    writer = new OlStoreWriter(db.port, EMBEDDED_OL_STORE);
  });
  afterEach(async () => {
    await db.cleanup();
  });

  const links = async (table: 'OL_RUN_INPUT' | 'OL_RUN_OUTPUT') =>
    (await db.port.query<{ run_id: string; dataset_id: string }>(`SELECT run_id, dataset_id FROM ${table} ORDER BY run_id, dataset_id`)).map((r) => `${r.run_id} ${r.dataset_id}`);

  it('have no key index (only the writer keeps them unique)', async () => {
    const keyed = await db.port.query<{ table_name: string }>(
      "SELECT table_name FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND table_name IN ('OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT') ORDER BY table_name",
    );
    expect(keyed.map((r) => r.table_name)).toEqual(['OL_RUN']);
  });

  it('are written once when the same run comes again in a later transaction (a DBQL re-read), and a new link of a present run is added', async () => {
    const first = await db.port.transaction((tx) => writer.writeBatch(batch('dbql_r1', ['a.src', 'a.dim'], ['a.tgt']), tx));
    expect([first.runs.inserted, first.runInputs.inserted, first.runOutputs.inserted]).toEqual([1, 2, 1]);
    const again = await db.port.transaction((tx) => writer.writeBatch(batch('dbql_r1', ['a.src', 'a.dim', 'a.more'], ['a.tgt']), tx));
    expect([again.runs.inserted, again.runInputs, again.runOutputs]).toEqual([0, { inserted: 1, present: 2 }, { inserted: 0, present: 1 }]);
    expect(await links('OL_RUN_INPUT')).toEqual([`dbql_r1 ${ds('a.dim')}`, `dbql_r1 ${ds('a.more')}`, `dbql_r1 ${ds('a.src')}`].sort());
    expect(await links('OL_RUN_OUTPUT')).toEqual([`dbql_r1 ${ds('a.tgt')}`]);
  });

  it('are written once when one transaction creates a run and offers its links twice (ingestion writes, then writes again)', async () => {
    const rows = (names: string[]): RunDatasetRow[] => names.map((name) => ({ runId: 'run_2', datasetId: ds(name) }));
    const counts = await db.port.transaction(async (tx) => {
      await writer.writeBatch(batch('run_2', ['b.src'], ['b.tgt']), tx);
      return [await writer.upsertRunInputs(rows(['b.src', 'b.other']), tx), await writer.upsertRunOutputs([{ runId: 'run_2', datasetId: ds('b.tgt') }], tx)];
    });
    expect(counts).toEqual([
      { inserted: 1, present: 1 },
      { inserted: 0, present: 1 },
    ]);
    expect(await links('OL_RUN_INPUT')).toEqual([`run_2 ${ds('b.other')}`, `run_2 ${ds('b.src')}`].sort());
  });

  it('are checked against the table when a transaction that did not create the run writes them, and nothing of a rolled-back transaction is taken as created', async () => {
    await expect(
      db.port.transaction(async (tx) => {
        await writer.writeBatch(batch('run_3', ['c.src'], ['c.tgt']), tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await db.port.transaction((tx) => writer.writeBatch(batch('run_3', ['c.src'], ['c.tgt']), tx));
    const outside = await writer.upsertRunInputs([{ runId: 'run_3', datasetId: ds('c.src') }]);
    expect(outside).toEqual({ inserted: 0, present: 1 });
    expect(await links('OL_RUN_INPUT')).toEqual([`run_3 ${ds('c.src')}`]);
  });
});
