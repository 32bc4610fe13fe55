/** Read model of the Lineage module (OL_* tables). Parameters are positional `?`. */
export abstract class LineageStatements {
  abstract readonly namespaces: string;
  /** Params: namespace_id|null ×2, pattern|null ×4 (database/table/column, lower-case LIKE), limit, offset. */
  abstract readonly datasetsPage: string;
  /** Params: namespace_id|null ×2, pattern|null ×4. */
  abstract readonly datasetsCount: string;
  /** Params: namespace_id, name. */
  abstract readonly dataset: string;
  /** Params: the name as given, and lower-case. → namespace_uri, name: the namespaces holding a dataset of either spelling. */
  abstract readonly datasetNamespaces: string;
  /** Params: dataset_id. */
  abstract readonly datasetFields: string;
  /** Params: dataset_id ×2 (upstream and downstream dataset counts from run inputs/outputs and edges). */
  abstract readonly datasetNeighbours: string;
  /**
   * Every active edge in page_key order (rowid on the embedded engine,
   * lineage_id on Teradata: the order the live index ranks edges by), read
   * as ONE streamed result: keyset pages (`page_key > ? ORDER BY page_key
   * LIMIT n`) made the engine scan and sort every remaining edge for each
   * page, so a 10M-edge store never finished loading.
   */
  abstract readonly activeEdges: string;
  abstract readonly datasetLinks: string;
  abstract readonly generation: string;
  /**
   * → state_id, generation: row 1 the graph generation, row 2 the generation
   * the change log is complete after. Committed rows only (the change path
   * must not see a generation whose writer may still roll back).
   */
  abstract readonly changeLogState: string;
  /** Params: generation after, generation up to. → change_kind, change_key: what the change log lists in that range (committed rows only). */
  abstract readonly changedKeys: string;
  /**
   * Params: lineage ids (`IN (?)`, expanded). Those edges as they stand now:
   * page_key, is_active and the edge columns, found by key (a join with the
   * log made the engine scan every edge of the store for each change).
   */
  abstract readonly edgesById: string;
  /** Params: run ids (`IN (?)`, expanded). The dataset links of those runs (committed rows only). */
  abstract readonly runDatasetLinks: string;
  /** Params: limit, offset. */
  abstract readonly jobsPage: string;
  abstract readonly jobsCount: string;
  /** Params: job_id. → job_id when the job is known (one row), no row otherwise. */
  abstract readonly jobExists: string;
  /** Params: job_id, limit, offset. */
  abstract readonly runsPage: string;
  /** Params: job_id. */
  abstract readonly runsCount: string;
  /** Params: target namespace, dataset, field (at most 100 runs, newest first). */
  abstract readonly runsProducingField: string;
  /**
   * → created: when the store's first migration ran, as text. It tells one
   * store from another (a snapshot of the lineage index is only used for the
   * store it was built from).
   */
  abstract readonly storeIdentity: string;
  abstract readonly counts: string;
}

/** Columns every edge read selects (both dialects). */
export const EDGE_COLUMNS =
  'source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, transformation_subtype, transformation_description, masking, confidence_score';

/** Dataset filter: namespace id (×2), then a LIKE pattern (×4) matched against the table or any of its field names; `_` and `%` escaped by the caller. */
export const DATASET_FILTER = `(? IS NULL OR d.namespace_id = ?) AND (? IS NULL OR LOWER(d.name) LIKE ? ESCAPE '\\' OR EXISTS (
  SELECT 1 FROM OL_DATASET_FIELD f WHERE f.dataset_id = d.dataset_id AND (LOWER(f.field_name) LIKE ? ESCAPE '\\' OR ? IS NULL)))`;
