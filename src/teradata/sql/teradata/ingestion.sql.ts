import { type IngestionStatements, STORED_KEYS } from '../../ingestion.statements.js';

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
  storedKeys: `LOCKING ROW FOR ACCESS ${STORED_KEYS}`,
  insertEvent: {
    kind: 'rows',
    sql:
      'INSERT INTO OL_EVENT (event_key, event_id, event_kind, event_type, event_time, run_id, job_id, producer, payload, payload_chars, normalised, received_at) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  },
};
