import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopulationService } from '../../../src/population/population.service.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { type DbqlEntry, dbqlEntry, insertDbql } from '../../factories/population-dbql.factory.js';

/**
 * DBQL as Teradata writes it: a query's row is collected when the query
 * completes, into its PE's cache buffer, whose CollectTimeStamp is the time
 * the buffer opened; the buffer is written to DBC.DBQLogTbl when it is
 * flushed, every DBQLFlushRate (600 s by default). So at any instant the
 * rows of the last buffer are not in the table yet, and a long ETL statement
 * appears only after it ends, with a StartTime long before rows already
 * there. (Teradata documents CollectTimeStamp as set when the cache is ready
 * to receive rows, not when they are written; docs/population.md.)
 */
const FLUSH_MS = 600_000;
const T1 = new Date('2026-02-01T12:00:00Z');
const T2 = new Date(T1.getTime() + 2 * 3_600_000);

/** The CollectTimeStamp of a query that completed at `completed`: the opening of its 10-minute buffer. */
const bufferOf = (completed: number): Date => new Date(Math.floor(completed / FLUSH_MS) * FLUSH_MS);
/** In DBC.DBQLogTbl at `at`: its buffer was flushed. */
const flushedBy = (e: DbqlEntry, at: Date): boolean => e.collectTime.getTime() + FLUSH_MS <= at.getTime();

function history(): DbqlEntry[] {
  const entries: DbqlEntry[] = [];
  // 90 short statements, one every 2 minutes up to 3 minutes before T1
  for (let i = 0; i < 90; i++) {
    const start = T1.getTime() - 3 * 3_600_000 + i * 118_000;
    entries.push(dbqlEntry({ startTime: new Date(start), collectTime: bufferOf(start + 20_000), sql: `INSERT INTO sales.t${i} (a) SELECT a FROM sales.s${i}` }));
  }
  // 10 long ETL statements started 1-2 hours before T1 and ending after it
  for (let i = 90; i < 100; i++) {
    const start = T1.getTime() - 2 * 3_600_000 + (i - 90) * 360_000;
    const completed = T1.getTime() + (i - 89) * 60_000;
    entries.push(dbqlEntry({ startTime: new Date(start), collectTime: bufferOf(completed), sql: `INSERT INTO sales.t${i} (a) SELECT a FROM sales.s${i}` }));
  }
  return entries;
}

async function count(db: TestDatabase, table: string): Promise<number> {
  const rows = await db.port.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0].n);
}

describe('DBQL written late (flush lag, long statements)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule | undefined;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('mines every statement exactly once although a tenth of the rows are written after the previous run ended', async () => {
    const entries = history();
    const early = entries.filter((e) => flushedBy(e, T1));
    const late = entries.filter((e) => !flushedBy(e, T1));
    // the history is what the test says: rows still in a cache or not yet ended at T1, started before rows already written
    expect(late.length).toBeGreaterThanOrEqual(10);
    const lastEarlyStart = Math.max(...early.map((e) => e.startTime.getTime()));
    expect(late.filter((e) => e.startTime.getTime() < lastEarlyStart).length).toBeGreaterThanOrEqual(10);

    // the run at T1 sees what DBQL has written by then
    await insertDbql(db.port, early);
    ctx = await createPopulationTestModule({ port: db.port, now: T1 });
    const first = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'schedule' });
    expect(first.run.state).toBe('succeeded');
    expect(first.run.windowUntil?.toISOString()).toBe(new Date(T1.getTime() - 660_000).toISOString());
    await ctx.close();
    ctx = undefined;

    // the caches flush and the long statements end; the next run at T2
    await insertDbql(db.port, late);
    ctx = await createPopulationTestModule({ port: db.port, now: T2 });
    const second = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'schedule' });
    expect(second.run.state).toBe('succeeded');

    // every request is one OL_RUN and every statement's edge is there, once
    expect(await count(db, 'OL_RUN')).toBe(entries.length);
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(entries.length);
    const targets = await db.port.query<{ target_dataset: string }>('SELECT DISTINCT target_dataset FROM OL_COLUMN_LINEAGE ORDER BY target_dataset');
    expect(targets.map((t) => t.target_dataset).sort()).toEqual(entries.map((_, i) => `sales.t${i}`).sort());
    // both runs together read each row at least once; the overlap re-read is idempotent
    expect(first.run.counts.statementsRead + second.run.counts.statementsRead).toBeGreaterThanOrEqual(entries.length);
  });

  it('a run within the flush interval of the last one reads nothing it could miss: its window ends before rows still cached', async () => {
    await insertDbql(db.port, history().filter((e) => flushedBy(e, T1)));
    ctx = await createPopulationTestModule({ port: db.port, now: T1 });
    await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'schedule' });
    const watermark = await db.port.query<{ watermark_at: Date }>("SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = 'dbql'");
    // never past now less the flush interval and the margin
    expect(watermark[0].watermark_at.getTime()).toBe(T1.getTime() - 660_000);
  });

  describe('on a system whose clock is not UTC (DBQL stamps local time)', () => {
    /** The history as a system at UTC-05:00 logs it: every timestamp five hours behind UTC. */
    const WEST = -5 * 3_600_000;
    const local = (e: DbqlEntry): DbqlEntry => ({ ...e, startTime: new Date(e.startTime.getTime() + WEST), collectTime: new Date(e.collectTime.getTime() + WEST) });

    async function twoRuns(env: Record<string, string>) {
      const entries = history();
      await insertDbql(db.port, entries.filter((e) => flushedBy(e, T1)).map(local));
      ctx = await createPopulationTestModule({ port: db.port, now: T1, env });
      const first = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'schedule' });
      await ctx.close();
      await insertDbql(db.port, entries.filter((e) => !flushedBy(e, T1)).map(local));
      ctx = await createPopulationTestModule({ port: db.port, now: T2, env });
      await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'schedule' });
      return { entries, first };
    }

    it('with POPULATION_DBQL_UTC_OFFSET=-05:00, ends the window on that clock and mines every statement once', async () => {
      const { entries, first } = await twoRuns({ POPULATION_DBQL_UTC_OFFSET: '-05:00' });
      expect(first.run.windowUntil?.toISOString()).toBe(new Date(T1.getTime() + WEST - 660_000).toISOString());
      expect(await count(db, 'OL_RUN')).toBe(entries.length);
      expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(entries.length);
    });

    it('without it, the window would end five hours ahead of DBQL and lose the rows still cached (why the setting exists)', async () => {
      const { entries } = await twoRuns({});
      const lost = entries.length - (await count(db, 'OL_RUN'));
      expect(lost).toBeGreaterThanOrEqual(10);
    });
  });
});
