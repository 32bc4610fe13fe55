import type { SchemaStatements } from '../../schema.statements.js';

/** Teradata: OL_* tables live in TERADATA_DATABASE, the connection's default database. Reads take an ACCESS lock (DBC and OL_SCHEMA_VERSION alike). */
export const TERADATA_SCHEMA: SchemaStatements = {
  existingTables: "LOCKING ROW FOR ACCESS SELECT TRIM(TableName) AS table_name FROM DBC.TablesV WHERE DatabaseName = ? AND TableKind IN ('T', 'O') AND TableName LIKE 'OL~_%' ESCAPE '~'",
  existingTablesParams: (database) => [database],
  appliedVersions: 'LOCKING ROW FOR ACCESS SELECT version_id, openlineage_spec_version, schema_version, applied_at, description FROM OL_SCHEMA_VERSION ORDER BY version_id',
  qvciProbe: 'LOCKING ROW FOR ACCESS SELECT TOP 1 * FROM DBC.ColumnsJQV',
};
