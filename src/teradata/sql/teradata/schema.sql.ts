import type { SchemaStatements } from '../../schema.statements.js';

/** Teradata: OL_* tables live in TERADATA_DATABASE, the connection's default database. */
export const TERADATA_SCHEMA: SchemaStatements = {
  existingTables: "SELECT TRIM(TableName) AS table_name FROM DBC.TablesV WHERE DatabaseName = ? AND TableKind IN ('T', 'O') AND TableName LIKE 'OL~_%' ESCAPE '~'",
  existingTablesParams: (database) => [database],
  appliedVersions: 'SELECT version_id, openlineage_spec_version, schema_version, applied_at, description FROM OL_SCHEMA_VERSION ORDER BY version_id',
  qvciProbe: 'SELECT TOP 1 * FROM DBC.ColumnsJQV',
};
