import { parse } from '@polyglot-sql/sdk';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_INGESTION } from './embedded/ingestion.sql.js';
import type { IngestionStatements } from '../ingestion.statements.js';
import { TERADATA_INGESTION } from './teradata/ingestion.sql.js';

const markers = (sql: string) => (sql.replace(/'[^']*'/g, '').match(/\?/g) ?? []).length;
/** A catalog entry's statement text (insertEvent is a bulk insert: its `sql`). */
const text = (entry: string | { readonly sql: string }) => (typeof entry === 'string' ? entry : entry.sql);

describe('ingestion statement catalogs', () => {
  const names = Object.keys(EMBEDDED_INGESTION) as (keyof IngestionStatements)[];

  it('bind the same number of parameters in both dialects (rows given as one JSON text on the embedded engine)', () => {
    for (const name of names) {
      const embedded = EMBEDDED_INGESTION[name];
      const teradata = TERADATA_INGESTION[name];
      if (typeof embedded === 'string' && typeof teradata === 'string') expect(markers(teradata), name).toBe(markers(embedded));
      else expect(markers(text(embedded)), `${name} (JSON rows)`).toBe(1);
    }
  });

  it('parse as Teradata SQL', () => {
    for (const name of names) {
      const result = parse(text(TERADATA_INGESTION[name]), 'teradata' as never) as { success: boolean; error?: string };
      expect(result.success, `${name}: ${result.error ?? ''}`).toBe(true);
    }
  });
});
