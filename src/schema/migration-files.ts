import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '../teradata/database.port.js';

export const MIGRATIONS_ROOT = join(import.meta.dirname, '..', '..', 'database', 'migrations');

export interface Migration {
  /** OL_SCHEMA_VERSION.version_id: the number in `V<nnnn>__`. */
  readonly version: number;
  /** OL_SCHEMA_VERSION.schema_version, e.g. 1.1.0. */
  readonly schemaVersion: string;
  readonly description: string;
  readonly file: string;
  readonly statements: readonly string[];
}

export class MigrationFileError extends Error {}

/**
 * Splits SQL text into statements: a statement ends at a `;` that closes its
 * line (only blanks or a `--` comment may follow it), outside quotes and
 * comments. Comments are dropped; the statements come back trimmed, without
 * their `;`.
 */
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
      i = end < 0 ? text.length : end - 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      current += ' ';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === ';' && endsLine(text, i + 1)) {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** True when only blanks, or blanks and a `--` comment, follow `from` up to the end of the line. */
function endsLine(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') return true;
    if (ch === '-' && text[i + 1] === '-') return true;
    if (ch !== ' ' && ch !== '\t') return false;
  }
  return true;
}

function header(text: string, key: string, file: string): string {
  const m = new RegExp(`^--\\s*${key}:\\s*(.+)$`, 'm').exec(text);
  if (!m) throw new MigrationFileError(`Migration ${file} has no "-- ${key}:" header line`);
  return m[1].trim();
}

/**
 * Parses one migration file: `-- version:`, `-- schema_version:` and
 * `-- description:` header lines, then statements. The last statement must
 * record the migration in OL_SCHEMA_VERSION with the header's version and
 * schema version, so that applying the file is what marks it applied.
 */
export function parseMigration(file: string, text: string): Migration {
  const version = Number(header(text, 'version', file));
  const fileVersion = /^V(\d+)__/.exec(file);
  if (!fileVersion || Number(fileVersion[1]) !== version) {
    throw new MigrationFileError(`Migration ${file}: header version ${version} does not match its file name`);
  }
  const schemaVersion = header(text, 'schema_version', file);
  const description = header(text, 'description', file);
  const statements = splitStatements(text);
  const last = statements.at(-1) ?? '';
  const records = /^INSERT\s+INTO\s+OL_SCHEMA_VERSION\b[\s\S]*\bVALUES\s*\(\s*(\d+)\s*,\s*'[^']*'\s*,\s*'([^']*)'/i.exec(last);
  if (!records || Number(records[1]) !== version || records[2] !== schemaVersion) {
    throw new MigrationFileError(
      `Migration ${file}: its last statement must be INSERT INTO OL_SCHEMA_VERSION … VALUES (${version}, '<spec>', '${schemaVersion}', …)`,
    );
  }
  return { version, schemaVersion, description, file, statements };
}

/** The migrations of a dialect, in version order (`V<nnnn>__<what>.sql`). */
export function readMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): Migration[] {
  const folder = join(root, dialect);
  const migrations = readdirSync(folder)
    .filter((f) => /^V\d{4}__.+\.sql$/.test(f))
    .sort()
    .map((file) => parseMigration(file, readFileSync(join(folder, file), 'utf8')));
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) throw new MigrationFileError(`Two migrations share version ${m.version}: ${migrations[i - 1].file}, ${m.file}`);
  });
  return migrations;
}

export type StatementKind = 'create-table' | 'create-index' | 'drop-index' | 'add-column' | 'insert' | 'other';

/** What a migration statement does and to which table (upper-case; null when none). */
export function describeStatement(statement: string): { kind: StatementKind; table: string | null } {
  const create = /^CREATE\s+(?:GLOBAL\s+TEMPORARY\s+)?(?:MULTISET\s+|SET\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][\w$#]*)/i.exec(statement);
  if (create) return { kind: 'create-table', table: create[1].toUpperCase() };
  const index = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+[\s\S]*?\bON\s+([A-Za-z_][\w$#]*)/i.exec(statement);
  if (index) return { kind: 'create-index', table: index[1].toUpperCase() };
  const dropIndex = /^DROP\s+INDEX\s+[\s\S]*?\bON\s+([A-Za-z_][\w$#]*)/i.exec(statement);
  if (dropIndex) return { kind: 'drop-index', table: dropIndex[1].toUpperCase() };
  const addColumn = /^ALTER\s+TABLE\s+([A-Za-z_][\w$#]*)\s+ADD\s+(?:COLUMN\s+)?[a-z_]/i.exec(statement);
  if (addColumn) return { kind: 'add-column', table: addColumn[1].toUpperCase() };
  const insert = /^INSERT\s+INTO\s+([A-Za-z_][\w$#]*)/i.exec(statement);
  if (insert) return { kind: 'insert', table: insert[1].toUpperCase() };
  return { kind: 'other', table: null };
}

/**
 * Every table the migrations leave, upper-case, in the order they were first
 * created. A table rebuilt by copying it into a new table, dropping it and
 * renaming the copy to its name (embedded V0006) keeps its place.
 */
export function tablesCreatedBy(migrations: readonly Migration[]): string[] {
  const names: string[] = [];
  const dropped = new Set<string>();
  for (const m of migrations) {
    for (const s of m.statements) {
      const d = describeStatement(s);
      const drop = /^DROP\s+TABLE\s+([A-Za-z_][\w$#]*)\s*$/i.exec(s.trim());
      const rename = /^ALTER\s+TABLE\s+([A-Za-z_][\w$#]*)\s+RENAME\s+TO\s+([A-Za-z_][\w$#]*)\s*$/i.exec(s.trim());
      if (d.kind === 'create-table' && d.table) names.push(d.table);
      else if (drop) dropped.add(drop[1].toUpperCase());
      else if (rename) {
        const [from, to] = [rename[1].toUpperCase(), rename[2].toUpperCase()];
        if (names.includes(from)) names.splice(names.indexOf(from), 1);
        if (names.includes(to)) dropped.delete(to);
        else names.push(to);
      }
    }
  }
  return names.filter((name) => !dropped.has(name));
}

