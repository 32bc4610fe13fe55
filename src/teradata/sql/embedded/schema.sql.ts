import type { SchemaStatements } from '../../schema.statements.js';

/** Embedded engine: OL_* tables in the default schema (main), the demo dictionary in a DBC schema. */
export const EMBEDDED_SCHEMA: SchemaStatements = {
  existingTables:
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND upper(table_name) LIKE 'OL~_%' ESCAPE '~'",
  existingTablesParams: () => [],
  appliedVersions: 'SELECT version_id, openlineage_spec_version, schema_version, applied_at, description FROM OL_SCHEMA_VERSION ORDER BY version_id',
  // TOP is not DuckDB syntax.
  qvciProbe: 'SELECT * FROM DBC.ColumnsJQV LIMIT 1',
};
