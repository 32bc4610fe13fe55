import { parse } from '@polyglot-sql/sdk';
import { describe, expect, it } from 'vitest';
import { TERADATA_DICTIONARY } from '../teradata/sql/teradata/dictionary.sql.js';
import { TERADATA_SCHEMA } from '../teradata/sql/teradata/schema.sql.js';
import { readMigrations } from './migration-files.js';

function parsesAsTeradata(sql: string): { success: boolean; error?: string } {
  return parse(sql, 'teradata' as never) as { success: boolean; error?: string };
}

const migrationStatements = readMigrations('teradata').flatMap((m) => m.statements.map((s, i) => [`${m.file} #${i + 1}`, s] as const));
const catalogStatements: (readonly [string, string])[] = [
  ['schema.existingTables', TERADATA_SCHEMA.existingTables],
  ['schema.appliedVersions', TERADATA_SCHEMA.appliedVersions],
  ['schema.qvciProbe', TERADATA_SCHEMA.qvciProbe],
  ['dictionary.columns(ColumnsJQV)', TERADATA_DICTIONARY.columns('ColumnsJQV')],
  ['dictionary.columns(ColumnsV)', TERADATA_DICTIONARY.columns('ColumnsV')],
  ['dictionary.tables', TERADATA_DICTIONARY.tables],
];

describe('Teradata statements parse with the Teradata dialect of @polyglot-sql/sdk', () => {
  it('the check itself rejects broken SQL', () => {
    expect(parsesAsTeradata('CREATE MULTISET TABLE (a INTEGER)').success).toBe(false);
  });

  it('there are Teradata migration statements to check', () => {
    expect(migrationStatements.length).toBeGreaterThanOrEqual(16);
  });

  it.each(migrationStatements)('migration %s', (_name, sql) => {
    const result = parsesAsTeradata(sql);
    expect(result.error ?? null).toBeNull();
    expect(result.success).toBe(true);
  });

  it.each(catalogStatements)('catalog %s', (_name, sql) => {
    const result = parsesAsTeradata(sql);
    expect(result.error ?? null).toBeNull();
    expect(result.success).toBe(true);
  });
});
