import type { OlStoreStatements } from '../ol-store.statements.js';

/**
 * OL_* writes on the embedded engine: `INSERT … ON CONFLICT DO NOTHING`,
 * which the adapter's batch() sends as multi-row inserts; the count of
 * changed rows is the count of rows inserted.
 */
function insertIgnore(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
}

export const EMBEDDED_OL_STORE: OlStoreStatements = {
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
  reactivateEdges: "UPDATE OL_COLUMN_LINEAGE SET is_active = 'Y' WHERE is_active = 'N' AND lineage_id IN (?)",
  deactivateEdges: "UPDATE OL_COLUMN_LINEAGE SET is_active = 'N' WHERE is_active = 'Y' AND lineage_id IN (?)",
  activeEdgesInto:
    "SELECT lineage_id FROM OL_COLUMN_LINEAGE WHERE target_namespace = ? AND target_dataset = ? AND is_active = 'Y' AND run_id LIKE ? ESCAPE '\\'",
  bumpGeneration: 'UPDATE OL_GRAPH_STATE SET generation = generation + 1, updated_at = ? WHERE state_id = 1',
  getGeneration: 'SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1',
};
