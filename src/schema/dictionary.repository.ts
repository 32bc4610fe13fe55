import { Injectable } from '@nestjs/common';
import { SchemaConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { forDialect } from '../teradata/sql/for-dialect.js';
import { EMBEDDED_SCHEMA } from '../teradata/sql/embedded/schema.sql.js';
import { SYSTEM_DATABASES, type SchemaStatements } from '../teradata/sql/schema.statements.js';
import { TERADATA_SCHEMA } from '../teradata/sql/teradata/schema.sql.js';
import { QvciService } from './qvci.service.js';

export interface DictionaryColumn {
  readonly database: string;
  readonly table: string;
  readonly column: string;
  /** Readable type (VARCHAR(100), DECIMAL(18,2)…); null for view columns without QVCI. */
  readonly type: string | null;
  /** 1-based position in the table. */
  readonly ordinal: number;
  readonly nullable: boolean | null;
  readonly kind: 'TABLE' | 'VIEW';
}

export interface DictionaryTable {
  readonly database: string;
  readonly table: string;
  readonly kind: 'TABLE' | 'VIEW';
  readonly comment: string | null;
  /** The view's DDL (RequestText) for views. */
  readonly definition: string | null;
}

/** Teradata ColumnType code → readable type. */
export function readableType(code: string | null, length: number | null, digits: number | null, scale: number | null): string | null {
  if (code === null || code === undefined) return null;
  switch (code.trim().toUpperCase()) {
    case 'CV':
      return `VARCHAR(${length ?? ''})`;
    case 'CF':
      return `CHAR(${length ?? ''})`;
    case 'CO':
      return 'CLOB';
    case 'I':
      return 'INTEGER';
    case 'I1':
      return 'BYTEINT';
    case 'I2':
      return 'SMALLINT';
    case 'I8':
      return 'BIGINT';
    case 'D':
      return `DECIMAL(${digits ?? 18},${scale ?? 0})`;
    case 'N':
      return 'NUMBER';
    case 'F':
      return 'FLOAT';
    case 'DA':
      return 'DATE';
    case 'AT':
      return 'TIME';
    case 'TS':
      return `TIMESTAMP(${scale ?? 6})`;
    case 'SZ':
      return `TIMESTAMP(${scale ?? 6}) WITH TIME ZONE`;
    case 'BF':
      return `BYTE(${length ?? ''})`;
    case 'BV':
      return `VARBYTE(${length ?? ''})`;
    case 'BO':
      return 'BLOB';
    case 'JN':
      return 'JSON';
    case 'PD':
      return 'PERIOD(DATE)';
    default:
      return code.trim();
  }
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Pure: which databases the dictionary keeps (system databases never; include/exclude patterns). */
export function databaseFilter(include: readonly string[], exclude: readonly string[]): (database: string) => boolean {
  const system = new Set(SYSTEM_DATABASES.map((d) => d.toLowerCase()));
  const inc = include.map(patternToRegExp);
  const exc = exclude.map(patternToRegExp);
  return (database) => {
    const name = database.trim();
    if (system.has(name.toLowerCase())) return false;
    if (inc.length > 0 && !inc.some((r) => r.test(name))) return false;
    return !exc.some((r) => r.test(name));
  };
}

/**
 * Dictionary reads (DBC.TablesV, DBC.ColumnsV / ColumnsJQV), QVCI-aware and
 * filtered by DICTIONARY_INCLUDE_DATABASES / DICTIONARY_EXCLUDE_DATABASES.
 * "column" is the Teradata word here; population maps it to OL fields.
 */
@Injectable()
export class DictionaryRepository {
  private readonly sql: SchemaStatements;
  private readonly keep: (database: string) => boolean;

  constructor(
    private readonly database: DatabasePort,
    private readonly qvci: QvciService,
    config: SchemaConfig,
  ) {
    this.sql = forDialect(database, { teradata: TERADATA_SCHEMA, embedded: EMBEDDED_SCHEMA });
    this.keep = databaseFilter(config.includeDatabases, config.excludeDatabases);
  }

  /** Every column of the kept databases, ordered by database, table, position. */
  async columns(): Promise<DictionaryColumn[]> {
    const view = (await this.qvci.enabled()) ? 'ColumnsJQV' : 'ColumnsV';
    const rows = await this.database.query<{
      database_name: string;
      table_name: string;
      column_name: string;
      column_type: string | null;
      column_length: number | null;
      total_digits: number | null;
      fractional_digits: number | null;
      nullable: string | null;
      column_id: number;
      table_kind: string;
    }>(this.sql.dictionaryColumns(view));
    const out: DictionaryColumn[] = [];
    let key = '';
    let ordinal = 0;
    for (const r of rows) {
      if (!this.keep(r.database_name)) continue;
      const k = `${r.database_name}.${r.table_name}`;
      ordinal = k === key ? ordinal + 1 : 1;
      key = k;
      out.push({
        database: r.database_name.trim(),
        table: r.table_name.trim(),
        column: r.column_name.trim(),
        type: readableType(r.column_type, r.column_length, r.total_digits, r.fractional_digits),
        ordinal,
        nullable: r.nullable === null ? null : r.nullable.trim().toUpperCase() === 'Y',
        kind: r.table_kind.trim().toUpperCase() === 'V' ? 'VIEW' : 'TABLE',
      });
    }
    return out;
  }

  async tables(): Promise<DictionaryTable[]> {
    const rows = await this.database.query<{ database_name: string; table_name: string; table_kind: string; comment_text: string | null; request_text: string | null }>(
      this.sql.dictionaryTables,
    );
    return rows
      .filter((r) => this.keep(r.database_name))
      .map((r) => ({
        database: r.database_name.trim(),
        table: r.table_name.trim(),
        kind: r.table_kind.trim().toUpperCase() === 'V' ? ('VIEW' as const) : ('TABLE' as const),
        comment: r.comment_text,
        definition: r.table_kind.trim().toUpperCase() === 'V' ? r.request_text : null,
      }));
  }
}
