import { DATASET_SELECT, EVENT_SELECT, EVENT_WINDOW, JOB_SELECT, type MarquezStatements, RUN_IO, RUN_SELECT, searchFilter } from '../../marquez.statements.js';

/** The embedded engine: LIMIT/OFFSET paging, QUALIFY for the newest run per job. */
export const EMBEDDED_MARQUEZ: MarquezStatements = {
  namespacesPage: 'SELECT namespace_id, namespace_uri, description, created_at FROM OL_NAMESPACE ORDER BY namespace_uri LIMIT ? OFFSET ?',
  namespace: 'SELECT namespace_id, namespace_uri, description, created_at FROM OL_NAMESPACE WHERE namespace_uri = ?',
  datasetsPage: `${DATASET_SELECT} WHERE d.namespace_id = ? ORDER BY d.name LIMIT ? OFFSET ?`,
  datasetsCount: 'SELECT COUNT(*) AS n FROM OL_DATASET WHERE namespace_id = ?',
  dataset: `${DATASET_SELECT} WHERE d.namespace_id = ? AND d.name = ?`,
  datasetsById: `${DATASET_SELECT} WHERE d.dataset_id IN (?)`,
  fieldTypes: 'SELECT field_id, field_type FROM OL_DATASET_FIELD WHERE field_id IN (?)',
  fieldsOf: 'SELECT dataset_id, field_name, field_type, field_description, ordinal_position FROM OL_DATASET_FIELD WHERE dataset_id IN (?) ORDER BY dataset_id, ordinal_position, field_name',
  jobsPage: `${JOB_SELECT} WHERE j.namespace_id = ? ORDER BY j.name LIMIT ? OFFSET ?`,
  jobsCount: 'SELECT COUNT(*) AS n FROM OL_JOB WHERE namespace_id = ?',
  job: `${JOB_SELECT} WHERE j.namespace_id = ? AND j.name = ?`,
  jobsById: `${JOB_SELECT} WHERE j.job_id IN (?)`,
  jobsTouching: `SELECT io.dataset_id, r.job_id, MIN(r.event_time) AS first_run FROM (${RUN_IO}) io JOIN OL_RUN r ON r.run_id = io.run_id WHERE io.dataset_id IN (?) GROUP BY io.dataset_id, r.job_id`,
  jobDatasets: `SELECT DISTINCT r.job_id, io.direction, io.dataset_id, n.namespace_uri, d.name
FROM (${RUN_IO}) io JOIN OL_RUN r ON r.run_id = io.run_id JOIN OL_DATASET d ON d.dataset_id = io.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE r.job_id IN (?)
ORDER BY r.job_id, io.direction, n.namespace_uri, d.name`,
  latestRuns: `${RUN_SELECT} WHERE r.job_id IN (?) QUALIFY ROW_NUMBER() OVER (PARTITION BY r.job_id ORDER BY r.event_time DESC, r.run_id) = 1`,
  runsPage: `${RUN_SELECT} WHERE r.job_id = ? ORDER BY r.event_time DESC, r.run_id LIMIT ? OFFSET ?`,
  runsCount: 'SELECT COUNT(*) AS n FROM OL_RUN WHERE job_id = ?',
  run: `${RUN_SELECT} WHERE r.run_id = ?`,
  runDatasets: `SELECT io.run_id, io.direction, n.namespace_uri, d.name
FROM (${RUN_IO}) io JOIN OL_DATASET d ON d.dataset_id = io.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE io.run_id IN (?)
ORDER BY io.run_id, io.direction, n.namespace_uri, d.name`,
  searchDatasets: {
    name: `${DATASET_SELECT} WHERE ${searchFilter('d')} ORDER BY d.name, n.namespace_uri LIMIT ? OFFSET ?`,
    updatedAt: `${DATASET_SELECT} WHERE ${searchFilter('d')} ORDER BY d.updated_at DESC, d.name LIMIT ? OFFSET ?`,
  },
  searchDatasetsCount: `SELECT COUNT(*) AS n FROM OL_DATASET d WHERE ${searchFilter('d')}`,
  searchJobs: {
    name: `${JOB_SELECT} WHERE ${searchFilter('j')} ORDER BY j.name, n.namespace_uri LIMIT ? OFFSET ?`,
    updatedAt: `${JOB_SELECT} WHERE ${searchFilter('j')} ORDER BY j.updated_at DESC, j.name LIMIT ? OFFSET ?`,
  },
  searchJobsCount: `SELECT COUNT(*) AS n FROM OL_JOB j WHERE ${searchFilter('j')}`,
  eventsPage: {
    asc: `${EVENT_SELECT} WHERE ${EVENT_WINDOW} ORDER BY e.event_time ASC, e.event_id LIMIT ? OFFSET ?`,
    desc: `${EVENT_SELECT} WHERE ${EVENT_WINDOW} ORDER BY e.event_time DESC, e.event_id LIMIT ? OFFSET ?`,
  },
  eventsCount: `SELECT COUNT(*) AS n FROM OL_EVENT e WHERE ${EVENT_WINDOW}`,
};
