import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConfig, PopulationConfig, UsageConfig } from '../config/app-config.js';
import { DatabasePermissionError } from '../teradata/database.errors.js';
import { DatabasePort, queryByKeys } from '../teradata/database.port.js';
import { type DbqlSliceRead, dbqlTables, PopulationStatements } from '../teradata/population.statements.js';
import { PopulationDbqlAccessError } from './population.errors.js';

/**
 * One executed request from the query log, its SQL reassembled; or a tally
 * of log rows the read left in the database (failed requests, plain
 * SELECTs), counted in SQL: `logRows` of them, `queryId` empty, no text.
 */
export interface DbqlStatement {
  readonly queryId: string;
  readonly sessionId: string | null;
  readonly userName: string | null;
  /** DBQL AppID (the client program: BTEQ, a BI tool's driver…) and ClientID (the client's own user or host id). */
  readonly appId: string | null;
  readonly clientId: string | null;
  readonly defaultDatabase: string | null;
  readonly startTime: Date;
  /** When DBQL collected the row (its cache buffer's time; the row is written at the next flush). The window follows this. */
  readonly collectTime: Date;
  readonly statementType: string | null;
  readonly errorCode: number;
  /** Null when not read (failed or plain SELECT statements) or not logged (DBQL SQL logging off). */
  readonly sql: string | null;
  /** The log rows this entry stands for: 1 for a statement, the count for a tally. */
  readonly logRows: number;
}

export interface DbqlWindow {
  readonly since: Date;
  readonly until: Date;
}

/** One DBQLObjTbl row as read: an object a query used. */
export type DbqlObjectRow = {
  database_name: string | null;
  table_name: string | null;
  column_name: string | null;
  object_type: string | null;
  type_of_use: number | null;
};

/** Teradata: 3523 no SELECT right on the object, 3524 no right on the database, 3802 database missing, 3807 object missing. */
const ACCESS_CODES = new Set([3523, 3524]);

export type DbqlLogRow = {
  /** Null on a tally row. */
  query_id: string | null;
  session_id: string | null;
  user_name: string | null;
  /** Absent from sources read before usage (tallies). */
  app_id?: string | null;
  client_id?: string | null;
  default_database: string | null;
  start_time: Date;
  collect_time: Date;
  statement_type: string | null;
  error_code: number | null;
  /** 1 for a statement; on a tally row, the rows it counts (absent: 1). */
  log_rows?: number | bigint | null;
};

type DbqlSliceRow = DbqlLogRow & { sql_row_no: number | null; sql_text: string | null };

export type DbqlTextRow = {
  query_id: string;
  sql_row_no: number;
  sql_text: string | null;
};

/**
 * Log rows a DBQL slice aims at (shipped or tallied) unless
 * POPULATION_DBQL_SLICE_ROWS says: the slice's width doubles below half of
 * it and halves above twice it. On Teradata every slice read scans
 * DBC.DBQLogTbl whole (primary index (ProcID, CollectTimeStamp), not
 * partitioned: a CollectTimeStamp range cannot be reached by row hash), so
 * its slices are larger; the embedded engine builds a slice's join in memory.
 */
const SLICE_TARGET_ROWS = { teradata: 250_000, embedded: 50_000 } as const;
/** The first slice's width, and the bounds of every slice's. */
const SLICE_FIRST_MS = 15 * 60_000;
const SLICE_MIN_MS = 1_000;
const SLICE_MAX_MS = 24 * 3_600_000;

/** Reads the DBQL query log (DBC.DBQLogTbl + DBC.DBQLSQLTbl) in keyset-paginated pages. */
@Injectable()
export class DbqlRepository {

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(PopulationStatements) private readonly sql: PopulationStatements,
    @Inject(DatabaseConfig) private readonly config: DatabaseConfig,
    @Inject(PopulationConfig) private readonly population: PopulationConfig,
    // without it (a reader built by hand) SELECTs stay tallied in the database, as before usage
    @Inject(UsageConfig) usage?: UsageConfig,
  ) {
    this.slice = sql.dbqlSlice(population.dbqlSource, { selects: usage?.enabled ?? false });
    this.nextCollectRead = sql.dbqlNextCollect(population.dbqlSource);
    this.sliceTarget = population.dbqlSliceRows || SLICE_TARGET_ROWS[database.dialect];
  }

  /** Log rows a slice aims at (POPULATION_DBQL_SLICE_ROWS, or SLICE_TARGET_ROWS of the engine). */
  readonly sliceTarget: number;

  /** The slice read of the configured source (POPULATION_DBQL_SOURCE). */
  private readonly slice: DbqlSliceRead;
  /** Where the log goes on after an empty slice. */
  private readonly nextCollectRead: DbqlSliceRead;

  /** Earliest CollectTimeStamp in the log, or null when it is empty. */
  async firstCollect(): Promise<Date | null> {
    const rows = await this.guard(() => this.database.query<{ first_collect: Date | null }>(this.sql.dbqlFirstCollect(this.population.dbqlSource)));
    return rows[0]?.first_collect ?? null;
  }

  /** The earliest CollectTimeStamp in [from, until) of the log, or null when none. */
  async nextCollect(from: Date, until: Date): Promise<Date | null> {
    const rows = await this.guard(() => this.database.query<{ next_collect: Date | null }>(this.nextCollectRead.sql, this.nextCollectRead.params({ textFrom: from, textUntil: until, start: from, end: until })));
    return rows[0]?.next_collect ?? null;
  }

  /**
   * Pages of `pageSize` statements DBQL logged in [since, until), ordered by
   * (CollectTimeStamp, QueryID), each with its SQL text joined in SqlRowNo
   * order. The window is read in CollectTimeStamp slices, one joined and
   * streamed read each (the log has no index a time range can use, so every
   * read scans it: few, large slices); a slice's width adapts towards
   * the slice target (POPULATION_DBQL_SLICE_ROWS). `textSlackMs`: how far the text rows' CollectTimeStamp
   * may lie from their log row's (the two tables' caches flush apart).
   * Memory stays bounded by the page and the fetch batch, whatever the
   * window. After an empty slice the read jumps to the next row collected
   * (one scan instead of one per empty slice: a backfill from long before
   * the log begins, a quiet weekend). An aborted `signal` ends the pages
   * before the next slice (a run cancelled over a long window does not wait
   * for it to be read).
   * `maxStatements` (column usage, which ships the SELECTs): a page holds
   * `pageSize` statements other than SELECTs and the SELECTs among them, up to
   * `maxStatements` in all — a batch's fixed costs (its transaction, run
   * counters, extraction round trip) are paid per page, so the SELECTs
   * should not multiply the pages.
   * `beforeSlice`: awaited before each slice is read, with its range (the
   * reader of the slice's DBQL object rows: one read a slice, whatever its
   * pages; its statements come in the pages yielded after it).
   */
  async *pages(
    window: DbqlWindow,
    pageSize: number,
    textSlackMs = 0,
    signal?: AbortSignal,
    maxStatements = pageSize,
    beforeSlice?: (slice: DbqlWindow) => Promise<void>,
  ): AsyncGenerator<DbqlStatement[]> {
    const until = window.until.getTime();
    let page: DbqlStatement[] = [];
    /** Statements of the page that count towards pageSize (all of them, or all but SELECTs when maxStatements is larger). */
    let weight = 0;
    const selectsFree = maxStatements > pageSize;
    const add = (statement: DbqlStatement): DbqlStatement[] | null => {
      page.push(statement);
      if (!selectsFree || statement.queryId === '' || statement.statementType?.trim().toLowerCase() !== 'select') weight++;
      if (weight < pageSize && page.length < maxStatements) return null;
      const full = page;
      page = [];
      weight = 0;
      return full;
    };
    let width = SLICE_FIRST_MS;
    for (let start = window.since.getTime(); start < until; ) {
      if (signal?.aborted) return;
      const end = Math.min(start + width, until);
      if (beforeSlice) await beforeSlice({ since: new Date(start), until: new Date(end) });
      let rows = 0;
      let current: { row: DbqlSliceRow; texts: DbqlTextRow[] } | null = null;
      const params = this.slice.params({ textFrom: new Date(start - textSlackMs), textUntil: new Date(end + textSlackMs), start: new Date(start), end: new Date(end) });
      for await (const batch of this.guardStream(this.database.stream<DbqlSliceRow>(this.slice.sql, params))) {
        const full: DbqlStatement[][] = [];
        const push = (statement: DbqlStatement) => {
          const done = add(statement);
          if (done) full.push(done);
        };
        for (const r of batch) {
          if (r.query_id === null) {
            // a tally of rows left in the database: an entry of its own, after the statement before it
            if (current) push(toStatement(current.row, current.texts));
            current = null;
            const tally = toStatement(r, undefined);
            rows += tally.logRows;
            push(tally);
            continue;
          }
          rows++;
          if (current?.row.query_id !== r.query_id) {
            if (current) push(toStatement(current.row, current.texts));
            current = { row: r, texts: [] };
          }
          // the row itself holds the text's columns: no object of its own per text row
          if (r.sql_row_no !== null) current.texts.push(r as DbqlTextRow);
        }
        for (const p of full) yield p;
      }
      if (current) {
        const done = add(toStatement(current.row, current.texts));
        if (done) yield done;
      }
      start = end;
      if (rows === 0 && start < until) {
        // an empty slice: jump to the next row collected in the rest of the window (none: the window is read)
        const next = await this.nextCollect(new Date(start), window.until);
        if (next === null) break;
        // a millisecond early: the row's time may carry microseconds a Date rounds
        start = Math.max(start, next.getTime() - 1);
        continue;
      }
      if (rows < this.sliceTarget / 2) width = Math.min(width * 2, SLICE_MAX_MS);
      else if (rows > this.sliceTarget * 2) width = Math.max(Math.floor(width / 2), SLICE_MIN_MS);
    }
    if (page.length > 0) yield page;
  }

  /**
   * What DBQL object logging recorded for these queries (DBQLObjTbl of the
   * configured source), collected in [from, until) widened by the flush
   * interval (the object cache flushes apart from the log's): query id →
   * its rows. Throws when the table cannot be read (no grant, no object
   * logging table): the caller falls back to parsing.
   */
  async objects(queryIds: readonly string[], from: Date, until: Date, slackMs: number): Promise<Map<string, DbqlObjectRow[]>> {
    const out = new Map<string, DbqlObjectRow[]>();
    const sql = this.sql.dbqlObjects(this.population.dbqlSource);
    const collected = [new Date(from.getTime() - slackMs), new Date(until.getTime() + slackMs)];
    const rows = await queryByKeys<DbqlObjectRow & { query_id: string }, string>(this.database, sql, this.sql.dbqlObjectIds, queryIds, { json: (ids) => JSON.stringify(ids), value: (id) => id }, (ids) => [...collected, ...ids]);
    for (const r of rows) {
      const list = out.get(String(r.query_id).trim()) ?? [];
      list.push(r);
      out.set(String(r.query_id).trim(), list);
    }
    return out;
  }

  /**
   * What DBQL object logging recorded for the SELECTs collected in one slice
   * (dbqlSelectObjects of the configured source), their object rows collected
   * within the slice widened by `slackMs`: query id → its rows. A row repeated
   * across queries (the same column read by many executions) is one object.
   * Throws when the table cannot be read (the caller falls back to parsing).
   */
  async sliceObjects(slice: DbqlWindow, slackMs: number): Promise<Map<string, DbqlObjectRow[]>> {
    const read = this.sql.dbqlSelectObjects(this.population.dbqlSource);
    const params = read.params({ textFrom: new Date(slice.since.getTime() - slackMs), textUntil: new Date(slice.until.getTime() + slackMs), start: slice.since, end: slice.until });
    const out = new Map<string, DbqlObjectRow[]>();
    const shared = new Map<string, DbqlObjectRow>();
    for await (const batch of this.database.stream<DbqlObjectRow & { query_id: string }>(read.sql, params)) {
      for (const r of batch) {
        const id = String(r.query_id).trim();
        const row: DbqlObjectRow = { database_name: r.database_name, table_name: r.table_name, column_name: r.column_name, object_type: r.object_type, type_of_use: r.type_of_use === null ? null : Number(r.type_of_use) };
        const key = `${row.database_name}\u0001${row.table_name}\u0001${row.column_name}\u0001${row.object_type}\u0001${row.type_of_use}`;
        let one = shared.get(key);
        if (!one) shared.set(key, (one = row));
        let list = out.get(id);
        if (!list) out.set(id, (list = []));
        list.push(one);
      }
    }
    return out;
  }

  /** A streamed read whose errors say what a DBA must grant. */
  private async *guardStream<T>(stream: AsyncGenerator<T>): AsyncGenerator<T> {
    try {
      yield* stream;
    } catch (err) {
      throw this.translate(err);
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw this.translate(err);
    }
  }

  private translate(err: unknown): unknown {
    const code = (err as { dbCode?: number }).dbCode;
    if (err instanceof DatabasePermissionError || (code !== undefined && ACCESS_CODES.has(code))) {
      return new PopulationDbqlAccessError(this.config.user, code, { cause: err, tables: dbqlTables(this.population.dbqlSource) });
    }
    return err;
  }
}

/** A log row with its SQL text rows (any order): the text joined in SqlRowNo order. */
export function toStatement(row: DbqlLogRow, texts: readonly DbqlTextRow[] | undefined): DbqlStatement {
  const sql =
    !texts || texts.length === 0
      ? null
      : texts.length === 1
        ? (texts[0].sql_text ?? '')
        : [...texts].sort((a, b) => Number(a.sql_row_no) - Number(b.sql_row_no)).map((t) => t.sql_text ?? '').join('');
  return {
    queryId: row.query_id ?? '',
    sessionId: row.session_id,
    userName: row.user_name,
    appId: row.app_id ? row.app_id.trim() : null,
    clientId: row.client_id ? row.client_id.trim() : null,
    defaultDatabase: row.default_database ? row.default_database.trim() : null,
    startTime: row.start_time,
    collectTime: row.collect_time,
    statementType: row.statement_type ? row.statement_type.trim() : null,
    errorCode: Number(row.error_code ?? 0),
    sql,
    logRows: Number(row.log_rows ?? 1),
  };
}
