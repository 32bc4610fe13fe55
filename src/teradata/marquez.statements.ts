/**
 * Reads of the Marquez-compatible API (`/api/v1`, src/marquez/): the OL_*
 * rows as Marquez shows namespaces, datasets, jobs, runs, search results and
 * events. Lineage graphs are walked in the in-memory index, not here; these
 * statements only read the metadata of what a walk found. One implementation
 * per dialect (`teradata/marquez.sql.ts`, `embedded/marquez.sql.ts`).
 * Parameters are positional `?`; "page" is limit, offset on the embedded
 * engine and a ROW_NUMBER range (first, last) on Teradata (the repository
 * turns one into the other).
 */
export abstract class MarquezStatements {
  /** Params: page. → namespace_id, namespace_uri, description, created_at */
  abstract readonly namespacesPage: string;
  /** Params: namespace_uri. */
  abstract readonly namespace: string;
  /** Params: namespace_id, page. → the dataset columns (see DATASET_SELECT). */
  abstract readonly datasetsPage: string;
  /** Params: namespace_id. */
  abstract readonly datasetsCount: string;
  /** Params: namespace_id, name. */
  abstract readonly dataset: string;
  /** Params: dataset ids (`IN (?)`, expanded). */
  abstract readonly datasetsById: string;
  /** Params: dataset ids. → dataset_id, field_name, field_type, field_description, ordinal_position */
  abstract readonly fieldsOf: string;
  /** Params: field ids (`IN (?)`, expanded). → field_id, field_type */
  abstract readonly fieldTypes: string;
  /** Params: namespace_id, page. → the job columns (see JOB_SELECT). */
  abstract readonly jobsPage: string;
  /** Params: namespace_id. */
  abstract readonly jobsCount: string;
  /** Params: namespace_id, name. */
  abstract readonly job: string;
  /** Params: job ids. */
  abstract readonly jobsById: string;
  /** Params: dataset ids. → dataset_id, job_id of every job a run of which read or wrote it, first_run: when its first such run ran. */
  abstract readonly jobsTouching: string;
  /** Params: job ids. → job_id, direction ('I' input, 'O' output), dataset_id, namespace_uri, name (from the jobs' runs). */
  abstract readonly jobDatasets: string;
  /** Params: job ids. → the newest run of each job (see RUN_SELECT). */
  abstract readonly latestRuns: string;
  /** Params: job_id, page. → runs, newest first. */
  abstract readonly runsPage: string;
  /** Params: job_id. */
  abstract readonly runsCount: string;
  /** Params: run_id. */
  abstract readonly run: string;
  /** Params: run ids. → run_id, direction ('I', 'O'), namespace_uri, name */
  abstract readonly runDatasets: string;
  /**
   * Params: the search filter (see searchFilter), page. Sorted by name, or
   * by update time (newest first). → dataset columns.
   */
  abstract readonly searchDatasets: { readonly name: string; readonly updatedAt: string };
  /** Params: the search filter. */
  abstract readonly searchDatasetsCount: string;
  /** As searchDatasets, for jobs. → job columns. */
  abstract readonly searchJobs: { readonly name: string; readonly updatedAt: string };
  /** Params: the search filter. */
  abstract readonly searchJobsCount: string;
  /**
   * RunEvents as received (OL_EVENT), by event time ascending or descending.
   * Params: after|null ×2, before|null ×2, page. → EVENT_SELECT's columns.
   */
  abstract readonly eventsPage: { readonly asc: string; readonly desc: string };
  /** Params: after|null ×2, before|null ×2. */
  abstract readonly eventsCount: string;
}

/** Dataset columns of every dataset read (both dialects). */
export const DATASET_SELECT = `SELECT d.dataset_id, d.namespace_id, n.namespace_uri, d.name, d.description, d.source_type, d.created_at, d.updated_at, d.is_active
FROM OL_DATASET d JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id`;

/** Job columns of every job read (both dialects). */
export const JOB_SELECT = `SELECT j.job_id, j.namespace_id, n.namespace_uri, j.name, j.description, j.job_type, j.created_at, j.updated_at
FROM OL_JOB j JOIN OL_NAMESPACE n ON n.namespace_id = j.namespace_id`;

/** Run columns of every run read, with the job's namespace and name (both dialects). */
export const RUN_SELECT = `SELECT r.run_id, r.job_id, r.event_type, r.event_time, r.nominal_start_time, r.nominal_end_time, r.producer, r.schema_url, r.created_at,
  n.namespace_uri AS job_namespace, j.name AS job_name
FROM OL_RUN r JOIN OL_JOB j ON j.job_id = r.job_id JOIN OL_NAMESPACE n ON n.namespace_id = j.namespace_id`;

/** A run's inputs and outputs as one list, `direction` I or O (both dialects). */
export const RUN_IO = `SELECT run_id, 'I' AS direction, dataset_id FROM OL_RUN_INPUT
UNION ALL SELECT run_id, 'O' AS direction, dataset_id FROM OL_RUN_OUTPUT`;

/**
 * Search filter (`alias` is the table's). Params: lower-case pattern (LIKE:
 * the caller's `%` and `_` are wildcards), namespace_id|null ×2, updated
 * before|null ×2, updated after|null ×2.
 */
export const searchFilter = (alias: string) =>
  `LOWER(${alias}.name) LIKE ? AND (? IS NULL OR ${alias}.namespace_id = ?) AND (? IS NULL OR ${alias}.updated_at < ?) AND (? IS NULL OR ${alias}.updated_at > ?)`;

/** The RunEvents ingestion kept (OL_EVENT, kind RUN): the text as received (NULL when it was too large to keep) and what rebuilds a stub of it. */
export const EVENT_SELECT = `SELECT e.event_id, e.payload, e.event_type, e.event_time, e.run_id, e.producer, n.namespace_uri AS job_namespace, j.name AS job_name
FROM OL_EVENT e LEFT JOIN OL_JOB j ON j.job_id = e.job_id LEFT JOIN OL_NAMESPACE n ON n.namespace_id = j.namespace_id`;

/** RunEvents only, in an event-time window: after|null ×2, before|null ×2. */
export const EVENT_WINDOW = "e.event_kind = 'RUN' AND (? IS NULL OR e.event_time > ?) AND (? IS NULL OR e.event_time < ?)";
