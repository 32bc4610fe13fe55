import type { IngestionStatements } from '../../ingestion.statements.js';

/**
 * OpenLineage ingestion's own statements in Teradata SQL; its upserts are the
 * OL_* store's (`ol-store.sql.ts`). Its read takes an ACCESS lock: a run row
 * looked up while a writer holds OL_RUN does not wait for it (a run written
 * twice is an idempotent upsert).
 */
export const TERADATA_INGESTION: IngestionStatements = {
  completeField:
    'UPDATE OL_DATASET_FIELD SET field_type = ?, field_description = ?, ordinal_position = ? WHERE field_id = ? AND field_type IS NULL AND ordinal_position IS NULL',
  advanceRun:
    'UPDATE OL_RUN SET event_type = ?, event_time = ?, nominal_start_time = COALESCE(CAST(? AS TIMESTAMP(6)), nominal_start_time), ' +
    'nominal_end_time = COALESCE(CAST(? AS TIMESTAMP(6)), nominal_end_time), producer = ?, schema_url = ? ' +
    "WHERE run_id = ? AND event_time <= ? AND (event_type NOT IN ('COMPLETE', 'FAIL', 'ABORT') OR CAST(? AS VARCHAR(20)) IN ('COMPLETE', 'FAIL', 'ABORT'))",
  eventsByKey: 'LOCKING ROW FOR ACCESS SELECT event_id FROM OL_EVENT WHERE event_key IN (?)',
  insertEvent:
    'INSERT INTO OL_EVENT (event_key, event_id, event_kind, event_type, event_time, run_id, job_id, producer, payload, payload_chars, normalised, received_at) ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  runsById: 'LOCKING ROW FOR ACCESS SELECT run_id, event_type, event_time FROM OL_RUN WHERE run_id IN (?)',
  namespacesById: 'LOCKING ROW FOR ACCESS SELECT namespace_id FROM OL_NAMESPACE WHERE namespace_id IN (?)',
  datasetsById: 'LOCKING ROW FOR ACCESS SELECT dataset_id FROM OL_DATASET WHERE dataset_id IN (?)',
  fieldsById: 'LOCKING ROW FOR ACCESS SELECT field_id FROM OL_DATASET_FIELD WHERE field_id IN (?)',
  jobsById: 'LOCKING ROW FOR ACCESS SELECT job_id FROM OL_JOB WHERE job_id IN (?)',
  runInputsOf: 'LOCKING ROW FOR ACCESS SELECT run_id, dataset_id FROM OL_RUN_INPUT WHERE run_id IN (?)',
  runOutputsOf: 'LOCKING ROW FOR ACCESS SELECT run_id, dataset_id FROM OL_RUN_OUTPUT WHERE run_id IN (?)',
};
