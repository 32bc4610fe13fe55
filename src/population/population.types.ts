import type { WriteCounts } from '../ol-store/ol-store.types.js';

export type PopulationTrigger = 'cli' | 'schedule' | 'admin' | 'startup' | 'api';
export type PopulationMethod = 'dbql' | 'fixtures' | 'views';
export type PopulationRunState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface PopulationOptions {
  readonly method: PopulationMethod;
  readonly trigger: PopulationTrigger;
  /**
   * Window start (DBQL StartTime, inclusive; for `views`, LastAlterTimeStamp).
   * Without it the run continues from the watermark; with it the watermark stays.
   */
  readonly since?: Date;
  /** Window end (exclusive); default now. */
  readonly until?: Date;
  /** Shares the whole path, writes nothing (no lineage rows, no watermark); the run itself is still recorded. */
  readonly dryRun?: boolean;
  /** Called after each batch (CLI progress bar, tests). */
  readonly onProgress?: (progress: PopulationProgress) => void;
  /** Aborting it cancels the run as the admin page's cancel does (the CLI's Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** Statement counts of a run, as stored on OL_POPULATION_RUN. */
export interface PopulationCounts {
  statementsRead: number;
  statementsSkipped: number;
  statementsParsed: number;
  statementsFailed: number;
  statementsTimedOut: number;
  edgesWritten: number;
  datasetsWritten: number;
}

export function emptyCounts(): PopulationCounts {
  return { statementsRead: 0, statementsSkipped: 0, statementsParsed: 0, statementsFailed: 0, statementsTimedOut: 0, edgesWritten: 0, datasetsWritten: 0 };
}

/** View definitions a run read from the dictionary, turned into lineage, and could not use (failed or timed out). */
export interface ViewCounts {
  read: number;
  parsed: number;
  failed: number;
}

export function emptyViewCounts(): ViewCounts {
  return { read: 0, parsed: 0, failed: 0 };
}

/** One population run as recorded. */
export interface PopulationRun {
  readonly runId: string;
  readonly trigger: PopulationTrigger;
  readonly method: PopulationMethod;
  readonly dryRun: boolean;
  readonly windowSince: Date | null;
  readonly windowUntil: Date | null;
  readonly state: PopulationRunState;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly heartbeatAt: Date | null;
  readonly counts: PopulationCounts;
  readonly message: string | null;
  readonly runner: string | null;
}

/** A statement a run could not use, as recorded on OL_POPULATION_FAILURE. */
export interface PopulationFailure {
  readonly runId: string;
  readonly failureNo: number;
  readonly queryId: string | null;
  /** EXTRACTION_PARSE_ERROR, EXTRACTION_TIMEOUT, … */
  readonly reasonCode: string;
  readonly reason: string;
  readonly sqlExcerpt: string | null;
  readonly createdAt: Date;
}

export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
}

/** Live progress of a run: the counts so far plus what this process knows while it runs. */
export interface PopulationProgress {
  readonly runId: string;
  readonly state: PopulationRunState;
  readonly method: PopulationMethod;
  readonly dryRun: boolean;
  readonly counts: PopulationCounts;
  readonly batches: number;
  /** StartTime of the last DBQL statement committed (or looked at, on a dry run). */
  readonly position: Date | null;
  readonly windowSince: Date | null;
  readonly windowUntil: Date | null;
  readonly startedAt: Date;
  readonly heartbeatAt: Date | null;
  /** True when the progress comes from this process's memory (else from the run row). */
  readonly live: boolean;
}

/** An edge as a dry run shows it. */
export interface EdgeSample {
  readonly source: string;
  readonly target: string;
  readonly transformation: string;
}

/** What a finished run reports (CLI summary, admin page, logs). */
export interface PopulationSummary {
  readonly run: PopulationRun;
  readonly skipReasons: readonly ReasonCount[];
  readonly failureReasons: readonly ReasonCount[];
  /** Rows inserted vs already present, per OL_* table (on a dry run: rows that would be offered). */
  readonly writes: WriteCounts;
  readonly distinctStatements: number;
  /** View definitions read from the dictionary (a `views` run, or a DBQL run's view step). */
  readonly views: ViewCounts;
  readonly sampleEdges: readonly EdgeSample[];
  readonly timings: { readonly readMs: number; readonly extractMs: number; readonly writeMs: number; readonly totalMs: number };
  /** The error that ended a failed run, if any. */
  readonly error?: Error;
}
