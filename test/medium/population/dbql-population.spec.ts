import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LineageExtractor, LineageExtractorFactory } from '../../../src/population/lineage-extractor.js';
import { PopulationRunsService } from '../../../src/population/population-runs.service.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { DbqlRepository, type DbqlStatement } from '../../../src/population/dbql.repository.js';
import { EMBEDDED_POPULATION } from '../../../src/teradata/sql/embedded/population.sql.js';
import type { DatabasePort, SqlExecutor } from '../../../src/teradata/database.port.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import type { LineageBatch, WriteCounts } from '../../../src/ol-store/ol-store.types.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, populationTestConfig, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { count, createPopulationDatabase, tableRows } from '../../factories/population-database.factory.js';
import { dbqlEntry, dbqlSequence, insertDbql } from '../../factories/population-dbql.factory.js';

const DAY = new Date('2026-01-10T08:00:00Z');
const LINEAGE_TABLES: [string, string][] = [
  ['OL_NAMESPACE', 'namespace_id'],
  ['OL_DATASET', 'dataset_id'],
  ['OL_DATASET_FIELD', 'field_id'],
  ['OL_JOB', 'job_id'],
  ['OL_RUN', 'run_id'],
  ['OL_RUN_INPUT', 'run_id, dataset_id'],
  ['OL_RUN_OUTPUT', 'run_id, dataset_id'],
  ['OL_COLUMN_LINEAGE', 'lineage_id'],
];

/** 25 ETL inserts into 5 targets, each from its own source, plus BI selects, a failed statement and a DDL. */
function history() {
  return [
    ...dbqlSequence(25, DAY, (i) => ({
      sql: `INSERT INTO sales.t${i % 5} (a, b) SELECT x${i}, y${i} FROM sales.s${i}`,
      sessionId: 100 + (i % 3),
    })),
    ...dbqlSequence(10, new Date(DAY.getTime() + 30_000), (i) => ({ statementType: 'Select', sql: `SELECT * FROM sales.s${i} WHERE id = ${i}` })),
    dbqlEntry({ startTime: new Date(DAY.getTime() + 45_000), errorCode: 3807, errorText: 'Object does not exist', sql: 'INSERT INTO nope.x (a) SELECT a FROM nope.y' }),
    dbqlEntry({ startTime: new Date(DAY.getTime() + 50_000), statementType: 'Collect Statistics', sql: 'COLLECT STATISTICS COLUMN (a) ON sales.t1' }),
  ];
}

async function snapshot(db: TestDatabase): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, order] of LINEAGE_TABLES) out[table] = await tableRows(db, table, order);
  return out;
}

describe('DBQL population (medium: real DuckDB file)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('writes lineage, counts every statement, skips what cannot write lineage, and records the run', async () => {
    await insertDbql(db.port, history());
    ctx = await createPopulationTestModule({ port: db.port });
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: DAY, until: new Date(DAY.getTime() + 86_400_000) });

    expect(summary.run.state).toBe('succeeded');
    expect(summary.run.counts).toMatchObject({ statementsRead: 37, statementsParsed: 25, statementsSkipped: 12, statementsFailed: 0, edgesWritten: 50 });
    expect(Object.fromEntries(summary.skipReasons.map((r) => [r.reason, r.count]))).toEqual({ 'select-only': 10, 'failed-in-teradata': 1, 'no-lineage': 1 });
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(50);
    expect(await count(db, 'OL_RUN')).toBe(25);
    const edge = await db.port.query(
      "SELECT source_dataset, source_field, target_dataset, target_field, transformation_type, is_active FROM OL_COLUMN_LINEAGE WHERE target_field = 'a' AND source_field = 'x7'",
    );
    expect(edge).toEqual([{ source_dataset: 'sales.s7', source_field: 'x7', target_dataset: 'sales.t2', target_field: 'a', transformation_type: 'DIRECT', is_active: 'Y' }]);
    const stored = await ctx.get(PopulationRunsService).getRun(summary.run.runId);
    expect(stored.run).toMatchObject({ state: 'succeeded', trigger: 'cli', method: 'dbql', dryRun: false, counts: summary.run.counts });
    expect(stored.run.message).toContain('select-only 10');
    const generation = await db.port.query<{ generation: number }>('SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1');
    expect(Number(generation[0].generation)).toBeGreaterThan(0);
  });

  it('extracts a statement repeated with other literals, spacing and case once per run', async () => {
    await insertDbql(db.port, [
      ...dbqlSequence(6, DAY, (i) => ({ sql: `INSERT INTO sales.t (a, b) SELECT x, y FROM sales.s WHERE d > ${i}` })),
      dbqlEntry({ startTime: new Date(DAY.getTime() + 600_000), sql: "insert   into sales.t (a, b)\n  select x, y from sales.s where d > 'z'" }),
    ]);
    ctx = await createPopulationTestModule({ port: db.port });
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: DAY });
    expect(summary.run.counts.statementsParsed).toBe(7);
    expect(ctx.extractor.requests).toHaveLength(1);
    expect(summary.distinctStatements).toBe(1);
    expect(await count(db, 'OL_RUN')).toBe(7);
    expect(await count(db, 'OL_JOB')).toBe(1);
  });

  it('is idempotent: running the same window twice leaves the same rows and reports them as already present', async () => {
    await insertDbql(db.port, history());
    ctx = await createPopulationTestModule({ port: db.port });
    const population = ctx.get(PopulationService);
    const first = await population.run({ method: 'dbql', trigger: 'cli', since: DAY });
    const before = await snapshot(db);
    const second = await population.run({ method: 'dbql', trigger: 'cli', since: DAY });
    expect(await snapshot(db)).toEqual(before);
    expect(first.writes.edges.inserted).toBe(50);
    expect(second.run.counts.edgesWritten).toBe(0);
    expect(second.writes.edges).toEqual({ inserted: 0, present: 50 });
    expect(second.writes.runs).toEqual({ inserted: 0, present: 25 });
  });

  it('commits the rows of many batches at once on the embedded engine too (EMBEDDED_POPULATION_FLUSH_ROWS), the same store as a commit per batch', async () => {
    const entries = history();
    const runWith = async (flushRows: string) => {
      const own = await createPopulationDatabase();
      await insertDbql(own.port, entries);
      let writes = 0;
      class Counting extends OlStoreWriter {
        override async writeBatch(batch: LineageBatch, tx: SqlExecutor): Promise<WriteCounts> {
          writes++;
          return super.writeBatch(batch, tx);
        }
      }
      const module = await createPopulationTestModule({ port: own.port, writer: Counting, env: { EMBEDDED_DEMO: 'true', EMBEDDED_POPULATION_FLUSH_ROWS: flushRows } });
      const summary = await module.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
      const stored = await snapshot(own);
      await module.close();
      await own.cleanup();
      return { summary, writes, stored };
    };
    const perBatch = await runWith('0');
    const held = await runWith('100000');
    expect(held.summary.run.state).toBe('succeeded');
    expect(held.summary.run.counts).toEqual(perBatch.summary.run.counts);
    expect(held.stored).toEqual(perBatch.stored);
    // the dictionary's batch, then the pages: one commit for all of them against one each
    expect(held.writes).toBe(2);
    expect(perBatch.writes).toBeGreaterThan(3);
  });

  it('resumes from the watermark after a crash between batches and ends with the rows of one clean run', async () => {
    const entries = history();
    // the clean run, on its own database
    const clean = await createPopulationDatabase();
    await insertDbql(clean.port, entries);
    const cleanCtx = await createPopulationTestModule({ port: clean.port, env: { EMBEDDED_DEMO: 'true' } });
    await cleanCtx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    const expected = await snapshot(clean);
    await cleanCtx.close();
    await clean.cleanup();

    await insertDbql(db.port, entries);
    let calls = 0;
    class FailingOnBatchTwo extends OlStoreWriter {
      override async writeBatch(batch: LineageBatch, tx: SqlExecutor): Promise<WriteCounts> {
        calls++;
        // call 1 is the dictionary, 2 the first DBQL batch, 3 the second
        if (calls === 3) throw new Error('simulated crash while writing batch 2');
        return super.writeBatch(batch, tx);
      }
    }
    // a commit per batch (EMBEDDED_POPULATION_FLUSH_ROWS=0), so the crash falls between two commits of DBQL pages
    ctx = await createPopulationTestModule({ port: db.port, writer: FailingOnBatchTwo, env: { EMBEDDED_DEMO: 'true', EMBEDDED_POPULATION_FLUSH_ROWS: '0' } });
    const crashed = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    expect(crashed.run.state).toBe('failed');
    expect(crashed.run.message).toContain('simulated crash');
    // the committed batch: the first page of 10 entries the reader gives for the run's window (statements, and tallies of the SELECTs and failed requests it left in the database)
    const reader = new DbqlRepository(db.port, EMBEDDED_POPULATION, populationTestConfig().database, populationTestConfig().population);
    const pages = reader.pages({ since: crashed.run.windowSince as Date, until: crashed.run.windowUntil as Date }, 10, 600_000);
    const firstBatch = (await pages.next()).value as DbqlStatement[];
    await pages.return(undefined);
    expect(firstBatch).toHaveLength(10);
    expect(crashed.run.counts.statementsRead).toBe(firstBatch.reduce((n, s) => n + s.logRows, 0));
    const watermark = await db.port.query<{ watermark_at: Date }>("SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = 'dbql'");
    const tenth = firstBatch[9];
    // the watermark stands at the CollectTimeStamp the committed batch reached
    expect(watermark[0].watermark_at.toISOString()).toBe(tenth.collectTime.toISOString());
    expect(await count(db, 'OL_RUN')).toBe(firstBatch.filter((e) => e.sql?.startsWith('INSERT') && e.errorCode === 0).length);

    const resumed = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    expect(resumed.run.state).toBe('succeeded');
    // and the next run re-reads POPULATION_DBQL_OVERLAP_SECONDS (default 300) before it
    expect(resumed.run.windowSince?.toISOString()).toBe(new Date(tenth.collectTime.getTime() - 300_000).toISOString());
    expect(await snapshot(db)).toEqual(expected);
  });

  it('a cancelled run stops extracting at once, writes nothing of the page in hand and is recorded as cancelled', async () => {
    await insertDbql(db.port, history());
    let extracting: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      extracting = resolve;
    });
    /** An engine that never finishes a statement until it is closed. */
    class StuckExtractorFactory extends LineageExtractorFactory {
      async open(): Promise<LineageExtractor> {
        let release: () => void = () => undefined;
        const closed = new Promise<void>((resolve) => {
          release = resolve;
        });
        return {
          extract: async (requests) => {
            extracting();
            await closed;
            return requests.map(() => ({ statementType: null, inTables: [], outTables: [], columnEdges: [], warnings: [], error: { code: 'EXTRACTION_INTERNAL', message: 'the extraction pool was closed' } }));
          },
          close: async () => release(),
        };
      }
    }
    ctx = await createPopulationTestModule({ port: db.port, extractor: new StuckExtractorFactory(), env: { EMBEDDED_DEMO: 'true' } });
    const population = ctx.get(PopulationService);
    const runId = await population.start({ method: 'dbql', trigger: 'admin' });
    await started;
    expect(population.cancel(runId)).toBe(true);
    await population.idle();
    const run = (await ctx.get(PopulationRunsService).getRun(runId)).run;
    expect(run.state).toBe('cancelled');
    expect(run.counts.statementsRead).toBe(0);
    expect(await count(db, 'OL_POPULATION_FAILURE')).toBe(0);
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(0);
    expect(await count(db, 'OL_WATERMARK')).toBe(0);
  });

  it('dry run writes nothing and shows what it would write', async () => {
    await insertDbql(db.port, history());
    ctx = await createPopulationTestModule({ port: db.port });
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: DAY, dryRun: true });
    expect(summary.run.state).toBe('succeeded');
    expect(summary.run.dryRun).toBe(true);
    expect(summary.writes.edges.inserted).toBe(50);
    expect(summary.sampleEdges.length).toBeGreaterThan(0);
    expect(summary.sampleEdges[0]).toEqual({ source: 'sales.s0.x0', target: 'sales.t0.a', transformation: 'DIRECT/IDENTITY' });
    for (const [table] of LINEAGE_TABLES) expect(await count(db, table)).toBe(0);
    expect(await count(db, 'OL_WATERMARK')).toBe(0);
    expect(await count(db, 'OL_LOCK')).toBe(0);
    const generation = await db.port.query<{ generation: number }>('SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1');
    expect(Number(generation[0].generation)).toBe(0);
  });

  it('records failures with reason code, reason, query id and SQL excerpt, searchable by text', async () => {
    const longBroken = `INSERT INTO sales.t (a) SELECT BROKEN ${'x'.repeat(9000)} FROM sales.s`;
    const entries = [
      dbqlEntry({ startTime: DAY, sql: longBroken }),
      dbqlEntry({ startTime: new Date(DAY.getTime() + 1000), sql: 'INSERT INTO sales.t (a) SELECT SLOW FROM sales.s' }),
      dbqlEntry({ startTime: new Date(DAY.getTime() + 2000), sql: 'INSERT INTO sales.t (a) SELECT a FROM sales.s' }),
    ];
    await insertDbql(db.port, entries);
    ctx = await createPopulationTestModule({ port: db.port });
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'admin', since: DAY });
    expect(summary.run.counts).toMatchObject({ statementsRead: 3, statementsParsed: 1, statementsFailed: 1, statementsTimedOut: 1 });
    const runs = ctx.get(PopulationRunsService);
    const detail = await runs.getRun(summary.run.runId);
    expect(detail.failureReasons).toEqual([
      { reason: 'EXTRACTION_PARSE_ERROR', count: 1 },
      { reason: 'EXTRACTION_TIMEOUT', count: 1 },
    ]);
    expect(detail.failures.total).toBe(2);
    const [parse, timeout] = detail.failures.items;
    expect(parse).toMatchObject({ failureNo: 1, queryId: String(entries[0].queryId), reasonCode: 'EXTRACTION_PARSE_ERROR', reason: 'Unexpected token near "BROKEN"' });
    expect(parse.sqlExcerpt?.length).toBe(4000);
    expect(parse.sqlExcerpt?.startsWith('INSERT INTO sales.t (a) SELECT BROKEN')).toBe(true);
    expect(timeout).toMatchObject({ failureNo: 2, queryId: String(entries[1].queryId), reasonCode: 'EXTRACTION_TIMEOUT' });
    const found = await runs.getFailures(summary.run.runId, { q: 'deadline' });
    expect(found.items.map((f) => f.reasonCode)).toEqual(['EXTRACTION_TIMEOUT']);
    expect((await runs.getFailures(summary.run.runId, { q: '100%' })).total).toBe(0);
    const listed = await runs.listRuns({ limit: 5 });
    expect(listed.total).toBe(1);
    expect(listed.items[0].runId).toBe(summary.run.runId);
  });

  it('deactivates the edges into a replaced view that its new definition no longer produces, and keeps discovered edges otherwise', async () => {
    await insertDbql(db.port, [
      dbqlEntry({ startTime: DAY, statementType: 'Replace View', sql: 'REPLACE VIEW sales.v (a, b) AS SELECT x, y FROM sales.s' }),
      dbqlEntry({ startTime: new Date(DAY.getTime() + 60_000), statementType: 'Replace View', sql: 'REPLACE VIEW sales.v (a) AS SELECT z FROM sales.s2' }),
    ]);
    ctx = await createPopulationTestModule({ port: db.port });
    const population = ctx.get(PopulationService);
    await population.run({ method: 'dbql', trigger: 'cli', since: DAY, until: new Date(DAY.getTime() + 30_000) });
    const second = await population.run({ method: 'dbql', trigger: 'cli', since: new Date(DAY.getTime() + 30_000) });
    expect(second.writes.edgesDeactivated).toBe(2);
    const rows = await db.port.query('SELECT source_dataset, source_field, target_field, is_active FROM OL_COLUMN_LINEAGE ORDER BY source_dataset, source_field');
    expect(rows).toEqual([
      { source_dataset: 'sales.s', source_field: 'x', target_field: 'a', is_active: 'N' },
      { source_dataset: 'sales.s', source_field: 'y', target_field: 'b', is_active: 'N' },
      { source_dataset: 'sales.s2', source_field: 'z', target_field: 'a', is_active: 'Y' },
    ]);
    const view = await db.port.query("SELECT source_type FROM OL_DATASET WHERE name = 'sales.v'");
    expect(view).toEqual([{ source_type: 'VIEW' }]);
  });
});
