/**
 * The read model of the Marquez-compatible API: OL_* rows as the
 * repository hands them up (src/marquez/marquez.repository.ts), before they
 * take Marquez's shapes (marquez-shapes.ts).
 */

export interface NamespaceRecord {
  readonly namespaceId: string;
  /** The namespace's name in Marquez terms (`food_delivery`, `teradata://host:1025`). */
  readonly uri: string;
  readonly description: string | null;
  readonly createdAt: Date | null;
}

export interface DatasetRecord {
  readonly datasetId: string;
  readonly namespaceId: string;
  readonly namespace: string;
  readonly name: string;
  readonly description: string | null;
  /** TABLE or VIEW. */
  readonly sourceType: string | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
  readonly isActive: boolean;
}

export interface FieldRecord {
  readonly datasetId: string;
  readonly name: string;
  readonly type: string | null;
  readonly description: string | null;
}

export interface JobRecord {
  readonly jobId: string;
  readonly namespaceId: string;
  readonly namespace: string;
  readonly name: string;
  readonly description: string | null;
  readonly jobType: string | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
}

/** A job a run of which read or wrote a dataset, and when its first such run ran (MarquezRepository.jobsTouching). */
export interface JobTouch {
  readonly jobId: string;
  readonly firstRun: Date | null;
}

/** A dataset a job's runs (or one run) read or wrote. */
export interface IoRecord {
  /** The job's id (jobDatasets) or the run's (runDatasets). */
  readonly ownerId: string;
  readonly direction: 'input' | 'output';
  readonly namespace: string;
  readonly name: string;
}

/** A run as stored: one row per run, moved to its latest event (START → COMPLETE). */
export interface RunRecord {
  readonly runId: string;
  readonly jobId: string;
  readonly jobNamespace: string;
  readonly jobName: string;
  readonly eventType: string;
  readonly eventTime: Date | null;
  readonly nominalStartTime: Date | null;
  readonly nominalEndTime: Date | null;
  readonly producer: string | null;
  readonly schemaUrl: string | null;
  readonly createdAt: Date | null;
}

export type SearchSort = 'name' | 'updated_at';

/** What a search matches: names like `pattern` (lower-case LIKE), in a namespace or all, updated before / after a time when given. */
export interface SearchFilter {
  readonly pattern: string;
  readonly namespaceId: string | null;
  readonly before: Date | null;
  readonly after: Date | null;
}
export type SortDirection = 'asc' | 'desc';

/** A RunEvent as ingestion kept it (OL_EVENT): its text, or (too large to keep) what rebuilds a stub of it. */
export interface StoredEventRecord {
  readonly payload: string | null;
  readonly eventType: string | null;
  readonly eventTime: Date;
  readonly runId: string | null;
  readonly producer: string | null;
  readonly jobNamespace: string | null;
  readonly jobName: string | null;
}
