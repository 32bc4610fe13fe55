import { DATASET_SELECT, EVENT_SELECT, EVENT_WINDOW, JOB_SELECT, type MarquezStatements, RUN_IO, RUN_SELECT, searchFilter } from '../../marquez.statements.js';

/** `QUALIFY ROW_NUMBER() OVER (ORDER BY …) BETWEEN ? AND ?` then the same ORDER BY: a page on Teradata (first, last row). */
const page = (orderBy: string) => `QUALIFY ROW_NUMBER() OVER (ORDER BY ${orderBy}) BETWEEN ? AND ?
ORDER BY ${orderBy}`;

/**
 * Teradata: paging with QUALIFY ROW_NUMBER(); every read takes an ACCESS
 * lock, as the other API reads do (ADR 0014): the API shows what is there,
 * never holds a writer's lock nor waits behind one.
 */
export const TERADATA_MARQUEZ: MarquezStatements = {
  namespacesPage: `LOCKING ROW FOR ACCESS SELECT namespace_id, namespace_uri, description, created_at FROM OL_NAMESPACE ${page('namespace_uri')}`,
  namespace: 'LOCKING ROW FOR ACCESS SELECT namespace_id, namespace_uri, description, created_at FROM OL_NAMESPACE WHERE namespace_uri = ?',
  datasetsPage: `LOCKING ROW FOR ACCESS ${DATASET_SELECT} WHERE d.namespace_id = ? ${page('d.name')}`,
  datasetsCount: 'LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_DATASET WHERE namespace_id = ?',
  dataset: `LOCKING ROW FOR ACCESS ${DATASET_SELECT} WHERE d.namespace_id = ? AND d.name = ?`,
  datasetsById: `LOCKING ROW FOR ACCESS ${DATASET_SELECT} WHERE d.dataset_id IN (?)`,
  fieldTypes: 'LOCKING ROW FOR ACCESS SELECT field_id, field_type FROM OL_DATASET_FIELD WHERE field_id IN (?)',
  fieldsOf:
    'LOCKING ROW FOR ACCESS SELECT dataset_id, field_name, field_type, field_description, ordinal_position FROM OL_DATASET_FIELD WHERE dataset_id IN (?) ORDER BY dataset_id, ordinal_position, field_name',
  jobsPage: `LOCKING ROW FOR ACCESS ${JOB_SELECT} WHERE j.namespace_id = ? ${page('j.name')}`,
  jobsCount: 'LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_JOB WHERE namespace_id = ?',
  job: `LOCKING ROW FOR ACCESS ${JOB_SELECT} WHERE j.namespace_id = ? AND j.name = ?`,
  jobsById: `LOCKING ROW FOR ACCESS ${JOB_SELECT} WHERE j.job_id IN (?)`,
  jobsTouching: `LOCKING ROW FOR ACCESS SELECT io.dataset_id, r.job_id, MIN(r.event_time) AS first_run FROM (${RUN_IO}) io JOIN OL_RUN r ON r.run_id = io.run_id WHERE io.dataset_id IN (?) GROUP BY io.dataset_id, r.job_id`,
  jobDatasets: `LOCKING ROW FOR ACCESS
SELECT DISTINCT r.job_id, io.direction, io.dataset_id, n.namespace_uri, d.name
FROM (${RUN_IO}) io JOIN OL_RUN r ON r.run_id = io.run_id JOIN OL_DATASET d ON d.dataset_id = io.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE r.job_id IN (?)
ORDER BY r.job_id, io.direction, n.namespace_uri, d.name`,
  latestRuns: `LOCKING ROW FOR ACCESS ${RUN_SELECT} WHERE r.job_id IN (?) QUALIFY ROW_NUMBER() OVER (PARTITION BY r.job_id ORDER BY r.event_time DESC, r.run_id) = 1`,
  runsPage: `LOCKING ROW FOR ACCESS ${RUN_SELECT} WHERE r.job_id = ? ${page('r.event_time DESC, r.run_id')}`,
  runsCount: 'LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_RUN WHERE job_id = ?',
  run: `LOCKING ROW FOR ACCESS ${RUN_SELECT} WHERE r.run_id = ?`,
  runDatasets: `LOCKING ROW FOR ACCESS
SELECT io.run_id, io.direction, n.namespace_uri, d.name
FROM (${RUN_IO}) io JOIN OL_DATASET d ON d.dataset_id = io.dataset_id JOIN OL_NAMESPACE n ON n.namespace_id = d.namespace_id
WHERE io.run_id IN (?)
ORDER BY io.run_id, io.direction, n.namespace_uri, d.name`,
  searchDatasets: {
    name: `LOCKING ROW FOR ACCESS ${DATASET_SELECT} WHERE ${searchFilter('d')} ${page('d.name, n.namespace_uri')}`,
    updatedAt: `LOCKING ROW FOR ACCESS ${DATASET_SELECT} WHERE ${searchFilter('d')} ${page('d.updated_at DESC, d.name')}`,
  },
  searchDatasetsCount: `LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_DATASET d WHERE ${searchFilter('d')}`,
  searchJobs: {
    name: `LOCKING ROW FOR ACCESS ${JOB_SELECT} WHERE ${searchFilter('j')} ${page('j.name, n.namespace_uri')}`,
    updatedAt: `LOCKING ROW FOR ACCESS ${JOB_SELECT} WHERE ${searchFilter('j')} ${page('j.updated_at DESC, j.name')}`,
  },
  searchJobsCount: `LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_JOB j WHERE ${searchFilter('j')}`,
  eventsPage: {
    asc: `LOCKING ROW FOR ACCESS ${EVENT_SELECT} WHERE ${EVENT_WINDOW} ${page('e.event_time ASC, e.event_id')}`,
    desc: `LOCKING ROW FOR ACCESS ${EVENT_SELECT} WHERE ${EVENT_WINDOW} ${page('e.event_time DESC, e.event_id')}`,
  },
  eventsCount: `LOCKING ROW FOR ACCESS SELECT COUNT(*) AS n FROM OL_EVENT e WHERE ${EVENT_WINDOW}`,
};
