import { type IngestionStatements, STORED_KEYS } from '../../ingestion.statements.js';
import { jsonInsert } from './ol-store.sql.js';

const TS = 'TIMESTAMP';
/** OL_EVENT has no key to conflict on (OL_EVENT_KEY is an index): a plain insert of the JSON rows, as the other OL_* inserts. */
const INSERT_EVENT = jsonInsert('OL_EVENT', [
  ['event_key'], ['event_id'], ['event_kind'], ['event_type'], ['event_time', TS], ['run_id'], ['job_id'], ['producer'], ['payload'], ['payload_chars', 'INTEGER'], ['normalised'], ['received_at', TS],
]);

/** OpenLineage ingestion's own statements on the embedded engine (DuckDB); its upserts are the OL_* store's. */
export const EMBEDDED_INGESTION: IngestionStatements = {
  completeField:
    'UPDATE OL_DATASET_FIELD SET field_type = ?, field_description = ?, ordinal_position = ? WHERE field_id = ? AND field_type IS NULL AND ordinal_position IS NULL',
  advanceRun:
    'UPDATE OL_RUN SET event_type = ?, event_time = ?, nominal_start_time = COALESCE(CAST(? AS TIMESTAMP), nominal_start_time), ' +
    'nominal_end_time = COALESCE(CAST(? AS TIMESTAMP), nominal_end_time), producer = ?, schema_url = ? ' +
    "WHERE run_id = ? AND event_time <= ? AND (event_type NOT IN ('COMPLETE', 'FAIL', 'ABORT') OR CAST(? AS VARCHAR(20)) IN ('COMPLETE', 'FAIL', 'ABORT'))",
  storedKeys: STORED_KEYS,
  insertEvent: { kind: 'json', sql: INSERT_EVENT },
};
