import { addWriteCounts, emptyWriteCounts, type WriteCounts } from '../ol-store/ol-store.types.js';
import { emptyCounts, emptyViewCounts, type PopulationCounts, type PopulationProgress, type PopulationRunState, type ViewCounts } from './population.types.js';

/** What one batch adds to a run's tallies once it commits. */
export interface BatchTally {
  /** Statements read, skipped, parsed, failed, timed out (edge and dataset counts come from the write). */
  readonly statements: PopulationCounts;
  readonly skips: ReadonlyMap<string, number>;
  readonly failureCodes: ReadonlyMap<string, number>;
  /** DBQL StartTime the batch reaches (null: not a DBQL page). */
  readonly position: Date | null;
  /** Distinct statements extracted for the batch. */
  readonly distinct: number;
  /** View definitions the batch read, parsed and could not use (the view step). */
  readonly views?: ViewCounts;
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

/** The message stored on the run row beside the counts: the most frequent skip reasons, and the view definitions read. */
export function runMessage(skips: ReadonlyMap<string, number>, views: ViewCounts): string {
  const top = topReasons(skips);
  const parts = [
    top.length === 0 ? '' : `skipped: ${top.map((r) => `${r.reason} ${r.count}`).join(', ')}`,
    views.read === 0 ? '' : `view definitions: ${views.read} read, ${views.parsed} parsed, ${views.failed} failed`,
  ];
  return parts.filter((p) => p !== '').join('; ');
}

function addViewCounts(into: ViewCounts, delta: ViewCounts | undefined): void {
  if (!delta) return;
  into.read += delta.read;
  into.parsed += delta.parsed;
  into.failed += delta.failed;
}

/**
 * A run's tallies: what its committed batches added (what OL_POPULATION_RUN
 * shows), where it stands in the window, and the time each stage took. Read
 * by the run record, the CLI progress bar and the admin live view; changed
 * only by `publish` once a batch commits (and the stage timers).
 */
export class RunProgress {
  readonly committed = emptyCounts();
  /** View definitions read, parsed and failed (beside the statement counts: a DBQL run's view step, or a `views` run). */
  readonly views = emptyViewCounts();
  readonly writes = emptyWriteCounts();
  readonly skipReasons = new Map<string, number>();
  readonly failureReasons = new Map<string, number>();
  readonly timings = { readMs: 0, extractMs: 0, writeMs: 0 };
  batches = 0;
  distinctStatements = 0;
  position: Date | null = null;

  constructor(
    /** Window actually read (the DBQL method sets it once resolved). */
    public window: { since: Date | null; until: Date | null },
  ) {}

  /** Counters and skip reasons as they will stand once a batch with this tally and these writes commits. */
  after(tally: BatchTally, written: WriteCounts): { counts: PopulationCounts; skips: Map<string, number>; views: ViewCounts } {
    const counts = { ...this.committed };
    addCounts(counts, tally.statements);
    counts.edgesWritten += written.edges.inserted;
    counts.datasetsWritten += written.datasets.inserted;
    const skips = new Map(this.skipReasons);
    for (const [k, v] of tally.skips) bump(skips, k, v);
    const views = { ...this.views };
    addViewCounts(views, tally.views);
    return { counts, skips, views };
  }

  /** The batch committed: its tally becomes part of the run's. */
  publish(tally: BatchTally, written: WriteCounts): void {
    addCounts(this.committed, tally.statements);
    this.committed.edgesWritten += written.edges.inserted;
    this.committed.datasetsWritten += written.datasets.inserted;
    addWriteCounts(this.writes, written);
    for (const [k, v] of tally.skips) bump(this.skipReasons, k, v);
    for (const [k, v] of tally.failureCodes) bump(this.failureReasons, k, v);
    addViewCounts(this.views, tally.views);
    if (tally.position) this.position = tally.position;
    this.batches++;
    this.distinctStatements += tally.distinct;
  }

  message(): string {
    return runMessage(this.skipReasons, this.views);
  }

  snapshot(run: { runId: string; method: PopulationProgress['method']; dryRun: boolean; startedAt: Date }, state: PopulationRunState, heartbeatAt: Date, live: boolean): PopulationProgress {
    return {
      runId: run.runId,
      state,
      method: run.method,
      dryRun: run.dryRun,
      counts: { ...this.committed },
      batches: this.batches,
      position: this.position,
      windowSince: this.window.since,
      windowUntil: this.window.until,
      startedAt: run.startedAt,
      heartbeatAt,
      live,
    };
  }
}
