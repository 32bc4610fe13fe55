import { SYSTEM_DATABASE_LIST, type SchemaStatements } from '../schema.statements.js';

/** The embedded engine keeps OL_* in its default schema and the demo dictionary in a DBC schema. */
export const EMBEDDED_SCHEMA: SchemaStatements = {
  existingTables: "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND upper(table_name) LIKE 'OL\\_%' ESCAPE '\\'",
  tableExistsParams: () => [],
  appliedVersions: 'SELECT version_id, schema_version, openlineage_spec_version, applied_at, description FROM OL_SCHEMA_VERSION ORDER BY version_id',
  qvciProbe: 'SELECT * FROM DBC.ColumnsJQV LIMIT 1',
  dictionaryColumns: (view) => `SELECT c.DatabaseName AS database_name, c.TableName AS table_name, c.ColumnName AS column_name,
  c.ColumnType AS column_type, c.ColumnLength AS column_length, c.DecimalTotalDigits AS total_digits, c.DecimalFractionalDigits AS fractional_digits,
  c.Nullable AS nullable, c.ColumnId AS column_id, t.TableKind AS table_kind
FROM DBC.${view} c
JOIN DBC.TablesV t ON t.DatabaseName = c.DatabaseName AND t.TableName = c.TableName
WHERE t.TableKind IN ('T', 'O', 'V') AND c.DatabaseName NOT IN (${SYSTEM_DATABASE_LIST})
ORDER BY 1, 2, c.ColumnId`,
  dictionaryTables: `SELECT DatabaseName AS database_name, TableName AS table_name, TableKind AS table_kind, CommentString AS comment_text, RequestText AS request_text
FROM DBC.TablesV
WHERE TableKind IN ('T', 'O', 'V') AND DatabaseName NOT IN (${SYSTEM_DATABASE_LIST})
ORDER BY 1, 2`,
};
