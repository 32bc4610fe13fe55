import type { BulkInsert } from './ol-store.statements.js';

/**
 * Statements of OpenLineage ingestion (POST /api/v1/lineage) beyond the
 * OL_* upserts it shares with population (`ol-store.statements.ts`): keeping
 * events as received, completing a field's facts, moving a run to a later event. One
 * implementation per dialect: `teradata/ingestion.sql.ts`,
 * `embedded/ingestion.sql.ts`. Parameters are positional `?`.
 */
export abstract class IngestionStatements {
  /**
   * Fills in the facts of a field first seen without them (only in column
   * lineage). Params: field_type, field_description, ordinal_position, field_id.
   */
  abstract readonly completeField: string;
  /**
   * Moves a run to a later event (START → COMPLETE); an older event leaves
   * it, and so does a later START, RUNNING or OTHER once the run has ended
   * (COMPLETE, FAIL, ABORT: OTHER events add facts after the end).
   * Params: event_type, event_time, nominal_start_time, nominal_end_time, producer, schema_url, run_id, event_time (the same), event_type (the same).
   */
  abstract readonly advanceRun: string;
  /**
   * Everything a group of events (a group commit) needs to know of the store
   * before it writes, in one statement (one round trip): `kind` F: a field
   * (k1 = field_id, k2 = dataset_id); E: an event stored (k1 = event_id); R:
   * a run (k1 = run_id, k2 = its job_id); N, D, J: a namespace, dataset, job (k1 = its id);
   * I, O: a run's input or output link (k1 = run_id, k2 = dataset_id); L: a
   * column edge (k1 = lineage_id, k2 = is_active, k3 = the run that first
   * wrote it). F, D and L rows carry their interval too (valid_from,
   * valid_to, opened_by, closed_by; ADR 0024). The
   * field branch comes first: Teradata gives a UNION the types of its first
   * SELECT, and field_id (VARCHAR(512) UNICODE), dataset_id (VARCHAR(256)
   * UNICODE) and opened_by (VARCHAR(64) UNICODE, standing in for k3) hold
   * every other branch's values. Params, each an `IN (?)` list
   * in this order (queryInLists): field ids, event keys, run ids, namespace
   * ids, dataset ids, job ids, run ids (inputs), run ids (outputs), lineage ids.
   */
  abstract readonly storedKeys: string;
  /**
   * Keeps events as received, a group's in one go (OlStoreWriter.insertRows:
   * one JSON text on the embedded engine, which holds the NULLs a VALUES
   * list would bind as untyped parameters; a driver batch on Teradata).
   * Row values: event_key, event_id, event_kind, event_type, event_time, run_id, job_id, producer, payload, payload_chars, normalised, received_at.
   */
  abstract readonly insertEvent: Extract<BulkInsert, { kind: 'json' | 'rows' }>;
}

/** storedKeys' UNION, the same in both dialects (Teradata puts its lock modifier in front). */
export const STORED_KEYS = `SELECT 'F' AS kind, field_id AS k1, dataset_id AS k2, opened_by AS k3, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET_FIELD WHERE field_id IN (?)
UNION ALL SELECT 'E', event_id, NULL, NULL, NULL, NULL, NULL, NULL FROM OL_EVENT WHERE event_key IN (?)
UNION ALL SELECT 'R', run_id, job_id, NULL, NULL, NULL, NULL, NULL FROM OL_RUN WHERE run_id IN (?)
UNION ALL SELECT 'N', namespace_id, NULL, NULL, NULL, NULL, NULL, NULL FROM OL_NAMESPACE WHERE namespace_id IN (?)
UNION ALL SELECT 'D', dataset_id, NULL, NULL, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET WHERE dataset_id IN (?)
UNION ALL SELECT 'J', job_id, NULL, NULL, NULL, NULL, NULL, NULL FROM OL_JOB WHERE job_id IN (?)
UNION ALL SELECT 'I', run_id, dataset_id, NULL, NULL, NULL, NULL, NULL FROM OL_RUN_INPUT WHERE run_id IN (?)
UNION ALL SELECT 'O', run_id, dataset_id, NULL, NULL, NULL, NULL, NULL FROM OL_RUN_OUTPUT WHERE run_id IN (?)
UNION ALL SELECT 'L', lineage_id, is_active, run_id, valid_from, valid_to, opened_by, closed_by FROM OL_COLUMN_LINEAGE WHERE lineage_id IN (?)`;
