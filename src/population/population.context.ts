import type { BatchCommitter } from './batch-committer.js';
import type { PopulationOptions } from './population.types.js';
import type { RunProgress } from './run-progress.js';

/** One run as a method (DBQL, fixtures) sees it: who it is, where its batches go, and its tallies. */
export interface RunContext {
  readonly runId: string;
  readonly options: PopulationOptions;
  readonly namespaceId: string;
  readonly namespaceUri: string;
  readonly signal: AbortSignal;
  /** Commits each batch (rows, run record, watermark) in one transaction. */
  readonly committer: BatchCommitter;
  readonly progress: RunProgress;
}
