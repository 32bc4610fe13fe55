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
   * The readers of an impact walk's nodes in one pass over the aggregates per level (issue 21): the rows
   * of the nodes in the window, summed per (node, user, application) → node_key, user_name, app_id,
   * read_total, last_read_at. Every figure of the answer (node totals, distinct users and applications,
   * top readers per node and overall) is summed from these groups in memory (src/usage/impact-readers.ts).
   * Node keys bind as `json` (one JSON array of [node_key, dataset_id, field_name] first; the join is on
   * the table's own columns) or `in` (an `IN (?)` list of node keys first — `dataset_id/field_name`, or a
   * dataset id — expanded by the caller); then from_day, to_day.
   */
  abstract readonly impactReaders: {
    readonly keys: 'json' | 'in';
    readonly fields: string;
    readonly datasets: string;
  };
}

/** The impact reader statement of one dialect: `from` is the FROM … WHERE head restricting the rows to the nodes and the window; `key` the node key expression. */
export function impactReaderStatement(from: string, lock: string, key: string): string {
  return `${lock}SELECT ${key} AS node_key, u.user_name, u.app_id, SUM(u.read_count) AS read_total, MAX(u.last_read_at) AS last_read_at
${from} GROUP BY ${key}, u.user_name, u.app_id`;
}
