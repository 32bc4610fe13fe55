import { SYSTEM_DATABASE_LIST, type SchemaStatements } from '../schema.statements.js';

export const TERADATA_SCHEMA: SchemaStatements = {
  existingTables: "SELECT TRIM(TableName) AS table_name FROM DBC.TablesV WHERE DatabaseName = ? AND TableKind IN ('T', 'O') AND TableName LIKE 'OL\\_%' ESCAPE '\\'",
  tableExistsParams: (database) => [database],
  appliedVersions: 'SELECT version_id, schema_version, openlineage_spec_version, applied_at, description FROM OL_SCHEMA_VERSION ORDER BY version_id',
  qvciProbe: 'SELECT TOP 1 * FROM DBC.ColumnsJQV',
  dictionaryColumns: (view) => `SELECT TRIM(c.DatabaseName) AS database_name, TRIM(c.TableName) AS table_name, TRIM(c.ColumnName) AS column_name,
  c.ColumnType AS column_type, c.ColumnLength AS column_length, c.DecimalTotalDigits AS total_digits, c.DecimalFractionalDigits AS fractional_digits,
  c.Nullable AS nullable, c.ColumnId AS column_id, t.TableKind AS table_kind
FROM DBC.${view} c
JOIN DBC.TablesV t ON t.DatabaseName = c.DatabaseName AND t.TableName = c.TableName
WHERE t.TableKind IN ('T', 'O', 'V') AND c.DatabaseName NOT IN (${SYSTEM_DATABASE_LIST})
ORDER BY 1, 2, c.ColumnId`,
  dictionaryTables: `SELECT TRIM(DatabaseName) AS database_name, TRIM(TableName) AS table_name, TableKind AS table_kind, CommentString AS comment_text, RequestText AS request_text
FROM DBC.TablesV
WHERE TableKind IN ('T', 'O', 'V') AND DatabaseName NOT IN (${SYSTEM_DATABASE_LIST})
ORDER BY 1, 2`,
};
