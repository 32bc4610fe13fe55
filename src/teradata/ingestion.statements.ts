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
  /** The events already stored among a group's look-up keys. Params: event keys (`IN (?)`, expanded). → event_id */
  abstract readonly eventsByKey: string;
  /**
   * Keeps an event as received (one multi-row statement for a group).
   * Params: event_key, event_id, event_kind, event_type, event_time, run_id, job_id, producer, payload, payload_chars, normalised, received_at.
   */
  abstract readonly insertEvent: string;
  /**
   * What a group of events (a group commit) finds already stored, read in
   * its transaction before it writes, so each event's result counts what it
   * added. Params: ids (`IN (?)`, expanded).
   * → run_id, event_type, event_time
   */
  abstract readonly runsById: string;
  /** → namespace_id */
  abstract readonly namespacesById: string;
  /** → dataset_id */
  abstract readonly datasetsById: string;
  /** → field_id */
  abstract readonly fieldsById: string;
  /** → job_id */
  abstract readonly jobsById: string;
  /** Params: run ids. → run_id, dataset_id */
  abstract readonly runInputsOf: string;
  /** Params: run ids. → run_id, dataset_id */
  abstract readonly runOutputsOf: string;
}
