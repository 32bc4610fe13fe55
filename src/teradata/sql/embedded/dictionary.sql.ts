import { type DictionaryStatements, SYSTEM_DATABASE_LIST } from '../../dictionary.statements.js';

/** Embedded engine: the demo warehouse's DBC schema has Teradata's view and column names. */
export const EMBEDDED_DICTIONARY: DictionaryStatements = {
  columns: (view) => `SELECT c.DatabaseName AS database_name, c.TableName AS table_name, c.ColumnName AS column_name,
  c.ColumnType AS column_type, c.ColumnLength AS column_length, c.DecimalTotalDigits AS total_digits, c.DecimalFractionalDigits AS fractional_digits,
  c.Nullable AS nullable, c.ColumnId AS column_id, t.TableKind AS table_kind
FROM DBC.${view === 'ColumnsJQV' ? 'ColumnsJQV' : 'ColumnsV'} c
JOIN DBC.TablesV t ON t.DatabaseName = c.DatabaseName AND t.TableName = c.TableName
WHERE t.TableKind IN ('T', 'O', 'V') AND c.DatabaseName NOT IN (${SYSTEM_DATABASE_LIST})
ORDER BY 1, 2, c.ColumnId`,
  tables: `SELECT DatabaseName AS database_name, TableName AS table_name, TableKind AS table_kind, CommentString AS comment_text, RequestText AS request_text
FROM DBC.TablesV
WHERE TableKind IN ('T', 'O', 'V') AND DatabaseName NOT IN (${SYSTEM_DATABASE_LIST})
ORDER BY 1, 2`,
};
