import type { SqlValue } from './database.port.js';

/** Dictionary reads (DBC.TablesV, DBC.ColumnsV / DBC.ColumnsJQV, SHOW VIEW) of the Schema module. */
export type ColumnsView = 'ColumnsJQV' | 'ColumnsV';

/**
 * The database names a dictionary read filters on in SQL, as counts of `?`
 * markers: `include` names (the read keeps only those; 0 = no such filter),
 * then `exclude` names. Only plain names are pushed into SQL; patterns
 * (`*`, `?`) are applied by the repository to the rows read.
 */
export interface DatabaseNameLists {
  readonly include: number;
  readonly exclude: number;
}

/**
 * Characters of a definition `DBC.TablesV.RequestText` holds: Teradata keeps
 * longer texts in `DBC.TextTbl` (RequestTxtOverFlow), and the view shows
 * them cut or not at all. A text this long or null is read with SHOW VIEW.
 */
export const REQUEST_TEXT_MAX = 12_500;

export abstract class DictionaryStatements {
  /**
   * Every column of every table and view outside the system databases (and
   * the listed ones), with the table kind, ordered by database, table,
   * ColumnId. Params: the include names, then the exclude names
   * (lower-case). Columns: database_name, table_name, column_name,
   * column_type, column_length (bytes, as DBC reports it), char_type
   * (DBC.ColumnsV.CharType: 2 = UNICODE, 4 = GRAPHIC; null when unknown),
   * total_digits, fractional_digits, nullable, column_id, table_kind,
   * last_altered_at (the table's DBC.TablesV.LastAlterTimeStamp). With
   * `alteredSince`, only the tables and views altered (or created) at or
   * after a time, bound after the names: what an incremental read asks for.
   */
  abstract readonly columns: (view: ColumnsView, names: DatabaseNameLists, alteredSince?: boolean) => string;
  /** Tables and views outside the system databases (and the listed ones): database_name, table_name, table_kind, comment_text, request_text. Params as `columns`. */
  abstract readonly tables: (names: DatabaseNameLists) => string;
  /**
   * Views outside the system databases altered at or after a time, oldest
   * alteration first, keyset-paginated on (LastAlterTimeStamp, DatabaseName,
   * TableName). Params: since, after_at, after_at, after_database,
   * after_database, after_view, page_size → database_name, table_name,
   * request_text, last_altered_at.
   */
  abstract readonly viewDefinitions: string;
  /**
   * The whole text of one view, for definitions RequestText holds cut or
   * null: SHOW VIEW on Teradata, whose names cannot be bound, so they are
   * checked and quoted (`identifier.ts`); the emulated dictionary on the
   * embedded engine. → one text column (Teradata calls it `Request Text`),
   * the text in one or more rows; none when the view is unknown.
   */
  abstract readonly showView: (database: string, view: string) => { readonly sql: string; readonly params: readonly SqlValue[] };
  /**
   * What the dictionary knows of one table or view (the explorer's detail
   * panel): DBC.TablesV (kind, creator, created, last altered, last
   * accessed, comment), the sum over AMPs of DBC.TableSizeV (CurrentPerm,
   * PeakPerm in bytes; no rows for a view) and the table-level statistics of
   * DBC.StatsV (RowCount and LastCollectTimeStamp: the row count as of the
   * last COLLECT STATISTICS). Params: database, table, three times
   * (TableSizeV, StatsV, TablesV). → database_name, table_name, table_kind,
   * creator_name, created_at, last_altered_at, last_accessed_at,
   * comment_text, current_perm, peak_perm, amps, row_count, collected_at;
   * no row when the dictionary does not know the object.
   */
  abstract readonly tableStatistics: string;
  /**
   * The DDL of one table: SHOW TABLE on Teradata (names checked and quoted,
   * as for SHOW VIEW); the emulated answer on the embedded engine. → one
   * text column, in one or more rows; none when the table is unknown.
   */
  abstract readonly showTable: (database: string, table: string) => { readonly sql: string; readonly params: readonly SqlValue[] };
}

/**
 * Teradata's own databases: never part of the lineage dictionary, whatever
 * DICTIONARY_INCLUDE_DATABASES says.
 */
export const SYSTEM_DATABASES: readonly string[] = [
  'All', 'console', 'Crashdumps', 'DBC', 'dbcmngr', 'Default', 'External_AP', 'EXTUSER', 'LockLogShredder', 'PUBLIC', 'SQLJ',
  'SysAdmin', 'SYSBAR', 'SYSJDBC', 'SYSLIB', 'SYSSPATIAL', 'SystemFe', 'SYSUDTLIB', 'SYSUIF', 'Sys_Calendar', 'TDMaps', 'TDPUSER',
  'TDQCD', 'TDStats', 'TD_ANALYTICS_DB', 'TD_SERVER_DB', 'TD_SYSFNLIB', 'TD_SYSGPL', 'TD_SYSXML', 'tdwm', 'val', 'TDBCMgmt', 'TD_METRIC_SVC',
  'mldb',
];

/** The system databases as a SQL list of literals (constants, not user input). */
export const SYSTEM_DATABASE_LIST = SYSTEM_DATABASES.map((d) => `'${d}'`).join(', ');

/** `count` bound markers for an IN list (`?, ?, ?`). */
export function markers(count: number): string {
  return new Array(count).fill('?').join(', ');
}
