/**
 * Statements of OpenLineage ingestion (POST /api/v1/lineage): idempotent
 * inserts keyed on the natural ids of `common/ol-ids.ts` (a row already
 * present is left alone and not counted), the run-state update, and the
 * graph generation bump the read side watches. One implementation per
 * dialect: `teradata/ingestion.sql.ts` (MERGE), `embedded/ingestion.sql.ts`
 * (INSERT … ON CONFLICT DO NOTHING). Parameters are positional `?`.
 */
export interface IngestionStatements {
  /** Params: namespace_id, namespace_uri, description, spec_version, created_at. */
  readonly insertNamespace: string;
  /** Params: dataset_id, namespace_id, name, description, source_type, created_at, updated_at, is_active. */
  readonly insertDataset: string;
  /** Params: field_id, dataset_id, field_name, field_type, field_description, ordinal_position, nullable, created_at. */
  readonly insertField: string;
  /**
   * Fills in the facts of a field first seen without them (only in column
   * lineage). Params: field_type, field_description, ordinal_position, field_id.
   */
  readonly completeField: string;
  /** Params: job_id, namespace_id, name, description, job_type, created_at, updated_at. */
  readonly insertJob: string;
  /** Params: run_id, job_id, event_type, event_time, nominal_start_time, nominal_end_time, producer, schema_url, created_at. */
  readonly insertRun: string;
  /** Params: run_id → run_id, event_type, event_time. */
  readonly findRun: string;
  /**
   * Moves a run to a later event (START → COMPLETE); an older event leaves it.
   * Params: event_type, event_time, nominal_start_time, nominal_end_time, producer, schema_url, run_id, event_time (the same).
   */
  readonly advanceRun: string;
  /** Params: run_id, dataset_id. */
  readonly insertRunInput: string;
  /** Params: run_id, dataset_id. */
  readonly insertRunOutput: string;
  /**
   * Params: lineage_id, run_id, source_namespace, source_dataset, source_field,
   * target_namespace, target_dataset, target_field, transformation_type,
   * transformation_subtype, transformation_description, masking,
   * confidence_score, discovered_at, is_active.
   */
  readonly insertEdge: string;
  /** An edge asserted again by an event is active again. Params: lineage_id. */
  readonly reactivateEdge: string;
  /** Params: updated_at. */
  readonly bumpGeneration: string;
  /** → generation */
  readonly getGeneration: string;
}
