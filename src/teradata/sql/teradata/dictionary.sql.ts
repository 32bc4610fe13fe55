import { type DatabaseNameLists, type DictionaryStatements, markers, SYSTEM_DATABASE_LIST } from '../../dictionary.statements.js';
import { quoteIdentifier } from '../../identifier.js';

/** DatabaseName conditions: DBC's names are NOT CASESPECIFIC, so the lower-case names bound compare case-blind. */
function databaseNames(column: string, names: DatabaseNameLists): string {
  const include = names.include > 0 ? ` AND ${column} IN (${markers(names.include)})` : '';
  const exclude = names.exclude > 0 ? ` AND ${column} NOT IN (${markers(names.exclude)})` : '';
  return `${column} NOT IN (${SYSTEM_DATABASE_LIST})${include}${exclude}`;
}

/**
 * Teradata: DBC views pad names with blanks, hence TRIM. Each read takes an
 * ACCESS lock, so that a long scan of the dictionary never queues DDL (or
 * DBQL's own writes) behind a READ lock.
 */
export const TERADATA_DICTIONARY: DictionaryStatements = {
  columns: (view, names, alteredSince = false) => `LOCKING ROW FOR ACCESS
SELECT TRIM(c.DatabaseName) AS database_name, TRIM(c.TableName) AS table_name, TRIM(c.ColumnName) AS column_name,
  c.ColumnType AS column_type, c.ColumnLength AS column_length, c.CharType AS char_type, c.DecimalTotalDigits AS total_digits,
  c.DecimalFractionalDigits AS fractional_digits, c.Nullable AS nullable, c.ColumnId AS column_id, t.TableKind AS table_kind,
  t.LastAlterTimeStamp AS last_altered_at
FROM DBC.${view === 'ColumnsJQV' ? 'ColumnsJQV' : 'ColumnsV'} c
JOIN DBC.TablesV t ON t.DatabaseName = c.DatabaseName AND t.TableName = c.TableName
WHERE t.TableKind IN ('T', 'O', 'V') AND ${databaseNames('c.DatabaseName', names)}${alteredSince ? ' AND t.LastAlterTimeStamp >= ?' : ''}
ORDER BY 1, 2, c.ColumnId`,
  tables: (names) => `LOCKING ROW FOR ACCESS
SELECT TRIM(DatabaseName) AS database_name, TRIM(TableName) AS table_name, TableKind AS table_kind, CommentString AS comment_text, RequestText AS request_text
FROM DBC.TablesV
WHERE TableKind IN ('T', 'O', 'V') AND ${databaseNames('DatabaseName', names)}
ORDER BY 1, 2`,
  // An access lock: a dictionary scan must not block DDL (nor DBQL's own writes) with a READ lock.
  viewDefinitions: `LOCKING ROW FOR ACCESS
SELECT TRIM(DatabaseName) AS database_name, TRIM(TableName) AS table_name, RequestText AS request_text, LastAlterTimeStamp AS last_altered_at
FROM DBC.TablesV
WHERE TableKind = 'V' AND DatabaseName NOT IN (${SYSTEM_DATABASE_LIST}) AND LastAlterTimeStamp >= ?
  AND (LastAlterTimeStamp > ? OR (LastAlterTimeStamp = ? AND (DatabaseName > ? OR (DatabaseName = ? AND TableName > ?))))
QUALIFY ROW_NUMBER() OVER (ORDER BY LastAlterTimeStamp, DatabaseName, TableName) <= ?
ORDER BY LastAlterTimeStamp, DatabaseName, TableName`,
  showView: (database, view) => ({ sql: `SHOW VIEW ${quoteIdentifier(database)}.${quoteIdentifier(view)}`, params: [] }),
  // Table-level statistics only (ColumnName null in DBC.StatsV); an access lock as for every dictionary read.
  tableStatistics: `LOCKING ROW FOR ACCESS
SELECT TRIM(t.DatabaseName) AS database_name, TRIM(t.TableName) AS table_name, t.TableKind AS table_kind, TRIM(t.CreatorName) AS creator_name,
  t.CreateTimeStamp AS created_at, t.LastAlterTimeStamp AS last_altered_at, t.LastAccessTimeStamp AS last_accessed_at, t.CommentString AS comment_text,
  s.current_perm, s.peak_perm, s.amps, st.row_count, st.collected_at
FROM DBC.TablesV t
LEFT JOIN (SELECT DatabaseName, TableName, SUM(CurrentPerm) AS current_perm, SUM(PeakPerm) AS peak_perm, COUNT(*) AS amps
  FROM DBC.TableSizeV WHERE DatabaseName = ? AND TableName = ? GROUP BY DatabaseName, TableName) s ON s.DatabaseName = t.DatabaseName AND s.TableName = t.TableName
LEFT JOIN (SELECT DatabaseName, TableName, MAX(RowCount) AS row_count, MAX(LastCollectTimeStamp) AS collected_at
  FROM DBC.StatsV WHERE DatabaseName = ? AND TableName = ? AND ColumnName IS NULL GROUP BY DatabaseName, TableName) st ON st.DatabaseName = t.DatabaseName AND st.TableName = t.TableName
WHERE t.DatabaseName = ? AND t.TableName = ?`,
  showTable: (database, table) => ({ sql: `SHOW TABLE ${quoteIdentifier(database)}.${quoteIdentifier(table)}`, params: [] }),
};
