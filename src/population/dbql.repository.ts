import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePermissionError } from '../teradata/database.errors.js';
import { DatabasePort } from '../teradata/database.port.js';
import { EMBEDDED_POPULATION } from '../teradata/sql/embedded/population.sql.js';
import { forDialect } from '../teradata/sql/for-dialect.js';
import type { PopulationStatements } from '../teradata/sql/population.statements.js';
import { TERADATA_POPULATION } from '../teradata/sql/teradata/population.sql.js';
import { PopulationDbqlAccessError } from './population.errors.js';

/** One executed request from the query log, its SQL reassembled. */
export interface DbqlStatement {
  readonly queryId: string;
  readonly sessionId: string | null;
  readonly userName: string | null;
  readonly defaultDatabase: string | null;
  readonly startTime: Date;
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

export type DbqlRow = {
  query_id: string;
  session_id: string | null;
  user_name: string | null;
  default_database: string | null;
  start_time: Date;
  statement_type: string | null;
  error_code: number | null;
  sql_row_no: number | null;
  sql_text: string | null;
};

/** Reads the DBQL query log (DBC.DBQLogTbl + DBC.DBQLSQLTbl) in keyset-paginated pages. */
@Injectable()
export class DbqlRepository {
  private readonly sql: PopulationStatements;

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(DatabaseConfig) private readonly config: DatabaseConfig,
  ) {
    this.sql = forDialect(database, { teradata: TERADATA_POPULATION, embedded: EMBEDDED_POPULATION });
  }

  /** Earliest StartTime in the log, or null when it is empty. */
  async firstStartTime(): Promise<Date | null> {
    const rows = await this.guard(() => this.database.query<{ first_start: Date | null }>(this.sql.dbqlFirstStartTime));
    return rows[0]?.first_start ?? null;
  }

  /**
   * Pages of statements in [since, until), ordered by (StartTime, QueryID);
   * SQL text split over several rows is joined in SqlRowNo order. Memory
   * stays bounded by the page size whatever the window.
   */
  async *pages(window: DbqlWindow, pageSize: number): AsyncGenerator<DbqlStatement[]> {
    let afterTime = window.since;
    let afterId = '-1';
    for (;;) {
      const rows = await this.guard(() =>
        this.database.query<DbqlRow>(this.sql.dbqlPage, [window.since, window.until, afterTime, afterTime, afterId, pageSize]),
      );
      const page = reassemble(rows);
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      const last = page[page.length - 1];
      afterTime = last.startTime;
      afterId = last.queryId;
    }
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

/** Groups rows (ordered by StartTime, QueryID, SqlRowNo) into statements, concatenating SQL pieces. */
export function reassemble(rows: readonly DbqlRow[]): DbqlStatement[] {
  const out: DbqlStatement[] = [];
  let current: DbqlRow | null = null;
  let pieces: string[] = [];
  const flush = (): void => {
    if (!current) return;
    out.push({
      queryId: current.query_id,
      sessionId: current.session_id,
      userName: current.user_name,
      defaultDatabase: current.default_database ? current.default_database.trim() : null,
      startTime: current.start_time,
      statementType: current.statement_type ? current.statement_type.trim() : null,
      errorCode: Number(current.error_code ?? 0),
      sql: pieces.length > 0 ? pieces.join('') : null,
    });
  };
  for (const row of rows) {
    if (!current || row.query_id !== current.query_id) {
      flush();
      current = row;
      pieces = [];
    }
    if (row.sql_text !== null && row.sql_text !== undefined) pieces.push(row.sql_text);
  }
  flush();
  return out;
}
