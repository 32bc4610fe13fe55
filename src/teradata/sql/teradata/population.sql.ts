import { dbqlTables, logRangeParams, type PopulationStatements, selectObjectsRead, sliceParams } from '../../population.statements.js';

/**
 * Population statements in Teradata SQL. DBQL is read in CollectTimeStamp
 * slices, log and SQL text joined, under an access lock; QueryID is
 * DECIMAL(18,0) and travels as text (it exceeds 2^53).
 *
 * The run history the API and the admin pages read takes an ACCESS lock.
 * The watermark and the run lock do not: a run decides from them where to
 * start and whether it may run, so they must be committed values (each is
 * one row read by its primary index, a row-hash READ lock held for the
 * request only).
 */
const RUN_COLUMNS =
  'run_id, trigger_source, method, dry_run, window_since, window_until, state, started_at, finished_at, heartbeat_at, ' +
  'statements_read, statements_skipped, statements_parsed, statements_failed, statements_timed_out, edges_written, datasets_written, message, runner';

const FAILURE_COLUMNS = 'run_id, failure_no, query_id, reason_code, reason, sql_excerpt, created_at';

const FAILURE_MATCH =
  "(LOWER(reason) LIKE ? ESCAPE '\\' OR LOWER(sql_excerpt) LIKE ? ESCAPE '\\' OR LOWER(reason_code) LIKE ? ESCAPE '\\' OR query_id LIKE ? ESCAPE '\\')";

export const TERADATA_POPULATION: PopulationStatements = {
  dbqlFirstCollect: (source) => `LOCKING ROW FOR ACCESS SELECT MIN(CollectTimeStamp) AS first_collect FROM ${dbqlTables(source).log}`,
  dbqlNextCollect: (source) => {
    const { log, logDate } = dbqlTables(source);
    return {
      sql: `LOCKING ROW FOR ACCESS SELECT MIN(l.CollectTimeStamp) AS next_collect FROM ${log} l WHERE l.CollectTimeStamp >= ? AND l.CollectTimeStamp < ?${logDate ? ' AND l.LogDate BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)' : ''}`,
      params: logRangeParams(logDate),
    };
  },
  dbqlSlice: (source, options = { selects: false }) => {
    const { log, text, logDate } = dbqlTables(source);
    const days = (alias: string) => (logDate ? ` AND ${alias}.LogDate BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)` : '');
    return {
      sql: `LOCKING ROW FOR ACCESS
SELECT TRIM(CAST(CAST(l.QueryID AS BIGINT) AS VARCHAR(20))) AS query_id, TRIM(CAST(CAST(l.SessionID AS BIGINT) AS VARCHAR(20))) AS session_id, l.UserName AS user_name,
  l.DefaultDatabase AS default_database, l.StartTime AS start_time, l.CollectTimeStamp AS collect_time, l.StatementType AS statement_type, l.ErrorCode AS error_code,
  l.AppID AS app_id, l.ClientID AS client_id, s.SqlRowNo AS sql_row_no, s.SqlTextInfo AS sql_text, CAST(1 AS BIGINT) AS log_rows
FROM ${log} l
LEFT JOIN ${text} s
  ON s.ProcID = l.ProcID AND s.QueryID = l.QueryID AND s.CollectTimeStamp >= ? AND s.CollectTimeStamp < ?${days('s')}
WHERE l.CollectTimeStamp >= ? AND l.CollectTimeStamp < ?${days('l')}
  AND l.ErrorCode = 0${options.selects ? '' : " AND UPPER(TRIM(COALESCE(l.StatementType, ''))) <> 'SELECT'"}
UNION ALL
SELECT NULL, NULL, NULL, NULL, MIN(l.StartTime), MAX(l.CollectTimeStamp), MIN(l.StatementType), MAX(l.ErrorCode), NULL, NULL, NULL, NULL, CAST(COUNT(*) AS BIGINT)
FROM ${log} l
WHERE l.CollectTimeStamp >= ? AND l.CollectTimeStamp < ?${days('l')}
  AND ${options.selects ? 'l.ErrorCode <> 0' : "(l.ErrorCode <> 0 OR UPPER(TRIM(COALESCE(l.StatementType, ''))) = 'SELECT')"}
GROUP BY CASE WHEN l.ErrorCode <> 0 THEN 1 ELSE 0 END
ORDER BY 6, 1`,
      params: sliceParams(logDate),
    };
  },

  dbqlSelectObjects: (source) => selectObjectsRead(source, { lock: 'LOCKING ROW FOR ACCESS\n', queryId: 'TRIM(CAST(CAST(o.QueryID AS BIGINT) AS VARCHAR(20)))' }),
  dbqlObjects: (source) => `LOCKING ROW FOR ACCESS
SELECT TRIM(CAST(CAST(o.QueryID AS BIGINT) AS VARCHAR(20))) AS query_id, o.ObjectDatabaseName AS database_name, o.ObjectTableName AS table_name,
  o.ObjectColumnName AS column_name, o.ObjectType AS object_type, o.TypeOfUse AS type_of_use
FROM ${dbqlTables(source).objects} o
WHERE o.CollectTimeStamp >= ? AND o.CollectTimeStamp < ? AND o.QueryID IN (?)`,
  dbqlObjectIds: 'in',

  insertRun: `INSERT INTO OL_POPULATION_RUN (run_id, trigger_source, method, dry_run, window_since, window_until, state, started_at, heartbeat_at, runner,
  statements_read, statements_skipped, statements_parsed, statements_failed, statements_timed_out, edges_written, datasets_written)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0)`,
  updateRunProgress: `UPDATE OL_POPULATION_RUN SET window_since = ?, window_until = ?, statements_read = ?, statements_skipped = ?, statements_parsed = ?,
  statements_failed = ?, statements_timed_out = ?, edges_written = ?, datasets_written = ?, heartbeat_at = ?, message = ?
WHERE run_id = ?`,
  finishRun: `UPDATE OL_POPULATION_RUN SET state = ?, finished_at = ?, heartbeat_at = ?, statements_read = ?, statements_skipped = ?, statements_parsed = ?,
  statements_failed = ?, statements_timed_out = ?, edges_written = ?, datasets_written = ?, message = ?
WHERE run_id = ?`,
  failStaleRuns: "UPDATE OL_POPULATION_RUN SET state = 'failed', finished_at = ?, message = ? WHERE state = 'running' AND heartbeat_at < ?",
  // committed rows on purpose (no ACCESS lock): the runs it lists may be marked interrupted
  listRunningRuns: `SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE state = 'running' ORDER BY started_at, run_id`,
  interruptRun: "UPDATE OL_POPULATION_RUN SET state = 'failed', finished_at = ?, message = ? WHERE run_id = ? AND state = 'running'",
  countSucceededRuns: "LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_POPULATION_RUN WHERE state = 'succeeded' AND dry_run = 'N'",
  countRuns: 'LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_POPULATION_RUN',
  listRuns: `LOCKING ROW FOR ACCESS
SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN
QUALIFY ROW_NUMBER() OVER (ORDER BY started_at DESC, run_id DESC) BETWEEN ? AND ?
ORDER BY started_at DESC, run_id DESC`,
  getRun: `LOCKING ROW FOR ACCESS
SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE run_id = ?`,
  insertFailure: `INSERT INTO OL_POPULATION_FAILURE (${FAILURE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  countFailures: 'LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_POPULATION_FAILURE WHERE run_id = ?',
  listFailures: `LOCKING ROW FOR ACCESS
SELECT ${FAILURE_COLUMNS} FROM OL_POPULATION_FAILURE WHERE run_id = ?
QUALIFY ROW_NUMBER() OVER (ORDER BY failure_no) BETWEEN ? AND ?
ORDER BY failure_no`,
  countFailuresMatching: `LOCKING ROW FOR ACCESS
SELECT COUNT(*) AS n FROM OL_POPULATION_FAILURE WHERE run_id = ? AND ${FAILURE_MATCH}`,
  listFailuresMatching: `LOCKING ROW FOR ACCESS
SELECT ${FAILURE_COLUMNS} FROM OL_POPULATION_FAILURE WHERE run_id = ? AND ${FAILURE_MATCH}
QUALIFY ROW_NUMBER() OVER (ORDER BY failure_no) BETWEEN ? AND ?
ORDER BY failure_no`,
  failureReasons: 'LOCKING ROW FOR ACCESS SELECT reason_code, COUNT(*) AS n FROM OL_POPULATION_FAILURE WHERE run_id = ? GROUP BY reason_code ORDER BY 2 DESC, 1',

  getWatermark: 'SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = ?',
  upsertWatermark: `MERGE INTO OL_WATERMARK AS t
USING (SELECT CAST(? AS VARCHAR(64)) AS watermark_name, CAST(? AS TIMESTAMP(6)) AS watermark_at, CAST(? AS TIMESTAMP(0)) AS updated_at) AS s
ON t.watermark_name = s.watermark_name
WHEN MATCHED THEN UPDATE SET watermark_at = s.watermark_at, updated_at = s.updated_at
WHEN NOT MATCHED THEN INSERT (watermark_name, watermark_at, updated_at) VALUES (s.watermark_name, s.watermark_at, s.updated_at)`,

  deleteExpiredLock: 'DELETE FROM OL_LOCK WHERE lock_name = ? AND expires_at < ?',
  insertLockIfAbsent: `INSERT INTO OL_LOCK (lock_name, holder, acquired_at, expires_at)
SELECT CAST(? AS VARCHAR(64)) AS lock_name, CAST(? AS VARCHAR(256) CHARACTER SET UNICODE) AS holder, CAST(? AS TIMESTAMP(6)) AS acquired_at,
  CAST(? AS TIMESTAMP(6)) AS expires_at
WHERE NOT EXISTS (SELECT 1 FROM OL_LOCK WHERE lock_name = ?)`,
  getLock: 'SELECT holder, acquired_at, expires_at FROM OL_LOCK WHERE lock_name = ?',
  renewLock: 'UPDATE OL_LOCK SET expires_at = ? WHERE lock_name = ? AND holder = ?',
  releaseLock: 'DELETE FROM OL_LOCK WHERE lock_name = ? AND holder = ?',
};
