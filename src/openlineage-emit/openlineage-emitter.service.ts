import { Inject, Injectable, Logger } from '@nestjs/common';
import { DatabaseConfig, OpenLineageEmitConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { OpenLineageEmitRepository, type StatementRunPosition } from './openlineage-emit.repository.js';
import { OpenLineageTransport } from './openlineage.transport.js';
import { type EmittedRunEvent, populationJob, populationRunEvents, type PopulationRunFacts, statementRunEvent } from './run-events.js';

/** The first retry waits this long; each further one twice as long, up to OPENLINEAGE_RETRY_MAX_SECONDS. */
const FIRST_RETRY_MS = 1000;

/** What a delivery pass did. */
export interface EmitResult {
  /** Population runs whose events were all sent (delivered or rejected). */
  runs: number;
  delivered: number;
  /** Events the consumer refused as invalid (400/422): counted and logged, not sent again. */
  rejected: number;
  /** Events still not delivered when the pass stopped (attempts used up, or stopped). */
  undelivered: number;
}

export interface EmitOptions {
  /** Stops waiting and sending (shutdown). */
  readonly signal?: AbortSignal;
  /** Failed attempts per batch before the pass gives up (the background sender has no limit: it keeps trying with back-off). */
  readonly maxAttempts?: number;
}

class StoppedError extends Error {}

/**
 * Sends what population wrote to the OpenLineage consumer (ADR 0022). The
 * unit of delivery is a finished population run: its START, one event per
 * OL_RUN row it created (a page at a time, OPENLINEAGE_BATCH_SIZE events per
 * POST), then its COMPLETE/FAIL/ABORT. The delivery cursor (the finished_at
 * of the last population run delivered, in OL_WATERMARK) moves only once a
 * run is delivered whole, so what was not delivered is sent again later and
 * nothing is lost across restarts; the consumer keeps one copy of what it
 * receives twice (same run ids). A failed POST is retried with exponential
 * back-off; nothing here ever runs inside, or waits for, a population run.
 */
@Injectable()
export class OpenLineageEmitter {
  private readonly logger = new Logger(OpenLineageEmitter.name);
  /** Serialises delivery passes of this process (the background sender and `wake`). */
  private running: Promise<unknown> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    @Inject(OpenLineageEmitConfig) readonly config: OpenLineageEmitConfig,
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
    @Inject(OpenLineageEmitRepository) private readonly repository: OpenLineageEmitRepository,
    @Inject(OpenLineageTransport) private readonly transport: OpenLineageTransport,
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** Says a population run finished: the background sender (if one runs in this process) looks at once instead of at its next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Waits until `wake` or `ms` passed or the signal aborts (the background sender's idle wait). */
  async idle(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      signal?.addEventListener('abort', done, { once: true });
      this.wakeUp = done;
    });
    this.woken = false;
  }

  /**
   * Delivers every finished population run after the cursor, oldest first,
   * moving the cursor after each; returns what it did. Without
   * `maxAttempts` it keeps retrying a batch (with back-off) until it is
   * delivered or the signal stops it.
   */
  deliverPending(options: EmitOptions = {}): Promise<EmitResult> {
    const pass = this.running.then(() => this.drain(options));
    this.running = pass.catch(() => undefined);
    return pass;
  }

  /** Re-sends the population runs started in [since, until) (populate --emit-only); the cursor does not move. */
  async resend(since: Date, until: Date, options: EmitOptions = {}): Promise<EmitResult> {
    const result: EmitResult = { runs: 0, delivered: 0, rejected: 0, undelivered: 0 };
    const runs = await this.repository.finishedRunsStartedBetween(since, until);
    for (const run of runs) {
      if (!(await this.sendRun(run, result, options))) break;
    }
    return result;
  }

  /** Refreshes the pending-runs gauge from the store. */
  async refreshPending(): Promise<number> {
    const cursor = (await this.repository.cursor()) ?? new Date(0);
    const pending = await this.repository.countFinishedRunsAfter(cursor);
    this.metrics.openLineageEmitPendingRuns.set(pending);
    return pending;
  }

  /**
   * The runs are read from the cursor on, the cursor's own instant included
   * (two runs marked interrupted in the same millisecond share a
   * finished_at): those this process delivered at that instant are skipped,
   * after a restart the last one is sent once more.
   */
  private async drain(options: EmitOptions): Promise<EmitResult> {
    const result: EmitResult = { runs: 0, delivered: 0, rejected: 0, undelivered: 0 };
    let cursor = (await this.repository.cursor()) ?? new Date(0);
    this.metrics.openLineageEmitPendingRuns.set(await this.repository.countFinishedRunsAfter(cursor));
    for (;;) {
      const page = (await this.repository.finishedRunsFrom(cursor)).filter((run) => !this.deliveredAtCursor(run));
      if (page.length === 0) break;
      for (const run of page) {
        if (!(await this.sendRun(run, result, options))) {
          await this.refreshPending().catch(() => undefined);
          return result;
        }
        await this.repository.setCursor(run.finishedAt);
        if (this.atCursor.at !== run.finishedAt.getTime()) this.atCursor = { at: run.finishedAt.getTime(), runIds: new Set() };
        this.atCursor.runIds.add(run.runId);
        cursor = run.finishedAt;
        await this.refreshPending().catch(() => undefined);
      }
    }
    this.metrics.openLineageEmitPendingRuns.set(0);
    return result;
  }

  /** Runs this process delivered whose finished_at is the cursor's instant. */
  private atCursor: { at: number; runIds: Set<string> } = { at: -1, runIds: new Set() };

  private deliveredAtCursor(run: PopulationRunFacts): boolean {
    return run.finishedAt.getTime() === this.atCursor.at && this.atCursor.runIds.has(run.runId);
  }

  /** Sends one population run's events; false when some could not be delivered (attempts used up or stopped). */
  private async sendRun(run: PopulationRunFacts, result: EmitResult, options: EmitOptions): Promise<boolean> {
    const namespace = this.database.namespaceUri;
    const [start, end] = populationRunEvents(run, namespace);
    const parent = { runId: run.runId, job: populationJob(namespace, run.method) };
    let queue: EmittedRunEvent[] = [start];
    let position: StatementRunPosition | null = null;
    try {
      for (;;) {
        const page = await this.repository.statementRuns(run.startedAt, run.finishedAt, position);
        queue.push(...page.runs.map((s) => statementRunEvent(s, parent)));
        while (queue.length >= this.config.batchSize) await this.sendBatch(queue.splice(0, this.config.batchSize), result, options);
        if (!page.next) break;
        position = page.next;
      }
      queue.push(end);
      while (queue.length > 0) await this.sendBatch(queue.splice(0, this.config.batchSize), result, options);
      result.runs++;
      this.logger.log(`OpenLineage: population run ${run.runId} sent (${result.delivered} events delivered so far, ${result.rejected} rejected)`);
      return true;
    } catch (err) {
      if (!(err instanceof StoppedError)) throw err;
      result.undelivered += queue.length;
      queue = [];
      return false;
    }
  }

  /**
   * POSTs one batch until the consumer takes it: retried with exponential
   * back-off while it fails, split in halves on 413; events the consumer
   * refuses as invalid are counted as rejected. Throws StoppedError (the
   * batch's events counted undelivered) when stopped or out of attempts.
   */
  private async sendBatch(events: EmittedRunEvent[], result: EmitResult, options: EmitOptions): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) return this.stop(events, result);
      const outcome = await this.transport.post(events, options.signal);
      if (outcome.kind === 'delivered') {
        result.delivered += events.length;
        this.metrics.openLineageEmitEvents.inc({ outcome: 'delivered' }, events.length);
        this.metrics.openLineageEmitUndelivered.set(0);
        return;
      }
      if (outcome.kind === 'too-large' && events.length > 1) {
        const half = Math.ceil(events.length / 2);
        await this.sendBatch(events.slice(0, half), result, options);
        await this.sendBatch(events.slice(half), result, options);
        return;
      }
      if (outcome.kind === 'rejected' || outcome.kind === 'too-large') {
        result.rejected += events.length;
        this.metrics.openLineageEmitEvents.inc({ outcome: 'rejected' }, events.length);
        this.logger.error(`OpenLineage: the consumer refused ${events.length} event(s), not sent again: ${outcome.reason}`);
        return;
      }
      this.metrics.openLineageEmitFailures.inc();
      this.metrics.openLineageEmitUndelivered.set(events.length);
      if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) {
        this.logger.warn(`OpenLineage: ${events.length} event(s) not delivered after ${attempt} attempt(s): ${outcome.reason}`);
        return this.stop(events, result);
      }
      const wait = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), this.config.retryMaxSeconds * 1000);
      this.logger.warn(`OpenLineage: delivery failed (${outcome.reason}); attempt ${attempt + 1} in ${Math.round(wait / 1000)} s`);
      await sleep(wait, options.signal);
    }
  }

  private stop(events: readonly EmittedRunEvent[], result: EmitResult): never {
    result.undelivered += events.length;
    throw new StoppedError('stopped');
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
