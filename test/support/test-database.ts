import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAdapter } from '../../src/teradata/embedded/embedded.adapter.js';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface TestDatabase {
  readonly port: EmbeddedAdapter;
  readonly path: string;
  readonly dir: string;
  cleanup(): Promise<void>;
}

/** Splits a migration file into statements (semicolons at line ends, outside quotes and comments). */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      current += '\n';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
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
