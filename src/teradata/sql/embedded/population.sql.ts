import { dbqlTables, logRangeParams, type PopulationStatements, selectObjectsRead, sliceParams } from '../../population.statements.js';

/**
 * Population statements for the embedded engine (DuckDB), reading the demo
 * warehouse's DBC tables. Same shapes and parameters as the Teradata catalog.
 */
const RUN_COLUMNS =
  'run_id, trigger_source, method, dry_run, window_since, window_until, state, started_at, finished_at, heartbeat_at, ' +
  'statements_read, statements_skipped, statements_parsed, statements_failed, statements_timed_out, edges_written, datasets_written, message, runner';

const FAILURE_COLUMNS = 'run_id, failure_no, query_id, reason_code, reason, sql_excerpt, created_at';

const FAILURE_MATCH =
  "(LOWER(reason) LIKE ? ESCAPE '\\' OR LOWER(sql_excerpt) LIKE ? ESCAPE '\\' OR LOWER(reason_code) LIKE ? ESCAPE '\\' OR query_id LIKE ? ESCAPE '\\')";

export const EMBEDDED_POPULATION: PopulationStatements = {
  dbqlFirstCollect: (source) => `SELECT MIN(CollectTimeStamp) AS first_collect FROM ${dbqlTables(source).log}`,
  dbqlNextCollect: (source) => {
    const { log, logDate } = dbqlTables(source);
    return {
      sql: `SELECT MIN(l.CollectTimeStamp) AS next_collect FROM ${log} l WHERE l.CollectTimeStamp >= ? AND l.CollectTimeStamp < ?${logDate ? ' AND l.LogDate BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)' : ''}`,
      params: logRangeParams(logDate),
    };
  },
  dbqlSlice: (source, options = { selects: false }) => {
    const { log, text, logDate } = dbqlTables(source);
    const days = (alias: string) => (logDate ? ` AND ${alias}.LogDate BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)` : '');
    return {
      sql: `SELECT CAST(CAST(l.QueryID AS BIGINT) AS VARCHAR) AS query_id, CAST(CAST(l.SessionID AS BIGINT) AS VARCHAR) AS session_id, l.UserName AS user_name,
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

  dbqlSelectObjects: (source) => selectObjectsRead(source, { lock: '', queryId: 'CAST(CAST(o.QueryID AS BIGINT) AS VARCHAR)' }),
  dbqlObjects: (source) => `SELECT CAST(CAST(o.QueryID AS BIGINT) AS VARCHAR) AS query_id, o.ObjectDatabaseName AS database_name, o.ObjectTableName AS table_name,
  o.ObjectColumnName AS column_name, o.ObjectType AS object_type, o.TypeOfUse AS type_of_use
FROM ${dbqlTables(source).objects} o
WHERE o.CollectTimeStamp >= ? AND o.CollectTimeStamp < ? AND o.QueryID IN (SELECT unnest(from_json(CAST(? AS VARCHAR), '["DECIMAL(18,0)"]')))`,
  dbqlObjectIds: 'json',

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
  listRunningRuns: `SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE state = 'running' ORDER BY started_at, run_id`,
  interruptRun: "UPDATE OL_POPULATION_RUN SET state = 'failed', finished_at = ?, message = ? WHERE run_id = ? AND state = 'running'",
  countSucceededRuns: "SELECT COUNT(*) AS n FROM OL_POPULATION_RUN WHERE state = 'succeeded' AND dry_run = 'N'",
  countRuns: 'SELECT COUNT(*) AS n FROM OL_POPULATION_RUN',
  listRuns: `SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN
QUALIFY ROW_NUMBER() OVER (ORDER BY started_at DESC, run_id DESC) BETWEEN ? AND ?
ORDER BY started_at DESC, run_id DESC`,
  getRun: `SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE run_id = ?`,
  insertFailure: `INSERT INTO OL_POPULATION_FAILURE (${FAILURE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  countFailures: 'SELECT COUNT(*) AS n FROM OL_POPULATION_FAILURE WHERE run_id = ?',
  listFailures: `SELECT ${FAILURE_COLUMNS} FROM OL_POPULATION_FAILURE WHERE run_id = ?
QUALIFY ROW_NUMBER() OVER (ORDER BY failure_no) BETWEEN ? AND ?
ORDER BY failure_no`,
  countFailuresMatching: `SELECT COUNT(*) AS n FROM OL_POPULATION_FAILURE WHERE run_id = ? AND ${FAILURE_MATCH}`,
  listFailuresMatching: `SELECT ${FAILURE_COLUMNS} FROM OL_POPULATION_FAILURE WHERE run_id = ? AND ${FAILURE_MATCH}
QUALIFY ROW_NUMBER() OVER (ORDER BY failure_no) BETWEEN ? AND ?
ORDER BY failure_no`,
  failureReasons: 'SELECT reason_code, COUNT(*) AS n FROM OL_POPULATION_FAILURE WHERE run_id = ? GROUP BY reason_code ORDER BY 2 DESC, 1',

  getWatermark: 'SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = ?',
  upsertWatermark: `INSERT INTO OL_WATERMARK (watermark_name, watermark_at, updated_at) VALUES (?, ?, ?)
ON CONFLICT (watermark_name) DO UPDATE SET watermark_at = excluded.watermark_at, updated_at = excluded.updated_at`,

  deleteExpiredLock: 'DELETE FROM OL_LOCK WHERE lock_name = ? AND expires_at < ?',
  insertLockIfAbsent: `INSERT INTO OL_LOCK (lock_name, holder, acquired_at, expires_at)
SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP)
WHERE NOT EXISTS (SELECT 1 FROM OL_LOCK WHERE lock_name = ?)`,
  getLock: 'SELECT holder, acquired_at, expires_at FROM OL_LOCK WHERE lock_name = ?',
  renewLock: 'UPDATE OL_LOCK SET expires_at = ? WHERE lock_name = ? AND holder = ?',
  releaseLock: 'DELETE FROM OL_LOCK WHERE lock_name = ? AND holder = ?',
};
