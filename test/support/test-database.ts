import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitStatements } from '../../src/schema/migration-files.js';
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
