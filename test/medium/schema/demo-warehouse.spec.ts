import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDbqlHistory } from '../../../src/teradata/embedded/demo/dbql-history.generator.js';
import { DEMO_WAREHOUSE } from '../../../src/teradata/embedded/demo/demo-warehouse.js';
import { isDemoLoaded, loadDemoWarehouse } from '../../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('demo warehouse loader', () => {
  let db: TestDatabase;
  const STATEMENTS = 500;
  const SEED = 11;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    expect(await isDemoLoaded(db.port)).toBe(false);
    const result = await loadDemoWarehouse(db.port, { statements: STATEMENTS, seed: SEED });
    expect(result.statements).toBe(STATEMENTS);
  });

  afterAll(async () => {
    await db.cleanup();
  });

  it('is detected as loaded', async () => {
    expect(await isDemoLoaded(db.port)).toBe(true);
  });

  it('fills DBC.TablesV with the catalog (at least 30 tables and views in 5 databases), Teradata column names', async () => {
    const rows = await db.port.query<{ databasename: string; n: number; views: number }>(
      "SELECT DatabaseName, COUNT(*) AS n, SUM(CASE WHEN TableKind = 'V' THEN 1 ELSE 0 END) AS views FROM DBC.TablesV GROUP BY DatabaseName ORDER BY DatabaseName",
    );
    expect(rows.map((r) => r.databasename)).toEqual([...DEMO_WAREHOUSE.databases].sort());
    expect(rows.reduce((n, r) => n + Number(r.n), 0)).toBe(DEMO_WAREHOUSE.tables.length);
    expect(DEMO_WAREHOUSE.tables.length).toBeGreaterThanOrEqual(30);
    const view = await db.port.query<{ requesttext: string; commentstring: string; createtimestamp: Date; lastaltertimestamp: Date }>(
      "SELECT RequestText, CommentString, CreateTimeStamp, LastAlterTimeStamp FROM DBC.TablesV WHERE DatabaseName = 'mart_sales' AND TableName = 'v_sales_by_region' AND TableKind = 'V'",
    );
    expect(view[0].requesttext).toMatch(/^REPLACE VIEW mart_sales\.v_sales_by_region/);
    expect(view[0].commentstring).toBe('Net sales by region and month');
    expect(view[0].createtimestamp).toBeInstanceOf(Date);
  });

  it('fills DBC.ColumnsV (view columns without a type, as without QVCI) and DBC.ColumnsJQV (with types)', async () => {
    const total = await db.port.query<{ n: number }>('SELECT COUNT(*) AS n FROM DBC.ColumnsV');
    expect(total[0].n).toBe(DEMO_WAREHOUSE.tables.reduce((n, t) => n + t.columns.length, 0));
    expect(total[0].n).toBeGreaterThanOrEqual(300);
    const amount = await db.port.query(
      "SELECT ColumnType, ColumnLength, DecimalTotalDigits, DecimalFractionalDigits, Nullable, ColumnId FROM DBC.ColumnsV WHERE DatabaseName = 'core' AND TableName = 'sales_order' AND ColumnName = 'net_amount'",
    );
    expect(amount).toEqual([{ columntype: 'D', columnlength: 8, decimaltotaldigits: 18, decimalfractionaldigits: 2, nullable: 'Y', columnid: 1038 }]);
    const viewColumns = await db.port.query<{ columntype: string | null }>("SELECT ColumnType FROM DBC.ColumnsV WHERE DatabaseName = 'mart_finance' AND TableName = 'v_revenue_ytd'");
    expect(viewColumns.length).toBe(3);
    expect(viewColumns.every((c) => c.columntype === null)).toBe(true);
    const typed = await db.port.query<{ columntype: string }>("SELECT ColumnType FROM DBC.ColumnsJQV WHERE DatabaseName = 'mart_finance' AND TableName = 'v_revenue_ytd' ORDER BY ColumnId");
    expect(typed.map((c) => c.columntype.trim())).toEqual(['CV', 'I2', 'D']);
  });

  it('fills DBC.DBQLogTbl with the generated history, Teradata column names', async () => {
    const expected = generateDbqlHistory({ statements: STATEMENTS, seed: SEED });
    const rows = await db.port.query<{ queryid: number; sessionid: number; username: string; defaultdatabase: string; statementtype: string; errorcode: number; errortext: string | null; appid: string; starttime: Date }>(
      'SELECT ProcID, CollectTimeStamp, QueryID, UserName, SessionID, DefaultDatabase, StartTime, FirstRespTime, StatementType, ErrorCode, ErrorText, NumResultRows, AppID, ClientID FROM DBC.DBQLogTbl ORDER BY QueryID',
    );
    expect(rows).toHaveLength(STATEMENTS);
    expect(rows.map((r) => [Number(r.queryid), r.sessionid, r.username, r.defaultdatabase, r.statementtype, r.errorcode, r.errortext, r.appid, r.starttime.toISOString()])).toEqual(
      expected.map((h) => [h.queryId, h.sessionId, h.userName, h.defaultDatabase, h.statementType, h.errorCode, h.errorText, h.appId, h.startTime.toISOString()]),
    );
  });

  it('splits SQL text over 31,000 characters across DBQLSQLTbl rows that reassemble, in SqlRowNo order, to the statement', async () => {
    const expected = new Map(generateDbqlHistory({ statements: STATEMENTS, seed: SEED }).map((h) => [h.queryId, h.sqlText]));
    const split = await db.port.query<{ queryid: number; n: number; longest: number }>(
      'SELECT QueryID, COUNT(*) AS n, MAX(LENGTH(SqlTextInfo)) AS longest FROM DBC.DBQLSQLTbl GROUP BY QueryID HAVING COUNT(*) > 1 ORDER BY QueryID',
    );
    expect(split.length).toBeGreaterThanOrEqual(2);
    for (const s of split) expect(s.longest).toBeLessThanOrEqual(31_000);
    const texts = await db.port.query<{ queryid: number; text: string }>(
      'SELECT QueryID, string_agg(SqlTextInfo, \'\' ORDER BY SqlRowNo) AS text FROM DBC.DBQLSQLTbl GROUP BY QueryID',
    );
    expect(texts).toHaveLength(STATEMENTS);
    for (const t of texts) expect(t.text).toBe(expected.get(Number(t.queryid)));
    const rowNumbers = await db.port.query<{ rows: number[] }>(`SELECT list(SqlRowNo ORDER BY SqlRowNo) AS rows FROM DBC.DBQLSQLTbl WHERE QueryID = ${Number(split[0].queryid)}`);
    expect(rowNumbers[0].rows.map(Number)).toEqual(Array.from({ length: Number(split[0].n) }, (_, i) => i + 1));
  });
});
