import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { DictionaryRepository } from '../../../src/schema/dictionary.repository.js';
import { QvciService } from '../../../src/schema/qvci.service.js';
import { TERADATA_DICTIONARY } from '../../../src/teradata/sql/teradata/dictionary.sql.js';
import { TERADATA_SCHEMA } from '../../../src/teradata/sql/teradata/schema.sql.js';
import { TeradataAdapter } from '../../../src/teradata/teradata/teradata.adapter.js';
import { FakeTeradata } from '../../support/fake-teradatasql.js';

const COLUMNS = ['database_name', 'table_name', 'column_name', 'column_type', 'column_length', 'char_type', 'total_digits', 'fractional_digits', 'nullable', 'column_id', 'table_kind'];

/** Rows as DBC.ColumnsV gives them: UNICODE (CharType 2) lengths in bytes, names padded. */
function columnRows(tables: number): unknown[][] {
  return Array.from({ length: tables }, (_, t) => [
    ['core      ', `customer_${t}`, 'customer_id', 'I ', 4, null, null, null, 'N', 1025, 'T'],
    ['core      ', `customer_${t}`, 'name', 'CV', 200, 2, null, null, 'Y', 1026, 'T'],
    ['core      ', `customer_${t}`, 'country', 'CF', 2, 1, null, null, 'Y', 1027, 'T'],
  ]).flat();
}

function config(env: Record<string, string>) {
  return buildAppConfig(loadConfig({ env: { TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: 'pw', ...env } }));
}

describe('the dictionary read on Teradata (strict driver fake)', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  async function open(fake: FakeTeradata, env: Record<string, string>) {
    const app = config(env);
    const adapter = await TeradataAdapter.connect(app.database, { driver: fake, sleep: async () => undefined });
    const qvci = new QvciService(adapter, TERADATA_SCHEMA, app.schema);
    return new DictionaryRepository(adapter, TERADATA_DICTIONARY, qvci, app.schema);
  }

  it('reads columns under an ACCESS lock, in fetch batches, with the plain include and exclude names in SQL and character lengths in characters', async () => {
    const fake = new FakeTeradata()
      .on(/FROM DBC\.ColumnsJQV$/, { columns: ['DatabaseName'], rows: [['core']] })
      .on(/FROM DBC\.ColumnsJQV c/, { columns: COLUMNS, rows: columnRows(4_000) });
    const repository = await open(fake, { DICTIONARY_INCLUDE_DATABASES: 'Core,mart_sales', DICTIONARY_EXCLUDE_DATABASES: 'MART_FINANCE,*_tmp' });
    const columns = await repository.columns();

    expect(columns).toHaveLength(12_000);
    expect(columns.slice(0, 3)).toEqual([
      { database: 'core', table: 'customer_0', column: 'customer_id', type: 'INTEGER', ordinal: 1, nullable: false, kind: 'TABLE' },
      { database: 'core', table: 'customer_0', column: 'name', type: 'VARCHAR(100)', ordinal: 2, nullable: true, kind: 'TABLE' },
      { database: 'core', table: 'customer_0', column: 'country', type: 'CHAR(2)', ordinal: 3, nullable: true, kind: 'TABLE' },
    ]);
    const read = fake.recorded.find((r) => /FROM DBC\.ColumnsJQV c/.test(r.sql));
    expect(read?.sql).toMatch(/^LOCKING ROW FOR ACCESS\nSELECT /);
    expect(read?.sql).toContain('AND c.DatabaseName IN (?, ?) AND c.DatabaseName NOT IN (?)');
    expect(read?.params).toEqual(['core', 'mart_sales', 'mart_finance']);
    // the QVCI probe (one row, then the end), then the column read
    expect(fake.fetches.map((f) => [f.requested, f.returned])).toEqual([
      [5_000, 1],
      [5_000, 0],
      [5_000, 5_000],
      [5_000, 5_000],
      [5_000, 2_000],
      [5_000, 0],
    ]);
  });

  it('reads a table statistics under an ACCESS lock with the names bound, and its DDL with SHOW TABLE on the quoted name, lines joined', async () => {
    const created = new Date('2025-03-01T10:00:00Z');
    const fake = new FakeTeradata()
      .on(/FROM DBC\.TablesV t\nLEFT JOIN/, {
        columns: ['database_name', 'table_name', 'table_kind', 'creator_name', 'created_at', 'last_altered_at', 'last_accessed_at', 'comment_text', 'current_perm', 'peak_perm', 'amps', 'row_count', 'collected_at'],
        rows: [['core', 'sales_order', 'T', 'ETL_USER', created, created, null, 'Orders', 123_456_789, 200_000_000, 48, 1_000_000, created]],
      })
      .on(/^SHOW TABLE "core"\."sales_order"$/, { columns: ['Request Text'], rows: [['CREATE MULTISET TABLE core.sales_order ,FALLBACK\r     (\r      order_id BIGINT NOT NULL)\rPRIMARY INDEX ( order_id );']] });
    const repository = await open(fake, {});
    expect(await repository.tableStatistics('core', 'sales_order')).toEqual({
      database: 'core', table: 'sales_order', kind: 'TABLE', creator: 'ETL_USER', createdAt: created, lastAlteredAt: created, lastAccessedAt: null,
      comment: 'Orders', currentPermBytes: 123_456_789, peakPermBytes: 200_000_000, amps: 48, rowCount: 1_000_000, statisticsCollectedAt: created,
    });
    const read = fake.recorded.find((r) => /FROM DBC\.TablesV t\nLEFT JOIN/.test(r.sql));
    expect(read?.sql).toMatch(/^LOCKING ROW FOR ACCESS\n/);
    expect(read?.params).toEqual(['core', 'sales_order', 'core', 'sales_order', 'core', 'sales_order']);
    expect(await repository.ddl('core', 'sales_order', 'TABLE')).toBe('CREATE MULTISET TABLE core.sales_order ,FALLBACK\n     (\n      order_id BIGINT NOT NULL)\nPRIMARY INDEX ( order_id );');
  });
});
