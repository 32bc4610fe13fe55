import type { SqlExecutor } from '../teradata/database.port.js';
import type { WriteCounts } from '../ol-store/ol-store.types.js';
import type { LineageSink } from './lineage.sink.js';
import type { NewFailure } from './population-run.repository.js';
import type { PopulationCounts, PopulationOptions } from './population.types.js';

/** State of one run shared by the run lifecycle (PopulationService) and a method (DBQL, fixtures). */
export interface RunContext {
  readonly runId: string;
  readonly options: PopulationOptions;
  readonly namespaceId: string;
  readonly namespaceUri: string;
  readonly sink: LineageSink;
  readonly signal: AbortSignal;
  /** Window actually read (set by the DBQL method). */
  window: { since: Date | null; until: Date | null };
  /** Counts of committed batches only (what OL_POPULATION_RUN shows). */
  readonly committed: PopulationCounts;
  readonly writes: WriteCounts;
  readonly skipReasons: Map<string, number>;
  readonly failureReasons: Map<string, number>;
  readonly timings: { readMs: number; extractMs: number; writeMs: number };
  batches: number;
  distinctStatements: number;
  position: Date | null;
  /** Runs database work one at a time (batch transactions and heartbeats never overlap). */
  serial<T>(work: () => Promise<T>): Promise<T>;
  /** Message stored on the run row with the counts (skip reasons so far). */
  message(): string;
  /** Tells listeners (CLI progress, admin live view) that a batch committed. */
  notify(): void;
  /**
   * Records a batch on the run row (counters as they stand once it commits,
   * failures) inside the batch's transaction; without a transaction (dry
   * run) on the run row directly.
   */
  record(tx: SqlExecutor | null, counts: PopulationCounts, skipReasons: ReadonlyMap<string, number>, failures: readonly NewFailure[]): Promise<void>;
}

export function addCounts(into: PopulationCounts, delta: PopulationCounts): void {
  into.statementsRead += delta.statementsRead;
  into.statementsSkipped += delta.statementsSkipped;
  into.statementsParsed += delta.statementsParsed;
  into.statementsFailed += delta.statementsFailed;
  into.statementsTimedOut += delta.statementsTimedOut;
  into.edgesWritten += delta.edgesWritten;
  into.datasetsWritten += delta.datasetsWritten;
}

export function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export function topReasons(map: ReadonlyMap<string, number>, limit = 10): { reason: string; count: number }[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([reason, count]) => ({ reason, count }));
}
