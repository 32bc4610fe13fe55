import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchemaConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { type ColumnsView, type DatabaseNameLists, DictionaryStatements, REQUEST_TEXT_MAX, SYSTEM_DATABASES } from '../teradata/dictionary.statements.js';
import { QvciService } from './qvci.service.js';

export type DictionaryKind = 'TABLE' | 'VIEW';

export interface DictionaryColumn {
  readonly database: string;
  readonly table: string;
  readonly column: string;
  /** Readable type (VARCHAR(100), DECIMAL(18,2)…); null for view columns read without QVCI. */
  readonly type: string | null;
  /** 1-based position in the table. */
  readonly ordinal: number;
  readonly nullable: boolean | null;
  readonly kind: DictionaryKind;
}

export interface DictionaryTable {
  readonly database: string;
  readonly table: string;
  readonly kind: DictionaryKind;
  readonly comment: string | null;
  /** The view's DDL (DBC.TablesV.RequestText); null for tables. */
  readonly definition: string | null;
}

/** What the dictionary says of one table or view (the explorer's detail panel). */
export interface TableStatistics {
  readonly database: string;
  readonly table: string;
  readonly kind: DictionaryKind;
  /** DBC.TablesV.CreatorName: who created it (Teradata's owner is the database's). */
  readonly creator: string | null;
  readonly createdAt: Date | null;
  readonly lastAlteredAt: Date | null;
  /** DBC.TablesV.LastAccessTimeStamp (object use counting); null when not collected. */
  readonly lastAccessedAt: Date | null;
  readonly comment: string | null;
  /** Sum over AMPs of DBC.TableSizeV.CurrentPerm, bytes; null for views (no permanent space). */
  readonly currentPermBytes: number | null;
  readonly peakPermBytes: number | null;
  /** AMPs the space is spread over (rows of DBC.TableSizeV). */
  readonly amps: number | null;
  /** DBC.StatsV table-level RowCount: rows as of the last COLLECT STATISTICS; null when never collected. */
  readonly rowCount: number | null;
  readonly statisticsCollectedAt: Date | null;
}

type StatisticsRow = {
  database_name: string;
  table_name: string;
  table_kind: string;
  creator_name: string | null;
  created_at: Date | null;
  last_altered_at: Date | null;
  last_accessed_at: Date | null;
  comment_text: string | null;
  current_perm: number | bigint | null;
  peak_perm: number | bigint | null;
  amps: number | bigint | null;
  row_count: number | bigint | null;
  collected_at: Date | null;
};

const numberOrNull = (v: number | bigint | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** A view's definition as DBC.TablesV holds it. */
export interface ViewDefinition {
  readonly database: string;
  readonly view: string;
  /** DBC.TablesV.RequestText: the CREATE/REPLACE VIEW text as submitted; cut or null past REQUEST_TEXT_MAX characters. */
  readonly requestText: string | null;
  /** False when RequestText may not hold the whole text (null, or REQUEST_TEXT_MAX characters long): read it with `viewText`. */
  readonly complete: boolean;
  /** DBC.TablesV.LastAlterTimeStamp: when the definition was last replaced (or created). */
  readonly lastAlteredAt: Date;
}

type ViewRow = { database_name: string; table_name: string; request_text: string | null; last_altered_at: Date };

type ColumnRow = {
  database_name: string;
  table_name: string;
  column_name: string;
  column_type: string | null;
  column_length: number | null;
  char_type: number | null;
  last_altered_at?: Date | null;
  total_digits: number | null;
  fractional_digits: number | null;
  nullable: string | null;
  column_id: number;
  table_kind: string;
};

/** DBC.ColumnsV.CharType of the server character sets stored in two bytes a character: UNICODE (2), GRAPHIC (4). */
const TWO_BYTE_CHAR_TYPES = new Set([2, 4]);

/**
 * Pure: Teradata ColumnType code (DBC.ColumnsV) → readable type; null when
 * the dictionary gives no type. DBC reports ColumnLength in bytes: a
 * `VARCHAR(100) CHARACTER SET UNICODE` column has ColumnLength 200 and
 * CharType 2, so character lengths are ColumnLength / 2 for the two-byte
 * character sets (LATIN is one byte a character; KANJISJIS is declared in
 * bytes).
 */
export function readableType(
  code: string | null | undefined,
  length: number | null,
  digits: number | null,
  scale: number | null,
  charType: number | null = null,
): string | null {
  if (code === null || code === undefined || code.trim() === '') return null;
  const n = (v: number | null) => (v === null || v === undefined ? '' : String(Number(v)));
  const characters = length !== null && length !== undefined && charType !== null && TWO_BYTE_CHAR_TYPES.has(Number(charType)) ? Number(length) / 2 : length;
  switch (code.trim().toUpperCase()) {
    case 'CV':
      return `VARCHAR(${n(characters)})`;
    case 'CF':
      return `CHAR(${n(characters)})`;
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
      return digits === null || digits === undefined || digits < 0 ? 'NUMBER' : `NUMBER(${digits},${scale ?? 0})`;
    case 'F':
      return 'FLOAT';
    case 'DA':
      return 'DATE';
    case 'AT':
      return `TIME(${scale ?? 6})`;
    case 'TZ':
      return `TIME(${scale ?? 6}) WITH TIME ZONE`;
    case 'TS':
      return `TIMESTAMP(${scale ?? 6})`;
    case 'SZ':
      return `TIMESTAMP(${scale ?? 6}) WITH TIME ZONE`;
    case 'BF':
      return `BYTE(${n(length)})`;
    case 'BV':
      return `VARBYTE(${n(length)})`;
    case 'BO':
      return 'BLOB';
    case 'JN':
      return 'JSON';
    case 'XM':
      return 'XML';
    case 'PD':
      return 'PERIOD(DATE)';
    case 'PS':
      return 'PERIOD(TIMESTAMP)';
    case 'PM':
      return 'PERIOD(TIMESTAMP WITH TIME ZONE)';
    case 'PT':
      return 'PERIOD(TIME)';
    case 'YR':
      return 'INTERVAL YEAR';
    case 'MO':
      return 'INTERVAL MONTH';
    case 'DY':
      return 'INTERVAL DAY';
    case 'HR':
      return 'INTERVAL HOUR';
    case 'MI':
      return 'INTERVAL MINUTE';
    case 'SC':
      return 'INTERVAL SECOND';
    case 'UT':
      return 'UDT';
    case 'A1':
    case 'AN':
      return 'ARRAY';
    default:
      return code.trim();
  }
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .trim()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

const isPattern = (p: string) => /[*?]/.test(p);

/**
 * Pure: the database names a dictionary read can filter on in SQL (lower-case):
 * the include list when every include is a plain name (one pattern among
 * them and only the repository can tell what matches), and the plain
 * exclude names. `databaseFilter` still applies every rule to what is read.
 */
export function databaseNameLists(include: readonly string[], exclude: readonly string[]): { include: string[]; exclude: string[] } {
  const inc = include.map((p) => p.trim()).filter((p) => p !== '');
  const exc = exclude.map((p) => p.trim()).filter((p) => p !== '');
  return {
    include: inc.some(isPattern) ? [] : inc.map((p) => p.toLowerCase()),
    exclude: exc.filter((p) => !isPattern(p)).map((p) => p.toLowerCase()),
  };
}

/**
 * Pure: which databases the dictionary keeps. Teradata's system databases
 * never; then, when include patterns are given, only matching ones; minus
 * the exclude patterns. Patterns use `*` and `?`, case-insensitive.
 */
export function databaseFilter(include: readonly string[], exclude: readonly string[]): (database: string) => boolean {
  const system = new Set(SYSTEM_DATABASES.map((d) => d.toLowerCase()));
  const inc = include.filter((p) => p.trim() !== '').map(patternToRegExp);
  const exc = exclude.filter((p) => p.trim() !== '').map(patternToRegExp);
  return (database) => {
    const name = database.trim();
    if (system.has(name.toLowerCase())) return false;
    if (inc.length > 0 && !inc.some((r) => r.test(name))) return false;
    return !exc.some((r) => r.test(name));
  };
}

function kindOf(tableKind: string): DictionaryKind {
  return tableKind.trim().toUpperCase() === 'V' ? 'VIEW' : 'TABLE';
}

/** Rows per batch of the column read (a warehouse can have millions of columns). */
const COLUMN_BATCH_ROWS = 5_000;

/**
 * Dictionary reads: DBC.TablesV, and DBC.ColumnsJQV when QVCI is enabled
 * (view columns with types) else DBC.ColumnsV (view column types unknown),
 * filtered by DICTIONARY_INCLUDE_DATABASES / DICTIONARY_EXCLUDE_DATABASES
 * (plain names in SQL, patterns here). "column" is the Teradata word here;
 * population maps it to OL fields.
 */
@Injectable()
export class DictionaryRepository {
  private readonly logger = new Logger(DictionaryRepository.name);
  private readonly keep: (database: string) => boolean;
  private readonly names: DatabaseNameLists;
  private readonly nameParams: string[];

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(DictionaryStatements) private readonly sql: DictionaryStatements,
    private readonly qvci: QvciService,
    config: SchemaConfig,
  ) {
    this.keep = databaseFilter(config.includeDatabases, config.excludeDatabases);
    const lists = databaseNameLists(config.includeDatabases, config.excludeDatabases);
    this.names = { include: lists.include.length, exclude: lists.exclude.length };
    this.nameParams = [...lists.include, ...lists.exclude];
  }

  /** Names of the kept databases that hold tables or views, sorted. */
  async databases(): Promise<string[]> {
    return [...new Set((await this.tables()).map((t) => t.database))];
  }

  /** Tables and views of the kept databases, ordered by database and name; views carry their definition. */
  async tables(): Promise<DictionaryTable[]> {
    const rows = await this.database.query<{ database_name: string; table_name: string; table_kind: string; comment_text: string | null; request_text: string | null }>(
      this.sql.tables(this.names),
      this.nameParams,
    );
    return rows
      .filter((r) => this.keep(r.database_name))
      .map((r) => {
        const kind = kindOf(r.table_kind);
        return {
          database: r.database_name.trim(),
          table: r.table_name.trim(),
          kind,
          comment: r.comment_text === null ? null : r.comment_text.trim() || null,
          definition: kind === 'VIEW' ? r.request_text : null,
        };
      });
  }

  /**
   * Definitions of the kept databases' views altered at or after `since`
   * (all of them when null), oldest alteration first, in pages of at most
   * `pageSize` rows read (fewer when some fall outside the kept databases).
   */
  async *viewDefinitions(since: Date | null, pageSize: number): AsyncGenerator<ViewDefinition[]> {
    const from = since ?? new Date(0);
    let after = { at: from, database: '', view: '' };
    for (;;) {
      const rows = await this.database.query<ViewRow>(this.sql.viewDefinitions, [from, after.at, after.at, after.database, after.database, after.view, pageSize]);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      after = { at: last.last_altered_at, database: last.database_name, view: last.table_name };
      const page = rows
        .filter((r) => this.keep(r.database_name))
        .map((r) => ({
          database: r.database_name.trim(),
          view: r.table_name.trim(),
          requestText: r.request_text,
          complete: r.request_text !== null && r.request_text.length < REQUEST_TEXT_MAX,
          lastAlteredAt: r.last_altered_at,
        }));
      if (page.length > 0) yield page;
      if (rows.length < pageSize) return;
    }
  }

  /**
   * The whole text of a view (SHOW VIEW), for a definition RequestText holds
   * cut or null; null when the dictionary returns none. Throws
   * InvalidIdentifierError for a name that cannot be written into SHOW VIEW,
   * and the database's error (no SHOW right: 3523) as it comes.
   */
  async viewText(database: string, view: string): Promise<string | null> {
    const { sql, params } = this.sql.showView(database, view);
    const rows = await this.database.query(sql, params);
    // Teradata names the one column `Request Text`; its lines end with carriage returns
    const parts = rows.map((r) => Object.values(r)[0]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length === 0 ? null : parts.join('\n').replace(/\r\n?/g, '\n');
  }

  /**
   * Size, row count and dates of one table or view (DBC.TablesV,
   * DBC.TableSizeV, DBC.StatsV); null when the dictionary does not know it.
   */
  async tableStatistics(database: string, table: string): Promise<TableStatistics | null> {
    const [r] = await this.database.query<StatisticsRow>(this.sql.tableStatistics, [database, table, database, table, database, table]);
    if (!r) return null;
    return {
      database: r.database_name.trim(),
      table: r.table_name.trim(),
      kind: kindOf(r.table_kind),
      creator: r.creator_name?.trim() || null,
      createdAt: r.created_at ?? null,
      lastAlteredAt: r.last_altered_at ?? null,
      lastAccessedAt: r.last_accessed_at ?? null,
      comment: r.comment_text?.trim() || null,
      currentPermBytes: numberOrNull(r.current_perm),
      peakPermBytes: numberOrNull(r.peak_perm),
      amps: numberOrNull(r.amps),
      rowCount: numberOrNull(r.row_count),
      statisticsCollectedAt: r.collected_at ?? null,
    };
  }

  /** The DDL of a table (SHOW TABLE) or view (SHOW VIEW); null when the dictionary returns none. */
  async ddl(database: string, table: string, kind: DictionaryKind): Promise<string | null> {
    if (kind === 'VIEW') return this.viewText(database, table);
    const { sql, params } = this.sql.showTable(database, table);
    const parts = (await this.database.query(sql, params)).map((r) => Object.values(r)[0]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length === 0 ? null : parts.join('\n').replace(/\r\n?/g, '\n');
  }

  /**
   * Every column of the kept databases, ordered by database, table,
   * ordinal, read batch by batch (the rows as read are never all held at
   * once). QVCI-aware: DBC.ColumnsJQV when enabled, else DBC.ColumnsV (view
   * columns then have a null type).
   */
  async columns(): Promise<DictionaryColumn[]> {
    return (await this.columnsAlteredSince(null)).columns;
  }

  /**
   * The columns of the tables and views altered (or created) at or after
   * `since` — every one when null —, and the newest LastAlterTimeStamp
   * among them (null when none): an incremental read of the dictionary.
   */
  async columnsAlteredSince(since: Date | null): Promise<{ columns: DictionaryColumn[]; newest: Date | null }> {
    if (!(await this.qvci.enabled())) return this.readColumns('ColumnsV', since);
    try {
      return await this.readColumns('ColumnsJQV', since);
    } catch (err) {
      // QVCI answered the probe but not the full read (switched off since): fall back, and re-check.
      this.logger.warn(`DBC.ColumnsJQV failed (${(err as Error).message.split('\n')[0]}); reading DBC.ColumnsV`);
      void this.qvci.recheck();
      return this.readColumns('ColumnsV', since);
    }
  }

  private async readColumns(view: ColumnsView, since: Date | null): Promise<{ columns: DictionaryColumn[]; newest: Date | null }> {
    const out: DictionaryColumn[] = [];
    let newest: Date | null = null;
    let key = '';
    let ordinal = 0;
    const sql = this.sql.columns(view, this.names, since !== null);
    const params = since === null ? this.nameParams : [...this.nameParams, since];
    for await (const rows of this.database.stream<ColumnRow>(sql, params, COLUMN_BATCH_ROWS)) {
      for (const r of rows) {
        if (!this.keep(r.database_name)) continue;
        const database = r.database_name.trim();
        const table = r.table_name.trim();
        const k = `${database}.${table}`.toLowerCase();
        ordinal = k === key ? ordinal + 1 : 1;
        key = k;
        if (r.last_altered_at && (newest === null || r.last_altered_at > newest)) newest = r.last_altered_at;
        out.push({
          database,
          table,
          column: r.column_name.trim(),
          type: readableType(r.column_type, r.column_length, r.total_digits, r.fractional_digits, r.char_type),
          ordinal,
          nullable: r.nullable === null ? null : r.nullable.trim().toUpperCase() === 'Y',
          kind: kindOf(r.table_kind),
        });
      }
    }
    return { columns: out, newest };
  }

  /** Column names by lower-case `database.table`, in ordinal order (what extraction needs to expand `SELECT *`). */
  async columnsByTable(): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    for (const c of await this.columns()) {
      const key = `${c.database}.${c.table}`.toLowerCase();
      const list = map.get(key);
      if (list) list.push(c.column);
      else map.set(key, [c.column]);
    }
    return map;
  }
}
