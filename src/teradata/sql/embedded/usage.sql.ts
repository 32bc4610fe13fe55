import { impactReaderStatement, type UsageStatements } from '../../usage.statements.js';

/**
 * Usage statements for the embedded engine (DuckDB). Aggregate deltas arrive
 * as one JSON parameter and merge with INSERT … ON CONFLICT on the tables'
 * keys. Same shapes and parameters as the Teradata catalog.
 */
const DAY_RANGE = 'usage_day >= CAST(? AS DATE) AND usage_day <= CAST(? AS DATE)';
/** A page of a grouped answer, most read first, ties by key. */
const page = (key: string) => `QUALIFY ROW_NUMBER() OVER (ORDER BY SUM(read_count) DESC, ${key}) BETWEEN ? AND ?\nORDER BY read_total DESC, ${key}`;

/**
 * An impact walk's nodes: a hash join with the node list (one JSON array parameter of [node_key, dataset_id,
 * field_name]; an IN list of thousands of keys is a filter of as many ORs) on the table's own key columns
 * (no key built per row), then the window.
 */
const IMPACT_NODES = `(SELECT k[1] AS node_key, k[2] AS node_dataset, k[3] AS node_field FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS k))`;
const IMPACT_DAYS = 'u.usage_day >= CAST(? AS DATE) AND u.usage_day <= CAST(? AS DATE)';

export const EMBEDDED_USAGE: UsageStatements = {
  mergeFieldUsage: {
    kind: 'json',
    sql: `INSERT INTO OL_FIELD_USAGE_DAY (usage_day, dataset_id, field_name, user_name, app_id, client_id, via_view, read_count, projection_count, predicate_count, last_read_at)
SELECT CAST(r[1] AS DATE), r[2], r[3], r[4], r[5], r[6], r[7], CAST(r[8] AS INTEGER), CAST(r[9] AS INTEGER), CAST(r[10] AS INTEGER), CAST(r[11] AS TIMESTAMP)
FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS r)
ON CONFLICT (dataset_id, field_name, usage_day, user_name, app_id, client_id, via_view) DO UPDATE SET
  read_count = read_count + excluded.read_count, projection_count = projection_count + excluded.projection_count,
  predicate_count = predicate_count + excluded.predicate_count, last_read_at = greatest(last_read_at, excluded.last_read_at)`,
  },
  mergeDatasetUsage: {
    kind: 'json',
    sql: `INSERT INTO OL_DATASET_USAGE_DAY (usage_day, dataset_id, user_name, app_id, client_id, via_view, read_count, last_read_at)
SELECT CAST(r[1] AS DATE), r[2], r[3], r[4], r[5], r[6], CAST(r[7] AS INTEGER), CAST(r[8] AS TIMESTAMP)
FROM (SELECT unnest(from_json(CAST(? AS VARCHAR), '[["VARCHAR"]]')) AS r)
ON CONFLICT (dataset_id, usage_day, user_name, app_id, client_id, via_view) DO UPDATE SET
  read_count = read_count + excluded.read_count, last_read_at = greatest(last_read_at, excluded.last_read_at)`,
  },
  coverageOverlapping: 'SELECT covered_from, covered_until FROM OL_USAGE_COVERAGE WHERE covered_from < ? AND covered_until > ? ORDER BY covered_from',
  upsertCoverage: `INSERT INTO OL_USAGE_COVERAGE (run_id, usage_source, covered_from, covered_until, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (run_id) DO UPDATE SET usage_source = excluded.usage_source, covered_from = excluded.covered_from, covered_until = excluded.covered_until, updated_at = excluded.updated_at`,
  coverageState: `SELECT COUNT(*) AS n, MAX(covered_until) AS last_until FROM OL_USAGE_COVERAGE`,
  latestUsageSource: `SELECT usage_source, covered_until FROM OL_USAGE_COVERAGE ORDER BY updated_at DESC, covered_until DESC LIMIT 1`,
  viewFieldSources: `SELECT l.target_dataset AS view_dataset, l.target_field AS view_field, l.source_dataset, l.source_field
FROM OL_COLUMN_LINEAGE l JOIN OL_DATASET d ON d.namespace_id = l.target_namespace AND d.name = l.target_dataset
WHERE l.target_dataset IN (?) AND l.target_namespace = ? AND d.source_type = 'VIEW' AND l.is_active = 'Y' AND l.transformation_type = 'DIRECT' AND l.target_field <> '*'`,

  fieldDays: `SELECT usage_day, SUM(read_count) AS read_total, SUM(projection_count) AS projection_total, SUM(predicate_count) AS predicate_total,
  COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE} GROUP BY usage_day ORDER BY usage_day`,
  fieldSummary: `SELECT SUM(read_count) AS read_total, SUM(projection_count) AS projection_total, SUM(predicate_count) AS predicate_total,
  COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, COUNT(DISTINCT client_id) AS client_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE}`,
  fieldUsers: `SELECT user_name, SUM(read_count) AS read_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE} GROUP BY user_name ${page('user_name')}`,
  fieldApps: `SELECT app_id, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE} GROUP BY app_id ${page('app_id')}`,
  datasetDays: `SELECT usage_day, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE} GROUP BY usage_day ORDER BY usage_day`,
  datasetSummary: `SELECT SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, COUNT(DISTINCT client_id) AS client_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE}`,
  datasetUsers: `SELECT user_name, SUM(read_count) AS read_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE} GROUP BY user_name ${page('user_name')}`,
  datasetApps: `SELECT app_id, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE} GROUP BY app_id ${page('app_id')}`,

  topFields: `SELECT u.dataset_id, n.namespace_uri, d.name, u.field_name, u.read_total, u.user_total, u.app_total, u.last_read_at
FROM (SELECT dataset_id, field_name, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
      FROM OL_FIELD_USAGE_DAY WHERE ${DAY_RANGE} GROUP BY dataset_id, field_name) u
JOIN OL_DATASET d ON d.dataset_id = u.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
QUALIFY ROW_NUMBER() OVER (ORDER BY u.read_total DESC, d.name, u.field_name) BETWEEN ? AND ?
ORDER BY u.read_total DESC, d.name, u.field_name`,
  countTopFields: `SELECT COUNT(*) AS n FROM (SELECT DISTINCT u.dataset_id, u.field_name FROM OL_FIELD_USAGE_DAY u JOIN OL_DATASET d ON d.dataset_id = u.dataset_id WHERE ${DAY_RANGE}) x`,
  topDatasets: `SELECT u.dataset_id, n.namespace_uri, d.name, u.read_total, u.user_total, u.app_total, u.last_read_at
FROM (SELECT dataset_id, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
      FROM OL_DATASET_USAGE_DAY WHERE ${DAY_RANGE} GROUP BY dataset_id) u
JOIN OL_DATASET d ON d.dataset_id = u.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
QUALIFY ROW_NUMBER() OVER (ORDER BY u.read_total DESC, d.name) BETWEEN ? AND ?
ORDER BY u.read_total DESC, d.name`,
  countTopDatasets: `SELECT COUNT(*) AS n FROM (SELECT DISTINCT u.dataset_id FROM OL_DATASET_USAGE_DAY u JOIN OL_DATASET d ON d.dataset_id = u.dataset_id WHERE ${DAY_RANGE}) x`,
  unreadDatasets: `SELECT d.dataset_id, n.namespace_uri, d.name, d.source_type, r.last_read_day
FROM OL_DATASET d JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
LEFT JOIN (SELECT dataset_id, MAX(usage_day) AS last_read_day FROM OL_DATASET_USAGE_DAY GROUP BY dataset_id) r ON r.dataset_id = d.dataset_id
WHERE d.is_active = 'Y' AND (r.last_read_day IS NULL OR r.last_read_day < CAST(? AS DATE))
ORDER BY d.name, d.dataset_id`,
  unreadFields: `SELECT f.dataset_id, n.namespace_uri, d.name, f.field_name, r.last_read_day
FROM OL_DATASET_FIELD f JOIN OL_DATASET d ON d.dataset_id = f.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
LEFT JOIN (SELECT dataset_id, field_name, MAX(usage_day) AS last_read_day FROM OL_FIELD_USAGE_DAY GROUP BY dataset_id, field_name) r
  ON r.dataset_id = f.dataset_id AND r.field_name = f.field_name
WHERE d.is_active = 'Y' AND (r.last_read_day IS NULL OR r.last_read_day < CAST(? AS DATE))
ORDER BY d.name, f.ordinal_position, f.field_name`,
  lastUsageDay: `SELECT MAX(usage_day) AS last_day FROM OL_DATASET_USAGE_DAY`,
  readDatasets: 'SELECT DISTINCT dataset_id FROM OL_DATASET_USAGE_DAY WHERE usage_day >= CAST(? AS DATE)',
  impactReaders: {
    keys: 'json',
    fields: impactReaderStatement(`FROM OL_FIELD_USAGE_DAY u JOIN ${IMPACT_NODES} n ON n.node_dataset = u.dataset_id AND n.node_field = u.field_name WHERE ${IMPACT_DAYS}`, '', 'n.node_key'),
    datasets: impactReaderStatement(`FROM OL_DATASET_USAGE_DAY u JOIN ${IMPACT_NODES} n ON n.node_dataset = u.dataset_id WHERE ${IMPACT_DAYS}`, '', 'n.node_key'),
  },
};
