import { Logger } from '@nestjs/common';
import type { DatabasePort, Dialect, SqlExecutor } from '../teradata/database.port.js';
import type { OlStoreWriter } from '../ol-store/ol-store.writer.js';
import { addWriteCounts, type LineageBatch, type UsageBatch, type WriteCounts } from '../ol-store/ol-store.types.js';
import type { UsageWriter } from '../ol-store/usage.writer.js';
import type { DryRunCounter } from './dry-run-counter.js';
import { RunDistinct } from './run-distinct.js';
import type { NewFailure, PopulationRunRepository } from './population-run.repository.js';
import { type BatchTally, type RunProgress, runMessage } from './run-progress.js';

/** A statement a batch could not use, as its producer reports it; the committer numbers it in the run's order. */
export type BatchFailure = Omit<NewFailure, 'failureNo'>;

/** One batch of a run, ready to commit: its OL_* rows and what it adds to the run. */
export interface PendingBatch extends BatchTally {
  readonly batch: LineageBatch;
  readonly failures: readonly BatchFailure[];
  /** A watermark to move in the same transaction: `dbql` to the batch's last CollectTimeStamp, `views` to its last LastAlterTimeStamp. */
  readonly watermark?: { readonly name: string; readonly at: Date };
  /** Column usage the batch's statements add (DBQL runs with usage on), written in the same transaction. */
  readonly usage?: UsageBatch;
}

/** Where a run's rows go: the OL_* store through its writer, or a dry run's counter. */
export type BatchTarget =
  | { readonly kind: 'store'; readonly database: DatabasePort; readonly writer: OlStoreWriter; readonly usage?: UsageWriter }
  | { readonly kind: 'dry-run'; readonly counter: DryRunCounter };

/**
 * Commits a run's batches, one at a time. A batch is one transaction that
 * writes, in this order: the OL_* rows (the writer), the run's counters and
 * failures (the run record), and the batch's watermark. Only once it committed
 * does the run's progress change and listeners hear of it, so a crash leaves
 * the store, the run row and the watermark consistent and the run resumable.
 * A dry run counts the rows instead and records only its run row.
 * Failures are numbered here, in commit order, so that the steps of one run
 * (the view definitions, then the DBQL pages) never reuse a number.
 */
export class BatchCommitter {
  private queue: Promise<unknown> = Promise.resolve();
  private failuresRecorded = 0;
  private readonly distinct = new RunDistinct();
  private readonly logger = new Logger('Population');

  constructor(
    private readonly target: BatchTarget,
    private readonly runs: PopulationRunRepository,
    private readonly runId: string,
    private readonly progress: RunProgress,
    private readonly onCommitted: () => void,
  ) {}

  get dryRun(): boolean {
    return this.target.kind === 'dry-run';
  }

  /** The store's dialect (null for a dry run, which writes nothing). */
  get dialect(): Dialect | null {
    return this.target.kind === 'store' ? this.target.database.dialect : null;
  }

  /** Runs database work of this run one piece at a time (batch transactions and heartbeats never overlap). */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Commits one batch with its tally, then publishes it. */
  async commit(pending: PendingBatch): Promise<WriteCounts> {
    const started = Date.now();
    const written = await this.serial(async () => {
      const counts = await this.write(pending);
      if (this.target.kind === 'store') this.distinct.recount(pending.batch, counts);
      this.progress.publish(pending, counts);
      this.logger.debug(`Population run ${this.runId}: batch ${this.progress.batches} committed (${counts.edges.inserted} edges new)`);
      return counts;
    });
    this.progress.timings.writeMs += Date.now() - started;
    this.announce(written);
    this.onCommitted();
    return written;
  }

  /** Moves the DBQL watermark once the whole window is read (in a transaction of its own; the batches already moved it as far as their rows). */
  async advanceWatermark(at: Date): Promise<void> {
    const target = this.target;
    if (target.kind === 'dry-run') return;
    await this.serial(() => target.database.transaction((tx) => this.runs.setWatermark(at, tx)));
  }

  /** Commits usage that belongs to no lineage batch (the rows a run held back to the end of its window), in a transaction of its own; a dry run writes none. */
  async commitUsage(usage: UsageBatch): Promise<void> {
    const target = this.target;
    if (target.kind === 'dry-run' || !target.usage) return;
    const writer = target.usage;
    await this.serial(() => target.database.transaction((tx) => writer.write(usage, tx)));
  }

  /** Writes rows that are no batch of the run (the dictionary's datasets and fields): no run record, no tally. */
  async commitRows(batch: LineageBatch): Promise<WriteCounts> {
    const started = Date.now();
    const target = this.target;
    const counts = await this.serial(async () => {
      if (target.kind === 'dry-run') return target.counter.count(batch);
      const written = await target.database.transaction((tx) => target.writer.writeBatch(batch, tx));
      this.distinct.recount(batch, written);
      return written;
    });
    this.progress.timings.writeMs += Date.now() - started;
    this.announce(counts);
    addWriteCounts(this.progress.writes, counts);
    this.progress.committed.datasetsWritten += counts.datasets.inserted;
    return counts;
  }

  /** Tells the lineage index of this process that a committed batch moved the graph generation (it applies the change at once). */
  private announce(counts: WriteCounts): void {
    if (this.target.kind === 'store' && counts.generation !== undefined) this.target.writer.announce(counts.generation, 'population');
  }

  private async write(pending: PendingBatch): Promise<WriteCounts> {
    const target = this.target;
    let counts: WriteCounts;
    if (target.kind === 'dry-run') {
      counts = target.counter.count(pending.batch);
      await this.record(undefined, pending, counts);
    } else {
      counts = await target.database.transaction(async (tx) => {
        const written = await target.writer.writeBatch(pending.batch, tx);
        await this.record(tx, pending, written);
        if (pending.watermark) await this.runs.setWatermark(pending.watermark.at, tx, pending.watermark.name);
        if (pending.usage && target.usage) await target.usage.write(pending.usage, tx);
        return written;
      });
    }
    this.failuresRecorded += pending.failures.length;
    return counts;
  }

  /** The run row as it will stand once the batch commits, and the batch's failures (in the batch's transaction; a dry run has none). */
  private async record(tx: SqlExecutor | undefined, pending: PendingBatch, written: WriteCounts): Promise<void> {
    const after = this.progress.after(pending, written);
    await this.runs.updateProgress(this.runId, this.progress.window, after.counts, runMessage(after.skips, after.views), tx);
    await this.runs.insertFailures(this.runId, pending.failures.map((f, i) => ({ ...f, failureNo: this.failuresRecorded + i + 1 })), tx);
  }
}
