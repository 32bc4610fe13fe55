import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** A fresh embedded database with every migration applied (OL_* and the operations tables). */
export function createPopulationDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}

/** Rows of a table as sorted plain objects, without the columns that hold wall-clock times. */
export async function tableRows(db: TestDatabase, table: string, orderBy: string, omit: readonly string[] = []): Promise<Record<string, unknown>[]> {
  const rows = await db.port.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
  const drop = new Set(['created_at', 'updated_at', 'discovered_at', ...omit]);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.has(k))));
}

export async function count(db: TestDatabase, table: string): Promise<number> {
  const rows = await db.port.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0].n);
}
