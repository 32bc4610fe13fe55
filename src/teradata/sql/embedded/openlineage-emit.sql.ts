import { EMIT_RUN_PAGE, EMIT_STATEMENT_PAGE, type OpenLineageEmitStatements } from '../../openlineage-emit.statements.js';

const RUN_COLUMNS = 'run_id, method, trigger_source, state, started_at, finished_at, message';
const FINISHED = "dry_run = 'N' AND finished_at IS NOT NULL AND state IN ('succeeded', 'failed', 'cancelled')";
const DATASET_SIDE = (table: string) => `SELECT l.run_id, COALESCE(n.namespace_uri, d.namespace_id) AS namespace, d.name
FROM ${table} l
JOIN OL_DATASET d ON d.dataset_id = l.dataset_id
LEFT JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE l.run_id IN (?)`;

/** OpenLineage emission's reads for the embedded engine (DuckDB); same shapes and parameters as the Teradata catalog. */
export const EMBEDDED_OPENLINEAGE_EMIT: OpenLineageEmitStatements = {
  finishedRunsFrom: `SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE ${FINISHED} AND finished_at >= ? ORDER BY finished_at, run_id LIMIT ${EMIT_RUN_PAGE}`,
  countFinishedRunsAfter: `SELECT COUNT(*) AS pending FROM OL_POPULATION_RUN WHERE ${FINISHED} AND finished_at > ?`,
  finishedRunsStartedBetween: `SELECT ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE ${FINISHED} AND started_at >= ? AND started_at < ?
  AND (started_at > ? OR (started_at = ? AND run_id > ?)) ORDER BY started_at, run_id LIMIT ${EMIT_RUN_PAGE}`,
  statementRunsPage: `SELECT r.run_id, r.event_type, r.event_time, r.created_at, r.producer, j.name AS job_name, j.description AS job_description, j.job_type,
  COALESCE(n.namespace_uri, j.namespace_id) AS job_namespace
FROM OL_RUN r
JOIN OL_JOB j ON j.job_id = r.job_id
LEFT JOIN OL_NAMESPACE n ON n.namespace_id = j.namespace_id
WHERE r.producer LIKE ? AND r.created_at >= ? AND r.created_at <= ?
  AND (r.created_at > ? OR (r.created_at = ? AND r.run_id > ?))
ORDER BY r.created_at, r.run_id
LIMIT ${EMIT_STATEMENT_PAGE}`,
  runInputs: DATASET_SIDE('OL_RUN_INPUT'),
  runOutputs: DATASET_SIDE('OL_RUN_OUTPUT'),
  edgesOfRuns: `SELECT e.run_id, COALESCE(sn.namespace_uri, e.source_namespace) AS source_namespace, e.source_dataset, e.source_field,
  COALESCE(tn.namespace_uri, e.target_namespace) AS target_namespace, e.target_dataset, e.target_field,
  e.transformation_type, e.transformation_subtype, e.transformation_description, e.masking
FROM OL_COLUMN_LINEAGE e
LEFT JOIN OL_NAMESPACE sn ON sn.namespace_id = e.source_namespace
LEFT JOIN OL_NAMESPACE tn ON tn.namespace_id = e.target_namespace
WHERE e.is_active = 'Y' AND e.run_id IN (?)`,
  getCursor: 'SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = ?',
  setCursor: `INSERT INTO OL_WATERMARK (watermark_name, watermark_at, updated_at) VALUES (?, ?, ?)
ON CONFLICT (watermark_name) DO UPDATE SET watermark_at = excluded.watermark_at, updated_at = excluded.updated_at`,
};
