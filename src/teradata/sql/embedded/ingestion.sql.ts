import type { IngestionStatements } from '../ingestion.statements.js';

/**
 * OpenLineage ingestion on the embedded engine (DuckDB): plain VALUES
 * inserts that skip a present key (the port's batch() folds many rows into
 * one multi-row INSERT), so the count of changed rows is the count inserted.
 */
function insertIgnore(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
}

export const EMBEDDED_INGESTION: IngestionStatements = {
  insertNamespace: insertIgnore('OL_NAMESPACE', ['namespace_id', 'namespace_uri', 'description', 'spec_version', 'created_at']),
  insertDataset: insertIgnore('OL_DATASET', ['dataset_id', 'namespace_id', 'name', 'description', 'source_type', 'created_at', 'updated_at', 'is_active']),
  insertField: insertIgnore('OL_DATASET_FIELD', [
    'field_id',
    'dataset_id',
    'field_name',
    'field_type',
    'field_description',
    'ordinal_position',
    'nullable',
    'created_at',
  ]),
  completeField:
    'UPDATE OL_DATASET_FIELD SET field_type = ?, field_description = ?, ordinal_position = ? WHERE field_id = ? AND field_type IS NULL AND ordinal_position IS NULL',
  insertJob: insertIgnore('OL_JOB', ['job_id', 'namespace_id', 'name', 'description', 'job_type', 'created_at', 'updated_at']),
  insertRun: insertIgnore('OL_RUN', [
    'run_id',
    'job_id',
    'event_type',
    'event_time',
    'nominal_start_time',
    'nominal_end_time',
    'producer',
    'schema_url',
    'created_at',
  ]),
  findRun: 'SELECT run_id, event_type, event_time FROM OL_RUN WHERE run_id = ?',
  advanceRun:
    'UPDATE OL_RUN SET event_type = ?, event_time = ?, nominal_start_time = COALESCE(CAST(? AS TIMESTAMP), nominal_start_time), ' +
    'nominal_end_time = COALESCE(CAST(? AS TIMESTAMP), nominal_end_time), producer = ?, schema_url = ? WHERE run_id = ? AND event_time <= ?',
  insertRunInput: insertIgnore('OL_RUN_INPUT', ['run_id', 'dataset_id']),
  insertRunOutput: insertIgnore('OL_RUN_OUTPUT', ['run_id', 'dataset_id']),
  insertEdge: insertIgnore('OL_COLUMN_LINEAGE', [
    'lineage_id',
    'run_id',
    'source_namespace',
    'source_dataset',
    'source_field',
    'target_namespace',
    'target_dataset',
    'target_field',
    'transformation_type',
    'transformation_subtype',
    'transformation_description',
    'masking',
    'confidence_score',
    'discovered_at',
    'is_active',
  ]),
  reactivateEdge: "UPDATE OL_COLUMN_LINEAGE SET is_active = 'Y' WHERE lineage_id = ? AND is_active = 'N'",
  bumpGeneration: 'UPDATE OL_GRAPH_STATE SET generation = generation + 1, updated_at = ? WHERE state_id = 1',
  getGeneration: 'SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1',
};
