import { type DatabaseNameLists, type DictionaryStatements, markers, SYSTEM_DATABASE_LIST } from '../../dictionary.statements.js';
import { checkIdentifier } from '../../identifier.js';

/** DatabaseName conditions, case-blind as on Teradata (DuckDB compares case-sensitively; the names bound are lower-case). */
function databaseNames(column: string, names: DatabaseNameLists): string {
  const include = names.include > 0 ? ` AND lower(${column}) IN (${markers(names.include)})` : '';
  const exclude = names.exclude > 0 ? ` AND lower(${column}) NOT IN (${markers(names.exclude)})` : '';
  return `${column} NOT IN (${SYSTEM_DATABASE_LIST})${include}${exclude}`;
}

/**
 * Embedded engine: the demo warehouse's DBC schema has Teradata's view and
 * column names, but no CharType (its lengths are characters already).
 */
export const EMBEDDED_DICTIONARY: DictionaryStatements = {
  columns: (view, names, alteredSince = false) => `SELECT c.DatabaseName AS database_name, c.TableName AS table_name, c.ColumnName AS column_name,
  c.ColumnType AS column_type, c.ColumnLength AS column_length, CAST(NULL AS SMALLINT) AS char_type, c.DecimalTotalDigits AS total_digits,
  c.DecimalFractionalDigits AS fractional_digits, c.Nullable AS nullable, c.ColumnId AS column_id, t.TableKind AS table_kind,
  t.LastAlterTimeStamp AS last_altered_at
FROM DBC.${view === 'ColumnsJQV' ? 'ColumnsJQV' : 'ColumnsV'} c
JOIN DBC.TablesV t ON t.DatabaseName = c.DatabaseName AND t.TableName = c.TableName
WHERE t.TableKind IN ('T', 'O', 'V') AND ${databaseNames('c.DatabaseName', names)}${alteredSince ? ' AND t.LastAlterTimeStamp >= ?' : ''}
ORDER BY 1, 2, c.ColumnId`,
  tables: (names) => `SELECT DatabaseName AS database_name, TableName AS table_name, TableKind AS table_kind, CommentString AS comment_text, RequestText AS request_text
FROM DBC.TablesV
WHERE TableKind IN ('T', 'O', 'V') AND ${databaseNames('DatabaseName', names)}
ORDER BY 1, 2`,
  viewDefinitions: `SELECT DatabaseName AS database_name, TableName AS table_name, RequestText AS request_text, LastAlterTimeStamp AS last_altered_at
FROM DBC.TablesV
WHERE TableKind = 'V' AND DatabaseName NOT IN (${SYSTEM_DATABASE_LIST}) AND LastAlterTimeStamp >= ?
  AND (LastAlterTimeStamp > ? OR (LastAlterTimeStamp = ? AND (DatabaseName > ? OR (DatabaseName = ? AND TableName > ?))))
ORDER BY LastAlterTimeStamp, DatabaseName, TableName
LIMIT ?`,
  // SHOW VIEW emulated: the whole text, from DBC.TextTbl when RequestText overflowed; names checked as Teradata's statement needs them.
  showView: (database, view) => ({
    sql: `SELECT COALESCE(x.RequestText, t.RequestText) AS request_text
FROM DBC.TablesV t LEFT JOIN DBC.TextTbl x ON x.DatabaseName = t.DatabaseName AND x.TableName = t.TableName
WHERE t.TableKind = 'V' AND t.DatabaseName = ? AND t.TableName = ?`,
    params: [checkIdentifier(database), checkIdentifier(view)],
  }),
  tableStatistics: `SELECT t.DatabaseName AS database_name, t.TableName AS table_name, t.TableKind AS table_kind, t.CreatorName AS creator_name,
  t.CreateTimeStamp AS created_at, t.LastAlterTimeStamp AS last_altered_at, t.LastAccessTimeStamp AS last_accessed_at, t.CommentString AS comment_text,
  s.current_perm, s.peak_perm, s.amps, st.row_count, st.collected_at
FROM DBC.TablesV t
LEFT JOIN (SELECT DatabaseName, TableName, SUM(CurrentPerm) AS current_perm, SUM(PeakPerm) AS peak_perm, COUNT(*) AS amps
  FROM DBC.TableSizeV WHERE DatabaseName = ? AND TableName = ? GROUP BY DatabaseName, TableName) s ON s.DatabaseName = t.DatabaseName AND s.TableName = t.TableName
LEFT JOIN (SELECT DatabaseName, TableName, MAX(RowCount) AS row_count, MAX(LastCollectTimeStamp) AS collected_at
  FROM DBC.StatsV WHERE DatabaseName = ? AND TableName = ? AND ColumnName IS NULL GROUP BY DatabaseName, TableName) st ON st.DatabaseName = t.DatabaseName AND st.TableName = t.TableName
WHERE t.DatabaseName = ? AND t.TableName = ?`,
  // SHOW TABLE emulated: the text the demo loader wrote as Teradata prints it (demo-statistics.ts).
  showTable: (database, table) => ({
    sql: 'SELECT RequestText AS request_text FROM DBC.ShowTableText WHERE DatabaseName = ? AND TableName = ?',
    params: [checkIdentifier(database), checkIdentifier(table)],
  }),
};
