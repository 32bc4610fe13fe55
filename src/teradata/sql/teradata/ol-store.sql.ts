import type { BulkInsert, OlStoreStatements } from '../../ol-store.statements.js';

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
    ],
  ),
  reactivateEdges: "UPDATE OL_COLUMN_LINEAGE SET is_active = 'Y' WHERE is_active = 'N' AND lineage_id IN (?)",
  deactivateEdges: "UPDATE OL_COLUMN_LINEAGE SET is_active = 'N' WHERE is_active = 'Y' AND lineage_id IN (?)",
  activeEdgesInto:
    "SELECT lineage_id FROM OL_COLUMN_LINEAGE WHERE target_namespace = ? AND target_dataset = ? AND is_active = 'Y' AND run_id LIKE ? ESCAPE '\\'",
  edgeStates: 'SELECT lineage_id, is_active FROM OL_COLUMN_LINEAGE WHERE lineage_id IN (?)',
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
};
