import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopulationDbqlAccessError } from '../../../src/population/population.errors.js';
import { PopulationRunsService } from '../../../src/population/population-runs.service.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { DatabasePermissionError } from '../../../src/teradata/database.errors.js';
import { DatabasePort, type Dialect, type Row, type SqlExecutor, type SqlValue } from '../../../src/teradata/database.port.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { EMBEDDED_POPULATION } from '../../../src/teradata/sql/embedded/population.sql.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, populationTestConfig, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';

const SOURCE = populationTestConfig().population.dbqlSource;
const DBQL_STATEMENTS = new Set([EMBEDDED_POPULATION.dbqlSlice(SOURCE).sql, EMBEDDED_POPULATION.dbqlFirstCollect(SOURCE), EMBEDDED_POPULATION.dbqlNextCollect(SOURCE).sql]);
/** Statements population may run besides DBQL reads; IN-list statements are matched by their text before the list. */
const KNOWN = [...Object.values(EMBEDDED_POPULATION), ...Object.values(EMBEDDED_OL_STORE)]
  // a bulk insert is a group of statements beside its `kind`
  .flatMap((s: unknown) => (typeof s === 'object' && s !== null ? Object.entries(s).filter(([k]) => k !== 'kind').map(([, v]) => v as unknown) : [s]))
  .filter((s): s is string => typeof s === 'string' && !DBQL_STATEMENTS.has(s));

/**
 * Strict fake at the DatabasePort boundary: answers the DBQL reads as
 * Teradata does for a user without SELECT on DBC.DBQLogTbl (error 3523),
 * passes the run bookkeeping statements to a real embedded database, and
 * fails on any statement it does not know.
 */
class NoDbqlGrantPort extends DatabasePort {
  readonly dialect: Dialect = 'embedded';
  readonly unexpected: string[] = [];
  dbqlReads = 0;

  constructor(private readonly real: DatabasePort) {
    super();
  }

  private check(sql: string): void {
    if (DBQL_STATEMENTS.has(sql)) {
      this.dbqlReads++;
      throw new DatabasePermissionError('[Teradata Database] [Error 3523] The user does not have SELECT access to DBC.DBQLogTbl.', 3523);
    }
    const known = KNOWN.some((k) => k === sql || (k.includes('IN (?)') && sql.startsWith(k.slice(0, k.indexOf('IN (?)')))) || (k.includes('VALUES (') && sql.startsWith(k.slice(0, k.indexOf('VALUES (')))));
    if (!known && sql !== 'BEGIN TRANSACTION' && sql !== 'COMMIT' && sql !== 'ROLLBACK') {
      this.unexpected.push(sql);
      throw new Error(`unexpected statement: ${sql}`);
    }
  }

  private wrap(executor: SqlExecutor): SqlExecutor {
    return {
      query: <T extends Row = Row>(sql: string, params?: readonly SqlValue[]) => (this.check(sql), executor.query<T>(sql, params)),
      execute: (sql, params) => (this.check(sql), executor.execute(sql, params)),
      batch: (sql, rows) => (this.check(sql), executor.batch(sql, rows)),
    };
  }

  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.wrap(this.real).query<T>(sql, params);
  }
  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.wrap(this.real).execute(sql, params);
  }
  batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    return this.wrap(this.real).batch(sql, rows);
  }
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.real.transaction((tx) => work(this.wrap(tx)));
  }
  ping(): Promise<void> {
    return this.real.ping();
  }
  poolStats() {
    return this.real.poolStats();
  }
  async close(): Promise<void> {}
}

describe('missing SELECT grant on the DBQL tables (strict fake at the port)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('fails the run with the GRANT statements a DBA must run, recorded on the run', async () => {
    const port = new NoDbqlGrantPort(db.port);
    ctx = await createPopulationTestModule({ port, env: { TERADATA_USER: 'lineage_svc' } });
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: new Date('2026-01-01T00:00:00Z') });

    expect(port.unexpected).toEqual([]);
    expect(port.dbqlReads).toBe(1);
    expect(summary.run.state).toBe('failed');
    expect(summary.error).toBeInstanceOf(PopulationDbqlAccessError);
    expect((summary.error as PopulationDbqlAccessError).code).toBe('POPULATION_DBQL_ACCESS_DENIED');
    expect(summary.error?.message).toContain('Teradata error 3523');
    expect(summary.error?.message).toContain('GRANT SELECT ON DBC.DBQLogTbl TO lineage_svc; GRANT SELECT ON DBC.DBQLSQLTbl TO lineage_svc;');
    const stored = await ctx.get(PopulationRunsService).getRun(summary.run.runId);
    expect(stored.run.state).toBe('failed');
    expect(stored.run.message).toContain('GRANT SELECT ON DBC.DBQLogTbl TO lineage_svc');
  });
});
