import { type BulkInsert, type OlStoreStatements, validityApplies, type ValidityKind, type ValidityTarget } from '../../ol-store.statements.js';

/**
 * OL_* writes on the embedded engine. An insert takes ONE parameter: a JSON
 * array of rows, each an array of the columns' values as text (null for
 * NULL), in the order the interface lists them; DuckDB unpacks it with
 * from_json and inserts with ON CONFLICT DO NOTHING, so the count of changed
 * rows is the count of rows inserted. (Binding thousands of `?` markers
 * costs about five times more than parsing the same rows as JSON.)
 */
export type Column = readonly [name: string, type?: string];

/** A plain insert of the JSON rows (see above): for a table without a key to conflict on, or rows read as absent. */
export function jsonInsert(table: string, columns: readonly Column[]): string {
  const names = columns.map(([name]) => name).join(', ');
  const values = columns.map(([, type], i) => (type ? `CAST(r[${i + 1}] AS ${type})` : `r[${i + 1}]`)).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${values} FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS r)`;
}

function insertIgnore(table: string, columns: readonly Column[]): Extract<BulkInsert, { kind: 'json' }> {
  const insert = jsonInsert(table, columns);
  return { kind: 'json', sql: `${insert} ON CONFLICT DO NOTHING`, absent: insert };
}

/**
 * A run's links (OL_RUN_INPUT, OL_RUN_OUTPUT): no key index since V0006 (an
 * ART index is held whole in memory, one entry per link of every run ever
 * written: it outgrew EMBEDDED_MEMORY_LIMIT_MB within a busy day of DBQL).
 * `sql` inserts the pairs absent from the table (an anti-join that reads
 * the table); `fresh` inserts the pairs of runs created by the writer's own
 * transaction, which nobody else can have linked yet.
 */
function insertLinks(table: string): Extract<BulkInsert, { kind: 'json' }> {
  const pairs = `SELECT DISTINCT r[1] AS run_id, r[2] AS dataset_id FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS r)`;
  return {
    kind: 'json',
    sql: `INSERT INTO ${table} (run_id, dataset_id) SELECT s.run_id, s.dataset_id FROM (${pairs}) AS s WHERE NOT EXISTS (SELECT 1 FROM ${table} AS t WHERE t.run_id = s.run_id AND t.dataset_id = s.dataset_id)`,
    fresh: `INSERT INTO ${table} (run_id, dataset_id) ${pairs}`,
  };
}

const TS = 'TIMESTAMP';
/** The interval columns of V0008 (ADR 0024). */
const VALIDITY: readonly Column[] = [['valid_from', TS], ['valid_to', TS], ['opened_by'], ['closed_by']];
const RUN = insertIgnore('OL_RUN', [['run_id'], ['job_id'], ['event_type'], ['event_time', TS], ['nominal_start_time', TS], ['nominal_end_time', TS], ['producer'], ['schema_url'], ['created_at', TS]]);

/**
 * Sets the intervals (and state, where the table has one) of the items of one
 * kind listed in a JSON parameter: rows [item_kind, item_key, is_active,
 * valid_from, valid_to, opened_by, closed_by] as text (ValidityUpdates).
 */
function validityUpdate({ table, key, active }: ValidityTarget, kind: ValidityKind): string {
  return `UPDATE ${table} SET ${active ? 'is_active = s.is_active, ' : ''}valid_from = s.valid_from, valid_to = s.valid_to, opened_by = s.opened_by, closed_by = s.closed_by
FROM (SELECT r[2] AS item_key, r[3] AS is_active, CAST(r[4] AS TIMESTAMP) AS valid_from, CAST(r[5] AS TIMESTAMP) AS valid_to, r[6] AS opened_by, r[7] AS closed_by
  FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS r) WHERE r[1] = '${kind}') AS s
WHERE ${table}.${key} = s.item_key`;
}

export const EMBEDDED_OL_STORE: OlStoreStatements = {
  insertNamespace: insertIgnore('OL_NAMESPACE', [['namespace_id'], ['namespace_uri'], ['description'], ['spec_version'], ['created_at', TS]]),
  insertDataset: insertIgnore('OL_DATASET', [['dataset_id'], ['namespace_id'], ['name'], ['description'], ['source_type'], ['created_at', TS], ['updated_at', TS], ['is_active'], ...VALIDITY]),
  insertField: insertIgnore('OL_DATASET_FIELD', [['field_id'], ['dataset_id'], ['field_name'], ['field_type'], ['field_description'], ['ordinal_position', 'INTEGER'], ['nullable'], ['created_at', TS], ...VALIDITY]),
  insertJob: insertIgnore('OL_JOB', [['job_id'], ['namespace_id'], ['name'], ['description'], ['job_type'], ['created_at', TS], ['updated_at', TS]]),
  insertRun: { ...RUN, returningKeys: `${RUN.sql} RETURNING run_id` },
  insertRunInput: insertLinks('OL_RUN_INPUT'),
  insertRunOutput: insertLinks('OL_RUN_OUTPUT'),
  insertEdge: insertIgnore('OL_COLUMN_LINEAGE', [['lineage_id'], ['run_id'], ['source_namespace'], ['source_dataset'], ['source_field'], ['target_namespace'], ['target_dataset'], ['target_field'], ['transformation_type'], ['transformation_subtype'], ['transformation_description'], ['masking'], ['confidence_score', 'DECIMAL(3,2)'], ['discovered_at', TS], ['is_active'], ...VALIDITY]),
  setValidities: {
    kind: 'json',
    apply: validityApplies(validityUpdate),
  },
  replaceableEdgesInto: `SELECT lineage_id, run_id, is_active, valid_from, valid_to, opened_by, closed_by, target_namespace, target_dataset FROM OL_COLUMN_LINEAGE
WHERE (run_id LIKE ? ESCAPE '\\' OR run_id LIKE ? ESCAPE '\\') AND (is_active = 'Y' OR valid_to > ?) AND target_dataset IN (?)`,
  activeEdgesIntoDatasets: `SELECT l.lineage_id, l.run_id, l.is_active, l.valid_from, l.valid_to, l.opened_by, l.closed_by, l.target_namespace, l.target_dataset, r.job_id
FROM OL_COLUMN_LINEAGE l JOIN OL_RUN r ON r.run_id = l.run_id
WHERE l.target_dataset IN (?) AND l.is_active = 'Y'`,
  edgeStates: `SELECT l.lineage_id, l.run_id, r.job_id, l.target_namespace, l.target_dataset, l.is_active, l.valid_from, l.valid_to, l.opened_by, l.closed_by
FROM OL_COLUMN_LINEAGE l LEFT JOIN OL_RUN r ON r.run_id = l.run_id WHERE l.lineage_id IN (?)`,
  runJobs: 'SELECT run_id, job_id FROM OL_RUN WHERE run_id IN (?)',
  datasetStates: 'SELECT dataset_id AS item_key, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET WHERE dataset_id IN (?)',
  fieldStates: 'SELECT field_id AS item_key, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET_FIELD WHERE field_id IN (?)',
  openFieldsOf: 'SELECT field_id AS item_key, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET_FIELD WHERE dataset_id = ? AND valid_to IS NULL',
  definitionsAfter: "SELECT item_key, valid_from, opened_by FROM OL_LINEAGE_HISTORY WHERE item_kind = 'R' AND valid_from > ? AND item_key IN (?)",
  edgeHistory: "SELECT item_key, valid_from, valid_to, opened_by, closed_by FROM OL_LINEAGE_HISTORY WHERE item_kind = 'E' AND item_key IN (?)",
  historyOverlapping: "SELECT DISTINCT item_key FROM OL_LINEAGE_HISTORY WHERE item_kind = 'E' AND valid_to > ? AND valid_from <= ?",
  deleteEdgeHistory: "DELETE FROM OL_LINEAGE_HISTORY WHERE item_kind = 'E' AND item_key IN (?)",
  // The history has no key to conflict on: a plain insert of the JSON rows.
  insertHistory: { kind: 'json', sql: jsonInsert('OL_LINEAGE_HISTORY', [['item_kind'], ['item_key'], ['valid_from', TS], ['valid_to', TS], ['opened_by'], ['closed_by']]) },
  bumpGeneration: 'UPDATE OL_GRAPH_STATE SET generation = generation + 1, updated_at = ? WHERE state_id = 1',
  bumpGenerationReturning: 'UPDATE OL_GRAPH_STATE SET generation = generation + 1, updated_at = ? WHERE state_id = 1 RETURNING generation',
  // The log has no key to conflict on: a plain insert of the JSON rows.
  recordChange: { kind: 'json', sql: jsonInsert('OL_GRAPH_CHANGE', [['generation', 'BIGINT'], ['change_kind'], ['change_key'], ['changed_at', TS]]) },
  lastChangeBefore: 'SELECT MAX(generation) AS generation FROM OL_GRAPH_CHANGE WHERE changed_at < ?',
  pruneChanges: 'DELETE FROM OL_GRAPH_CHANGE WHERE generation <= ?',
  keepChangesAfter: 'UPDATE OL_GRAPH_STATE SET generation = ?, updated_at = ? WHERE state_id = 2 AND generation < ?',
  getGeneration: 'SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1',
  pruneHistory: 'DELETE FROM OL_LINEAGE_HISTORY WHERE valid_to < ?',
  pruneEndedEdges: "DELETE FROM OL_COLUMN_LINEAGE WHERE is_active = 'N' AND valid_to < ?",
};
