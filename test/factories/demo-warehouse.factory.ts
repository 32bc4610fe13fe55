import type { DatabasePort } from '../../src/teradata/database.port.js';
import { loadDemoWarehouse, storedDefinition } from '../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A fresh embedded database in a temp folder holding the demo warehouse
 * (DBC dictionary and DBQL history); OL_* migrations applied unless
 * `migrate: false`.
 */
export async function createDemoDatabase(options: { statements?: number; seed?: number; migrate?: boolean } = {}): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: options.migrate ?? true });
  await loadDemoWarehouse(db.port, { statements: options.statements ?? 500, seed: options.seed ?? 42 });
  return db;
}

/** A view as the emulated dictionary (DBC.TablesV, DBC.TextTbl) holds it. */
export interface DictionaryViewSpec {
  readonly database: string;
  readonly name: string;
  /** The CREATE/REPLACE VIEW text; null = the dictionary holds none (RequestText null, nothing overflowed). */
  readonly text: string | null;
  readonly alteredAt: Date;
}

/**
 * Creates or replaces a view in the emulated dictionary the way Teradata
 * records a CREATE/REPLACE VIEW: RequestText (cut at 12,500 characters, the
 * whole text then in DBC.TextTbl), LastAlterTimeStamp moved, CreateTimeStamp
 * kept. Its columns are not added to DBC.ColumnsTbl.
 */
export async function putDictionaryView(port: DatabasePort, view: DictionaryViewSpec): Promise<void> {
  const stored = view.text === null ? { requestText: null, overflow: null } : storedDefinition(view.text);
  const key = [view.database, view.name];
  await port.transaction(async (tx) => {
    const replaced = await tx.execute('UPDATE DBC.TablesV SET RequestText = ?, LastAlterTimeStamp = ? WHERE DatabaseName = ? AND TableName = ?', [stored.requestText, view.alteredAt, ...key]);
    if (replaced === 0) {
      await tx.execute(
        "INSERT INTO DBC.TablesV (DatabaseName, TableName, TableKind, CommentString, RequestText, CreatorName, CreateTimeStamp, LastAlterTimeStamp) VALUES (?, ?, 'V', NULL, ?, 'DBA_DEPLOY', ?, ?)",
        [...key, stored.requestText, view.alteredAt, view.alteredAt],
      );
    }
    await tx.execute('DELETE FROM DBC.TextTbl WHERE DatabaseName = ? AND TableName = ?', key);
    if (stored.overflow !== null) await tx.execute('INSERT INTO DBC.TextTbl (DatabaseName, TableName, RequestText) VALUES (?, ?, ?)', [...key, stored.overflow]);
  });
}
