import type { IngestionStatements } from '../../ingestion.statements.js';

/** OpenLineage ingestion's own statements on the embedded engine (DuckDB); its upserts are the OL_* store's. */
export const EMBEDDED_INGESTION: IngestionStatements = {
  completeField:
    'UPDATE OL_DATASET_FIELD SET field_type = ?, field_description = ?, ordinal_position = ? WHERE field_id = ? AND field_type IS NULL AND ordinal_position IS NULL',
  advanceRun:
    'UPDATE OL_RUN SET event_type = ?, event_time = ?, nominal_start_time = COALESCE(CAST(? AS TIMESTAMP), nominal_start_time), ' +
    'nominal_end_time = COALESCE(CAST(? AS TIMESTAMP), nominal_end_time), producer = ?, schema_url = ? ' +
    "WHERE run_id = ? AND event_time <= ? AND (event_type NOT IN ('COMPLETE', 'FAIL', 'ABORT') OR CAST(? AS VARCHAR(20)) IN ('COMPLETE', 'FAIL', 'ABORT'))",
  storedKeys: `SELECT 'F' AS kind, field_id AS k1, dataset_id AS k2 FROM OL_DATASET_FIELD WHERE field_id IN (?)
UNION ALL SELECT 'E', event_id, NULL FROM OL_EVENT WHERE event_key IN (?)
UNION ALL SELECT 'R', run_id, NULL FROM OL_RUN WHERE run_id IN (?)
UNION ALL SELECT 'N', namespace_id, NULL FROM OL_NAMESPACE WHERE namespace_id IN (?)
UNION ALL SELECT 'D', dataset_id, NULL FROM OL_DATASET WHERE dataset_id IN (?)
UNION ALL SELECT 'J', job_id, NULL FROM OL_JOB WHERE job_id IN (?)
UNION ALL SELECT 'I', run_id, dataset_id FROM OL_RUN_INPUT WHERE run_id IN (?)
UNION ALL SELECT 'O', run_id, dataset_id FROM OL_RUN_OUTPUT WHERE run_id IN (?)
UNION ALL SELECT 'L', lineage_id, is_active FROM OL_COLUMN_LINEAGE WHERE lineage_id IN (?)`,
  insertEvent:
    'INSERT INTO OL_EVENT (event_key, event_id, event_kind, event_type, event_time, run_id, job_id, producer, payload, payload_chars, normalised, received_at) ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
};
