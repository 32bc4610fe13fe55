import { impactReaderStatement, type UsageStatements } from '../../usage.statements.js';

/**
 * Usage statements in Teradata SQL. Aggregate deltas merge one parameter
 * row each (a batched MERGE naming the whole key, the primary index
 * (dataset_id, field_name) or (dataset_id) included, so each row is a
 * one-AMP operation). Reads take an ACCESS lock: usage answers may be a
 * batch behind, never blocked by population.
 */
const U = 'CHARACTER SET UNICODE';
const DAY_RANGE = 'usage_day >= CAST(? AS DATE) AND usage_day <= CAST(? AS DATE)';
/** A page of a grouped answer, most read first, ties by key. */
const page = (key: string) => `QUALIFY ROW_NUMBER() OVER (ORDER BY SUM(read_count) DESC, ${key}) BETWEEN ? AND ?\nORDER BY read_total DESC, ${key}`;

/** An impact walk's nodes: an IN list of node keys (expanded by the caller), then the window. */
const IMPACT_FROM = (table: string, key: string) => `FROM ${table} u WHERE ${key} IN (?) AND u.usage_day >= CAST(? AS DATE) AND u.usage_day <= CAST(? AS DATE)`;
const FIELD_KEY = "(u.dataset_id || '/' || u.field_name)";

export const TERADATA_USAGE: UsageStatements = {
  mergeFieldUsage: {
    kind: 'rows',
    sql: `MERGE INTO OL_FIELD_USAGE_DAY AS t
USING (SELECT CAST(? AS DATE) AS usage_day, CAST(? AS VARCHAR(256) ${U}) AS dataset_id, CAST(? AS VARCHAR(256) ${U}) AS field_name,
  CAST(? AS VARCHAR(128) ${U}) AS user_name, CAST(? AS VARCHAR(128) ${U}) AS app_id, CAST(? AS VARCHAR(128) ${U}) AS client_id, CAST(? AS CHAR(1)) AS via_view,
  CAST(? AS INTEGER) AS read_count, CAST(? AS INTEGER) AS projection_count, CAST(? AS INTEGER) AS predicate_count, CAST(? AS TIMESTAMP(0)) AS last_read_at) AS s
ON t.dataset_id = s.dataset_id AND t.field_name = s.field_name AND t.usage_day = s.usage_day AND t.user_name = s.user_name
  AND t.app_id = s.app_id AND t.client_id = s.client_id AND t.via_view = s.via_view
WHEN MATCHED THEN UPDATE SET read_count = t.read_count + s.read_count, projection_count = t.projection_count + s.projection_count,
  predicate_count = t.predicate_count + s.predicate_count, last_read_at = CASE WHEN s.last_read_at > t.last_read_at THEN s.last_read_at ELSE t.last_read_at END
WHEN NOT MATCHED THEN INSERT (usage_day, dataset_id, field_name, user_name, app_id, client_id, via_view, read_count, projection_count, predicate_count, last_read_at)
  VALUES (s.usage_day, s.dataset_id, s.field_name, s.user_name, s.app_id, s.client_id, s.via_view, s.read_count, s.projection_count, s.predicate_count, s.last_read_at)`,
  },
  mergeDatasetUsage: {
    kind: 'rows',
    sql: `MERGE INTO OL_DATASET_USAGE_DAY AS t
USING (SELECT CAST(? AS DATE) AS usage_day, CAST(? AS VARCHAR(256) ${U}) AS dataset_id,
  CAST(? AS VARCHAR(128) ${U}) AS user_name, CAST(? AS VARCHAR(128) ${U}) AS app_id, CAST(? AS VARCHAR(128) ${U}) AS client_id, CAST(? AS CHAR(1)) AS via_view,
  CAST(? AS INTEGER) AS read_count, CAST(? AS TIMESTAMP(0)) AS last_read_at) AS s
ON t.dataset_id = s.dataset_id AND t.usage_day = s.usage_day AND t.user_name = s.user_name AND t.app_id = s.app_id AND t.client_id = s.client_id AND t.via_view = s.via_view
WHEN MATCHED THEN UPDATE SET read_count = t.read_count + s.read_count, last_read_at = CASE WHEN s.last_read_at > t.last_read_at THEN s.last_read_at ELSE t.last_read_at END
WHEN NOT MATCHED THEN INSERT (usage_day, dataset_id, user_name, app_id, client_id, via_view, read_count, last_read_at)
  VALUES (s.usage_day, s.dataset_id, s.user_name, s.app_id, s.client_id, s.via_view, s.read_count, s.last_read_at)`,
  },
  coverageOverlapping: 'SELECT covered_from, covered_until FROM OL_USAGE_COVERAGE WHERE covered_from < ? AND covered_until > ? ORDER BY covered_from',
  upsertCoverage: `MERGE INTO OL_USAGE_COVERAGE AS t
USING (SELECT CAST(? AS VARCHAR(64)) AS run_id, CAST(? AS VARCHAR(16)) AS usage_source, CAST(? AS TIMESTAMP(6)) AS covered_from,
  CAST(? AS TIMESTAMP(6)) AS covered_until, CAST(? AS TIMESTAMP(0)) AS updated_at) AS s
ON t.run_id = s.run_id
WHEN MATCHED THEN UPDATE SET usage_source = s.usage_source, covered_from = s.covered_from, covered_until = s.covered_until, updated_at = s.updated_at
WHEN NOT MATCHED THEN INSERT (run_id, usage_source, covered_from, covered_until, updated_at) VALUES (s.run_id, s.usage_source, s.covered_from, s.covered_until, s.updated_at)`,
  coverageState: `LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n, MAX(covered_until) AS last_until FROM OL_USAGE_COVERAGE`,
  latestUsageSource: `LOCKING ROW FOR ACCESS SELECT usage_source, covered_until FROM OL_USAGE_COVERAGE QUALIFY ROW_NUMBER() OVER (ORDER BY updated_at DESC, covered_until DESC) = 1`,
  viewFieldSources: `LOCKING ROW FOR ACCESS
SELECT l.target_dataset AS view_dataset, l.target_field AS view_field, l.source_dataset, l.source_field
FROM OL_COLUMN_LINEAGE l JOIN OL_DATASET d ON d.namespace_id = l.target_namespace AND d.name = l.target_dataset
WHERE l.target_dataset IN (?) AND l.target_namespace = ? AND d.source_type = 'VIEW' AND l.is_active = 'Y' AND l.transformation_type = 'DIRECT' AND l.target_field <> '*'`,

  fieldDays: `LOCKING ROW FOR ACCESS
SELECT usage_day, SUM(read_count) AS read_total, SUM(projection_count) AS projection_total, SUM(predicate_count) AS predicate_total,
  COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE} GROUP BY usage_day ORDER BY usage_day`,
  fieldSummary: `LOCKING ROW FOR ACCESS
SELECT SUM(read_count) AS read_total, SUM(projection_count) AS projection_total, SUM(predicate_count) AS predicate_total,
  COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, COUNT(DISTINCT client_id) AS client_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE}`,
  fieldUsers: `LOCKING ROW FOR ACCESS
SELECT user_name, SUM(read_count) AS read_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE} GROUP BY user_name ${page('user_name')}`,
  fieldApps: `LOCKING ROW FOR ACCESS
SELECT app_id, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, MAX(last_read_at) AS last_read_at
FROM OL_FIELD_USAGE_DAY WHERE dataset_id = ? AND field_name = ? AND ${DAY_RANGE} GROUP BY app_id ${page('app_id')}`,
  datasetDays: `LOCKING ROW FOR ACCESS
SELECT usage_day, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE} GROUP BY usage_day ORDER BY usage_day`,
  datasetSummary: `LOCKING ROW FOR ACCESS
SELECT SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, COUNT(DISTINCT client_id) AS client_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE}`,
  datasetUsers: `LOCKING ROW FOR ACCESS
SELECT user_name, SUM(read_count) AS read_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE} GROUP BY user_name ${page('user_name')}`,
  datasetApps: `LOCKING ROW FOR ACCESS
SELECT app_id, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, MAX(last_read_at) AS last_read_at
FROM OL_DATASET_USAGE_DAY WHERE dataset_id = ? AND ${DAY_RANGE} GROUP BY app_id ${page('app_id')}`,

  topFields: `LOCKING ROW FOR ACCESS
SELECT u.dataset_id, n.namespace_uri, d.name, u.field_name, u.read_total, u.user_total, u.app_total, u.last_read_at
FROM (SELECT dataset_id, field_name, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
      FROM OL_FIELD_USAGE_DAY WHERE ${DAY_RANGE} GROUP BY dataset_id, field_name) u
JOIN OL_DATASET d ON d.dataset_id = u.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
QUALIFY ROW_NUMBER() OVER (ORDER BY u.read_total DESC, d.name, u.field_name) BETWEEN ? AND ?
ORDER BY u.read_total DESC, d.name, u.field_name`,
  countTopFields: `LOCKING ROW FOR ACCESS
SELECT COUNT(*) AS n FROM (SELECT DISTINCT u.dataset_id, u.field_name FROM OL_FIELD_USAGE_DAY u JOIN OL_DATASET d ON d.dataset_id = u.dataset_id WHERE ${DAY_RANGE}) x`,
  topDatasets: `LOCKING ROW FOR ACCESS
SELECT u.dataset_id, n.namespace_uri, d.name, u.read_total, u.user_total, u.app_total, u.last_read_at
FROM (SELECT dataset_id, SUM(read_count) AS read_total, COUNT(DISTINCT user_name) AS user_total, COUNT(DISTINCT app_id) AS app_total, MAX(last_read_at) AS last_read_at
      FROM OL_DATASET_USAGE_DAY WHERE ${DAY_RANGE} GROUP BY dataset_id) u
JOIN OL_DATASET d ON d.dataset_id = u.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
QUALIFY ROW_NUMBER() OVER (ORDER BY u.read_total DESC, d.name) BETWEEN ? AND ?
ORDER BY u.read_total DESC, d.name`,
  countTopDatasets: `LOCKING ROW FOR ACCESS
SELECT COUNT(*) AS n FROM (SELECT DISTINCT u.dataset_id FROM OL_DATASET_USAGE_DAY u JOIN OL_DATASET d ON d.dataset_id = u.dataset_id WHERE ${DAY_RANGE}) x`,
  unreadDatasets: `LOCKING ROW FOR ACCESS
SELECT d.dataset_id, n.namespace_uri, d.name, d.source_type, r.last_read_day
FROM OL_DATASET d JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
LEFT JOIN (SELECT dataset_id, MAX(usage_day) AS last_read_day FROM OL_DATASET_USAGE_DAY GROUP BY dataset_id) r ON r.dataset_id = d.dataset_id
WHERE d.is_active = 'Y' AND (r.last_read_day IS NULL OR r.last_read_day < CAST(? AS DATE))
ORDER BY d.name, d.dataset_id`,
  unreadFields: `LOCKING ROW FOR ACCESS
SELECT f.dataset_id, n.namespace_uri, d.name, f.field_name, r.last_read_day
FROM OL_DATASET_FIELD f JOIN OL_DATASET d ON d.dataset_id = f.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
LEFT JOIN (SELECT dataset_id, field_name, MAX(usage_day) AS last_read_day FROM OL_FIELD_USAGE_DAY GROUP BY dataset_id, field_name) r
  ON r.dataset_id = f.dataset_id AND r.field_name = f.field_name
WHERE d.is_active = 'Y' AND (r.last_read_day IS NULL OR r.last_read_day < CAST(? AS DATE))
ORDER BY d.name, f.ordinal_position, f.field_name`,
  lastUsageDay: `LOCKING ROW FOR ACCESS SELECT MAX(usage_day) AS last_day FROM OL_DATASET_USAGE_DAY`,
  readDatasets: `LOCKING ROW FOR ACCESS SELECT DISTINCT dataset_id FROM OL_DATASET_USAGE_DAY WHERE usage_day >= CAST(? AS DATE)`,
  impactReaders: {
    keys: 'in',
    fields: impactReaderStatement(IMPACT_FROM('OL_FIELD_USAGE_DAY', FIELD_KEY), 'LOCKING ROW FOR ACCESS\n', FIELD_KEY),
    datasets: impactReaderStatement(IMPACT_FROM('OL_DATASET_USAGE_DAY', 'u.dataset_id'), 'LOCKING ROW FOR ACCESS\n', 'u.dataset_id'),
  },
};
