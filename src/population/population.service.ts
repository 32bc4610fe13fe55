import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { namespaceId } from '../model/ids.js';
import { DatabaseConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { OlStoreWriter } from '../ol-store/ol-store.writer.js';
import { UsageWriter } from '../ol-store/usage.writer.js';
import { OpenLineageEmitter } from '../openlineage-emit/openlineage-emitter.service.js';
import { DatabasePort } from '../teradata/database.port.js';
import { DbqlPopulation } from './dbql-population.js';
import { FixturesPopulation } from './fixtures-population.js';
import { ViewDefinitionsPopulation } from './view-definitions-population.js';
import { BatchCommitter } from './batch-committer.js';
import { DryRunCounter } from './dry-run-counter.js';
import { PopulationLockRepository, type RunLock } from './population-lock.repository.js';
import { PopulationRunRepository } from './population-run.repository.js';
import type { RunContext } from './population.context.js';
import { PopulationInvalidOptionsError } from './population.errors.js';
import { RunProgress, topReasons } from './run-progress.js';
import { pidAlive, runnerGoneReason } from './runner-liveness.js';
import {
  type PopulationMethod,
  type PopulationOptions,
  type PopulationProgress,
  type PopulationRun,
  type PopulationRunState,
  type PopulationSummary,
} from './population.types.js';

const POPULATION_METHODS: readonly PopulationMethod[] = ['dbql', 'views', 'fixtures'];

/** The single-runner lock lives this long unless renewed; renewed (with a run heartbeat) every third of it. */
export const LOCK_TTL_MS = 60_000;
/** A 'running' run whose heartbeat is older than this is taken as interrupted. */
export const STALE_RUN_MS = 3 * LOCK_TTL_MS;

interface ActiveRun {
  readonly ctx: RunContext;
  /** The dry run's counter (its sample edges go into the summary). */
  readonly counter: DryRunCounter | null;
  readonly controller: AbortController;
  readonly done: Promise<PopulationSummary>;
  readonly startedAt: Date;
}

interface Prepared {
  readonly ctx: RunContext;
  readonly counter: DryRunCounter | null;
  readonly controller: AbortController;
  readonly lock: RunLock | null;
  readonly startedAt: Date;
}

/**
 * The one population operation every trigger calls (CLI, schedule, admin
 * page, start-up): takes the single-runner lock, records the run, runs the
 * method (DBQL, view definitions or fixtures) batch by batch, and records how it ended.
 * A run never throws to its caller for a bad statement or a failed batch:
 * the summary says how it ended; only "cannot start" errors are thrown
 * (another run holds the lock, invalid options).
 */
@Injectable()
export class PopulationService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PopulationService.name);
  private readonly active = new Map<string, ActiveRun>();
  private readonly host = hostname();
  private readonly runner = `${this.host}:${process.pid}`;
  /** Runs of this process between their row's insert and their launch. */
  private readonly starting = new Set<string>();

  constructor(
    @Inject(PopulationRunRepository) private readonly runs: PopulationRunRepository,
    @Inject(PopulationLockRepository) private readonly locks: PopulationLockRepository,
    @Inject(DatabasePort) private readonly store: DatabasePort,
    @Inject(OlStoreWriter) private readonly writer: OlStoreWriter,
    @Inject(UsageWriter) private readonly usage: UsageWriter,
    @Inject(DbqlPopulation) private readonly dbql: DbqlPopulation,
    @Inject(FixturesPopulation) private readonly fixtures: FixturesPopulation,
    @Inject(ViewDefinitionsPopulation) private readonly views: ViewDefinitionsPopulation,
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
    @Inject(OpenLineageEmitter) private readonly emitter: OpenLineageEmitter,
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
    return run ? progressOf(run, 'running', new Date(), true) : null;
  }

  /** Waits for this process's runs (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()].map((r) => r.done));
  }

  /**
   * Marks runs left 'running' by a runner that is gone as failed
   * ('interrupted') at once, and frees the lock a dead process of this host
   * still holds (see runnerGoneReason). Called at start-up and before every
   * run; returns how many runs it marked.
   */
  async interruptOrphanedRuns(): Promise<number> {
    const running = await this.runs.listRunningRuns();
    if (running.length === 0) return 0;
    const lock = await this.locks.currentHolder().catch(() => null);
    let marked = 0;
    for (const run of running) {
      if (this.active.has(run.runId) || this.starting.has(run.runId)) continue;
      const why = runnerGoneReason({
        runner: run.runner,
        dryRun: run.dryRun,
        heartbeatAt: run.heartbeatAt ?? run.startedAt,
        host: this.host,
        pid: process.pid,
        now: new Date(),
        lockTtlMs: LOCK_TTL_MS,
        lockHolder: lock?.holder ?? null,
        pidAlive,
      });
      if (!why) continue;
      if (await this.runs.interruptRun(run.runId, why)) {
        marked++;
        this.logger.warn(`Population run ${run.runId} marked failed (interrupted): ${why}`);
      }
      if (run.runner && lock?.holder === run.runner && (await this.locks.releaseHeldBy(run.runner))) {
        this.logger.warn(`Freed the population lock held by ${run.runner}, which is gone`);
      }
    }
    return marked;
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort();
    await this.idle();
  }

  private async begin(options: PopulationOptions): Promise<Prepared> {
    if (!POPULATION_METHODS.includes(options.method)) throw new PopulationInvalidOptionsError(`Unknown population method "${String(options.method)}"`);
    for (const [name, value] of [['since', options.since], ['until', options.until]] as const) {
      if (value !== undefined && Number.isNaN(value.getTime())) throw new PopulationInvalidOptionsError(`--${name} is not a valid date/time`);
    }
    if (options.since && options.until && options.since >= options.until) {
      throw new PopulationInvalidOptionsError(`--since (${options.since.toISOString()}) must be before --until (${options.until.toISOString()})`);
    }
    if (options.method === 'fixtures' && (options.since || options.until)) {
      throw new PopulationInvalidOptionsError('--since and --until apply to DBQL population only');
    }
    if (options.method === 'views' && options.until) {
      throw new PopulationInvalidOptionsError('--until applies to DBQL population only (view definitions are read up to now)');
    }
    const dryRun = options.dryRun === true;
    await this.interruptOrphanedRuns();
    const lock = dryRun ? null : await this.locks.acquire(this.runner, LOCK_TTL_MS);
    const runId = randomUUID();
    this.starting.add(runId);
    try {
      const stale = await this.runs.failStaleRuns(new Date(Date.now() - STALE_RUN_MS));
      if (stale > 0) this.logger.warn(`Marked ${stale} population run(s) left 'running' by a stopped runner as failed (interrupted)`);
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
      if (options.signal?.aborted) controller.abort();
      options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const counter = dryRun ? new DryRunCounter() : null;
      const ctx = this.context(runId, options, counter, controller.signal, startedAt);
      return { ctx, counter, controller, lock, startedAt };
    } catch (err) {
      this.starting.delete(runId);
      await lock?.release().catch(() => undefined);
      throw err;
    }
  }

  private launch(prepared: Prepared): ActiveRun {
    const done = this.execute(prepared);
    const active: ActiveRun = { ctx: prepared.ctx, counter: prepared.counter, controller: prepared.controller, done, startedAt: prepared.startedAt };
    this.active.set(prepared.ctx.runId, active);
    this.starting.delete(prepared.ctx.runId);
    void done.finally(() => this.active.delete(prepared.ctx.runId));
    return active;
  }

  private async execute({ ctx, counter, controller, lock, startedAt }: Prepared): Promise<PopulationSummary> {
    const { options, progress, committer } = ctx;
    this.logger.log(`Population run ${ctx.runId} started (${options.method}${committer.dryRun ? ', dry run' : ''}, trigger ${options.trigger})`);
    // On Teradata the lock is renewed on a pooled session of its own, beside the run's commit in flight: a commit of many
    // pages (POPULATION_FLUSH_ROWS) may outlast the lock's TTL. The run row's heartbeat waits its turn behind the commit
    // (which updates that row too). The embedded engine renews in turn as well: its commits hold a few pages (EMBEDDED_POPULATION_FLUSH_ROWS) and take well under the TTL.
    const renewAside = this.store.dialect === 'teradata';
    const renew = async () => {
      if (lock && !(await lock.renew())) {
        this.logger.error(`Population run ${ctx.runId} lost its lock; stopping after the current batch`);
        controller.abort();
      }
    };
    const heartbeat = setInterval(() => {
      void (renewAside ? renew() : Promise.resolve())
        .then(() =>
          committer.serial(async () => {
            if (!renewAside) await renew();
            await this.runs.heartbeat(ctx.runId, progress.window, progress.committed, progress.message());
          }),
        )
        .catch((err: unknown) => this.logger.warn(`Population run ${ctx.runId}: heartbeat failed: ${(err as Error).message}`));
    }, Math.floor(LOCK_TTL_MS / 3));
    heartbeat.unref();

    let state: PopulationRunState = 'succeeded';
    let error: Error | undefined;
    try {
      if (options.method === 'dbql') {
        const demo = this.database.engine === 'embedded' && this.database.embeddedDemo;
        const plan = await this.dbql.resolveWindow(options, demo);
        progress.window = { since: plan.window.since, until: plan.window.until };
        await this.runs.heartbeat(ctx.runId, progress.window, progress.committed, null);
        await this.dbql.execute(ctx, plan);
      } else if (options.method === 'views') {
        await this.views.execute(ctx);
      } else {
        await this.fixtures.execute(ctx);
      }
      if (controller.signal.aborted) state = 'cancelled';
    } catch (err) {
      if (controller.signal.aborted) {
        // cancelling closes the extraction workers under the batch in flight: that batch's error is the cancel, not a failure
        state = 'cancelled';
      } else {
        state = 'failed';
        error = err instanceof Error ? err : new Error(String(err));
        this.logger.error(`Population run ${ctx.runId} failed: ${error.message}`, error.stack);
      }
    } finally {
      clearInterval(heartbeat);
    }

    const skips = progress.message();
    const head = error ? error.message : state === 'cancelled' ? 'cancelled before the end of the window; the next run resumes from the watermark' : '';
    // As the CLI says it: a re-run writes no new edges, and the run record says the edges were already there.
    const present = committer.dryRun || progress.writes.edges.present === 0 ? '' : `edges: ${progress.committed.edgesWritten} new, ${progress.writes.edges.present} already present`;
    const finalMessage = [head, [skips, present].filter((part) => part !== '').join('; ')].filter((part) => part !== '').join(' — ');
    await committer
      .serial(() => this.runs.finishRun(ctx.runId, state, progress.committed, finalMessage || null))
      .catch((err: unknown) => this.logger.error(`Population run ${ctx.runId}: cannot record its end: ${(err as Error).message}`));
    await lock?.release().catch((err: unknown) => this.logger.warn(`Population run ${ctx.runId}: cannot release the lock: ${(err as Error).message}`));
    // the OpenLineage sender of this process (if any) sends the finished run now, in the background
    if (!committer.dryRun) this.emitter.wake();

    const finishedAt = new Date();
    const c = progress.committed;
    this.metrics.populationRuns.inc({ state, method: options.method });
    this.metrics.populationRunDuration.observe({ method: options.method }, (finishedAt.getTime() - startedAt.getTime()) / 1000);
    if (!committer.dryRun) {
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
      dryRun: committer.dryRun,
      windowSince: progress.window.since,
      windowUntil: progress.window.until,
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
      skipReasons: topReasons(progress.skipReasons),
      failureReasons: topReasons(progress.failureReasons),
      writes: progress.writes,
      distinctStatements: progress.distinctStatements,
      views: { ...progress.views },
      sampleEdges: counter?.samples() ?? [],
      timings: { ...progress.timings, totalMs: finishedAt.getTime() - startedAt.getTime() },
      error,
    };
  }

  private async refreshWatermarkAge(): Promise<void> {
    const at = await this.runs.getWatermark().catch(() => null);
    this.metrics.watermarkAge.set(at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : -1);
  }

  private context(runId: string, options: PopulationOptions, counter: DryRunCounter | null, signal: AbortSignal, startedAt: Date): RunContext {
    const progress = new RunProgress({ since: options.since ?? null, until: options.until ?? null });
    const target = counter ? { kind: 'dry-run' as const, counter } : { kind: 'store' as const, database: this.store, writer: this.writer, usage: this.usage };
    const run = { runId, method: options.method, dryRun: counter !== null, startedAt };
    const committer = new BatchCommitter(target, this.runs, runId, progress, () => options.onProgress?.(progress.snapshot(run, 'running', new Date(), true)));
    return { runId, options, namespaceId: namespaceId(this.database.namespaceUri), namespaceUri: this.database.namespaceUri, signal, committer, progress };
  }
}

function progressOf(run: ActiveRun, state: PopulationRunState, heartbeatAt: Date, live: boolean): PopulationProgress {
  const { ctx } = run;
  return ctx.progress.snapshot({ runId: ctx.runId, method: ctx.options.method, dryRun: ctx.committer.dryRun, startedAt: run.startedAt }, state, heartbeatAt, live);
}
