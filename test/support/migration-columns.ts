import { describeStatement, type Migration } from '../../src/schema/migration-files.js';

/**
 * Every table's columns as the migrations leave them, by table (upper-case),
 * each column with its declared type as written (`VARCHAR(64) CHARACTER SET
 * UNICODE`, `TIMESTAMP(6)`…): those of its CREATE TABLE, then those an
 * `ALTER TABLE … ADD` appends; a table rebuilt under another name and renamed
 * back (embedded V0006) ends with the copy's.
 */
export function tableColumns(migrations: readonly Migration[]): Map<string, Map<string, string>> {
  const tables = new Map<string, Map<string, string>>();
  const declared = /^([a-z_]+)\s+([A-Z][A-Z0-9_]*(?:\(\d+(?:,\d+)?\))?(?: CHARACTER SET UNICODE)?)/;
  for (const statement of migrations.flatMap((m) => m.statements)) {
    const { kind, table } = describeStatement(statement);
    const renamed = /^ALTER TABLE (\w+) RENAME TO (\w+)$/i.exec(statement.trim());
    if (kind === 'create-table' && table) {
      const columns = new Map<string, string>();
      for (const line of statement.slice(statement.indexOf('(') + 1).split('\n')) {
        const m = declared.exec(line.trim());
        if (m && m[1] !== 'PRIMARY') columns.set(m[1], m[2]);
      }
      tables.set(table, columns);
    } else if (kind === 'add-column' && table) {
      const m = /\bADD\s+(?:COLUMN\s+)?(.*)$/is.exec(statement);
      const column = m ? declared.exec(m[1].trim()) : null;
      if (column) tables.get(table)?.set(column[1], column[2]);
    } else if (renamed) {
      tables.set(renamed[2].toUpperCase(), tables.get(renamed[1].toUpperCase()) ?? new Map());
      tables.delete(renamed[1].toUpperCase());
    }
  }
  return tables;
}
