/**
 * Statements of column usage (issue 21): the daily aggregates DBQL
 * population merges into (OL_FIELD_USAGE_DAY, OL_DATASET_USAGE_DAY), the
 * CollectTimeStamp ranges already counted (OL_USAGE_COVERAGE), and the
 * reads the Usage module answers with. One implementation per dialect
 * (`teradata/usage.sql.ts`, `embedded/usage.sql.ts`). Days travel as
 * 'YYYY-MM-DD' text cast to DATE; pages as first_row, last_row (1-based,
 * inclusive); `IN (?)` lists are expanded by the caller.
 */

/** How a batch of aggregate deltas is merged: one JSON parameter (embedded) or one parameter row per delta (Teradata MERGE). */
export type UsageMerge = { readonly kind: 'json'; readonly sql: string } | { readonly kind: 'rows'; readonly sql: string };

export abstract class UsageStatements {
  /**
   * Adds deltas to the field aggregates (counts summed, last_read_at the later). Row: usage_day, dataset_id,
   * field_name, user_name, app_id, client_id, via_view, read_count, projection_count, predicate_count, last_read_at.
   */
  abstract readonly mergeFieldUsage: UsageMerge;
  /** Row: usage_day, dataset_id, user_name, app_id, client_id, via_view, read_count, last_read_at. */
  abstract readonly mergeDatasetUsage: UsageMerge;
  /** Params: until, since → covered_from, covered_until of the ranges overlapping [since, until). */
  abstract readonly coverageOverlapping: string;
  /** Params: run_id, usage_source, covered_from, covered_until, updated_at (upsert on run_id). */
  abstract readonly upsertCoverage: string;
  /** → n, last_until: the ranges counted. */
  abstract readonly coverageState: string;
  /** → usage_source, covered_until of the range written last (what the latest run's usage came from). */
  abstract readonly latestUsageSource: string;
  /**
   * Params: dataset names (`IN (?)`), namespace_id. The DIRECT active edges into columns of
   * those datasets that are views → view_dataset, view_field, source_dataset, source_field (names).
   */
  abstract readonly viewFieldSources: string;

  /** Params: dataset_id, field_name, from_day, to_day → usage_day, read_total, projection_total, predicate_total, user_total, app_total, last_read_at (per day). */
  abstract readonly fieldDays: string;
  /** Params: dataset_id, field_name, from_day, to_day → read_total, projection_total, predicate_total, user_total, app_total, client_total, last_read_at. */
  abstract readonly fieldSummary: string;
  /** Params: dataset_id, field_name, from_day, to_day, first_row, last_row → user_name, read_total, last_read_at (most reads first). */
  abstract readonly fieldUsers: string;
  /** Params: dataset_id, field_name, from_day, to_day, first_row, last_row → app_id, read_total, user_total, last_read_at. */
  abstract readonly fieldApps: string;
  /** Params: dataset_id, from_day, to_day → usage_day, read_total, user_total, app_total, last_read_at (per day). */
  abstract readonly datasetDays: string;
  /** Params: dataset_id, from_day, to_day → read_total, user_total, app_total, client_total, last_read_at. */
  abstract readonly datasetSummary: string;
  /** Params: dataset_id, from_day, to_day, first_row, last_row → user_name, read_total, last_read_at. */
  abstract readonly datasetUsers: string;
  /** Params: dataset_id, from_day, to_day, first_row, last_row → app_id, read_total, user_total, last_read_at. */
  abstract readonly datasetApps: string;

  /** Params: from_day, to_day, first_row, last_row → dataset_id, namespace_uri, name, field_name, read_total, user_total, app_total, last_read_at (most read first). */
  abstract readonly topFields: string;
  /** Params: from_day, to_day → n. */
  abstract readonly countTopFields: string;
  /** Params: from_day, to_day, first_row, last_row → dataset_id, namespace_uri, name, read_total, user_total, app_total, last_read_at. */
  abstract readonly topDatasets: string;
  /** Params: from_day, to_day → n. */
  abstract readonly countTopDatasets: string;
  /**
   * Params: from_day → dataset_id, namespace_uri, name, source_type, last_read_day: active datasets
   * with no read on or after from_day (last_read_day: their last read ever, null when never), by name.
   */
  abstract readonly unreadDatasets: string;
  /** Params: from_day → dataset_id, namespace_uri, name, field_name, last_read_day: fields of active datasets not read since. */
  abstract readonly unreadFields: string;
  /** → last_day: the newest day any usage was recorded for (null when none). */
  abstract readonly lastUsageDay: string;
  /** Params: from_day → dataset_id: the datasets read on or after from_day (directly or through a view). */
  abstract readonly readDatasets: string;
  /**
   * The readers of an impact walk's nodes, summed in SQL (one pass over the aggregates per question, not
   * a row per node and reader): per level (fields keyed `dataset_id/field_name`, datasets by dataset_id)
   * the node totals, each node's top users and applications (5), and the totals and top readers over all
   * the nodes. Node keys bind as `json` (one JSON array parameter first) or `in` (an `IN (?)` list first,
   * expanded by the caller); then from_day, to_day.
   */
  abstract readonly impactReaders: {
    readonly keys: 'json' | 'in';
    readonly fields: ImpactReaderStatements;
    readonly datasets: ImpactReaderStatements;
  };
}

/** One level's impact reader statements (see UsageStatements.impactReaders). */
export interface ImpactReaderStatements {
  /** → node_key, read_total, user_total, app_total, last_read_at */
  readonly nodeTotals: string;
  /** → node_key, user_name, read_total, last_read_at (each node's 5 most reading users) */
  readonly nodeUsers: string;
  /** → node_key, app_id, read_total, user_total, last_read_at */
  readonly nodeApps: string;
  /** → read_total, user_total, app_total (one row over every node) */
  readonly overall: string;
  /** → user_name, read_total, last_read_at (the 20 most reading users over every node) */
  readonly overallUsers: string;
  /** → app_id, read_total, user_total, last_read_at */
  readonly overallApps: string;
}

/** The impact reader statements of one dialect: `from` is the FROM … WHERE head restricting the rows to the nodes and the window; `key` the node key expression. */
export function impactReaderStatements(from: (table: string, key: string) => string, lock: string, table: string, key: string): ImpactReaderStatements {
  const f = from(table, key);
  const top = (col: string, n: number) => `QUALIFY ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY SUM(u.read_count) DESC, ${col}) <= ${n}`;
  return {
    nodeTotals: `${lock}SELECT ${key} AS node_key, SUM(u.read_count) AS read_total, COUNT(DISTINCT u.user_name) AS user_total, COUNT(DISTINCT u.app_id) AS app_total, MAX(u.last_read_at) AS last_read_at
${f} GROUP BY ${key}`,
    nodeUsers: `${lock}SELECT ${key} AS node_key, u.user_name, SUM(u.read_count) AS read_total, MAX(u.last_read_at) AS last_read_at
${f} GROUP BY ${key}, u.user_name ${top('u.user_name', 5)}`,
    nodeApps: `${lock}SELECT ${key} AS node_key, u.app_id, SUM(u.read_count) AS read_total, COUNT(DISTINCT u.user_name) AS user_total, MAX(u.last_read_at) AS last_read_at
${f} GROUP BY ${key}, u.app_id ${top('u.app_id', 5)}`,
    overall: `${lock}SELECT SUM(u.read_count) AS read_total, COUNT(DISTINCT u.user_name) AS user_total, COUNT(DISTINCT u.app_id) AS app_total
${f}`,
    overallUsers: `${lock}SELECT u.user_name, SUM(u.read_count) AS read_total, MAX(u.last_read_at) AS last_read_at
${f} GROUP BY u.user_name QUALIFY ROW_NUMBER() OVER (ORDER BY SUM(u.read_count) DESC, u.user_name) <= 20`,
    overallApps: `${lock}SELECT u.app_id, SUM(u.read_count) AS read_total, COUNT(DISTINCT u.user_name) AS user_total, MAX(u.last_read_at) AS last_read_at
${f} GROUP BY u.app_id QUALIFY ROW_NUMBER() OVER (ORDER BY SUM(u.read_count) DESC, u.app_id) <= 20`,
  };
}
