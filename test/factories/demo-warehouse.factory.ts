import { loadDemoWarehouse } from '../../src/teradata/embedded/demo/demo-warehouse.loader.js';
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
