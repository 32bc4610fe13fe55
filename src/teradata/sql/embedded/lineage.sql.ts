import { changedStatements, DATASET_FILTER, EDGE_COLUMNS, type LineageStatements, RUNS_BY_ID } from '../../lineage.statements.js';

const CHANGED = changedStatements((a) => `${a}.rowid`);

export const EMBEDDED_LINEAGE: LineageStatements = {
  namespaces: 'SELECT namespace_id, namespace_uri, description, spec_version, created_at FROM OL_NAMESPACE ORDER BY namespace_id',
  datasetsPage: `SELECT d.dataset_id, d.namespace_id, n.namespace_uri, d.name, d.description, d.source_type, d.is_active,
  (SELECT COUNT(*) FROM OL_DATASET_FIELD f WHERE f.dataset_id = d.dataset_id) AS field_count
FROM OL_DATASET d LEFT JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE ${DATASET_FILTER}
ORDER BY d.name, d.namespace_id LIMIT ? OFFSET ?`,
  datasetsCount: `SELECT COUNT(*) AS n FROM OL_DATASET d WHERE ${DATASET_FILTER}`,
  dataset: `SELECT d.dataset_id, d.namespace_id, n.namespace_uri, d.name, d.description, d.source_type, d.is_active, d.created_at, d.updated_at
FROM OL_DATASET d LEFT JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id WHERE d.namespace_id = ? AND d.name = ?`,
  datasetNamespaces: 'SELECT DISTINCT n.namespace_uri, d.name FROM OL_DATASET d JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id WHERE d.name IN (?, ?) ORDER BY n.namespace_uri',
  datasetFields: 'SELECT field_name, field_type, field_description, ordinal_position, nullable FROM OL_DATASET_FIELD WHERE dataset_id = ? ORDER BY ordinal_position, field_name',
  datasetNeighbours: `SELECT
  (SELECT COUNT(DISTINCT i.dataset_id) FROM OL_RUN_OUTPUT o JOIN OL_RUN_INPUT i ON i.run_id = o.run_id WHERE o.dataset_id = ? AND i.dataset_id <> o.dataset_id) AS upstream,
  (SELECT COUNT(DISTINCT o.dataset_id) FROM OL_RUN_INPUT i JOIN OL_RUN_OUTPUT o ON o.run_id = i.run_id WHERE i.dataset_id = ? AND i.dataset_id <> o.dataset_id) AS downstream`,
  // Keyset on DuckDB's rowid: ordered storage, no sort per page.
  activeEdges: `SELECT rowid AS page_key, lineage_id, ${EDGE_COLUMNS}, is_active, valid_from, valid_to FROM OL_COLUMN_LINEAGE
WHERE is_active = 'Y' OR (valid_to > ? AND valid_to > valid_from) ORDER BY rowid`,
  edgeHistoryAfter: "SELECT item_key, valid_from, valid_to FROM OL_LINEAGE_HISTORY WHERE item_kind = 'E' AND valid_to > ?",
  edgeHistoryOf: "SELECT item_key, valid_from, valid_to FROM OL_LINEAGE_HISTORY WHERE item_kind = 'E' AND item_key IN (?)",
  datasetLinks: `SELECT ni.namespace_uri AS source_namespace, di.name AS source_dataset, no.namespace_uri AS target_namespace, dout.name AS target_dataset, MIN(r.event_time) AS first_run
FROM OL_RUN_INPUT i
JOIN OL_RUN_OUTPUT o ON o.run_id = i.run_id
JOIN OL_RUN r ON r.run_id = i.run_id
JOIN OL_DATASET di ON di.dataset_id = i.dataset_id
JOIN OL_DATASET dout ON dout.dataset_id = o.dataset_id
JOIN OL_NAMESPACE ni ON ni.namespace_id = di.namespace_id
JOIN OL_NAMESPACE no ON no.namespace_id = dout.namespace_id
WHERE i.dataset_id <> o.dataset_id
GROUP BY ni.namespace_uri, di.name, no.namespace_uri, dout.name`,
  generation: 'SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1',
  changeLogState: 'SELECT state_id, generation FROM OL_GRAPH_STATE WHERE state_id IN (1, 2)',
  changedKeys: 'SELECT DISTINCT change_kind, change_key FROM OL_GRAPH_CHANGE WHERE generation > ? AND generation <= ?',
  edgesById: `SELECT l.rowid AS page_key, l.lineage_id, l.is_active, l.valid_from, l.valid_to, ${EDGE_COLUMNS} FROM OL_COLUMN_LINEAGE l WHERE l.lineage_id IN (?)`,
  edgeRanks: 'SELECT l.rowid AS page_key, l.lineage_id FROM OL_COLUMN_LINEAGE l WHERE l.lineage_id IN (?)',
  runDatasetLinks: `SELECT ni.namespace_uri AS source_namespace, di.name AS source_dataset, nout.namespace_uri AS target_namespace, dout.name AS target_dataset, MIN(r.event_time) AS first_run
FROM OL_RUN_INPUT i
JOIN OL_RUN_OUTPUT o ON o.run_id = i.run_id
JOIN OL_RUN r ON r.run_id = i.run_id
JOIN OL_DATASET di ON di.dataset_id = i.dataset_id
JOIN OL_DATASET dout ON dout.dataset_id = o.dataset_id
JOIN OL_NAMESPACE ni ON ni.namespace_id = di.namespace_id
JOIN OL_NAMESPACE nout ON nout.namespace_id = dout.namespace_id
WHERE i.dataset_id <> o.dataset_id
  AND i.run_id IN (?)
GROUP BY ni.namespace_uri, di.name, nout.namespace_uri, dout.name`,
  jobsPage: 'SELECT job_id, namespace_id, name, description, job_type, created_at, updated_at FROM OL_JOB ORDER BY updated_at DESC, job_id LIMIT ? OFFSET ?',
  jobsCount: 'SELECT COUNT(*) AS n FROM OL_JOB',
  jobExists: 'SELECT job_id FROM OL_JOB WHERE job_id = ?',
  runsPage: 'SELECT run_id, job_id, event_type, event_time, producer FROM OL_RUN WHERE job_id = ? ORDER BY event_time DESC, run_id LIMIT ? OFFSET ?',
  runsCount: 'SELECT COUNT(*) AS n FROM OL_RUN WHERE job_id = ?',
  runsProducingField: `SELECT DISTINCT r.run_id, r.job_id, r.event_type, r.event_time, r.producer
FROM OL_COLUMN_LINEAGE l JOIN OL_RUN r ON r.run_id = l.run_id
WHERE l.target_namespace = ? AND l.target_dataset = ? AND l.target_field = ?
ORDER BY r.event_time DESC LIMIT 100`,
  storeIdentity: 'SELECT CAST(applied_at AS VARCHAR) AS created FROM OL_SCHEMA_VERSION WHERE version_id = 1',
  counts: `SELECT (SELECT COUNT(*) FROM OL_NAMESPACE) AS namespaces, (SELECT COUNT(*) FROM OL_DATASET) AS datasets,
  (SELECT COUNT(*) FROM OL_DATASET_FIELD) AS fields, (SELECT COUNT(*) FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y') AS edges`,
  edgeBoundaries: `${CHANGED.edges}`,
  changedDatasets: `${CHANGED.datasets}`,
  changedFields: `${CHANGED.fields}`,
  runsById: `${RUNS_BY_ID}`,
};
