/** Read model of the Lineage module (OL_* tables). Parameters are positional `?`. */
export interface LineageStatements {
  readonly namespaces: string;
  /** Params: namespace_id|null ×2, pattern|null ×4 (database/table/column, lower-case LIKE), limit, offset. */
  readonly datasetsPage: string;
  /** Params: namespace_id|null ×2, pattern|null ×4. */
  readonly datasetsCount: string;
  /** Params: namespace_id, name. */
  readonly dataset: string;
  /** Params: name. The namespace URIs holding a dataset of that name. */
  readonly datasetNamespaces: string;
  /** Params: dataset_id. */
  readonly datasetFields: string;
  /** Params: dataset_id ×2 (upstream and downstream dataset counts from run inputs/outputs and edges). */
  readonly datasetNeighbours: string;
  /** Params: last page_key seen (-1 on the embedded engine, '' on Teradata, to start). A page of active edges in page_key order (keyset paging). */
  readonly activeEdgesAfter: string;
  readonly datasetLinks: string;
  readonly generation: string;
  /** Params: limit, offset. */
  readonly jobsPage: string;
  readonly jobsCount: string;
  /** Params: job_id, limit, offset. */
  readonly runsPage: string;
  /** Params: job_id. */
  readonly runsCount: string;
  /** Params: target namespace, dataset, field (at most 100 runs, newest first). */
  readonly runsProducingField: string;
  /** Params: namespace, dataset ×2. The columns of a dataset that have lineage, `*` aside (for the warm-up fallback). */
  readonly columnsWithLineage: string;
  /** Params: source namespace, dataset, field (one hop, for the index warm-up fallback). */
  readonly edgesFrom: string;
  /** Params: target namespace, dataset, field. */
  readonly edgesInto: string;
  readonly counts: string;
}

/** Columns every edge read selects (both dialects). */
export const EDGE_COLUMNS =
  'source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, transformation_subtype, transformation_description, masking, confidence_score';

/** Dataset filter: namespace id (×2), then a LIKE pattern (×4) matched against the table or any of its field names; `_` and `%` escaped by the caller. */
export const DATASET_FILTER = `(? IS NULL OR d.namespace_id = ?) AND (? IS NULL OR LOWER(d.name) LIKE ? ESCAPE '\\' OR EXISTS (
  SELECT 1 FROM OL_DATASET_FIELD f WHERE f.dataset_id = d.dataset_id AND (LOWER(f.field_name) LIKE ? ESCAPE '\\' OR ? IS NULL)))`;
