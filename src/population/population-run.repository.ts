import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, type SqlExecutor } from '../teradata/database.port.js';
import { PopulationStatements } from '../teradata/population.statements.js';
import type {
  PopulationCounts,
  PopulationFailure,
  PopulationMethod,
  PopulationRun,
  PopulationRunState,
  PopulationTrigger,
  ReasonCount,
} from './population.types.js';

export const DBQL_WATERMARK = 'dbql';
const MAX_MESSAGE = 2000;
const MAX_EXCERPT = 4000;

type RunRow = {
  run_id: string;
  trigger_source: string;
  method: string;
  dry_run: string;
  window_since: Date | null;
  window_until: Date | null;
  state: string;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date | null;
  statements_read: number | null;
  statements_skipped: number | null;
  statements_parsed: number | null;
  statements_failed: number | null;
  statements_timed_out: number | null;
  edges_written: number | null;
  datasets_written: number | null;
  message: string | null;
  runner: string | null;
};

type FailureRow = {
  run_id: string;
  failure_no: number;
  query_id: string | null;
  reason_code: string;
  reason: string | null;
  sql_excerpt: string | null;
  created_at: Date;
};

export interface NewRun {
  readonly runId: string;
  readonly trigger: PopulationTrigger;
  readonly method: PopulationMethod;
  readonly dryRun: boolean;
  readonly windowSince: Date | null;
  readonly windowUntil: Date | null;
  readonly startedAt: Date;
  readonly runner: string;
}

export interface NewFailure {
  readonly failureNo: number;
  readonly queryId: string | null;
  readonly reasonCode: string;
  readonly reason: string;
  readonly sql: string | null;
}

const clip = (text: string | null, max: number): string | null => (text === null ? null : text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function toRun(row: RunRow): PopulationRun {
  return {
    runId: row.run_id,
    trigger: row.trigger_source as PopulationTrigger,
    method: row.method as PopulationMethod,
    dryRun: row.dry_run === 'Y',
    windowSince: row.window_since,
    windowUntil: row.window_until,
    state: row.state as PopulationRunState,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
    counts: {
      statementsRead: num(row.statements_read),
      statementsSkipped: num(row.statements_skipped),
      statementsParsed: num(row.statements_parsed),
      statementsFailed: num(row.statements_failed),
      statementsTimedOut: num(row.statements_timed_out),
      edgesWritten: num(row.edges_written),
      datasetsWritten: num(row.datasets_written),
    },
    message: row.message,
    runner: row.runner,
  };
}

function toFailure(row: FailureRow): PopulationFailure {
  return {
    runId: row.run_id,
    failureNo: num(row.failure_no),
    queryId: row.query_id,
    reasonCode: row.reason_code,
    reason: row.reason ?? '',
    sqlExcerpt: row.sql_excerpt,
    createdAt: row.created_at,
  };
}

function counters(c: PopulationCounts): number[] {
  return [c.statementsRead, c.statementsSkipped, c.statementsParsed, c.statementsFailed, c.statementsTimedOut, c.edgesWritten, c.datasetsWritten];
}

/** LIKE pattern for a free-text search, '\' escaping the wildcards the user typed. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Run records (OL_POPULATION_RUN, OL_POPULATION_FAILURE) and the DBQL watermark (OL_WATERMARK). */
@Injectable()
export class PopulationRunRepository {

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(PopulationStatements) private readonly sql: PopulationStatements,
  ) {}

  async insertRun(run: NewRun): Promise<void> {
    await this.database.execute(this.sql.insertRun, [
      run.runId,
      run.trigger,
      run.method,
      run.dryRun ? 'Y' : 'N',
      run.windowSince,
      run.windowUntil,
      'running',
      run.startedAt,
      run.startedAt,
      run.runner,
    ]);
  }

  async updateProgress(
    runId: string,
    window: { since: Date | null; until: Date | null },
    counts: PopulationCounts,
    message: string | null,
    tx: SqlExecutor = this.database,
  ): Promise<void> {
    await tx.execute(this.sql.updateRunProgress, [window.since, window.until, ...counters(counts), new Date(), clip(message, MAX_MESSAGE), runId]);
  }

  /** Heartbeat only (the lock renewal timer calls this between batches). */
  async heartbeat(runId: string, window: { since: Date | null; until: Date | null }, counts: PopulationCounts, message: string | null): Promise<void> {
    await this.updateProgress(runId, window, counts, message);
  }

  async finishRun(runId: string, state: PopulationRunState, counts: PopulationCounts, message: string | null): Promise<void> {
    const now = new Date();
    await this.database.execute(this.sql.finishRun, [state, now, now, ...counters(counts), clip(message, MAX_MESSAGE), runId]);
  }

  /** Marks runs whose runner stopped heart-beating before `heartbeatBefore` as failed ('interrupted'). */
  async failStaleRuns(heartbeatBefore: Date): Promise<number> {
    return this.database.execute(this.sql.failStaleRuns, [
      new Date(),
      'interrupted: the runner stopped before finishing (process ended or crashed); the next run resumes from the watermark',
      heartbeatBefore,
    ]);
  }

  /** Runs recorded as 'running', oldest first. */
  async listRunningRuns(): Promise<PopulationRun[]> {
    const rows = await this.database.query<RunRow>(this.sql.listRunningRuns);
    return rows.map(toRun);
  }

  /** Marks one run still 'running' as failed ('interrupted: …'); false when it had ended meanwhile. */
  async interruptRun(runId: string, why: string): Promise<boolean> {
    const message = `interrupted: ${why}; the next run resumes from the watermark`;
    return (await this.database.execute(this.sql.interruptRun, [new Date(), clip(message, MAX_MESSAGE), runId])) > 0;
  }

  /** Real (not dry) runs that succeeded. */
  async countSucceededRuns(): Promise<number> {
    const rows = await this.database.query<{ n: number }>(this.sql.countSucceededRuns);
    return num(rows[0]?.n);
  }

  async countRuns(): Promise<number> {
    const rows = await this.database.query<{ n: number }>(this.sql.countRuns);
    return num(rows[0]?.n);
  }

  async listRuns(limit: number, offset: number): Promise<PopulationRun[]> {
    const rows = await this.database.query<RunRow>(this.sql.listRuns, [offset + 1, offset + limit]);
    return rows.map(toRun);
  }

  async getRun(runId: string): Promise<PopulationRun | null> {
    const rows = await this.database.query<RunRow>(this.sql.getRun, [runId]);
    return rows.length === 0 ? null : toRun(rows[0]);
  }

  async insertFailures(runId: string, failures: readonly NewFailure[], tx: SqlExecutor = this.database): Promise<void> {
    if (failures.length === 0) return;
    const now = new Date();
    await tx.batch(
      this.sql.insertFailure,
      failures.map((f) => [runId, f.failureNo, f.queryId, f.reasonCode.slice(0, 50), clip(f.reason, MAX_MESSAGE), clip(f.sql, MAX_EXCERPT), now]),
    );
  }

  async countFailures(runId: string, q?: string): Promise<number> {
    const rows = q
      ? await this.database.query<{ n: number }>(this.sql.countFailuresMatching, [runId, ...new Array(4).fill(containsPattern(q))])
      : await this.database.query<{ n: number }>(this.sql.countFailures, [runId]);
    return num(rows[0]?.n);
  }

  async listFailures(runId: string, limit: number, offset: number, q?: string): Promise<PopulationFailure[]> {
    const rows = q
      ? await this.database.query<FailureRow>(this.sql.listFailuresMatching, [runId, ...new Array(4).fill(containsPattern(q)), offset + 1, offset + limit])
      : await this.database.query<FailureRow>(this.sql.listFailures, [runId, offset + 1, offset + limit]);
    return rows.map(toFailure);
  }

  async failureReasons(runId: string): Promise<ReasonCount[]> {
    const rows = await this.database.query<{ reason_code: string; n: number }>(this.sql.failureReasons, [runId]);
    return rows.map((r) => ({ reason: r.reason_code, count: num(r.n) }));
  }

  async getWatermark(name = DBQL_WATERMARK): Promise<Date | null> {
    const rows = await this.database.query<{ watermark_at: Date | null }>(this.sql.getWatermark, [name]);
    return rows[0]?.watermark_at ?? null;
  }

  async setWatermark(at: Date, tx: SqlExecutor = this.database, name = DBQL_WATERMARK): Promise<void> {
    await tx.execute(this.sql.upsertWatermark, [name, at, new Date()]);
  }
}
