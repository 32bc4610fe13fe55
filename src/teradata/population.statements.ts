import type { DbqlSource } from '../config/app-config.js';
import type { SqlValue } from './database.port.js';

/**
 * Statements of the Population module: the DBQL query log (read), run
 * records, failures, the watermark and the database run lock. One
 * implementation per dialect (`teradata/population.sql.ts`,
 * `embedded/population.sql.ts`); values are always bound as parameters.
 */
/** The bounds of one DBQL slice read: its CollectTimeStamp range, and the wider one its SQL text rows may carry. */
export interface DbqlSliceBounds {
  readonly textFrom: Date;
  readonly textUntil: Date;
  readonly start: Date;
  readonly end: Date;
}

/** A DBQL read for one source: its SQL and how to bind a slice's bounds to it. */
export interface DbqlSliceRead {
  readonly sql: string;
  readonly params: (bounds: DbqlSliceBounds) => SqlValue[];
}

/**
 * The tables each DBQL source reads (POPULATION_DBQL_SOURCE): DBC's log
 * tables, their DBC.QryLogV / QryLogSQLV views (same columns), or the PDCR
 * history copies, partitioned by LogDate, in the configured database.
 */
export function dbqlTables(source: DbqlSource): { log: string; text: string; objects: string; logDate: boolean } {
  switch (source.kind) {
    case 'dbc-views':
      return { log: 'DBC.QryLogV', text: 'DBC.QryLogSQLV', objects: 'DBC.QryLogObjectsV', logDate: false };
    case 'pdcr':
      return { log: `${source.pdcrDatabase}.DBQLogTbl_Hst`, text: `${source.pdcrDatabase}.DBQLSqlTbl_Hst`, objects: `${source.pdcrDatabase}.DBQLObjTbl_Hst`, logDate: true };
    default:
      return { log: 'DBC.DBQLogTbl', text: 'DBC.DBQLSQLTbl', objects: 'DBC.DBQLObjTbl', logDate: false };
  }
}

/** A day either side: PDCR's LogDate is the day its daily job filed a row under, which may differ from the CollectTimeStamp's UTC date. */
const DAY_MS = 86_400_000;

/** The parameters of a slice read whose range predicates come in the order text, log, tally; with LogDate bounds after each on PDCR. */
export function sliceParams(logDate: boolean): (b: DbqlSliceBounds) => SqlValue[] {
  return (b) => [...rangeParams(logDate, b.textFrom, b.textUntil), ...rangeParams(logDate, b.start, b.end), ...rangeParams(logDate, b.start, b.end)];
}

/** The parameters of a read with two range predicates, in the order text (the widened range), log: each with LogDate bounds after it on PDCR. */
export function pairParams(logDate: boolean): (b: DbqlSliceBounds) => SqlValue[] {
  return (b) => [...rangeParams(logDate, b.textFrom, b.textUntil), ...rangeParams(logDate, b.start, b.end)];
}

/**
 * dbqlSelectObjects of one source, in either dialect: `lock` heads the
 * statement (Teradata's access lock), `queryId` turns o.QueryID
 * (DECIMAL(18,0)) into text.
 */
export function selectObjectsRead(source: DbqlSource, dialect: { readonly lock: string; readonly queryId: string }): DbqlSliceRead {
  const { log, objects, logDate } = dbqlTables(source);
  const days = (alias: string) => (logDate ? ` AND ${alias}.LogDate BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)` : '');
  return {
    sql: `${dialect.lock}SELECT ${dialect.queryId} AS query_id, o.ObjectDatabaseName AS database_name, o.ObjectTableName AS table_name,
  o.ObjectColumnName AS column_name, o.ObjectType AS object_type, o.TypeOfUse AS type_of_use
FROM ${log} l
JOIN ${objects} o
  ON o.ProcID = l.ProcID AND o.QueryID = l.QueryID AND o.CollectTimeStamp >= ? AND o.CollectTimeStamp < ?${days('o')}
WHERE l.CollectTimeStamp >= ? AND l.CollectTimeStamp < ?${days('l')}
  AND l.ErrorCode = 0 AND UPPER(TRIM(COALESCE(l.StatementType, ''))) = 'SELECT'`,
    params: pairParams(logDate),
  };
}

/** The parameters of a read with one range predicate on the log (the slice's start and end), LogDate bounds after it on PDCR. */
export function logRangeParams(logDate: boolean): (b: DbqlSliceBounds) => SqlValue[] {
  return (b) => rangeParams(logDate, b.start, b.end);
}

/** One CollectTimeStamp range's parameters: [from, until), and on PDCR the LogDate days around it. */
function rangeParams(logDate: boolean, from: Date, until: Date): SqlValue[] {
  return logDate ? [from, until, new Date(from.getTime() - DAY_MS), new Date(until.getTime() + DAY_MS)] : [from, until];
}

export abstract class PopulationStatements {
  /** Earliest CollectTimeStamp of the source's log (null when it is empty). → first_collect */
  abstract readonly dbqlFirstCollect: (source: DbqlSource) => string;
  /**
   * The earliest CollectTimeStamp in [start, end) of the source's log (null
   * when none): after an empty slice the reader jumps to it instead of
   * scanning the empty stretch slice by slice (a backfill from a date long
   * before the log begins, a weekend without load). One scan of the log, as
   * a slice costs. Params: `logRangeParams` (start, end) → next_collect.
   */
  abstract readonly dbqlNextCollect: (source: DbqlSource) => DbqlSliceRead;
  /**
   * One slice of the query log: the DBQL log rows collected in
   * [sliceStart, sliceEnd) that can write lineage (ErrorCode 0, not logged
   * as a SELECT), each with its SQL text rows, in one joined read ordered by
   * (CollectTimeStamp, QueryID) (by position: the columns of a UNION) — a statement's text rows come together, the
   * reader puts them in SqlRowNo order (sorting the wide text rows by it cost
   * a fifth of the read) —, streamed; and, in the same read, one tally row
   * per kind of row it leaves in the database (failed requests, plain
   * SELECTs: about 70 % of a warehouse's log), with query_id null and their
   * number in log_rows, so a run counts every row it does not ship. The
   * window follows when DBQL collected a row, not when its query started,
   * so a long query or a row held in a cache until the next flush is read by
   * the slice that covers its CollectTimeStamp. Text rows are matched on
   * (ProcID, QueryID) within [textFrom, textUntil): the slice widened by the
   * flush interval, as the two tables' caches flush apart. Teradata reads
   * take an access lock (they never block DBQL's own writes).
   * Read from the tables of the configured source (`dbqlTables`); on PDCR
   * each range also bounds LogDate, so the read touches a few partitions.
   * With `selects` (column usage on, issue 21) the plain SELECTs are shipped
   * with their text like the others and only failed rows are tallied.
   * Params: `sliceParams` → query_id, session_id, user_name, default_database, start_time,
   * collect_time, statement_type, error_code, app_id, client_id, sql_row_no, sql_text (the last
   * two null for a row without text), log_rows (1 for a statement).
   */
  abstract readonly dbqlSlice: (source: DbqlSource, options?: { readonly selects: boolean }) => DbqlSliceRead;
  /**
   * What DBQL object logging recorded (DBQLObjTbl of the source) for the
   * SELECTs of one slice (column usage, USAGE_SOURCE auto/dbqlobj): the
   * object rows joined on (ProcID, QueryID) to the log rows collected in
   * [start, end) that are SELECTs without error, the object rows bounded to
   * [textFrom, textUntil) (the slice widened by the flush interval: the
   * object cache flushes apart from the log's). One read a slice, as the
   * slice's own read, not one per page of query ids. Teradata: an access
   * lock. Params: `pairParams` → query_id, database_name, table_name,
   * column_name (null for a table), object_type, type_of_use.
   */
  abstract readonly dbqlSelectObjects: (source: DbqlSource) => DbqlSliceRead;
  /**
   * The objects DBQL object logging recorded (DBQLObjTbl of the source) for
   * some queries of a slice (the SELECTs DBQL typed otherwise, whose text is a query) (column usage, USAGE_SOURCE auto/dbqlobj).
   * Params: collect_from, collect_until, query ids (as text: an `IN (?)`
   * list expanded by the caller, or one JSON array, see dbqlObjectIds) →
   * query_id, database_name, table_name, column_name (null for a table),
   * object_type ('Tab', 'Col', …), type_of_use (bit mask).
   */
  abstract readonly dbqlObjects: (source: DbqlSource) => string;
  /**
   * How dbqlObjects takes its query ids: `in` (an `IN (?)` list, IN_LIST_CHUNK
   * ids a read) or `json` (a page's ids in one JSON array parameter: a hash
   * semi-join, where a bound list of a thousand values is a thousand ORs).
   */
  abstract readonly dbqlObjectIds: 'in' | 'json';

  /** Params: run_id, trigger_source, method, dry_run, window_since, window_until, state, started_at, heartbeat_at, runner. */
  abstract readonly insertRun: string;
  /**
   * Progress after each batch. Params: window_since, window_until,
   * statements_read, statements_skipped, statements_parsed, statements_failed,
   * statements_timed_out, edges_written, datasets_written, heartbeat_at, message, run_id.
   */
  abstract readonly updateRunProgress: string;
  /**
   * Params: state, finished_at, heartbeat_at, statements_read, statements_skipped,
   * statements_parsed, statements_failed, statements_timed_out, edges_written,
   * datasets_written, message, run_id.
   */
  abstract readonly finishRun: string;
  /** Marks runs left 'running' with a heartbeat older than the cut-off as failed. Params: finished_at, message, heartbeat_before. */
  abstract readonly failStaleRuns: string;
  /** Runs in state 'running', oldest first (their runner is checked at start-up). */
  abstract readonly listRunningRuns: string;
  /** Marks one run still 'running' as failed. Params: finished_at, message, run_id. */
  abstract readonly interruptRun: string;
  /** Real (not dry) runs that succeeded. → n */
  abstract readonly countSucceededRuns: string;
  /** → n */
  abstract readonly countRuns: string;
  /** Newest first. Params: first_row, last_row (1-based, inclusive). */
  abstract readonly listRuns: string;
  /** Params: run_id. */
  abstract readonly getRun: string;
  /** Params: run_id, failure_no, query_id, reason_code, reason, sql_excerpt, created_at. */
  abstract readonly insertFailure: string;
  /** Params: run_id → n */
  abstract readonly countFailures: string;
  /** Params: run_id, first_row, last_row (1-based, inclusive). */
  abstract readonly listFailures: string;
  /** Params: run_id, pattern ×4 → n */
  abstract readonly countFailuresMatching: string;
  /** Params: run_id, pattern ×4, first_row, last_row. Patterns are lower-case LIKE patterns with '\' as escape. */
  abstract readonly listFailuresMatching: string;
  /** Params: run_id → reason_code, n (most frequent first). */
  abstract readonly failureReasons: string;

  /** Params: watermark_name → watermark_at */
  abstract readonly getWatermark: string;
  /** Params: watermark_name, watermark_at, updated_at (upsert). */
  abstract readonly upsertWatermark: string;

  /** Deletes an expired lock. Params: lock_name, now. */
  abstract readonly deleteExpiredLock: string;
  /** Inserts the lock row unless one exists. Params: lock_name, holder, acquired_at, expires_at, lock_name. */
  abstract readonly insertLockIfAbsent: string;
  /** Params: lock_name → holder, acquired_at, expires_at */
  abstract readonly getLock: string;
  /** Params: expires_at, lock_name, holder. */
  abstract readonly renewLock: string;
  /** Params: lock_name, holder. */
  abstract readonly releaseLock: string;
}

