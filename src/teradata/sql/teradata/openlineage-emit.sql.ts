import { EMIT_RUN_PAGE, EMIT_STATEMENT_PAGE, type OpenLineageEmitStatements } from '../../openlineage-emit.statements.js';

const RUN_COLUMNS = 'run_id, method, trigger_source, state, started_at, finished_at, message';
const FINISHED = "dry_run = 'N' AND finished_at IS NOT NULL AND state IN ('succeeded', 'failed', 'cancelled')";
const DATASET_SIDE = (table: string) => `LOCKING ROW FOR ACCESS
SELECT l.run_id, COALESCE(n.namespace_uri, d.namespace_id) AS namespace, d.name
FROM ${table} l
JOIN OL_DATASET d ON d.dataset_id = l.dataset_id
LEFT JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE l.run_id IN (?)`;

/**
 * OpenLineage emission's reads in Teradata SQL. Every read takes an ACCESS
 * lock: the sender never waits for a population batch that holds the
 * tables (it reads committed runs only: a run is sent once it finished).
 */
export const TERADATA_OPENLINEAGE_EMIT: OpenLineageEmitStatements = {
  finishedRunsFrom: `LOCKING ROW FOR ACCESS
SELECT TOP ${EMIT_RUN_PAGE} ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE ${FINISHED} AND finished_at >= CAST(? AS TIMESTAMP(6)) ORDER BY finished_at, run_id`,
  countFinishedRunsAfter: `LOCKING ROW FOR ACCESS
SELECT COUNT(*) AS pending FROM OL_POPULATION_RUN WHERE ${FINISHED} AND finished_at > CAST(? AS TIMESTAMP(6))`,
  finishedRunsStartedBetween: `LOCKING ROW FOR ACCESS
SELECT TOP ${EMIT_RUN_PAGE} ${RUN_COLUMNS} FROM OL_POPULATION_RUN WHERE ${FINISHED} AND started_at >= CAST(? AS TIMESTAMP(6)) AND started_at < CAST(? AS TIMESTAMP(6))
  AND (started_at > CAST(? AS TIMESTAMP(6)) OR (started_at = CAST(? AS TIMESTAMP(6)) AND run_id > ?)) ORDER BY started_at, run_id`,
  statementRunsPage: `LOCKING ROW FOR ACCESS
SELECT TOP ${EMIT_STATEMENT_PAGE} r.run_id, r.event_type, r.event_time, r.created_at, r.producer, j.name AS job_name, j.description AS job_description, j.job_type,
  COALESCE(n.namespace_uri, j.namespace_id) AS job_namespace
FROM OL_RUN r
JOIN OL_JOB j ON j.job_id = r.job_id
LEFT JOIN OL_NAMESPACE n ON n.namespace_id = j.namespace_id
WHERE r.producer LIKE ? AND r.created_at >= CAST(? AS TIMESTAMP(0)) AND r.created_at <= CAST(? AS TIMESTAMP(0))
  AND (r.created_at > CAST(? AS TIMESTAMP(0)) OR (r.created_at = CAST(? AS TIMESTAMP(0)) AND r.run_id > ?))
ORDER BY r.created_at, r.run_id`,
  runInputs: DATASET_SIDE('OL_RUN_INPUT'),
  runOutputs: DATASET_SIDE('OL_RUN_OUTPUT'),
  edgesOfRuns: `LOCKING ROW FOR ACCESS
SELECT e.run_id, COALESCE(sn.namespace_uri, e.source_namespace) AS source_namespace, e.source_dataset, e.source_field,
  COALESCE(tn.namespace_uri, e.target_namespace) AS target_namespace, e.target_dataset, e.target_field,
  e.transformation_type, e.transformation_subtype, e.transformation_description, e.masking
FROM OL_COLUMN_LINEAGE e
LEFT JOIN OL_NAMESPACE sn ON sn.namespace_id = e.source_namespace
LEFT JOIN OL_NAMESPACE tn ON tn.namespace_id = e.target_namespace
WHERE e.is_active = 'Y' AND e.run_id IN (?)`,
  getCursor: 'LOCKING ROW FOR ACCESS SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = ?',
  setCursor: `MERGE INTO OL_WATERMARK AS t
USING (SELECT CAST(? AS VARCHAR(64)) AS watermark_name, CAST(? AS TIMESTAMP(6)) AS watermark_at, CAST(? AS TIMESTAMP(0)) AS updated_at) AS s
ON t.watermark_name = s.watermark_name
WHEN MATCHED THEN UPDATE SET watermark_at = s.watermark_at, updated_at = s.updated_at
WHEN NOT MATCHED THEN INSERT (watermark_name, watermark_at, updated_at) VALUES (s.watermark_name, s.watermark_at, s.updated_at)`,
};
