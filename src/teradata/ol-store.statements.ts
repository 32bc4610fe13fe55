/**
 * Statements of the OL_* store writer: idempotent inserts keyed on the
 * natural ids of `model/ids.ts` (a row already present is left as it is
 * and not counted), edge activation, and the graph generation the read side
 * watches. One implementation per dialect (`teradata/ol-store.sql.ts`,
 * `embedded/ol-store.sql.ts`).
 *
 * Inserts list their parameters per row. On Teradata the writer sends one
 * execution per row as a driver batch; on the embedded engine an insert
 * takes a single parameter, a JSON array of such rows (values as text).
 * Statements containing `IN (?)` take a list: the writer repeats that one
 * marker for each value (it never inserts values into SQL text).
 */
export abstract class OlStoreStatements {
  /** Params: namespace_id, namespace_uri, description, spec_version, created_at. */
  abstract readonly insertNamespace: string;
  /** Params: dataset_id, namespace_id, name, description, source_type, created_at, updated_at, is_active. */
  abstract readonly insertDataset: string;
  /** Params: field_id, dataset_id, field_name, field_type, field_description, ordinal_position, nullable, created_at. */
  abstract readonly insertField: string;
  /** Params: job_id, namespace_id, name, description, job_type, created_at, updated_at. */
  abstract readonly insertJob: string;
  /** Params: run_id, job_id, event_type, event_time, nominal_start_time, nominal_end_time, producer, schema_url, created_at. */
  abstract readonly insertRun: string;
  /** Params: run_id, dataset_id. */
  abstract readonly insertRunInput: string;
  /** Params: run_id, dataset_id. */
  abstract readonly insertRunOutput: string;
  /**
   * Params: lineage_id, run_id, source_namespace, source_dataset, source_field,
   * target_namespace, target_dataset, target_field, transformation_type,
   * transformation_subtype, transformation_description, masking,
   * confidence_score, discovered_at, is_active.
   */
  abstract readonly insertEdge: string;
  /** Sets inactive edges of the list active again. Params: lineage ids (list). */
  abstract readonly reactivateEdges: string;
  /** Sets active edges of the list inactive. Params: lineage ids (list). */
  abstract readonly deactivateEdges: string;
  /** Active edges into a dataset written by runs whose id matches a LIKE pattern. Params: target_namespace, target_dataset, run_id pattern → lineage_id */
  abstract readonly activeEdgesInto: string;
  /** Params: lineage ids (list) → lineage_id, is_active of those that exist. */
  abstract readonly edgeStates: string;
  /** Params: updated_at. */
  abstract readonly bumpGeneration: string;
  /** A change-log row (OL_GRAPH_CHANGE). Params: generation, change_kind ('E' edge, 'R' run), change_key (lineage_id or run_id), changed_at. */
  abstract readonly recordChange: string;
  /** Params: changed_at bound → generation (the newest generation logged before it, or NULL). */
  abstract readonly lastChangeBefore: string;
  /** Params: generation (change-log rows up to it are deleted). */
  abstract readonly pruneChanges: string;
  /** Moves the change log's horizon (OL_GRAPH_STATE row 2) forward. Params: generation, updated_at, generation. */
  abstract readonly keepChangesAfter: string;
  /** → generation */
  abstract readonly getGeneration: string;
}
