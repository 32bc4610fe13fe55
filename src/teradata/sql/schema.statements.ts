/** Statements of the Schema module (schema status, QVCI probe, dictionary reads). */
export interface SchemaStatements {
  /** Names of existing OL_* tables; one parameter on Teradata (the database). */
  readonly existingTables: string;
  readonly tableExistsParams: (database: string) => string[];
  readonly appliedVersions: string;
  readonly qvciProbe: string;
  /** Dictionary columns with the table kind, ordered; `columnsView` is ColumnsJQV or ColumnsV. */
  readonly dictionaryColumns: (columnsView: 'ColumnsJQV' | 'ColumnsV') => string;
  readonly dictionaryTables: string;
}

/** Teradata's own databases, never part of the lineage dictionary. */
export const SYSTEM_DATABASES = [
  'All', 'console', 'Crashdumps', 'DBC', 'dbcmngr', 'Default', 'External_AP', 'EXTUSER', 'LockLogShredder', 'PUBLIC', 'SQLJ',
  'SysAdmin', 'SYSBAR', 'SYSJDBC', 'SYSLIB', 'SYSSPATIAL', 'SystemFe', 'SYSUDTLIB', 'SYSUIF', 'Sys_Calendar', 'TDMaps', 'TDPUSER',
  'TDQCD', 'TDStats', 'TD_ANALYTICS_DB', 'TD_SERVER_DB', 'TD_SYSFNLIB', 'TD_SYSGPL', 'TD_SYSXML', 'tdwm', 'val',
] as const;

export const SYSTEM_DATABASE_LIST = SYSTEM_DATABASES.map((d) => `'${d}'`).join(', ');
