import { type BulkInsert, type OlStoreStatements, validityApplies, type ValidityKind, type ValidityTarget } from '../../ol-store.statements.js';

/**
 * OL_* writes in Teradata SQL, set-based: a table's rows are inserted into
 * its staging table (`OL_STAGE_<name>`, a global temporary table of V0005:
 * each session has its own instance, emptied at commit) as one driver batch,
 * then one MERGE moves the rows whose key is absent into the OL_* table, and
 * the staging table is emptied for the next use in the same transaction.
 * The MERGE's ON clause is the target's whole unique primary index, as
 * Teradata requires of a MERGE with a table source. Each bound value is cast
 * to its column's type exactly as the migrations declare it (checked by
 * src/schema/teradata-casts.spec.ts). Why: docs/decisions/0018-set-based-writes.md.
 */
function staged(table: string, keys: readonly string[], columns: readonly (readonly [string, string])[]): Extract<BulkInsert, { kind: 'staged' }> {
  const stage = table.replace(/^OL_/, 'OL_STAGE_');
  const names = columns.map(([name]) => name).join(', ');
  const on = keys.map((k) => `t.${k} = s.${k}`).join(' AND ');
  return {
    kind: 'staged',
    stage: `INSERT INTO ${stage} (${names}) VALUES (${columns.map(([, type]) => `CAST(? AS ${type})`).join(', ')})`,
    apply: `MERGE INTO ${table} AS t USING ${stage} AS s ON ${on} WHEN NOT MATCHED THEN INSERT (${names}) VALUES (${columns.map(([name]) => `s.${name}`).join(', ')})`,
    clear: `DELETE FROM ${stage}`,
  };
}

const TS = 'TIMESTAMP(6)';

/**
 * The type of a parameter bound for a `CHARACTER SET UNICODE` column: its
 * real width (Teradata mode truncates a longer value without a word) and
 * its character set (a CAST without one takes the user's default, often
 * LATIN, and fails with 6706 on a name outside LATIN's repertoire).
 */
const unicode = (characters: number) => `VARCHAR(${characters}) CHARACTER SET UNICODE`;

/** The interval columns of V0008 (ADR 0024). */
const VALIDITY: readonly (readonly [string, string])[] = [
  ['valid_from', TS],
  ['valid_to', TS],
  ['opened_by', unicode(64)],
  ['closed_by', unicode(64)],
];

/**
 * Moves the staged intervals of one kind into its OL_* table (V0010's
 * OL_STAGE_VALIDITY): a MERGE whose ON clause is the table's unique primary
 * index, updating the rows matched (each item staged once).
 */
function validityMerge({ table, key, active }: ValidityTarget, kind: ValidityKind): string {
  const columns = [...(active ? ['is_active'] : []), ...VALIDITY.map(([name]) => name)];
  return `MERGE INTO ${table} AS t USING (SELECT item_key, ${columns.join(', ')} FROM OL_STAGE_VALIDITY WHERE item_kind = '${kind}') AS s ON t.${key} = s.item_key
WHEN MATCHED THEN UPDATE SET ${columns.map((c) => `${c} = s.${c}`).join(', ')}`;
}

export const TERADATA_OL_STORE: OlStoreStatements = {
  insertNamespace: staged(
    'OL_NAMESPACE',
    ['namespace_id'],
    [
      ['namespace_id', unicode(64)],
      ['namespace_uri', unicode(512)],
      ['description', unicode(2000)],
      ['spec_version', 'VARCHAR(20)'],
      ['created_at', 'TIMESTAMP(0)'],
    ],
  ),
  insertDataset: staged(
    'OL_DATASET',
    ['dataset_id'],
    [
      ['dataset_id', unicode(256)],
      ['namespace_id', unicode(64)],
      ['name', unicode(256)],
      ['description', unicode(2000)],
      ['source_type', 'VARCHAR(50)'],
      ['created_at', 'TIMESTAMP(0)'],
      ['updated_at', 'TIMESTAMP(0)'],
      ['is_active', 'CHAR(1)'],
      ...VALIDITY,
    ],
  ),
  insertField: staged(
    'OL_DATASET_FIELD',
    ['field_id'],
    [
      ['field_id', unicode(512)],
      ['dataset_id', unicode(256)],
      ['field_name', unicode(256)],
      ['field_type', 'VARCHAR(128)'],
      ['field_description', unicode(2000)],
      ['ordinal_position', 'INTEGER'],
      ['nullable', 'CHAR(1)'],
      ['created_at', 'TIMESTAMP(0)'],
      ...VALIDITY,
    ],
  ),
  insertJob: staged(
    'OL_JOB',
    ['job_id'],
    [
      ['job_id', unicode(256)],
      ['namespace_id', unicode(64)],
      ['name', unicode(256)],
      ['description', unicode(2000)],
      ['job_type', 'VARCHAR(50)'],
      ['created_at', 'TIMESTAMP(0)'],
      ['updated_at', 'TIMESTAMP(0)'],
    ],
  ),
  insertRun: staged(
    'OL_RUN',
    ['run_id'],
    [
      ['run_id', unicode(64)],
      ['job_id', unicode(256)],
      ['event_type', 'VARCHAR(20)'],
      ['event_time', TS],
      ['nominal_start_time', TS],
      ['nominal_end_time', TS],
      ['producer', unicode(512)],
      ['schema_url', unicode(512)],
      ['created_at', 'TIMESTAMP(0)'],
    ],
  ),
  insertRunInput: staged(
    'OL_RUN_INPUT',
    ['run_id', 'dataset_id'],
    [
      ['run_id', unicode(64)],
      ['dataset_id', unicode(256)],
    ],
  ),
  insertRunOutput: staged(
    'OL_RUN_OUTPUT',
    ['run_id', 'dataset_id'],
    [
      ['run_id', unicode(64)],
      ['dataset_id', unicode(256)],
    ],
  ),
  insertEdge: staged(
    'OL_COLUMN_LINEAGE',
    ['lineage_id'],
    [
      ['lineage_id', unicode(64)],
      ['run_id', unicode(64)],
      ['source_namespace', unicode(512)],
      ['source_dataset', unicode(256)],
      ['source_field', unicode(256)],
      ['target_namespace', unicode(512)],
      ['target_dataset', unicode(256)],
      ['target_field', unicode(256)],
      ['transformation_type', 'VARCHAR(20)'],
      ['transformation_subtype', 'VARCHAR(50)'],
      ['transformation_description', unicode(2000)],
      ['masking', 'CHAR(1)'],
      ['confidence_score', 'DECIMAL(3,2)'],
      ['discovered_at', 'TIMESTAMP(0)'],
      ['is_active', 'CHAR(1)'],
      ...VALIDITY,
    ],
  ),
  setValidities: {
    kind: 'staged',
    stage: `INSERT INTO OL_STAGE_VALIDITY (item_kind, item_key, is_active, ${VALIDITY.map(([name]) => name).join(', ')}) VALUES (CAST(? AS CHAR(1)), CAST(? AS ${unicode(512)}), CAST(? AS CHAR(1)), ${VALIDITY.map(([, type]) => `CAST(? AS ${type})`).join(', ')})`,
    clear: 'DELETE FROM OL_STAGE_VALIDITY',
    apply: validityApplies(validityMerge),
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
  insertHistory: {
    kind: 'rows',
    sql: `INSERT INTO OL_LINEAGE_HISTORY (item_kind, item_key, valid_from, valid_to, opened_by, closed_by)
SELECT CAST(? AS CHAR(1)) AS item_kind, CAST(? AS ${unicode(512)}) AS item_key, CAST(? AS ${TS}) AS valid_from, CAST(? AS ${TS}) AS valid_to, CAST(? AS ${unicode(64)}) AS opened_by, CAST(? AS ${unicode(64)}) AS closed_by`,
  },
  bumpGeneration: 'UPDATE OL_GRAPH_STATE SET generation = generation + 1, updated_at = ? WHERE state_id = 1',
  recordChange: {
    kind: 'rows',
    sql: `INSERT INTO OL_GRAPH_CHANGE (generation, change_kind, change_key, changed_at)
SELECT CAST(? AS BIGINT) AS generation, CAST(? AS CHAR(1)) AS change_kind, CAST(? AS ${unicode(64)}) AS change_key, CAST(? AS ${TS}) AS changed_at`,
  },
  lastChangeBefore: 'SELECT MAX(generation) AS generation FROM OL_GRAPH_CHANGE WHERE changed_at < ?',
  pruneChanges: 'DELETE FROM OL_GRAPH_CHANGE WHERE generation <= ?',
  keepChangesAfter: 'UPDATE OL_GRAPH_STATE SET generation = ?, updated_at = ? WHERE state_id = 2 AND generation < ?',
  getGeneration: 'SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1',
  pruneHistory: 'DELETE FROM OL_LINEAGE_HISTORY WHERE valid_to < ?',
  pruneEndedEdges: "DELETE FROM OL_COLUMN_LINEAGE WHERE is_active = 'N' AND valid_to < ?",
};
