import { parse } from '@polyglot-sql/sdk';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_INGESTION } from './embedded/ingestion.sql.js';
import type { IngestionStatements } from '../ingestion.statements.js';
import { TERADATA_INGESTION } from './teradata/ingestion.sql.js';

const markers = (sql: string) => (sql.replace(/'[^']*'/g, '').match(/\?/g) ?? []).length;

describe('ingestion statement catalogs', () => {
  const names = Object.keys(EMBEDDED_INGESTION) as (keyof IngestionStatements)[];

  it('bind the same number of parameters in both dialects', () => {
    for (const name of names) expect(markers(TERADATA_INGESTION[name]), name).toBe(markers(EMBEDDED_INGESTION[name]));
  });

  it('parse as Teradata SQL', () => {
    for (const name of names) {
      const result = parse(TERADATA_INGESTION[name], 'teradata' as never) as { success: boolean; error?: string };
      expect(result.success, `${name}: ${result.error ?? ''}`).toBe(true);
    }
  });
});
