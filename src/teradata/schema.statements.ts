/** Statements of the Schema module: which OL_* tables exist, the applied migrations, the QVCI probe. */
export abstract class SchemaStatements {
  /** Names of the existing OL_* tables (column `table_name`); bind `existingTablesParams(database)`. */
  abstract readonly existingTables: string;
  abstract readonly existingTablesParams: (database: string) => string[];
  /** OL_SCHEMA_VERSION rows in version order. */
  abstract readonly appliedVersions: string;
  /** QVCI probe: succeeds when DBC.ColumnsJQV answers, error 9719 when QVCI is disabled. */
  abstract readonly qvciProbe: string;
}
