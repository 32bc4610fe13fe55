/**
 * How one OL_* table takes a set of rows, inserting those whose natural key
 * is absent and leaving the others as they are.
 *
 * - `json` (embedded engine): one statement whose single parameter is a JSON
 *   array of the rows (each an array of the values as text); it resolves to
 *   the number of rows inserted.
 * - `staged` (Teradata): the rows go into the table's session-private
 *   staging table with `stage` (one driver batch: one request however many
 *   rows), then `apply` moves the absent ones into the OL_* table in one
 *   set-based statement (its activity count is the number inserted), then
 *   `clear` empties the staging table. Locks on the OL_* table are taken by
 *   `apply` alone (docs/decisions/0018-set-based-writes.md).
 * - `rows` (Teradata, a table without a key to conflict on: the change log):
 *   a plain INSERT of one row per parameter row, as one driver batch.
 */
export type BulkInsert =
  | {
      readonly kind: 'json';
      readonly sql: string;
      /**
       * The same insert returning the key of each row it inserted (a run's
       * run_id): the writer notes which runs its transaction created.
       */
      readonly returningKeys?: string;
      /**
       * A table without a key index (a run's links on the embedded engine):
       * `sql` inserts the rows absent from the table (it reads the whole
       * table), `fresh` inserts rows as they are. The writer sends through
       * `fresh` the rows of runs its transaction created (nobody else can have
       * written their links), not yet written by it.
       */
      readonly fresh?: string;
      /**
       * The same insert without the key check (a keyed table), for rows the
       * writer's transaction read as absent (OlStoreWriter.checkedAbsent): on
       * the embedded engine `ON CONFLICT DO NOTHING` costs 8–9 ms a statement
       * against 1–2 for a plain insert. A concurrent writer that stored one of
       * the keys since makes it fail on the key, and the caller runs the
       * transaction again.
       */
      readonly absent?: string;
    }
  | { readonly kind: 'staged'; readonly stage: string; readonly apply: string; readonly clear: string }
  | { readonly kind: 'rows'; readonly sql: string };

/**
 * How the writer sets the intervals of many stored items of one kind (edges
 * `E`, datasets `D`, fields `F`) at once, each item its own values:
 *
 * - `json` (embedded engine): `apply[kind]` takes one JSON parameter, an
 *   array of the rows (values as text, as the inserts take them), and
 *   updates the items of that kind.
 * - `staged` (Teradata): the rows go into the session's staging table with
 *   `stage` (one driver batch), `apply[kind]` merges that kind's rows into
 *   its OL_* table (WHEN MATCHED: an update) in one statement, `clear`
 *   empties the staging table before a second use in the transaction.
 *
 * Before, one UPDATE went per distinct set of values: a commit that first
 * dates thousands of fields, each at its own statement's time, sent
 * thousands (docs/decisions/0018-set-based-writes.md).
 */
export type ValidityUpdates =
  | { readonly kind: 'json'; readonly apply: Readonly<Record<ValidityKind, string>> }
  | { readonly kind: 'staged'; readonly stage: string; readonly clear: string; readonly apply: Readonly<Record<ValidityKind, string>> };

/** The table each kind of setValidities updates, its key, and whether it has `is_active` (fields have none). */
export const VALIDITY_TARGETS = {
  E: { table: 'OL_COLUMN_LINEAGE', key: 'lineage_id', active: true },
  D: { table: 'OL_DATASET', key: 'dataset_id', active: true },
  F: { table: 'OL_DATASET_FIELD', key: 'field_id', active: false },
} as const;

export type ValidityKind = keyof typeof VALIDITY_TARGETS;
export type ValidityTarget = (typeof VALIDITY_TARGETS)[ValidityKind];

/** A dialect's `apply` of setValidities: its statement for each kind, built from the kind's target. */
export function validityApplies(build: (target: ValidityTarget, kind: ValidityKind) => string): Record<ValidityKind, string> {
  return { E: build(VALIDITY_TARGETS.E, 'E'), D: build(VALIDITY_TARGETS.D, 'D'), F: build(VALIDITY_TARGETS.F, 'F') };
}

/**
 * Statements of the OL_* store writer: idempotent inserts keyed on the
 * natural ids of `model/ids.ts` (a row already present is left as it is
 * and not counted), edge activation, and the graph generation the read side
 * watches. One implementation per dialect (`teradata/ol-store.sql.ts`,
 * `embedded/ol-store.sql.ts`).
 *
 * Inserts are bulk inserts (`BulkInsert`) whose parameters are listed per
 * row. Statements containing `IN (?)` take a list: the writer repeats that
 * one marker for each value (it never inserts values into SQL text).
 */
export abstract class OlStoreStatements {
  /** Params: namespace_id, namespace_uri, description, spec_version, created_at. */
  abstract readonly insertNamespace: BulkInsert;
  /** Params: dataset_id, namespace_id, name, description, source_type, created_at, updated_at, is_active, valid_from, valid_to, opened_by, closed_by. */
  abstract readonly insertDataset: BulkInsert;
  /** Params: field_id, dataset_id, field_name, field_type, field_description, ordinal_position, nullable, created_at, valid_from, valid_to, opened_by, closed_by. */
  abstract readonly insertField: BulkInsert;
  /** Params: job_id, namespace_id, name, description, job_type, created_at, updated_at. */
  abstract readonly insertJob: BulkInsert;
  /** Params: run_id, job_id, event_type, event_time, nominal_start_time, nominal_end_time, producer, schema_url, created_at. */
  abstract readonly insertRun: BulkInsert;
  /** Params: run_id, dataset_id. */
  abstract readonly insertRunInput: BulkInsert;
  /** Params: run_id, dataset_id. */
  abstract readonly insertRunOutput: BulkInsert;
  /**
   * Params: lineage_id, run_id, source_namespace, source_dataset, source_field,
   * target_namespace, target_dataset, target_field, transformation_type,
   * transformation_subtype, transformation_description, masking,
   * confidence_score, discovered_at, is_active, valid_from, valid_to,
   * opened_by, closed_by.
   */
  abstract readonly insertEdge: BulkInsert;
  /**
   * Sets stored edges', datasets' and fields' own state and interval (ADR
   * 0024), each kind in one go, whatever the number of distinct values
   * (`ValidityUpdates`). Rows: item_kind ('E', 'D', 'F'), item_key
   * (lineage_id, dataset_id, field_id), is_active ('Y'/'N'; fields have no
   * such column and ignore it), valid_from, valid_to, opened_by, closed_by.
   */
  abstract readonly setValidities: ValidityUpdates;
  /**
   * Edges into any of some datasets written first by runs whose id matches
   * one of two LIKE patterns (the runs a newer definition replaces), true
   * now or ended after an instant (a definition read late may end them
   * earlier): one read for every redefined target of a write, not one per
   * target and pattern. Params: run_id pattern, run_id pattern, instant,
   * target datasets (list) → lineage_id, run_id, is_active, valid_from,
   * valid_to, opened_by, closed_by, target_namespace, target_dataset.
   */
  abstract readonly replaceableEdgesInto: string;
  /**
   * Active edges into any of some datasets, with the job of the run that wrote
   * each first (a write keeps those of its targets and jobs: one read for all
   * of them, not one per target and job). Params: target datasets (list) →
   * the columns of replaceableEdgesInto, job_id.
   */
  abstract readonly activeEdgesIntoDatasets: string;
  /** Params: lineage ids (list) → lineage_id, run_id, job_id (of that run, when stored), target_namespace, target_dataset, is_active, valid_from, valid_to, opened_by, closed_by of those that exist. */
  abstract readonly edgeStates: string;
  /** Params: run ids (list) → run_id, job_id of those stored. */
  abstract readonly runJobs: string;
  /** Params: dataset ids (list) → item_key, valid_from, valid_to, opened_by, closed_by of those that exist. */
  abstract readonly datasetStates: string;
  /** Params: field ids (list) → item_key, valid_from, valid_to, opened_by, closed_by of those that exist. */
  abstract readonly fieldStates: string;
  /** The fields of a dataset still true (a drop ends them). Params: dataset_id → item_key, valid_from, valid_to, opened_by, closed_by. */
  abstract readonly openFieldsOf: string;
  /** Params: lineage ids (list) → item_key, valid_from, valid_to, opened_by, closed_by: every earlier interval of those edges. */
  abstract readonly edgeHistory: string;
  /** Edges with an earlier interval overlapping a span (a definition read late may end it). Params: span start (exclusive end bound), span end → item_key. */
  abstract readonly historyOverlapping: string;
  /** Deletes the earlier intervals of the listed edges (written again whole). Params: lineage ids (list). */
  abstract readonly deleteEdgeHistory: string;
  /**
   * Definitions and drops of targets recorded after an instant (OL_LINEAGE_HISTORY
   * kind R). Params: valid_from bound (exclusive), targets (list) → item_key, valid_from, opened_by.
   */
  abstract readonly definitionsAfter: string;
  /** An earlier interval of an item (OL_LINEAGE_HISTORY). Params: item_kind, item_key, valid_from, valid_to, opened_by, closed_by. */
  abstract readonly insertHistory: BulkInsert;
  /** Params: updated_at. */
  abstract readonly bumpGeneration: string;
  /** bumpGeneration returning the new generation, where the dialect can (one statement instead of the update and getGeneration). Params: updated_at → generation. */
  abstract readonly bumpGenerationReturning?: string;
  /** A change-log row (OL_GRAPH_CHANGE). Params: generation, change_kind ('E' edge, 'R' run), change_key (lineage_id or run_id), changed_at. */
  abstract readonly recordChange: BulkInsert;
  /** Params: changed_at bound → generation (the newest generation logged before it, or NULL). */
  abstract readonly lastChangeBefore: string;
  /** Params: generation (change-log rows up to it are deleted). */
  abstract readonly pruneChanges: string;
  /** Moves the change log's horizon (OL_GRAPH_STATE row 2) forward. Params: generation, updated_at, generation. */
  abstract readonly keepChangesAfter: string;
  /** → generation */
  abstract readonly getGeneration: string;
  /** Retention (LINEAGE_HISTORY_DAYS): earlier intervals and definitions that ended before a horizon. Params: horizon. */
  abstract readonly pruneHistory: string;
  /** Retention: edges no longer true whose last interval ended before a horizon. Params: horizon. */
  abstract readonly pruneEndedEdges: string;
}
