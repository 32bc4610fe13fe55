import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '../teradata/database.port.js';

export const MIGRATIONS_ROOT = join(import.meta.dirname, '..', '..', 'database', 'migrations');

export interface Migration {
  readonly version: number;
  readonly schemaVersion: string;
  readonly description: string;
  readonly file: string;
  readonly statements: readonly string[];
}

/** Splits SQL text into statements at semicolons outside quotes and comments; comments are dropped. */
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
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
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

function header(text: string, key: string, file: string): string {
  const m = new RegExp(`^--\\s*${key}:\\s*(.+)$`, 'm').exec(text);
  if (!m) throw new Error(`Migration ${file} has no "-- ${key}:" header line`);
  return m[1].trim();
}

/** The migrations of a dialect, in version order: `V<nnnn>__<what>.sql` with `-- version/schema_version/description` headers. */
export function readMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): Migration[] {
  const folder = join(root, dialect);
  return readdirSync(folder)
    .filter((f) => /^V\d{4}__.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(folder, file), 'utf8');
      const version = Number(header(text, 'version', file));
      if (version !== Number(file.slice(1, 5))) throw new Error(`Migration ${file}: header version ${version} does not match its file name`);
      return { version, schemaVersion: header(text, 'schema_version', file), description: header(text, 'description', file), file, statements: splitStatements(text) };
    });
}

/** The table a DDL/DML statement of a migration creates or fills, upper-case (null when none). */
export function statementTarget(statement: string): string | null {
  const create = /^CREATE\s+(?:MULTISET\s+|SET\s+)?TABLE\s+([A-Za-z_][\w$#]*)/i.exec(statement);
  if (create) return create[1].toUpperCase();
  const index = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+[\s\S]*?\bON\s+([A-Za-z_][\w$#]*)/i.exec(statement);
  if (index) return index[1].toUpperCase();
  const insert = /^INSERT\s+INTO\s+([A-Za-z_][\w$#]*)/i.exec(statement);
  if (insert) return insert[1].toUpperCase();
  return null;
}
