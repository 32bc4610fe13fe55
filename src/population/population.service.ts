import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { namespaceId } from '../model/ids.js';
import { DatabaseConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import type { SqlExecutor } from '../teradata/database.port.js';
import { OlStoreWriter } from '../ol-store/ol-store.writer.js';
import { emptyWriteCounts } from '../ol-store/ol-store.types.js';
import { DbqlPopulation } from './dbql-population.js';
import { FixturesPopulation } from './fixtures-population.js';
import { DryRunSink, StoreSink } from './lineage.sink.js';
import { PopulationLockRepository, type RunLock } from './population-lock.repository.js';
import { PopulationRunRepository } from './population-run.repository.js';
import { type RunContext, topReasons } from './population.context.js';
import { PopulationInvalidOptionsError } from './population.errors.js';
import {
  emptyCounts,
  type PopulationOptions,
  type PopulationProgress,
  type PopulationRun,
  type PopulationRunState,
  type PopulationSummary,
} from './population.types.js';

/** The single-runner lock lives this long unless renewed; renewed (with a run heartbeat) every third of it. */
export const LOCK_TTL_MS = 60_000;
/** A 'running' run whose heartbeat is older than this is taken as interrupted. */
export const STALE_RUN_MS = 3 * LOCK_TTL_MS;

interface ActiveRun {
  readonly ctx: RunContext;
  readonly controller: AbortController;
  readonly done: Promise<PopulationSummary>;
  readonly startedAt: Date;
}

interface Prepared {
  readonly ctx: RunContext;
  readonly controller: AbortController;
  readonly lock: RunLock | null;
  readonly startedAt: Date;
}

/**
 * The one population operation every trigger calls (CLI, schedule, admin
 * page, start-up): takes the single-runner lock, records the run, runs the
 * method (DBQL or fixtures) batch by batch, and records how it ended.
 * A run never throws to its caller for a bad statement or a failed batch:
 * the summary says how it ended; only "cannot start" errors are thrown
 * (another run holds the lock, invalid options).
 */
@Injectable()
export class PopulationService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PopulationService.name);
  private readonly active = new Map<string, ActiveRun>();
  private readonly runner = `${hostname()}:${process.pid}`;

  constructor(
    @Inject(PopulationRunRepository) private readonly runs: PopulationRunRepository,
    @Inject(PopulationLockRepository) private readonly locks: PopulationLockRepository,
    @Inject(OlStoreWriter) private readonly writer: OlStoreWriter,
    @Inject(DbqlPopulation) private readonly dbql: DbqlPopulation,
    @Inject(FixturesPopulation) private readonly fixtures: FixturesPopulation,
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
  ) {}

  /** Runs to the end and resolves with the summary (CLI, schedule, tests). */
  async run(options: PopulationOptions): Promise<PopulationSummary> {
    const prepared = await this.begin(options);
    return this.launch(prepared).done;
  }

  /** Starts a run in the background and resolves with its id at once (admin page). */
  async start(options: PopulationOptions): Promise<string> {
    const prepared = await this.begin(options);
    this.launch(prepared);
    return prepared.ctx.runId;
  }

  /** Asks a run of this process to stop after its current batch; false when it is not running here. */
  cancel(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /** Live progress of a run of this process, or null (then read the run row). */
  liveProgress(runId: string): PopulationProgress | null {
    const run = this.active.get(runId);
    return run ? progressOf(run.ctx, 'running', run.startedAt, new Date(), true) : null;
  }

  /** Waits for this process's runs (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()].map((r) => r.done));
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort();
    await this.idle();
  }

  private async begin(options: PopulationOptions): Promise<Prepared> {
    if (options.method !== 'dbql' && options.method !== 'fixtures') throw new PopulationInvalidOptionsError(`Unknown population method "${String(options.method)}"`);
    for (const [name, value] of [['since', options.since], ['until', options.until]] as const) {
      if (value !== undefined && Number.isNaN(value.getTime())) throw new PopulationInvalidOptionsError(`--${name} is not a valid date/time`);
    }
    if (options.since && options.until && options.since >= options.until) {
      throw new PopulationInvalidOptionsError(`--since (${options.since.toISOString()}) must be before --until (${options.until.toISOString()})`);
    }
    if (options.method === 'fixtures' && (options.since || options.until)) {
      throw new PopulationInvalidOptionsError('--since and --until apply to DBQL population only');
    }
    const dryRun = options.dryRun === true;
    const lock = dryRun ? null : await this.locks.acquire(this.runner, LOCK_TTL_MS);
    try {
      const stale = await this.runs.failStaleRuns(new Date(Date.now() - STALE_RUN_MS));
      if (stale > 0) this.logger.warn(`Marked ${stale} population run(s) left 'running' by a stopped runner as failed (interrupted)`);
      const runId = randomUUID();
      const startedAt = new Date();
      await this.runs.insertRun({
        runId,
        trigger: options.trigger,
        method: options.method,
        dryRun,
        windowSince: options.since ?? null,
        windowUntil: options.until ?? null,
        startedAt,
        runner: this.runner,
      });
      const controller = new AbortController();
      const ctx = this.context(runId, options, dryRun, controller.signal);
      return { ctx, controller, lock, startedAt };
    } catch (err) {
      await lock?.release().catch(() => undefined);
      throw err;
    }
  }

  private launch(prepared: Prepared): ActiveRun {
    const done = this.execute(prepared);
    const active: ActiveRun = { ctx: prepared.ctx, controller: prepared.controller, done, startedAt: prepared.startedAt };
    this.active.set(prepared.ctx.runId, active);
    void done.finally(() => this.active.delete(prepared.ctx.runId));
    return active;
  }

  private async execute({ ctx, controller, lock, startedAt }: Prepared): Promise<PopulationSummary> {
    const { options } = ctx;
    this.logger.log(`Population run ${ctx.runId} started (${options.method}${ctx.sink.dryRun ? ', dry run' : ''}, trigger ${options.trigger})`);
    const heartbeat = setInterval(() => {
      void ctx
        .serial(async () => {
          if (lock && !(await lock.renew())) {
            this.logger.error(`Population run ${ctx.runId} lost its lock; stopping after the current batch`);
            controller.abort();
          }
          await this.runs.heartbeat(ctx.runId, ctx.window, ctx.committed, ctx.message());
        })
        .catch((err: unknown) => this.logger.warn(`Population run ${ctx.runId}: heartbeat failed: ${(err as Error).message}`));
    }, Math.floor(LOCK_TTL_MS / 3));
    heartbeat.unref();

    let state: PopulationRunState = 'succeeded';
    let error: Error | undefined;
    try {
      if (options.method === 'dbql') {
        const demo = this.database.engine === 'embedded' && this.database.embeddedDemo;
        const { window, moveWatermark } = await this.dbql.resolveWindow(options, demo);
        ctx.window = { since: window.since, until: window.until };
        await this.runs.heartbeat(ctx.runId, ctx.window, ctx.committed, null);
        await this.dbql.execute(ctx, window, moveWatermark);
      } else {
        await this.fixtures.execute(ctx);
      }
      if (controller.signal.aborted) state = 'cancelled';
    } catch (err) {
      state = 'failed';
      error = err instanceof Error ? err : new Error(String(err));
      this.logger.error(`Population run ${ctx.runId} failed: ${error.message}`, error.stack);
    } finally {
      clearInterval(heartbeat);
    }

    const skips = ctx.message();
    const head = error ? error.message : state === 'cancelled' ? 'cancelled before the end of the window; the next run resumes from the watermark' : '';
    const finalMessage = [head, skips].filter((part) => part !== '').join(' — ');
    await ctx
      .serial(() => this.runs.finishRun(ctx.runId, state, ctx.committed, finalMessage || null))
      .catch((err: unknown) => this.logger.error(`Population run ${ctx.runId}: cannot record its end: ${(err as Error).message}`));
    await lock?.release().catch((err: unknown) => this.logger.warn(`Population run ${ctx.runId}: cannot release the lock: ${(err as Error).message}`));

    const finishedAt = new Date();
    const c = ctx.committed;
    this.metrics.populationRuns.inc({ state, method: options.method });
    this.metrics.populationRunDuration.observe({ method: options.method }, (finishedAt.getTime() - startedAt.getTime()) / 1000);
    if (!ctx.sink.dryRun) {
      this.metrics.populationStatements.inc({ outcome: 'read' }, c.statementsRead);
      this.metrics.populationStatements.inc({ outcome: 'skipped' }, c.statementsSkipped);
      this.metrics.populationStatements.inc({ outcome: 'parsed' }, c.statementsParsed);
      this.metrics.populationStatements.inc({ outcome: 'failed' }, c.statementsFailed);
      this.metrics.populationStatements.inc({ outcome: 'timed_out' }, c.statementsTimedOut);
      this.metrics.populationEdgesWritten.inc(c.edgesWritten);
      if (options.method === 'dbql') await this.refreshWatermarkAge();
    }
    this.logger.log(
      `Population run ${ctx.runId} ${state}: read ${c.statementsRead}, skipped ${c.statementsSkipped}, parsed ${c.statementsParsed}, ` +
        `failed ${c.statementsFailed}, timed out ${c.statementsTimedOut}, edges written ${c.edgesWritten} in ${finishedAt.getTime() - startedAt.getTime()} ms`,
    );
    const run: PopulationRun = {
      runId: ctx.runId,
      trigger: options.trigger,
      method: options.method,
      dryRun: ctx.sink.dryRun,
      windowSince: ctx.window.since,
      windowUntil: ctx.window.until,
      state,
      startedAt,
      finishedAt,
      heartbeatAt: finishedAt,
      counts: { ...c },
      message: finalMessage || null,
      runner: this.runner,
    };
    return {
      run,
      skipReasons: topReasons(ctx.skipReasons),
      failureReasons: topReasons(ctx.failureReasons),
      writes: ctx.writes,
      distinctStatements: ctx.distinctStatements,
      sampleEdges: ctx.sink.samples(),
      timings: { ...ctx.timings, totalMs: finishedAt.getTime() - startedAt.getTime() },
      error,
    };
  }

  private async refreshWatermarkAge(): Promise<void> {
    const at = await this.runs.getWatermark().catch(() => null);
    this.metrics.watermarkAge.set(at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : -1);
  }

  private context(runId: string, options: PopulationOptions, dryRun: boolean, signal: AbortSignal): RunContext {
    let queue: Promise<unknown> = Promise.resolve();
    const runs = this.runs;
    const ns = namespaceId(this.database.namespaceUri);
    const startedAt = new Date();
    const ctx: RunContext = {
      runId,
      options,
      namespaceId: ns,
      namespaceUri: this.database.namespaceUri,
      sink: dryRun ? new DryRunSink() : new StoreSink(this.writer),
      signal,
      window: { since: options.since ?? null, until: options.until ?? null },
      committed: emptyCounts(),
      writes: emptyWriteCounts(),
      skipReasons: new Map(),
      failureReasons: new Map(),
      timings: { readMs: 0, extractMs: 0, writeMs: 0 },
      batches: 0,
      distinctStatements: 0,
      position: null,
      serial<T>(work: () => Promise<T>): Promise<T> {
        const result = queue.then(work, work);
        queue = result.catch(() => undefined);
        return result;
      },
      message() {
        return skipMessage(ctx.skipReasons);
      },
      notify() {
        options.onProgress?.(progressOf(ctx, 'running', startedAt, new Date(), true));
      },
      async record(tx: SqlExecutor | null, counts, skipReasons, failures) {
        const executor = tx ?? undefined;
        await runs.updateProgress(runId, ctx.window, counts, skipMessage(skipReasons), executor);
        await runs.insertFailures(runId, failures, executor);
      },
    };
    return ctx;
  }
}

function skipMessage(skips: ReadonlyMap<string, number>): string {
  const top = topReasons(skips);
  return top.length === 0 ? '' : `skipped: ${top.map((r) => `${r.reason} ${r.count}`).join(', ')}`;
}

function progressOf(ctx: RunContext, state: PopulationRunState, startedAt: Date, heartbeatAt: Date, live: boolean): PopulationProgress {
  return {
    runId: ctx.runId,
    state,
    method: ctx.options.method,
    dryRun: ctx.sink.dryRun,
    counts: { ...ctx.committed },
    batches: ctx.batches,
    position: ctx.position,
    windowSince: ctx.window.since,
    windowUntil: ctx.window.until,
    startedAt,
    heartbeatAt,
    live,
  };
}
