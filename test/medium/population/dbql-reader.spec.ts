import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DbqlRepository, type DbqlStatement } from '../../../src/population/dbql.repository.js';
import type { SqlValue } from '../../../src/teradata/database.port.js';
import { EMBEDDED_POPULATION } from '../../../src/teradata/sql/embedded/population.sql.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule, populationTestConfig } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlEntry, insertDbql } from '../../factories/population-dbql.factory.js';

const T0 = new Date('2026-01-10T08:00:00Z');

async function readAll(repo: DbqlRepository, since: Date, until: Date, pageSize: number): Promise<DbqlStatement[][]> {
  const pages: DbqlStatement[][] = [];
  for await (const page of repo.pages({ since, until }, pageSize)) pages.push(page);
  return pages;
}

describe('reading the DBQL query log (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('reassembles SQL split over several rows in SqlRowNo order', async () => {
    const long = `INSERT INTO sales.t (a) SELECT ${Array.from({ length: 9000 }, (_, i) => `c${i}`).join(' + ')} FROM sales.s`;
    const entry = dbqlEntry({ startTime: T0, sql: long });
    await insertDbql(db.port, [entry], { rowChars: 31_000 });
    const rows = await db.port.query<{ n: number }>('SELECT COUNT(*) AS n FROM DBC.DBQLSQLTbl');
    expect(Number(rows[0].n)).toBeGreaterThan(2);
    ctx = await createPopulationTestModule({ port: db.port });
    const [[statement]] = await readAll(ctx.get(DbqlRepository), entry.collectTime, new Date(entry.collectTime.getTime() + 1000), 10);
    expect(statement.sql).toBe(long);
    expect(statement).toMatchObject({ queryId: String(entry.queryId), sessionId: '1001', defaultDatabase: 'sales', errorCode: 0 });
  });

  it('pages on (CollectTimeStamp, QueryID) without losing or repeating statements that share a CollectTimeStamp', async () => {
    // DBQL gives every row of one cache buffer the same CollectTimeStamp
    const entries = Array.from({ length: 23 }, (_, i) =>
      dbqlEntry({ startTime: new Date(T0.getTime() + i * 1000), collectTime: new Date(T0.getTime() + Math.floor(i / 4) * 1000), sql: `INSERT INTO t${i} (a) SELECT a FROM s` }),
    );
    await insertDbql(db.port, entries);
    ctx = await createPopulationTestModule({ port: db.port });
    const pages = await readAll(ctx.get(DbqlRepository), T0, new Date(T0.getTime() + 86_400_000), 5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.flat().map((s) => s.queryId)).toEqual(entries.map((e) => String(e.queryId)));
  });

  it('with usage on, counts only the statements other than SELECTs towards a page, up to maxStatements in all', async () => {
    // three SELECTs, one INSERT, four times over
    const entries = Array.from({ length: 16 }, (_, i) =>
      dbqlEntry({
        startTime: new Date(T0.getTime() + i * 1000),
        collectTime: new Date(T0.getTime() + i * 1000),
        ...(i % 4 === 3 ? { statementType: 'Insert', sql: `INSERT INTO t${i} (a) SELECT a FROM s` } : { statementType: 'Select', sql: `SELECT a FROM s WHERE b = ${i}` }),
      }),
    );
    await insertDbql(db.port, entries);
    ctx = await createPopulationTestModule({ port: db.port, env: { USAGE_ENABLED: 'true' } });
    const repo = ctx.get(DbqlRepository);
    const pages: DbqlStatement[][] = [];
    for await (const page of repo.pages({ since: T0, until: new Date(T0.getTime() + 86_400_000) }, 2, 0, undefined, 6)) pages.push(page);
    // S S S I S S (six in all) | S I S S S I (the second INSERT) | S S S I (the window's end)
    expect(pages.map((p) => p.length)).toEqual([6, 6, 4]);
    expect(pages.flat().map((s) => s.queryId)).toEqual(entries.map((e) => String(e.queryId)));
    // without maxStatements every statement counts
    expect((await readAll(repo, T0, new Date(T0.getTime() + 86_400_000), 2)).map((p) => p.length)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('keeps the window bounds over CollectTimeStamp: since inclusive, until exclusive', async () => {
    const entries = [0, 1, 2].map((m) => dbqlEntry({ startTime: new Date(T0.getTime() - 3_600_000), collectTime: new Date(T0.getTime() + m * 60_000) }));
    await insertDbql(db.port, entries);
    ctx = await createPopulationTestModule({ port: db.port });
    const pages = await readAll(ctx.get(DbqlRepository), T0, new Date(T0.getTime() + 120_000), 10);
    expect(pages.flat().map((s) => s.queryId)).toEqual([String(entries[0].queryId), String(entries[1].queryId)]);
  });

  it('does not read the text of failed statements and plain SELECTs', async () => {
    await insertDbql(db.port, [
      dbqlEntry({ startTime: T0, collectTime: T0, errorCode: 2646, sql: 'INSERT INTO big.t (a) SELECT a FROM big.s' }),
      dbqlEntry({ startTime: new Date(T0.getTime() + 1), collectTime: new Date(T0.getTime() + 1), statementType: 'Select', sql: 'SEL * FROM sales.s' }),
    ]);
    ctx = await createPopulationTestModule({ port: db.port });
    const [page] = await readAll(ctx.get(DbqlRepository), T0, new Date(T0.getTime() + 1000), 10);
    expect(page.map((s) => [s.errorCode, s.statementType, s.sql])).toEqual([
      [2646, 'Insert', null],
      [0, 'Select', null],
    ]);
  });
});

describe('each DBQL source reads the same log (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule | undefined;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
    await db.cleanup();
  });

  it('DBC.QryLogV / QryLogSQLV and the PDCR history tables give the statements and tallies the DBC tables give', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => {
      const at = new Date(T0.getTime() + i * 97_000);
      return dbqlEntry({ startTime: at, collectTime: at, statementType: i % 4 === 0 ? 'Select' : 'Insert', errorCode: i % 9 === 1 ? 3807 : 0, sql: `INSERT INTO sales.t${i % 7} (a) SELECT a FROM sales.s` });
    });
    await insertDbql(db.port, entries);
    const read = async (source: string) => {
      ctx = await createPopulationTestModule({ port: db.port, env: { POPULATION_DBQL_SOURCE: source, POPULATION_PDCR_DATABASE: 'PDCRINFO' } });
      const pages = await readAll(ctx.get(DbqlRepository), T0, new Date(T0.getTime() + 2 * 86_400_000), 50);
      await ctx.close();
      ctx = undefined;
      return pages.flat();
    };
    const dbc = await read('dbc');
    expect(dbc.filter((s) => s.queryId !== '')).toHaveLength(entries.filter((e) => e.statementType !== 'Select' && e.errorCode === 0).length);
    expect(dbc.reduce((n, s) => n + s.logRows, 0)).toBe(300);
    expect(await read('dbc-views')).toEqual(dbc);
    expect(await read('pdcr')).toEqual(dbc);
  });
});

describe('reading a day of the query log in few slices (medium)', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await db.cleanup();
  });

  it('reads 6,000 log rows of one day in at most 8 joined reads, each bounded by a CollectTimeStamp slice, every statement once and in order, the SELECTs counted in SQL and not shipped', async () => {
    const dayStart = new Date('2026-03-02T00:00:00Z');
    const entries = Array.from({ length: 6_000 }, (_, i) => {
      const at = new Date(dayStart.getTime() + Math.floor((i * 86_400_000) / 6_000));
      // a third are SELECTs, one in ten of the rest failed in Teradata
      const failed = i % 3 !== 0 && i % 10 === 1;
      return dbqlEntry({ startTime: at, collectTime: at, statementType: i % 3 === 0 ? 'Select' : 'Insert', errorCode: failed ? 3807 : 0, sql: `INSERT INTO sales.t${i % 50} (a) SELECT a FROM sales.s` });
    });
    await insertDbql(db.port, entries);
    const reads: { sql: string; params: readonly unknown[] }[] = [];
    const counting = new Proxy(db.port, {
      get(target, key, receiver) {
        if (key !== 'stream') return Reflect.get(target, key, receiver) as unknown;
        return (sql: string, params: readonly SqlValue[], batchRows?: number) => {
          reads.push({ sql, params });
          return target.stream(sql, params, batchRows);
        };
      },
    });
    const repo = new DbqlRepository(counting, EMBEDDED_POPULATION, populationTestConfig().database, populationTestConfig().population);
    const window = { since: dayStart, until: new Date(dayStart.getTime() + 86_400_000) };
    const pages = await readAll(repo, window.since, window.until, 2000);

    const read = pages.flat();
    // the statements that can write lineage, each once, in log order, with their text
    const statements = read.filter((s) => s.queryId !== '');
    const shipped = (e: (typeof entries)[number]) => e.statementType !== 'Select' && e.errorCode === 0;
    expect(statements.map((s) => s.queryId)).toEqual(entries.filter(shipped).map((e) => String(e.queryId)));
    expect(statements.every((s) => s.sql !== null && s.logRows === 1)).toBe(true);
    // SELECTs and failed requests are not shipped: a tally of each per slice counts them, and every log row is accounted for
    const tallies = read.filter((s) => s.queryId === '');
    expect(tallies.length).toBeLessThanOrEqual(2 * reads.length);
    expect(tallies.every((t) => t.sql === null)).toBe(true);
    const tallied = (failed: boolean) => tallies.filter((t) => (t.errorCode !== 0) === failed).reduce((n, t) => n + t.logRows, 0);
    expect(tallied(false)).toBe(entries.filter((e) => e.statementType === 'Select' && e.errorCode === 0).length);
    expect(tallied(true)).toBe(entries.filter((e) => e.errorCode !== 0).length);
    expect(tallies.filter((t) => t.errorCode === 0).every((t) => t.statementType === 'Select')).toBe(true);
    expect(read.reduce((n, s) => n + s.logRows, 0)).toBe(6_000);
    expect(pages.slice(0, -1).every((p) => p.length === 2000)).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(8);
    let previousEnd = window.since.getTime();
    for (const r of reads) {
      expect(r.sql).toBe(EMBEDDED_POPULATION.dbqlSlice(populationTestConfig().population.dbqlSource).sql);
      const [, , start, end, tallyStart, tallyEnd] = r.params as Date[];
      expect([tallyStart, tallyEnd]).toEqual([start, end]);
      // contiguous slices covering the window, none past it
      expect(start.getTime()).toBe(previousEnd);
      expect(end.getTime()).toBeGreaterThan(start.getTime());
      previousEnd = end.getTime();
    }
    expect(previousEnd).toBe(window.until.getTime());
  }, 120_000);

  it('sizes its slices by POPULATION_DBQL_SLICE_ROWS, by default larger on Teradata (where each slice read scans DBQLogTbl whole)', async () => {
    const dayStart = new Date('2026-03-02T00:00:00Z');
    const entries = Array.from({ length: 6_000 }, (_, i) => {
      const at = new Date(dayStart.getTime() + Math.floor((i * 86_400_000) / 6_000));
      return dbqlEntry({ startTime: at, collectTime: at, sql: `INSERT INTO sales.t${i % 50} (a) SELECT a FROM sales.s` });
    });
    await insertDbql(db.port, entries);
    const base = populationTestConfig();
    const slicesOf = async (sliceRows: number) => {
      const reads: number[] = [];
      const counting = new Proxy(db.port, {
        get(target, key, receiver) {
          if (key !== 'stream') return Reflect.get(target, key, receiver) as unknown;
          return async function* (sql: string, params: readonly SqlValue[], batchRows?: number) {
            let rows = 0;
            for await (const batch of target.stream(sql, params, batchRows)) {
              rows += batch.length;
              yield batch;
            }
            reads.push(rows);
          };
        },
      });
      const repo = new DbqlRepository(counting, EMBEDDED_POPULATION, base.database, { ...base.population, dbqlSliceRows: sliceRows });
      const read = (await readAll(repo, dayStart, new Date(dayStart.getTime() + 86_400_000), 2000)).flat();
      expect(read.map((s) => s.queryId)).toEqual(entries.map((e) => String(e.queryId)));
      return reads;
    };
    // 300 rows a slice: the width settles where a slice holds between half and twice that
    const small = await slicesOf(300);
    expect(small.length).toBeGreaterThan(15);
    expect(small.slice(3, -1).every((rows) => rows >= 150 && rows <= 600)).toBe(true);
    // 3,000: far fewer reads of the same day
    expect((await slicesOf(3_000)).length).toBeLessThan(small.length / 3);
    // unset (0): 250,000 on Teradata, 50,000 on the embedded engine
    const teradataPort = new Proxy(db.port, { get: (target, key, receiver) => (key === 'dialect' ? 'teradata' : (Reflect.get(target, key, receiver) as unknown)) });
    expect(new DbqlRepository(teradataPort, EMBEDDED_POPULATION, base.database, { ...base.population, dbqlSliceRows: 0 }).sliceTarget).toBe(250_000);
    expect(new DbqlRepository(db.port, EMBEDDED_POPULATION, base.database, { ...base.population, dbqlSliceRows: 0 }).sliceTarget).toBe(50_000);
  }, 120_000);

  it('a window of 26 years holding three bursts reads every statement in a few dozen reads: after an empty slice it jumps to the next row collected', async () => {
    const bursts = [new Date('2019-06-01T10:00:00Z'), new Date('2026-03-02T08:00:00Z'), new Date('2026-03-02T20:30:00Z')];
    const entries = bursts.flatMap((b, k) =>
      Array.from({ length: 5 }, (_, i) => {
        const at = new Date(b.getTime() + i * 60_000);
        return dbqlEntry({ startTime: at, collectTime: at, sql: `INSERT INTO sales.b${k} (a) SELECT a FROM sales.s${i}` });
      }),
    );
    await insertDbql(db.port, entries);
    const reads: string[] = [];
    const counting = new Proxy(db.port, {
      get(target, key, receiver) {
        if (key === 'stream')
          return (sql: string, params: readonly SqlValue[], batchRows?: number) => {
            reads.push('slice');
            return target.stream(sql, params, batchRows);
          };
        if (key === 'query')
          return (sql: string, params?: readonly SqlValue[]) => {
            reads.push(sql === EMBEDDED_POPULATION.dbqlNextCollect(populationTestConfig().population.dbqlSource).sql ? 'next' : 'other');
            return target.query(sql, params);
          };
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const repo = new DbqlRepository(counting, EMBEDDED_POPULATION, populationTestConfig().database, populationTestConfig().population);
    const pages = await readAll(repo, new Date('2000-01-01T00:00:00Z'), new Date('2026-03-03T00:00:00Z'), 100);
    expect(pages.flat().map((s) => s.queryId)).toEqual(entries.map((e) => String(e.queryId)));
    // slice by slice, 26 years of empty days would be ~9,500 reads
    expect(reads.filter((r) => r === 'slice').length).toBeLessThanOrEqual(20);
    expect(reads.filter((r) => r === 'next').length).toBeGreaterThanOrEqual(2);
    expect(reads).not.toContain('other');
  });
});
