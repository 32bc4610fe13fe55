/** Dictionary reads (DBC.TablesV, DBC.ColumnsV / DBC.ColumnsJQV) of the Schema module. */
export type ColumnsView = 'ColumnsJQV' | 'ColumnsV';

export abstract class DictionaryStatements {
  /**
   * Every column of every table and view outside the system databases, with
   * the table kind, ordered by database, table, ColumnId. Columns:
   * database_name, table_name, column_name, column_type, column_length,
   * total_digits, fractional_digits, nullable, column_id, table_kind.
   */
  abstract readonly columns: (view: ColumnsView) => string;
  /** Tables and views outside the system databases: database_name, table_name, table_kind, comment_text, request_text. */
  abstract readonly tables: string;
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
