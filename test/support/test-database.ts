import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitStatements } from '../../src/schema/migration-files.js';
import type { DatabasePort } from '../../src/teradata/database.port.js';
import { EmbeddedAdapter } from '../../src/teradata/embedded/embedded.adapter.js';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface TestDatabase {
  readonly port: EmbeddedAdapter;
  readonly path: string;
  readonly dir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh embedded database in a temp folder with every embedded migration
 * applied (file order). Tests build their data on top through real
 * repositories; `cleanup()` closes and deletes it.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-test-'));
  const path = join(dir, 'lineage.duckdb');
  const port = await EmbeddedAdapter.open(path);
  if (options.migrate !== false) {
    const folder = join(PROJECT_ROOT, 'database', 'migrations', 'embedded');
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) {
      for (const statement of splitStatements(readFileSync(join(folder, file), 'utf8'))) await port.execute(statement);
    }
  }
  return {
    port,
    path,
    dir,
    async cleanup() {
      await port.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What a store's lineage holds, to compare two stores: the edges without
 * namespaces or times, and the row counts of runs, jobs, datasets, fields
 * and run links (`links: 'distinct'` counts each link once: the embedded
 * link tables have no key, and a re-run may write one again), with the
 * usage reads counted when `usage`.
 */
export async function storedLineage(port: DatabasePort, options: { links?: 'all' | 'distinct'; usage?: boolean } = {}) {
  const edges = await port.query<Record<string, unknown>>(
    'SELECT source_dataset, source_field, target_dataset, target_field, transformation_type, transformation_subtype, is_active FROM OL_COLUMN_LINEAGE ORDER BY 1, 2, 3, 4, 5, 6',
  );
  const link = (table: string) => (options.links === 'distinct' ? `SELECT COUNT(DISTINCT run_id || dataset_id) FROM ${table}` : `SELECT COUNT(*) FROM ${table}`);
  const [counts] = await port.query<Record<string, unknown>>(
    'SELECT (SELECT COUNT(*) FROM OL_RUN) AS runs, (SELECT COUNT(*) FROM OL_JOB) AS jobs, (SELECT COUNT(*) FROM OL_DATASET) AS datasets, (SELECT COUNT(*) FROM OL_DATASET_FIELD) AS fields, ' +
      `(${link('OL_RUN_INPUT')}) AS inputs, (${link('OL_RUN_OUTPUT')}) AS outputs${options.usage ? ', (SELECT SUM(read_count) FROM OL_DATASET_USAGE_DAY) AS reads' : ''}`,
  );
  return { edges, counts };
}
