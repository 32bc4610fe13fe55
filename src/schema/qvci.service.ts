import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { SchemaConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { DatabasePort } from '../teradata/database.port.js';
import { SchemaStatements } from '../teradata/schema.statements.js';
import { databaseErrorCode } from './schema.errors.js';

export type QvciState = 'enabled' | 'disabled' | 'unknown';

export interface QvciStatus {
  readonly state: QvciState;
  /** The query that was tried. */
  readonly query: string;
  readonly checkedAt: Date;
  /** Database error code of the check (9719 = QVCI disabled), null on success. */
  readonly errorCode: number | null;
  /** Evidence: what the check saw (success, or the error code and message). */
  readonly detail: string;
  /** What it means and what to do. */
  readonly hint: string;
}

export const QVCI_CRON_NAME = 'qvci-check';

export const QVCI_ENABLE_STEPS =
  'To enable QVCI a DBA runs `dbscontrol`, then `M internal 551=false` (modify internal field 551), then `W` (write), and restarts the database (`tpareset -f "enable QVCI"`).';

const HINTS: Record<QvciState, string> = {
  enabled: 'QVCI is enabled: view columns are read with their types from DBC.ColumnsJQV.',
  disabled: `QVCI is disabled (error 9719): view columns are read from DBC.ColumnsV, without their types. ${QVCI_ENABLE_STEPS}`,
  unknown:
    'QVCI could not be checked (no SELECT right on DBC.ColumnsJQV, or the dictionary did not answer): view columns are read from DBC.ColumnsV, without their types. ' +
    'Ask a DBA for SELECT on DBC.ColumnsJQV (GRANT SELECT ON DBC TO <user>).',
};

/** Pure: the QVCI state a probe outcome means (null error = the probe succeeded). */
export function qvciStatusOf(query: string, err: unknown | null, checkedAt: Date): QvciStatus {
  if (err === null) return { state: 'enabled', query, checkedAt, errorCode: null, detail: 'DBC.ColumnsJQV answered', hint: HINTS.enabled };
  const code = databaseErrorCode(err);
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
  const state: QvciState = code === 9719 ? 'disabled' : 'unknown';
  const detail = code === null ? message : `Error ${code}: ${message}`;
  return { state, query, checkedAt, errorCode: code, detail, hint: HINTS[state] };
}

/**
 * Detects QVCI (Queryable View Column Index): the probe (`SELECT TOP 1 * FROM
 * DBC.ColumnsJQV`) succeeds → enabled; error 9719 → disabled; anything else
 * (3523/3524 no rights, dictionary down) → unknown. Never throws. Says so once
 * in the log when QVCI is not usable; re-checked on QVCI_CHECK_SCHEDULE and on
 * demand (`recheck()`).
 */
@Injectable()
export class QvciService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QvciService.name);
  private last?: QvciStatus;
  private checking?: Promise<QvciStatus>;
  private warnedState?: QvciState;
  private job?: CronJob;

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(SchemaStatements) private readonly sql: SchemaStatements,
    @Inject(SchemaConfig) private readonly config: SchemaConfig,
    @Optional() @Inject(SchedulerRegistry) private readonly scheduler?: SchedulerRegistry,
    @Optional() @Inject(LineageMetrics) private readonly metrics?: LineageMetrics,
  ) {}

  /** Registers the re-check cron when a schedule is configured and the application has a scheduler (not in CLI contexts). */
  onModuleInit(): void {
    if (!this.scheduler || this.config.qvciCheckSchedule.trim() === '') return;
    this.job = CronJob.from({ cronTime: this.config.qvciCheckSchedule, onTick: () => void this.recheck(), start: true });
    this.scheduler.addCronJob(QVCI_CRON_NAME, this.job as never);
  }

  onModuleDestroy(): void {
    void this.job?.stop();
  }

  /** The last result, checking once if never checked. */
  current(): Promise<QvciStatus> {
    return this.last ? Promise.resolve(this.last) : this.recheck();
  }

  /** Whether dictionary reads may use DBC.ColumnsJQV. */
  async enabled(): Promise<boolean> {
    return (await this.current()).state === 'enabled';
  }

  /** Runs the probe now (concurrent callers share one probe). */
  recheck(): Promise<QvciStatus> {
    this.checking ??= this.check().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async check(): Promise<QvciStatus> {
    let error: unknown | null = null;
    try {
      await this.database.query(this.sql.qvciProbe);
    } catch (err) {
      error = err ?? new Error('unknown error');
    }
    const status = qvciStatusOf(this.sql.qvciProbe, error, new Date());
    if (status.state === 'enabled') {
      if (this.warnedState) this.logger.log('QVCI is enabled now: view columns are read with their types from DBC.ColumnsJQV.');
      this.warnedState = undefined;
    } else if (this.warnedState !== status.state) {
      this.warnedState = status.state;
      this.logger.warn(`QVCI ${status.state}: ${status.detail}. ${status.hint}`);
    }
    this.metrics?.setQvciState(status.state);
    this.last = status;
    return status;
  }
}
