import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePermissionError } from '../teradata/database.errors.js';
import { DatabasePort, expandInList } from '../teradata/database.port.js';
import { PopulationStatements } from '../teradata/population.statements.js';
import { PopulationDbqlAccessError } from './population.errors.js';

/** One executed request from the query log, its SQL reassembled. */
export interface DbqlStatement {
  readonly queryId: string;
  readonly sessionId: string | null;
  readonly userName: string | null;
  readonly defaultDatabase: string | null;
  readonly startTime: Date;
  /** When DBQL collected the row (its cache buffer's time; the row is written at the next flush). The window follows this. */
  readonly collectTime: Date;
  readonly statementType: string | null;
  readonly errorCode: number;
  /** Null when not read (failed or plain SELECT statements) or not logged (DBQL SQL logging off). */
  readonly sql: string | null;
}

export interface DbqlWindow {
  readonly since: Date;
  readonly until: Date;
}

/** Teradata: 3523 no SELECT right on the object, 3524 no right on the database, 3802 database missing, 3807 object missing. */
const ACCESS_CODES = new Set([3523, 3524]);

export type DbqlLogRow = {
  query_id: string;
  session_id: string | null;
  user_name: string | null;
  default_database: string | null;
  start_time: Date;
  collect_time: Date;
  statement_type: string | null;
  error_code: number | null;
};

export type DbqlTextRow = {
  query_id: string;
  sql_row_no: number;
  sql_text: string | null;
};

/** Query ids per SQL text read (an IN list well under both engines' limits). */
const TEXT_IDS_PER_QUERY = 500;

/** Reads the DBQL query log (DBC.DBQLogTbl + DBC.DBQLSQLTbl) in keyset-paginated pages. */
@Injectable()
export class DbqlRepository {

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(PopulationStatements) private readonly sql: PopulationStatements,
    @Inject(DatabaseConfig) private readonly config: DatabaseConfig,
  ) {}

  /** Earliest CollectTimeStamp in the log, or null when it is empty. */
  async firstCollect(): Promise<Date | null> {
    const rows = await this.guard(() => this.database.query<{ first_collect: Date | null }>(this.sql.dbqlFirstCollect));
    return rows[0]?.first_collect ?? null;
  }

  /**
   * Pages of statements DBQL logged in [since, until), ordered by
   * (CollectTimeStamp, QueryID); SQL text split over several rows is joined
   * in SqlRowNo order. `textSlackMs`: how far before a page's earliest
   * CollectTimeStamp its text rows may have been collected (the two tables'
   * caches flush apart). Memory stays bounded by the page size whatever the
   * window.
   */
  async *pages(window: DbqlWindow, pageSize: number, textSlackMs = 0): AsyncGenerator<DbqlStatement[]> {
    let afterTime = window.since;
    let afterId = '-1';
    for (;;) {
      const rows = await this.guard(() =>
        this.database.query<DbqlLogRow>(this.sql.dbqlPage, [window.since, window.until, afterTime, afterTime, afterId, pageSize]),
      );
      if (rows.length > 0) yield await this.withText(rows, textSlackMs);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      afterTime = last.collect_time;
      afterId = last.query_id;
    }
  }

  /** Reads the SQL text of the page's statements that can write lineage (not failed, not logged as Select). */
  private async withText(rows: readonly DbqlLogRow[], textSlackMs: number): Promise<DbqlStatement[]> {
    const wanted = rows.filter((r) => Number(r.error_code ?? 0) === 0 && (r.statement_type ?? '').trim().toLowerCase() !== 'select');
    const pieces = new Map<string, DbqlTextRow[]>();
    if (wanted.length > 0) {
      const first = wanted.reduce((min, r) => (r.collect_time < min ? r.collect_time : min), wanted[0].collect_time);
      const earliest = new Date(first.getTime() - textSlackMs);
      for (let i = 0; i < wanted.length; i += TEXT_IDS_PER_QUERY) {
        const ids = wanted.slice(i, i + TEXT_IDS_PER_QUERY).map((r) => BigInt(r.query_id));
        const texts = await this.guard(() => this.database.query<DbqlTextRow>(expandInList(this.sql.dbqlSqlText, ids.length), [earliest, ...ids]));
        for (const t of texts) {
          const list = pieces.get(t.query_id);
          if (list) list.push(t);
          else pieces.set(t.query_id, [t]);
        }
      }
    }
    return rows.map((r) => toStatement(r, pieces.get(r.query_id)));
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const code = (err as { dbCode?: number }).dbCode;
      if (err instanceof DatabasePermissionError || (code !== undefined && ACCESS_CODES.has(code))) {
        throw new PopulationDbqlAccessError(this.config.user, code, { cause: err });
      }
      throw err;
    }
  }
}

/** A log row with its SQL text rows (any order): the text joined in SqlRowNo order. */
export function toStatement(row: DbqlLogRow, texts: readonly DbqlTextRow[] | undefined): DbqlStatement {
  const sql = texts && texts.length > 0 ? [...texts].sort((a, b) => Number(a.sql_row_no) - Number(b.sql_row_no)).map((t) => t.sql_text ?? '').join('') : null;
  return {
    queryId: row.query_id,
    sessionId: row.session_id,
    userName: row.user_name,
    defaultDatabase: row.default_database ? row.default_database.trim() : null,
    startTime: row.start_time,
    collectTime: row.collect_time,
    statementType: row.statement_type ? row.statement_type.trim() : null,
    errorCode: Number(row.error_code ?? 0),
    sql,
  };
}
