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
  /** Params: dataset ids (`IN (?)`), from_day, to_day → dataset_id, field_name, user_name, app_id, read_total, last_read_at. */
  abstract readonly fieldReadersOf: string;
  /** Params: dataset ids (`IN (?)`), from_day, to_day → dataset_id, user_name, app_id, read_total, last_read_at. */
  abstract readonly datasetReadersOf: string;
}
