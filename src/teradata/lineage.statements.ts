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
   * Every edge true now or whose last interval ended after a horizon, in
   * page_key order (rowid on the embedded engine, lineage_id on Teradata:
   * the order the live index ranks edges by), with its latest interval,
   * read as ONE streamed result: keyset pages (`page_key > ? ORDER BY
   * page_key LIMIT n`) made the engine scan and sort every remaining edge
   * for each page, so a 10M-edge store never finished loading. Params:
   * horizon → page_key, lineage_id, the edge columns, is_active, valid_from, valid_to.
   */
  abstract readonly activeEdges: string;
  /** The earlier intervals of edges that ended after a horizon (ADR 0024). Params: horizon → item_key, valid_from, valid_to. */
  abstract readonly edgeHistoryAfter: string;
  /** Params: lineage ids (list) → item_key, valid_from, valid_to: every earlier interval of those edges. */
  abstract readonly edgeHistoryOf: string;
  /** → the dataset pairs runs link (inputs to outputs), with first_run: when the first of those runs ran. */
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
   * page_key, lineage_id, is_active, valid_from, valid_to and the edge
   * columns, found by key (a join with the log made the engine scan every
   * edge of the store for each change).
   */
  abstract readonly edgesById: string;
  /**
   * Params: lineage ids (`IN (?)`, expanded). → page_key, lineage_id: where
   * those edges sort in the page order of a build (the index applies edges
   * its own process wrote from their rows, and reads only this). null where
   * an edge's page key is its lineage_id (Teradata): nothing to read.
   */
  abstract readonly edgeRanks: string | null;
  /** Params: run ids (`IN (?)`, expanded). The dataset links of those runs, with first_run (committed rows only). */
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
  /**
   * When edges started or ended in a window, and by which run (ADR 0024):
   * one row per start (`added`) or end (`removed`) in [since, until) of an
   * edge's latest interval or an earlier one, with its page_key (the index
   * ranks edges by it: the names come from the index) — no names, which a
   * scan of every edge would have to read. An interval that ended where it
   * began is no change. Params: since, until, four times (one per branch) →
   * page_key, change, at, run_id.
   */
  abstract readonly edgeBoundaries: string;
  /**
   * Datasets and fields that started or ended in a window, one statement
   * each: one row per start (`added`) or end (`removed`) in [since, until) of
   * the latest interval or an earlier one, with the run that opened or closed
   * it. Params: since, until, four times → change, at, item_key, run_id,
   * namespace, dataset, field (null for a dataset).
   */
  abstract readonly changedDatasets: string;
  abstract readonly changedFields: string;
  /** Params: run ids (list) → run_id, job_id, event_time, producer, job_name, job_description. */
  abstract readonly runsById: string;
}

/** The statements of `edgeBoundaries`, `changedDatasets` and `changedFields`, the same in both dialects but for the edges' page key (rowid on the embedded engine, lineage_id on Teradata). */
export function changedStatements(pageKey: (alias: string) => string): { edges: string; datasets: string; fields: string } {
  const window = (column: string) => `${column} >= ? AND ${column} < ?`;
  const started = (alias: string) => `(${alias}.valid_to IS NULL OR ${alias}.valid_to > ${alias}.valid_from)`;
  const ended = (alias: string) => `${alias}.valid_to > ${alias}.valid_from`;
  // Teradata types a UNION by its first SELECT: the change's text is cast to its longest value there.
  const added = "CAST('added' AS VARCHAR(7))";
  const history = (kind: string, join: string) => `FROM OL_LINEAGE_HISTORY h ${join} WHERE h.item_kind = '${kind}'`;
  const edge = 'JOIN OL_COLUMN_LINEAGE l ON l.lineage_id = h.item_key';
  const edges = [
    `SELECT ${pageKey('l')} AS page_key, ${added} AS change, l.valid_from AS at, l.opened_by AS run_id FROM OL_COLUMN_LINEAGE l WHERE ${window('l.valid_from')} AND ${started('l')}`,
    `SELECT ${pageKey('l')}, 'removed', l.valid_to, l.closed_by FROM OL_COLUMN_LINEAGE l WHERE l.is_active = 'N' AND ${window('l.valid_to')} AND ${ended('l')}`,
    `SELECT ${pageKey('l')}, 'added', h.valid_from, h.opened_by ${history('E', edge)} AND ${window('h.valid_from')} AND ${ended('h')}`,
    `SELECT ${pageKey('l')}, 'removed', h.valid_to, h.closed_by ${history('E', edge)} AND ${window('h.valid_to')} AND ${ended('h')}`,
  ];
  const dataset = 'JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id';
  const datasets = [
    `SELECT ${added} AS change, d.valid_from AS at, d.dataset_id AS item_key, d.opened_by AS run_id, n.namespace_uri AS namespace, d.name AS dataset, NULL AS field FROM OL_DATASET d ${dataset} WHERE ${window('d.valid_from')} AND ${started('d')}`,
    `SELECT 'removed', d.valid_to, d.dataset_id, d.closed_by, n.namespace_uri, d.name, NULL FROM OL_DATASET d ${dataset} WHERE ${window('d.valid_to')} AND ${ended('d')}`,
    `SELECT 'added', h.valid_from, h.item_key, h.opened_by, n.namespace_uri, d.name, NULL ${history('D', `JOIN OL_DATASET d ON d.dataset_id = h.item_key ${dataset}`)} AND ${window('h.valid_from')} AND ${ended('h')}`,
    `SELECT 'removed', h.valid_to, h.item_key, h.closed_by, n.namespace_uri, d.name, NULL ${history('D', `JOIN OL_DATASET d ON d.dataset_id = h.item_key ${dataset}`)} AND ${window('h.valid_to')} AND ${ended('h')}`,
  ];
  const field = `JOIN OL_DATASET d ON d.dataset_id = f.dataset_id ${dataset}`;
  const fields = [
    `SELECT ${added} AS change, f.valid_from AS at, f.field_id AS item_key, f.opened_by AS run_id, n.namespace_uri AS namespace, d.name AS dataset, f.field_name AS field FROM OL_DATASET_FIELD f ${field} WHERE ${window('f.valid_from')} AND ${started('f')}`,
    `SELECT 'removed', f.valid_to, f.field_id, f.closed_by, n.namespace_uri, d.name, f.field_name FROM OL_DATASET_FIELD f ${field} WHERE ${window('f.valid_to')} AND ${ended('f')}`,
    `SELECT 'added', h.valid_from, h.item_key, h.opened_by, n.namespace_uri, d.name, f.field_name ${history('F', `JOIN OL_DATASET_FIELD f ON f.field_id = h.item_key ${field}`)} AND ${window('h.valid_from')} AND ${ended('h')}`,
    `SELECT 'removed', h.valid_to, h.item_key, h.closed_by, n.namespace_uri, d.name, f.field_name ${history('F', `JOIN OL_DATASET_FIELD f ON f.field_id = h.item_key ${field}`)} AND ${window('h.valid_to')} AND ${ended('h')}`,
  ];
  const union = (branches: string[]) => branches.join('\nUNION ALL\n');
  return { edges: union(edges), datasets: union(datasets), fields: union(fields) };
}

/** runsById, the same in both dialects. */
export const RUNS_BY_ID = `SELECT r.run_id, r.job_id, r.event_time, r.producer, j.name AS job_name, j.description AS job_description
FROM OL_RUN r LEFT JOIN OL_JOB j ON j.job_id = r.job_id WHERE r.run_id IN (?)`;

/** Columns every edge read selects (both dialects). */
export const EDGE_COLUMNS =
  'source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, transformation_subtype, transformation_description, masking, confidence_score';

/** Dataset filter: namespace id (×2), then a LIKE pattern (×4) matched against the table or any of its field names; `_` and `%` escaped by the caller. */
export const DATASET_FILTER = `(? IS NULL OR d.namespace_id = ?) AND (? IS NULL OR LOWER(d.name) LIKE ? ESCAPE '\\' OR EXISTS (
  SELECT 1 FROM OL_DATASET_FIELD f WHERE f.dataset_id = d.dataset_id AND (LOWER(f.field_name) LIKE ? ESCAPE '\\' OR ? IS NULL)))`;
