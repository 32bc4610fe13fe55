import { DBQL_SOURCE_VIEWS } from '../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import type { SqlValue } from '../../src/teradata/database.port.js';
import type { EmbeddedAdapter } from '../../src/teradata/embedded/embedded.adapter.js';

/** One DBQL request as the query log holds it (DBQLogTbl row + its SQL text). */
export interface DbqlEntry {
  readonly queryId: bigint;
  readonly sessionId: number;
  readonly userName: string;
  /** DBQL AppID / ClientID: the client program and the client's id. */
  readonly appId: string;
  readonly clientId: string;
  readonly defaultDatabase: string;
  readonly startTime: Date;
  /** When DBQL collected the row (its cache buffer's CollectTimeStamp): by default 10 minutes after the start, as a row waits for the next flush. */
  readonly collectTime: Date;
  readonly statementType: string;
  readonly errorCode: number;
  readonly errorText: string | null;
  readonly sql: string;
}

let nextQueryId = 307_191_228_787_000_000n;

/** A complete, valid DBQL entry; override what the test is about. */
export function dbqlEntry(overrides: Partial<DbqlEntry> = {}): DbqlEntry {
  nextQueryId += 1n;
  const startTime = overrides.startTime ?? new Date('2026-01-10T08:00:00Z');
  return {
    collectTime: new Date(startTime.getTime() + 600_000),
    queryId: nextQueryId,
    sessionId: 1001,
    userName: 'ETL_USER',
    appId: 'BTEQ',
    clientId: 'etl01',
    defaultDatabase: 'sales',
    startTime,
    statementType: 'Insert',
    errorCode: 0,
    errorText: null,
    sql: 'INSERT INTO sales.daily_totals (order_day, amount) SELECT order_day, amount FROM sales.orders',
    ...overrides,
  };
}

/** A minute-spaced sequence of entries starting at `start`. */
export function dbqlSequence(count: number, start: Date, make: (i: number) => Partial<DbqlEntry>): DbqlEntry[] {
  return Array.from({ length: count }, (_, i) => dbqlEntry({ startTime: new Date(start.getTime() + i * 60_000), ...make(i) }));
}

/**
 * Writes entries into DBC.DBQLogTbl / DBC.DBQLSQLTbl, splitting each SQL
 * text into rows of `rowChars` characters (as DBQL does past 31,000),
 * inserted in reverse SqlRowNo order so that reading must sort them.
 * Creates the two tables when the database has no demo warehouse.
 */
export async function insertDbql(port: EmbeddedAdapter, entries: readonly DbqlEntry[], options: { rowChars?: number } = {}): Promise<void> {
  const rowChars = options.rowChars ?? 31_000;
  await port.execute('CREATE SCHEMA IF NOT EXISTS DBC');
  await port.execute(
    'CREATE TABLE IF NOT EXISTS DBC.DBQLogTbl (ProcID DECIMAL(5,0), CollectTimeStamp TIMESTAMP, QueryID DECIMAL(18,0), UserName VARCHAR, SessionID INTEGER, ' +
      'DefaultDatabase VARCHAR, AppID VARCHAR, ClientID VARCHAR, StartTime TIMESTAMP, FirstRespTime TIMESTAMP, StatementType VARCHAR, ErrorCode INTEGER, ErrorText VARCHAR)',
  );
  await port.execute(
    'CREATE TABLE IF NOT EXISTS DBC.DBQLSQLTbl (ProcID DECIMAL(5,0), CollectTimeStamp TIMESTAMP, QueryID DECIMAL(18,0), SqlRowNo INTEGER, SqlTextInfo VARCHAR)',
  );
  // object logging off: the table exists and holds no rows
  await port.execute(
    'CREATE TABLE IF NOT EXISTS DBC.DBQLObjTbl (ProcID DECIMAL(5,0), CollectTimeStamp TIMESTAMP, QueryID DECIMAL(18,0), ObjectDatabaseName VARCHAR, ObjectTableName VARCHAR, ' +
      'ObjectColumnName VARCHAR, ObjectType CHAR(3), FreqofUse INTEGER, TypeOfUse INTEGER)',
  );
  for (const statement of DBQL_SOURCE_VIEWS) await port.execute(statement);
  const logRows: SqlValue[][] = [];
  const sqlRows: SqlValue[][] = [];
  for (const e of entries) {
    const collect = e.collectTime;
    logRows.push([
      16383,
      collect,
      String(e.queryId),
      e.userName,
      e.sessionId,
      e.defaultDatabase,
      e.appId,
      e.clientId,
      e.startTime,
      new Date(e.startTime.getTime() + 250),
      e.statementType,
      e.errorCode,
      e.errorText,
    ]);
    const pieces: string[] = [];
    for (let i = 0; i < e.sql.length; i += rowChars) pieces.push(e.sql.slice(i, i + rowChars));
    for (let n = pieces.length; n >= 1; n--) sqlRows.push([16383, collect, String(e.queryId), n, pieces[n - 1]]);
  }
  await port.batch(
    'INSERT INTO DBC.DBQLogTbl (ProcID, CollectTimeStamp, QueryID, UserName, SessionID, DefaultDatabase, AppID, ClientID, StartTime, FirstRespTime, StatementType, ErrorCode, ErrorText) VALUES (?, ?, CAST(? AS DECIMAL(18,0)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    logRows,
  );
  await port.batch('INSERT INTO DBC.DBQLSQLTbl (ProcID, CollectTimeStamp, QueryID, SqlRowNo, SqlTextInfo) VALUES (?, ?, CAST(? AS DECIMAL(18,0)), ?, ?)', sqlRows);
}
