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
  ['dictionary.viewDefinitions', TERADATA_DICTIONARY.viewDefinitions],
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

describe('SHOW VIEW (dictionary.showView): Teradata syntax the parser knows only in part', () => {
  const show = TERADATA_DICTIONARY.showView('mart_sales', 'v_top');

  it('is SHOW VIEW with the database-qualified name quoted, nothing bound', () => {
    expect(show).toEqual({ sql: 'SHOW VIEW "mart_sales"."v_top"', params: [] });
  });

  it('parses with the one bare name the parser reads in place of the qualified, quoted name', () => {
    const result = parsesAsTeradata(show.sql.replace('"mart_sales"."v_top"', 'v_top'));
    expect(result.error ?? null).toBeNull();
    expect(result.success).toBe(true);
  });

  // Teradata documents `SHOW VIEW [database_name.]view_name` (SQL Data Definition Language, SHOW object);
  // @polyglot-sql/sdk 0.12 reads only one unquoted word after SHOW VIEW. When this fails, the parser
  // learned the full syntax: move showView into catalogStatements above and delete this block.
  it('is not parsed whole by @polyglot-sql/sdk 0.12 (qualified and quoted SHOW targets)', () => {
    expect(parsesAsTeradata(show.sql).success).toBe(false);
    expect(parsesAsTeradata('SHOW VIEW mart_sales.v_top').success).toBe(false);
  });
});
