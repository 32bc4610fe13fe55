import { Inject, Injectable } from '@nestjs/common';
import { PopulationLockRepository } from './population-lock.repository.js';
import { PopulationRunRepository } from './population-run.repository.js';
import { PopulationInvalidOptionsError, PopulationRunNotFoundError } from './population.errors.js';
import { PopulationService } from './population.service.js';
import type { PopulationFailure, PopulationProgress, PopulationRun, ReasonCount } from './population.types.js';

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface PopulationRunDetail {
  readonly run: PopulationRun;
  /** Failure reason codes with counts, most frequent first. */
  readonly failureReasons: readonly ReasonCount[];
  /** First page of failures (see getFailures for more and for search). */
  readonly failures: Page<PopulationFailure>;
}

const MAX_LIMIT = 500;

function paging(options: { limit?: number; offset?: number }, defaultLimit: number): { limit: number; offset: number } {
  const limit = options.limit ?? defaultLimit;
  const offset = options.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new PopulationInvalidOptionsError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw new PopulationInvalidOptionsError('offset must be a non-negative integer');
  return { limit, offset };
}

/** Read side of population runs for the admin pages and the API: history, details, failures, live progress. */
@Injectable()
export class PopulationRunsService {
  constructor(
    @Inject(PopulationRunRepository) private readonly runs: PopulationRunRepository,
    @Inject(PopulationService) private readonly population: PopulationService,
    @Inject(PopulationLockRepository) private readonly locks: PopulationLockRepository,
  ) {}

  /** Runs, newest first. */
  async listRuns(options: { limit?: number; offset?: number } = {}): Promise<Page<PopulationRun>> {
    const { limit, offset } = paging(options, 20);
    const [items, total] = await Promise.all([this.runs.listRuns(limit, offset), this.runs.countRuns()]);
    return { items, total, limit, offset };
  }

  /** Whether any run was ever recorded in this store. */
  async anyRecorded(): Promise<boolean> {
    return (await this.runs.countRuns()) > 0;
  }

  /** Whether a real (not dry) run ever succeeded in this store. */
  async anySucceeded(): Promise<boolean> {
    return (await this.runs.countSucceededRuns()) > 0;
  }

  /** Where the DBQL watermark stands (null: no DBQL run has committed a batch yet). */
  watermark(): Promise<Date | null> {
    return this.runs.getWatermark();
  }

  /** One run with its failure reasons and first page of failures; PopulationRunNotFoundError when unknown. */
  async getRun(runId: string, options: { failuresLimit?: number } = {}): Promise<PopulationRunDetail> {
    const run = await this.runs.getRun(runId);
    if (!run) throw new PopulationRunNotFoundError(runId);
    const [failureReasons, failures] = await Promise.all([this.runs.failureReasons(runId), this.getFailures(runId, { limit: options.failuresLimit ?? 50 })]);
    return { run, failureReasons, failures };
  }

  /** Failures of a run, in order; `q` searches reason, reason code, query id and SQL excerpt (case-insensitive). */
  async getFailures(runId: string, options: { q?: string; limit?: number; offset?: number } = {}): Promise<Page<PopulationFailure>> {
    const { limit, offset } = paging(options, 50);
    const q = options.q?.trim() || undefined;
    const [items, total] = await Promise.all([this.runs.listFailures(runId, limit, offset, q), this.runs.countFailures(runId, q)]);
    return { items, total, limit, offset };
  }

  /** Live progress: from this process's memory while it runs here, else from the run row (updated after each batch). */
  async progress(runId: string): Promise<PopulationProgress> {
    const live = this.population.liveProgress(runId);
    if (live) return live;
    const run = await this.runs.getRun(runId);
    if (!run) throw new PopulationRunNotFoundError(runId);
    return {
      runId: run.runId,
      state: run.state,
      method: run.method,
      dryRun: run.dryRun,
      counts: run.counts,
      batches: 0,
      position: null,
      windowSince: run.windowSince,
      windowUntil: run.windowUntil,
      startedAt: run.startedAt,
      heartbeatAt: run.heartbeatAt,
      live: false,
    };
  }

  /** Who holds the single-runner lock now (null when free). */
  currentLockHolder(): Promise<{ holder: string; since: Date | null; kind: 'redis' | 'database' } | null> {
    return this.locks.currentHolder();
  }
}
