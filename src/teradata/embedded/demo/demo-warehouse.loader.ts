import type { DatabasePort, SqlValue } from '../../database.port.js';
import { REQUEST_TEXT_MAX } from '../../dictionary.statements.js';
import { DEMO_AMPS, demoShowTable, demoTableStatistics } from './demo-statistics.js';
import { DEMO_TABLES, type DemoColumn } from './demo-warehouse.js';
import { type DbqlHistoryOptions, generateDbqlHistory, splitSqlText } from './dbql-history.generator.js';

/**
 * Creates the Teradata-shaped DBC objects on the embedded engine and fills
 * them with the demo warehouse: the dictionary (TablesV, ColumnsV,
 * ColumnsJQV with a QVCI switch, TextTbl) and a DBQL history (DBQLogTbl,
 * DBQLSQLTbl, and DBQLObjTbl for the BI SELECTs: what object logging records).
 */

const DDL = [
  'CREATE SCHEMA IF NOT EXISTS DBC',
  // Names compare case-blind, as DBC's NOT CASESPECIFIC name columns do on Teradata (DatabaseName = 'CORE' finds core).
  `CREATE TABLE DBC.TablesV (DatabaseName VARCHAR(128) COLLATE NOCASE, TableName VARCHAR(128) COLLATE NOCASE, TableKind CHAR(1), CommentString VARCHAR(255),
    RequestText VARCHAR, CreatorName VARCHAR(128), CreateTimeStamp TIMESTAMP, LastAlterTimeStamp TIMESTAMP, LastAccessTimeStamp TIMESTAMP)`,
  // Space per AMP (Teradata's DBC.TableSizeV: one row per Vproc, bytes) and table-level statistics (DBC.StatsV): demo-statistics.ts.
  `CREATE TABLE DBC.TableSizeV (Vproc SMALLINT, DatabaseName VARCHAR(128) COLLATE NOCASE, AccountName VARCHAR(128), TableName VARCHAR(128) COLLATE NOCASE,
    CurrentPerm DECIMAL(18,0), PeakPerm DECIMAL(18,0))`,
  `CREATE TABLE DBC.StatsV (DatabaseName VARCHAR(128) COLLATE NOCASE, TableName VARCHAR(128) COLLATE NOCASE, ColumnName VARCHAR(128), StatsId SMALLINT,
    RowCount DECIMAL(18,0), LastCollectTimeStamp TIMESTAMP)`,
  // SHOW TABLE's answer, one text per table (Teradata builds it from the dictionary; the demo keeps it ready).
  'CREATE TABLE DBC.ShowTableText (DatabaseName VARCHAR(128) COLLATE NOCASE, TableName VARCHAR(128) COLLATE NOCASE, RequestText VARCHAR)',
  // Definitions longer than RequestText holds, whole (Teradata's DBC.TextTbl, keyed here by name); SHOW VIEW reads them.
  'CREATE TABLE DBC.TextTbl (DatabaseName VARCHAR(128) COLLATE NOCASE, TableName VARCHAR(128) COLLATE NOCASE, RequestText VARCHAR)',
  `CREATE TABLE DBC.ColumnsTbl (DatabaseName VARCHAR(128) COLLATE NOCASE, TableName VARCHAR(128) COLLATE NOCASE, ColumnName VARCHAR(128) COLLATE NOCASE, ColumnType CHAR(2),
    ColumnLength INTEGER, DecimalTotalDigits SMALLINT, DecimalFractionalDigits SMALLINT, Nullable CHAR(1), ColumnId SMALLINT,
    CommentString VARCHAR(255), IsViewColumn BOOLEAN)`,
  'CREATE TABLE DBC.QvciSwitch (Enabled BOOLEAN)',
  'INSERT INTO DBC.QvciSwitch VALUES (true)',
  // ColumnsV: view columns are listed without a type, as Teradata does without QVCI.
  `CREATE VIEW DBC.ColumnsV AS SELECT DatabaseName, TableName, ColumnName,
    CASE WHEN IsViewColumn THEN NULL ELSE ColumnType END AS ColumnType,
    CASE WHEN IsViewColumn THEN NULL ELSE ColumnLength END AS ColumnLength,
    CASE WHEN IsViewColumn THEN NULL ELSE DecimalTotalDigits END AS DecimalTotalDigits,
    CASE WHEN IsViewColumn THEN NULL ELSE DecimalFractionalDigits END AS DecimalFractionalDigits,
    Nullable, ColumnId, CommentString FROM DBC.ColumnsTbl`,
  // ColumnsJQV answers like Teradata with QVCI disabled: error 9719.
  `CREATE VIEW DBC.ColumnsJQV AS SELECT DatabaseName, TableName, ColumnName,
    CASE WHEN (SELECT bool_and(Enabled) FROM DBC.QvciSwitch) THEN ColumnType
         ELSE error('[Teradata Database] [Error 9719] QVCI feature is disabled.') END AS ColumnType,
    ColumnLength, DecimalTotalDigits, DecimalFractionalDigits, Nullable, ColumnId, CommentString FROM DBC.ColumnsTbl`,
  `CREATE TABLE DBC.DBQLogTbl (ProcID DECIMAL(5,0), CollectTimeStamp TIMESTAMP, QueryID DECIMAL(18,0), UserName VARCHAR(128),
    SessionID INTEGER, DefaultDatabase VARCHAR(128), AppID VARCHAR(128), ClientID VARCHAR(128), StartTime TIMESTAMP, FirstRespTime TIMESTAMP,
    StatementType VARCHAR(20), StatementGroup VARCHAR(20), ErrorCode INTEGER, ErrorText VARCHAR(255), NumResultRows DECIMAL(18,0), QueryText VARCHAR(200))`,
  'CREATE TABLE DBC.DBQLSQLTbl (ProcID DECIMAL(5,0), CollectTimeStamp TIMESTAMP, QueryID DECIMAL(18,0), SqlRowNo INTEGER, SqlTextInfo VARCHAR(31000))',
  // DBQL object logging (BEGIN QUERY LOGGING WITH OBJECTS): the objects each query used, columns included. The
  // columns Teradata documents for DBC.DBQLObjTbl (Database Administration, "DBQLObjTbl"), less ObjectID/ObjectNum.
  `CREATE TABLE DBC.DBQLObjTbl (ProcID DECIMAL(5,0), CollectTimeStamp TIMESTAMP, QueryID DECIMAL(18,0), ObjectDatabaseName VARCHAR(128) COLLATE NOCASE,
    ObjectTableName VARCHAR(128) COLLATE NOCASE, ObjectColumnName VARCHAR(128) COLLATE NOCASE, ObjectType CHAR(3), FreqofUse INTEGER, TypeOfUse INTEGER)`,
];

/**
 * The other DBQL sources population can read (POPULATION_DBQL_SOURCE), over
 * the same rows: Teradata's DBC.QryLogV / QryLogSQLV views (the log tables'
 * columns), and PDCR's history tables in PDCRINFO with their LogDate
 * partitioning column (the CollectTimeStamp's date, as PDCR's daily job
 * files a day of the log). Run after the two DBQL tables exist.
 */
export const DBQL_SOURCE_VIEWS: readonly string[] = [
  'CREATE OR REPLACE VIEW DBC.QryLogV AS SELECT * FROM DBC.DBQLogTbl',
  'CREATE OR REPLACE VIEW DBC.QryLogSQLV AS SELECT * FROM DBC.DBQLSQLTbl',
  'CREATE OR REPLACE VIEW DBC.QryLogObjectsV AS SELECT * FROM DBC.DBQLObjTbl',
  'CREATE SCHEMA IF NOT EXISTS PDCRINFO',
  'CREATE OR REPLACE VIEW PDCRINFO.DBQLogTbl_Hst AS SELECT *, CAST(CollectTimeStamp AS DATE) AS LogDate FROM DBC.DBQLogTbl',
  'CREATE OR REPLACE VIEW PDCRINFO.DBQLSqlTbl_Hst AS SELECT *, CAST(CollectTimeStamp AS DATE) AS LogDate FROM DBC.DBQLSQLTbl',
  'CREATE OR REPLACE VIEW PDCRINFO.DBQLObjTbl_Hst AS SELECT *, CAST(CollectTimeStamp AS DATE) AS LogDate FROM DBC.DBQLObjTbl',
];

const fromJson = (table: string, casts: readonly string[]) =>
  `INSERT INTO ${table} SELECT ${casts.map((c, i) => (c === 'VARCHAR' ? `r[${i + 1}]` : `CAST(r[${i + 1}] AS ${c})`)).join(', ')} FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS r)`;

/** DBQLogTbl columns in table order: ProcID … QueryText. */
const INSERT_DBQL_LOG = fromJson('DBC.DBQLogTbl', [
  'DECIMAL(5,0)', 'TIMESTAMP', 'DECIMAL(18,0)', 'VARCHAR', 'INTEGER', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'TIMESTAMP', 'TIMESTAMP',
  'VARCHAR', 'VARCHAR', 'INTEGER', 'VARCHAR', 'DECIMAL(18,0)', 'VARCHAR',
]);
/** DBQLObjTbl columns in table order: ProcID, CollectTimeStamp, QueryID, ObjectDatabaseName, ObjectTableName, ObjectColumnName, ObjectType, FreqofUse, TypeOfUse. */
const INSERT_DBQL_OBJ = fromJson('DBC.DBQLObjTbl', ['DECIMAL(5,0)', 'TIMESTAMP', 'DECIMAL(18,0)', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'INTEGER', 'INTEGER']);
/** DBQLSQLTbl columns in table order: ProcID, CollectTimeStamp, QueryID, SqlRowNo, SqlTextInfo. */
const INSERT_DBQL_SQL = fromJson('DBC.DBQLSQLTbl', ['DECIMAL(5,0)', 'TIMESTAMP', 'DECIMAL(18,0)', 'INTEGER', 'VARCHAR']);

/** Teradata's two-letter ColumnType code and length parts for a DDL type. */
export function teradataTypeCode(type: string): { code: string; length: number | null; digits: number | null; scale: number | null } {
  const m = /^([A-Z ]+?)\s*(?:\((\d+)(?:\s*,\s*(\d+))?\))?$/i.exec(type.trim());
  const base = (m?.[1] ?? type).toUpperCase().trim();
  const a = m?.[2] ? Number(m[2]) : null;
  const b = m?.[3] ? Number(m[3]) : null;
  switch (base) {
    case 'VARCHAR':
      return { code: 'CV', length: a, digits: null, scale: null };
    case 'CHAR':
      return { code: 'CF', length: a, digits: null, scale: null };
    case 'INTEGER':
      return { code: 'I', length: 4, digits: null, scale: null };
    case 'SMALLINT':
      return { code: 'I2', length: 2, digits: null, scale: null };
    case 'BYTEINT':
      return { code: 'I1', length: 1, digits: null, scale: null };
    case 'BIGINT':
      return { code: 'I8', length: 8, digits: null, scale: null };
    case 'DECIMAL':
      return { code: 'D', length: 8, digits: a, scale: b ?? 0 };
    case 'DATE':
      return { code: 'DA', length: 4, digits: null, scale: null };
    case 'TIMESTAMP':
      return { code: 'TS', length: 26, digits: null, scale: a };
    default:
      return { code: 'CV', length: null, digits: null, scale: null };
  }
}

/**
 * A definition as the dictionary stores it: RequestText holds the first
 * REQUEST_TEXT_MAX characters; a longer text overflows, whole, to TextTbl.
 */
export function storedDefinition(text: string): { readonly requestText: string; readonly overflow: string | null } {
  return text.length <= REQUEST_TEXT_MAX ? { requestText: text, overflow: null } : { requestText: text.slice(0, REQUEST_TEXT_MAX), overflow: text };
}

export interface DemoLoadResult {
  readonly tables: number;
  readonly columns: number;
  readonly statements: number;
}

/** True when the DBC objects of the demo exist in this database. */
export async function isDemoLoaded(port: DatabasePort): Promise<boolean> {
  const rows = await port.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'DBC' AND table_name IN ('TablesV', 'DBQLogTbl')",
  );
  return Number(rows[0]?.n ?? 0) === 2;
}

export async function loadDemoWarehouse(port: DatabasePort, options: Partial<DbqlHistoryOptions> = {}): Promise<DemoLoadResult> {
  const created = new Date('2026-01-05T08:00:00Z');
  await port.transaction(async (tx) => {
    for (const statement of [...DDL, ...DBQL_SOURCE_VIEWS]) await tx.execute(statement);
    const tableRows: SqlValue[][] = DEMO_TABLES.map((t) => [
      t.database, t.name, t.kind, t.comment, t.definition ? storedDefinition(t.definition).requestText : null, 'DBA_DEPLOY', created, created,
      demoTableStatistics(t, created)?.lastAccessedAt ?? null,
    ]);
    await tx.batch('INSERT INTO DBC.TablesV VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', tableRows);
    const sizeRows: SqlValue[][] = [];
    const statsRows: SqlValue[][] = [];
    for (const t of DEMO_TABLES) {
      const stats = demoTableStatistics(t, created);
      if (!stats) continue;
      for (let amp = 0; amp < DEMO_AMPS; amp++) sizeRows.push([amp, t.database, 'DBA_ACCT', t.name, stats.currentPermByAmp[amp], stats.peakPermByAmp[amp]]);
      statsRows.push([t.database, t.name, null, 0, stats.rowCount, stats.collectedAt]);
    }
    await tx.batch('INSERT INTO DBC.TableSizeV VALUES (?, ?, ?, ?, ?, ?)', sizeRows);
    await tx.batch('INSERT INTO DBC.StatsV VALUES (?, ?, ?, ?, ?, ?)', statsRows);
    await tx.batch(
      'INSERT INTO DBC.ShowTableText VALUES (?, ?, ?)',
      DEMO_TABLES.filter((t) => t.kind === 'T').map((t) => [t.database, t.name, demoShowTable(t)]),
    );
    const overflowRows: SqlValue[][] = DEMO_TABLES.flatMap((t) => {
      const overflow = t.definition ? storedDefinition(t.definition).overflow : null;
      return overflow === null ? [] : [[t.database, t.name, overflow]];
    });
    await tx.batch('INSERT INTO DBC.TextTbl VALUES (?, ?, ?)', overflowRows);
    const columnRows: SqlValue[][] = [];
    for (const t of DEMO_TABLES) {
      t.columns.forEach((c: DemoColumn, i: number) => {
        const code = teradataTypeCode(c.type);
        columnRows.push([t.database, t.name, c.name, code.code, code.length, code.digits, code.scale, c.nullable ? 'Y' : 'N', 1025 + i, null, t.kind === 'V']);
      });
    }
    await tx.batch('INSERT INTO DBC.ColumnsTbl VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', columnRows);
  });
  const history = generateDbqlHistory({ statements: options.statements ?? 600, seed: options.seed ?? 42, start: options.start, days: options.days, mix: options.mix });
  // Rows go in as ONE JSON parameter per chunk (DuckDB unpacks it with from_json): binding
  // thousands of `?` markers holding megabytes of SQL text is many times slower.
  const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
  let logRows: (string | null)[][] = [];
  let sqlRows: (string | null)[][] = [];
  let objRows: (string | null)[][] = [];
  let sqlChars = 0;
  const flush = async () => {
    if (logRows.length === 0 && sqlRows.length === 0) return;
    const log = JSON.stringify(logRows);
    const text = JSON.stringify(sqlRows);
    const objects = JSON.stringify(objRows);
    logRows = [];
    sqlRows = [];
    objRows = [];
    sqlChars = 0;
    await port.transaction(async (tx) => {
      await tx.execute(INSERT_DBQL_LOG, [log]);
      await tx.execute(INSERT_DBQL_SQL, [text]);
      await tx.execute(INSERT_DBQL_OBJ, [objects]);
    });
  };
  for (const h of history) {
    logRows.push([
      String(h.procId),
      ts(h.collectTime),
      String(h.queryId),
      h.userName,
      String(h.sessionId),
      h.defaultDatabase,
      h.appId,
      h.appId,
      ts(h.startTime),
      ts(h.firstRespTime),
      h.statementType,
      null,
      String(h.errorCode),
      h.errorText,
      h.errorCode === 0 ? String(Math.floor((h.queryId % 1000) * 7)) : null,
      h.sqlText.slice(0, 200),
    ]);
    for (const o of h.objects) objRows.push([String(h.procId), ts(h.collectTime), String(h.queryId), o.database, o.table, o.column, o.type, '1', String(o.typeOfUse)]);
    splitSqlText(h.sqlText).forEach((part, index) => sqlRows.push([String(h.procId), ts(h.collectTime), String(h.queryId), String(index + 1), part]));
    sqlChars += h.sqlText.length;
    if (logRows.length >= 5000 || sqlChars >= 8_000_000) await flush();
  }
  await flush();
  // Teradata moves a view's LastAlterTimeStamp at each REPLACE VIEW: the dictionary shows the history's last one.
  for (const [name, at] of lastViewReplacements(history)) {
    const [database, view] = name.split('.');
    await port.execute('UPDATE DBC.TablesV SET LastAlterTimeStamp = ? WHERE DatabaseName = ? AND TableName = ? AND LastAlterTimeStamp < ?', [at, database, view, at]);
  }
  return { tables: DEMO_TABLES.length, columns: DEMO_TABLES.reduce((n, t) => n + t.columns.length, 0), statements: history.length };
}

/** `database.view` → StartTime of the history's last successful REPLACE VIEW of a demo view. */
function lastViewReplacements(history: readonly { startTime: Date; errorCode: number; sqlText: string }[]): Map<string, Date> {
  const byText = new Map(DEMO_TABLES.filter((t) => t.definition).map((t) => [t.definition as string, `${t.database}.${t.name}`]));
  const last = new Map<string, Date>();
  for (const h of history) {
    const name = h.errorCode === 0 ? byText.get(h.sqlText) : undefined;
    if (name && h.startTime > (last.get(name) ?? new Date(0))) last.set(name, h.startTime);
  }
  return last;
}
