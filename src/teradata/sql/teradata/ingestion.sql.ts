import type { IngestionStatements } from '../ingestion.statements.js';

/**
 * OpenLineage ingestion in Teradata SQL: one single-row MERGE per row (sent
 * as a driver batch) that inserts only when the natural key is absent.
 */
function mergeInsert(table: string, keys: readonly string[], columns: readonly (readonly [string, string])[]): string {
  const source = columns.map(([name, type]) => `CAST(? AS ${type}) AS ${name}`).join(', ');
  const on = keys.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const names = columns.map(([name]) => name).join(', ');
  const values = columns.map(([name]) => `s.${name}`).join(', ');
  return `MERGE INTO ${table} AS t USING (SELECT ${source}) AS s ON ${on} WHEN NOT MATCHED THEN INSERT (${names}) VALUES (${values})`;
}

const TS6 = 'TIMESTAMP(6)';
const TS0 = 'TIMESTAMP(0)';

export const TERADATA_INGESTION: IngestionStatements = {
  insertNamespace: mergeInsert(
    'OL_NAMESPACE',
    ['namespace_id'],
    [
      ['namespace_id', 'VARCHAR(64)'],
      ['namespace_uri', 'VARCHAR(512)'],
      ['description', 'VARCHAR(2000)'],
      ['spec_version', 'VARCHAR(20)'],
      ['created_at', TS0],
    ],
  ),
  insertDataset: mergeInsert(
    'OL_DATASET',
    ['dataset_id'],
    [
      ['dataset_id', 'VARCHAR(256)'],
      ['namespace_id', 'VARCHAR(64)'],
      ['name', 'VARCHAR(256)'],
      ['description', 'VARCHAR(2000)'],
      ['source_type', 'VARCHAR(50)'],
      ['created_at', TS0],
      ['updated_at', TS0],
      ['is_active', 'CHAR(1)'],
    ],
  ),
  insertField: mergeInsert(
    'OL_DATASET_FIELD',
    ['field_id'],
    [
      ['field_id', 'VARCHAR(512)'],
      ['dataset_id', 'VARCHAR(256)'],
      ['field_name', 'VARCHAR(256)'],
      ['field_type', 'VARCHAR(128)'],
      ['field_description', 'VARCHAR(2000)'],
      ['ordinal_position', 'INTEGER'],
      ['nullable', 'CHAR(1)'],
      ['created_at', TS0],
    ],
  ),
  completeField:
    'UPDATE OL_DATASET_FIELD SET field_type = ?, field_description = ?, ordinal_position = ? WHERE field_id = ? AND field_type IS NULL AND ordinal_position IS NULL',
  insertJob: mergeInsert(
    'OL_JOB',
    ['job_id'],
    [
      ['job_id', 'VARCHAR(256)'],
      ['namespace_id', 'VARCHAR(64)'],
      ['name', 'VARCHAR(256)'],
      ['description', 'VARCHAR(2000)'],
      ['job_type', 'VARCHAR(50)'],
      ['created_at', TS0],
      ['updated_at', TS0],
    ],
  ),
  insertRun: mergeInsert(
    'OL_RUN',
    ['run_id'],
    [
      ['run_id', 'VARCHAR(64)'],
      ['job_id', 'VARCHAR(256)'],
      ['event_type', 'VARCHAR(20)'],
      ['event_time', TS6],
      ['nominal_start_time', TS6],
      ['nominal_end_time', TS6],
      ['producer', 'VARCHAR(512)'],
      ['schema_url', 'VARCHAR(512)'],
      ['created_at', TS0],
    ],
  ),
  findRun: 'SELECT run_id, event_type, event_time FROM OL_RUN WHERE run_id = ?',
  advanceRun:
    'UPDATE OL_RUN SET event_type = ?, event_time = ?, nominal_start_time = COALESCE(CAST(? AS TIMESTAMP(6)), nominal_start_time), ' +
    'nominal_end_time = COALESCE(CAST(? AS TIMESTAMP(6)), nominal_end_time), producer = ?, schema_url = ? WHERE run_id = ? AND event_time <= ?',
  insertRunInput: mergeInsert(
    'OL_RUN_INPUT',
    ['run_id', 'dataset_id'],
    [
      ['run_id', 'VARCHAR(64)'],
      ['dataset_id', 'VARCHAR(256)'],
    ],
  ),
  insertRunOutput: mergeInsert(
    'OL_RUN_OUTPUT',
    ['run_id', 'dataset_id'],
    [
      ['run_id', 'VARCHAR(64)'],
      ['dataset_id', 'VARCHAR(256)'],
    ],
  ),
  insertEdge: mergeInsert(
    'OL_COLUMN_LINEAGE',
    ['lineage_id'],
    [
      ['lineage_id', 'VARCHAR(64)'],
      ['run_id', 'VARCHAR(64)'],
      ['source_namespace', 'VARCHAR(512)'],
      ['source_dataset', 'VARCHAR(256)'],
      ['source_field', 'VARCHAR(256)'],
      ['target_namespace', 'VARCHAR(512)'],
      ['target_dataset', 'VARCHAR(256)'],
      ['target_field', 'VARCHAR(256)'],
      ['transformation_type', 'VARCHAR(20)'],
      ['transformation_subtype', 'VARCHAR(50)'],
      ['transformation_description', 'VARCHAR(2000)'],
      ['masking', 'CHAR(1)'],
      ['confidence_score', 'DECIMAL(3,2)'],
      ['discovered_at', TS0],
      ['is_active', 'CHAR(1)'],
    ],
  ),
  reactivateEdge: "UPDATE OL_COLUMN_LINEAGE SET is_active = 'Y' WHERE lineage_id = ? AND is_active = 'N'",
  bumpGeneration: 'UPDATE OL_GRAPH_STATE SET generation = generation + 1, updated_at = ? WHERE state_id = 1',
  getGeneration: 'SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1',
};
