import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractLineage } from '../../../src/population/extraction/extractor.js';
import { type ExtractionRequest, type LineageExtractor, LineageExtractorFactory } from '../../../src/population/lineage-extractor.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { toOutcome } from '../../../src/population/pool-extractor.factory.js';
import type { DictionaryColumn } from '../../../src/schema/dictionary.repository.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlEntry, type DbqlEntry, insertDbql } from '../../factories/population-dbql.factory.js';

/**
 * Column usage written by DBQL runs (issue 21): daily aggregates per user,
 * application and client, counted once whatever the runs and windows that
 * read a row — the overlap every run re-reads, an explicit window run
 * twice, windows that cut one CollectTimeStamp buffer in two.
 */

const TABLES: Record<string, { kind: 'TABLE' | 'VIEW'; columns: string[] }> = {
  'sales.orders': { kind: 'TABLE', columns: ['order_id', 'customer_id', 'amount', 'status'] },
  'core.customer': { kind: 'TABLE', columns: ['customer_id', 'name', 'segment'] },
  'mart.revenue': { kind: 'TABLE', columns: ['customer_id', 'revenue'] },
  'mart.v_customer': { kind: 'VIEW', columns: ['customer_id', 'name'] },
  'mart.v_names': { kind: 'VIEW', columns: ['customer_id', 'full_name', 'display_name'] },
  'core.unread': { kind: 'TABLE', columns: ['a'] },
};

const DICTIONARY: DictionaryColumn[] = Object.entries(TABLES).flatMap(([name, t]) => {
  const [database, table] = name.split('.');
  return t.columns.map((column, i) => ({ database, table, column, type: t.kind === 'VIEW' ? null : 'VARCHAR(10)', ordinal: i + 1, nullable: true, kind: t.kind }));
});

/** The real extraction engine, in this thread, with the test dictionary. */
class InProcessExtractorFactory extends LineageExtractorFactory {
  async open(): Promise<LineageExtractor> {
    const metadata = new Map(Object.entries(TABLES).map(([k, v]) => [k, v.columns]));
    return {
      extract: async (requests: readonly ExtractionRequest[]) => requests.map((r) => toOutcome(extractLineage(r.sql, { defaultDatabase: r.defaultDatabase, metadata }))),
      close: async () => undefined,
    };
  }
}

const T0 = new Date('2026-01-10T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** BI SELECTs repeated with other literals by two users of two tools, an ETL load, a view read, on two days. */
function history(): DbqlEntry[] {
  const bi = (minute: number, user: string, app: string, id: number): DbqlEntry =>
    dbqlEntry({ startTime: at(minute), collectTime: at(minute + 10), userName: user, appId: app, clientId: `${user}-pc`, statementType: 'Select', sql: `SELECT c.name, SUM(o.amount) FROM sales.orders o JOIN core.customer c ON c.customer_id = o.customer_id WHERE o.status = '${id}' GROUP BY c.name` });
  return [
    // a view's definition: its lineage lets a read of the view count on the base columns too
    dbqlEntry({ startTime: at(-60), collectTime: at(-50), statementType: 'Replace View', sql: 'REPLACE VIEW mart.v_customer AS SELECT customer_id, name FROM core.customer' }),
    bi(1, 'ANNA', 'Tableau', 1),
    bi(2, 'ANNA', 'Tableau', 2),
    bi(3, 'BORIS', 'PowerBI', 3),
    // three rows of one CollectTimeStamp buffer
    bi(4, 'ANNA', 'Tableau', 4),
    dbqlEntry({ startTime: at(5), collectTime: at(14), userName: 'ETL_USER', appId: 'BTEQ', clientId: 'etl01', statementType: 'Insert', sql: 'INSERT INTO mart.revenue (customer_id, revenue) SELECT customer_id, SUM(amount) FROM sales.orders GROUP BY customer_id' }),
    dbqlEntry({ startTime: at(6), collectTime: at(14), userName: 'CARL', appId: 'SQLA', clientId: 'carl-pc', statementType: 'Select', sql: "SELECT name FROM mart.v_customer WHERE customer_id = 7" }),
    // twelve more runs of the dashboard by a third user, in two buffers (pages of 10 rows end inside the first)
    ...Array.from({ length: 12 }, (_, i) => dbqlEntry({ ...bi(7 + i, 'DORA', 'Tableau', 10 + i), collectTime: at(i < 6 ? 20 : 30) })),
    bi(24 * 60 + 1, 'BORIS', 'PowerBI', 5),
  ];
}

type Row = Record<string, unknown>;

async function fieldUsage(db: TestDatabase): Promise<Row[]> {
  const rows = await db.port.query(
    `SELECT CAST(usage_day AS VARCHAR) AS day, dataset_id, field_name, user_name, app_id, client_id, via_view, read_count, projection_count, predicate_count
     FROM OL_FIELD_USAGE_DAY ORDER BY 1, 2, 3, 4, 5, 6, 7`,
  );
  return rows.map((r) => ({ ...r, read_count: Number(r.read_count), projection_count: Number(r.projection_count), predicate_count: Number(r.predicate_count) }));
}

async function datasetUsage(db: TestDatabase): Promise<Row[]> {
  const rows = await db.port.query('SELECT CAST(usage_day AS VARCHAR) AS day, dataset_id, user_name, app_id, via_view, read_count FROM OL_DATASET_USAGE_DAY ORDER BY 1, 2, 3, 4, 5');
  return rows.map((r) => ({ ...r, read_count: Number(r.read_count) }));
}

const NS = 'teradata://demo-warehouse:1025';
const id = (name: string) => `${NS}/${name}`;

describe('column usage written by DBQL population (medium: real DuckDB, real extraction)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
    await insertDbql(db.port, history());
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  const start = (env: Record<string, string> = {}) =>
    createPopulationTestModule({ port: db.port, extractor: new InProcessExtractorFactory(), metadata: DICTIONARY, env: { USAGE_ENABLED: 'true', ...env } });
  const run = (since: Date, until: Date) => ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since, until });

  it('counts each execution of a repeated SELECT per day, user, application and client, split into projection and predicate reads', async () => {
    ctx = await start();
    // the view's lineage first (the run reading the view finds it stored)
    await run(at(-70), at(0));
    await run(at(0), at(3 * 24 * 60));
    const fields = await fieldUsage(db);
    const amount = fields.filter((r) => r.dataset_id === id('sales.orders') && r.field_name === 'amount');
    expect(amount).toEqual([
      { day: '2026-01-10', dataset_id: id('sales.orders'), field_name: 'amount', user_name: 'ANNA', app_id: 'Tableau', client_id: 'ANNA-pc', via_view: 'N', read_count: 3, projection_count: 3, predicate_count: 0 },
      { day: '2026-01-10', dataset_id: id('sales.orders'), field_name: 'amount', user_name: 'BORIS', app_id: 'PowerBI', client_id: 'BORIS-pc', via_view: 'N', read_count: 1, projection_count: 1, predicate_count: 0 },
      { day: '2026-01-10', dataset_id: id('sales.orders'), field_name: 'amount', user_name: 'DORA', app_id: 'Tableau', client_id: 'DORA-pc', via_view: 'N', read_count: 12, projection_count: 12, predicate_count: 0 },
      { day: '2026-01-10', dataset_id: id('sales.orders'), field_name: 'amount', user_name: 'ETL_USER', app_id: 'BTEQ', client_id: 'etl01', via_view: 'N', read_count: 1, projection_count: 1, predicate_count: 0 },
      { day: '2026-01-11', dataset_id: id('sales.orders'), field_name: 'amount', user_name: 'BORIS', app_id: 'PowerBI', client_id: 'BORIS-pc', via_view: 'N', read_count: 1, projection_count: 1, predicate_count: 0 },
    ]);
    // the ETL load reads customer_id to project and to group: one read, both splits
    expect(fields.find((r) => r.dataset_id === id('sales.orders') && r.field_name === 'customer_id' && r.user_name === 'ETL_USER')).toMatchObject({ read_count: 1, projection_count: 1, predicate_count: 1 });
    expect(fields.find((r) => r.dataset_id === id('sales.orders') && r.field_name === 'status' && r.user_name === 'ANNA')).toMatchObject({ read_count: 3, projection_count: 0, predicate_count: 3 });
    // a view column read counts on the view and, through its definition, on the base column
    expect(fields.filter((r) => r.user_name === 'CARL' && r.field_name === 'name').map((r) => [r.dataset_id, r.via_view])).toEqual([
      [id('core.customer'), 'Y'],
      [id('mart.v_customer'), 'N'],
    ]);
    // nobody reads core.unread, and the view definition is no read
    const datasets = await datasetUsage(db);
    expect(datasets.some((r) => r.dataset_id === id('core.unread'))).toBe(false);
    expect(datasets.filter((r) => r.dataset_id === id('core.customer') && r.via_view === 'N').reduce((n, r) => n + Number(r.read_count), 0)).toBe(17);
    expect(datasets.filter((r) => r.dataset_id === id('core.customer') && r.via_view === 'Y').map((r) => [r.user_name, r.read_count])).toEqual([['CARL', 1]]);
  });

  it('counts a base column behind two columns of one view once per statement, and the table behind once', async () => {
    ctx = await start();
    const later = (minutes: number) => at(3 * 24 * 60 + minutes);
    const eve = (minute: number, sql: string) => dbqlEntry({ startTime: later(minute), collectTime: later(minute + 1), userName: 'EVE', appId: 'SQLA', clientId: 'eve-pc', statementType: 'Select', sql });
    await insertDbql(db.port, [
      dbqlEntry({ startTime: later(0), collectTime: later(1), statementType: 'Replace View', sql: 'REPLACE VIEW mart.v_names AS SELECT customer_id, name AS full_name, name AS display_name FROM core.customer' }),
      // full_name and display_name are both core.customer.name: one read of it per statement
      eve(10, 'SELECT full_name, display_name FROM mart.v_names WHERE customer_id = 3'),
      eve(12, 'SELECT full_name FROM mart.v_names WHERE customer_id = 4'),
    ]);
    // the view's lineage first (the run reading the view finds it stored)
    await run(later(-1), later(5));
    await run(later(5), later(60));
    const fields = (await fieldUsage(db)).filter((r) => r.user_name === 'EVE');
    expect(fields.map((r) => [r.dataset_id, r.field_name, r.via_view, r.read_count, r.projection_count, r.predicate_count])).toEqual([
      [id('core.customer'), 'customer_id', 'Y', 2, 0, 2],
      [id('core.customer'), 'name', 'Y', 2, 2, 0],
      [id('mart.v_names'), 'customer_id', 'N', 2, 0, 2],
      [id('mart.v_names'), 'display_name', 'N', 1, 1, 0],
      [id('mart.v_names'), 'full_name', 'N', 2, 2, 0],
    ]);
    const datasets = (await datasetUsage(db)).filter((r) => r.user_name === 'EVE');
    expect(datasets.map((r) => [r.dataset_id, r.via_view, r.read_count])).toEqual([
      [id('core.customer'), 'Y', 2],
      [id('mart.v_names'), 'N', 2],
    ]);
  });

  it('counts nothing twice: a window run again, overlapping windows and a window ending inside a CollectTimeStamp buffer give one run’s totals', async () => {
    ctx = await start();
    await run(at(-70), at(0));
    await run(at(0), at(3 * 24 * 60));
    const once = { fields: await fieldUsage(db), datasets: await datasetUsage(db) };
    expect(once.fields.length).toBeGreaterThan(10);

    // the same window again, and windows overlapping it: nothing changes
    await run(at(0), at(3 * 24 * 60));
    await run(at(5), at(2 * 24 * 60));
    await run(at(-70), at(4 * 24 * 60));
    expect({ fields: await fieldUsage(db), datasets: await datasetUsage(db) }).toEqual(once);

    // a fresh store mined in pieces whose edges cut the 14-minute buffer and overlap: the same totals
    await db.port.execute('DELETE FROM OL_FIELD_USAGE_DAY');
    await db.port.execute('DELETE FROM OL_DATASET_USAGE_DAY');
    await db.port.execute('DELETE FROM OL_USAGE_COVERAGE');
    await run(at(0), at(14));
    await run(at(13), at(20.5));
    await run(at(10), at(3 * 24 * 60));
    expect({ fields: await fieldUsage(db), datasets: await datasetUsage(db) }).toEqual(once);
  });

  it('takes a SELECT’s columns from DBC.DBQLObjTbl where object logging recorded them (USAGE_SOURCE auto), parsing the others', async () => {
    // a statement the parser refuses (EXPAND ON), whose objects DBQL logged
    const logged = dbqlEntry({ startTime: at(40), collectTime: at(50), userName: 'EVA', appId: 'Cognos', clientId: 'eva-pc', statementType: 'Select', sql: "SELECT name FROM core.customer WHERE segment = 'A' EXPAND ON pd AS x" });
    await insertDbql(db.port, [logged]);
    const obj = (column: string | null, type: string, use: number) => [16383, at(50), String(logged.queryId), 'core', 'customer', column, type, 1, use];
    await db.port.batch('INSERT INTO DBC.DBQLObjTbl VALUES (?, ?, CAST(? AS DECIMAL(18,0)), ?, ?, ?, ?, ?, ?)', [obj(null, 'Tab', 2), obj('name', 'Col', 2), obj('segment', 'Col', 4)]);
    ctx = await start({ USAGE_SOURCE: 'auto' });
    await run(at(-70), at(3 * 24 * 60));
    const eva = (await fieldUsage(db)).filter((r) => r.user_name === 'EVA').map((r) => [r.field_name, r.projection_count, r.predicate_count]);
    expect(eva).toEqual([
      ['name', 1, 0],
      ['segment', 0, 1],
    ]);
    // the others were parsed, as before
    expect((await fieldUsage(db)).some((r) => r.user_name === 'DORA')).toBe(true);
    expect((await db.port.query<{ usage_source: string }>('SELECT DISTINCT usage_source FROM OL_USAGE_COVERAGE ORDER BY 1')).map((r) => r.usage_source)).toContain('dbqlobj');
    // USAGE_SOURCE=parse never reads it: the statement the parser refuses counts nothing
    await db.port.execute('DELETE FROM OL_FIELD_USAGE_DAY');
    await db.port.execute('DELETE FROM OL_USAGE_COVERAGE');
    await ctx.close();
    ctx = await start({ USAGE_SOURCE: 'parse' });
    await run(at(-70), at(3 * 24 * 60));
    expect((await fieldUsage(db)).filter((r) => r.user_name === 'EVA')).toEqual([]);
  });

  it('writes no usage when USAGE_ENABLED is false, and lineage is the same either way', async () => {
    ctx = await start({ USAGE_ENABLED: 'false' });
    await run(at(-70), at(3 * 24 * 60));
    expect(await fieldUsage(db)).toEqual([]);
    const edgesOff = await db.port.query('SELECT lineage_id FROM OL_COLUMN_LINEAGE ORDER BY 1');
    await ctx.close();
    await db.port.execute('DELETE FROM OL_COLUMN_LINEAGE');
    ctx = await start();
    await run(at(-70), at(3 * 24 * 60));
    expect(await db.port.query('SELECT lineage_id FROM OL_COLUMN_LINEAGE ORDER BY 1')).toEqual(edgesOff);
    expect((await fieldUsage(db)).length).toBeGreaterThan(0);
  });
});
