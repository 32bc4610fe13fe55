/**
 * Lineage history reads (issue 20, ADR 0024): what became true and what
 * stopped being true in a window, from the intervals the writers keep
 * (valid_from/valid_to/opened_by/closed_by on OL_COLUMN_LINEAGE, OL_DATASET,
 * OL_DATASET_FIELD; earlier intervals in OL_LINEAGE_HISTORY). One
 * implementation per dialect: `teradata/history.sql.ts`,
 * `embedded/history.sql.ts`. Parameters are positional `?`.
 */
export abstract class HistoryStatements {
  /**
   * One page of changes, oldest first. Params: CHANGE_PARAMS (window and
   * filter), then the page (embedded: limit, offset; Teradata: first and
   * last row number). → change ('added'/'removed'), item_kind (E/D/F),
   * item_key, at, run_id, job_namespace, job_name, the edge's columns (E),
   * namespace/dataset (D, F), field_name (F).
   */
  abstract readonly changesPage: string;
  /** Params: CHANGE_PARAMS. → change, item_kind, n: the window's changes counted by kind. */
  abstract readonly changesCount: string;
}

/**
 * Every interval of every edge, dataset and field. The field branch comes
 * first: Teradata types a UNION by its first SELECT, and field_id
 * (VARCHAR(512)) holds every other key.
 */
const INTERVALS = `SELECT 'F' AS item_kind, field_id AS item_key, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET_FIELD
  UNION ALL SELECT 'E', lineage_id, valid_from, valid_to, opened_by, closed_by FROM OL_COLUMN_LINEAGE
  UNION ALL SELECT 'D', dataset_id, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET
  UNION ALL SELECT item_kind, item_key, valid_from, valid_to, opened_by, closed_by FROM OL_LINEAGE_HISTORY WHERE item_kind IN ('E', 'D', 'F')`;

/**
 * The window's changes: an interval that starts in [since, until) is an
 * addition, one that ends in it a removal. An empty interval (valid_to =
 * valid_from: an edge the V0008 upgrade found ended but could not date) is
 * neither. Params: since, until, since, until.
 */
const CHANGES = `SELECT 'added' AS change, iv.item_kind, iv.item_key, iv.valid_from AS at, iv.opened_by AS run_id
  FROM (${INTERVALS}) iv
  WHERE iv.valid_from >= ? AND iv.valid_from < ? AND (iv.valid_to IS NULL OR iv.valid_to > iv.valid_from)
  UNION ALL SELECT 'removed', iv.item_kind, iv.item_key, iv.valid_to, iv.closed_by
  FROM (${INTERVALS}) iv
  WHERE iv.valid_to >= ? AND iv.valid_to < ? AND (iv.valid_from IS NULL OR iv.valid_to > iv.valid_from)`;

/**
 * The items a change is about, joined by kind, and the filter on one
 * dataset (and field): an edge from or into it, the dataset itself, its
 * fields. Params (CHANGE_PARAMS after the window): has-filter flag, then
 * namespace, dataset, field|null, field|null for the source end, the same
 * for the target end, namespace, dataset, field|null for datasets, and
 * namespace, dataset, field|null, field|null for fields.
 */
export const CHANGE_ROWS = `FROM (${CHANGES}) ch
LEFT JOIN OL_COLUMN_LINEAGE e ON ch.item_kind = 'E' AND e.lineage_id = ch.item_key
LEFT JOIN OL_DATASET d ON ch.item_kind = 'D' AND d.dataset_id = ch.item_key
LEFT JOIN OL_DATASET_FIELD f ON ch.item_kind = 'F' AND f.field_id = ch.item_key
LEFT JOIN OL_DATASET fd ON fd.dataset_id = f.dataset_id
LEFT JOIN OL_NAMESPACE dn ON dn.namespace_id = COALESCE(d.namespace_id, fd.namespace_id)
LEFT JOIN OL_RUN r ON r.run_id = ch.run_id
LEFT JOIN OL_JOB j ON j.job_id = r.job_id
LEFT JOIN OL_NAMESPACE jn ON jn.namespace_id = j.namespace_id
WHERE ? = 0
  OR (ch.item_kind = 'E' AND ((e.source_namespace = ? AND e.source_dataset = ? AND (? IS NULL OR e.source_field = ?))
                            OR (e.target_namespace = ? AND e.target_dataset = ? AND (? IS NULL OR e.target_field = ?))))
  OR (ch.item_kind = 'D' AND dn.namespace_uri = ? AND d.name = ? AND ? IS NULL)
  OR (ch.item_kind = 'F' AND dn.namespace_uri = ? AND fd.name = ? AND (? IS NULL OR f.field_name = ?))`;

/** The columns of a change row (the page's SELECT list). */
export const CHANGE_COLUMNS = `ch.change, ch.item_kind, ch.item_key, ch.at, ch.run_id, jn.namespace_uri AS job_namespace, j.name AS job_name,
  e.source_namespace, e.source_dataset, e.source_field, e.target_namespace, e.target_dataset, e.target_field, e.transformation_type, e.transformation_subtype,
  dn.namespace_uri AS namespace, COALESCE(d.name, fd.name) AS dataset, f.field_name`;

/** The page's order: time, then a stable tie-break. */
export const CHANGE_ORDER = 'ch.at, ch.change, ch.item_kind, ch.item_key';

/** A window and an optional dataset (and field) filter, as CHANGE_ROWS takes them. */
export interface ChangeFilter {
  readonly since: Date;
  readonly until: Date;
  readonly node?: { readonly namespace: string; readonly dataset: string; readonly field?: string };
}

/** The parameters of CHANGE_ROWS for a filter, in order. */
export function changeParams(filter: ChangeFilter): (Date | string | number | null)[] {
  const { since, until, node } = filter;
  const ns = node?.namespace ?? null;
  const ds = node?.dataset ?? null;
  const field = node?.field ?? null;
  return [since, until, since, until, node ? 1 : 0, ns, ds, field, field, ns, ds, field, field, ns, ds, field, ns, ds, field, field];
}
