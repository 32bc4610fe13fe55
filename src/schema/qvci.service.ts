import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { SchemaConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { DatabasePort } from '../teradata/database.port.js';
import { forDialect } from '../teradata/sql/for-dialect.js';
import { EMBEDDED_SCHEMA } from '../teradata/sql/embedded/schema.sql.js';
import { TERADATA_SCHEMA } from '../teradata/sql/teradata/schema.sql.js';

export type QvciState = 'enabled' | 'disabled' | 'unknown';

export interface QvciStatus {
  readonly state: QvciState;
  /** The query that was tried. */
  readonly query: string;
  readonly checkedAt: Date;
  /** Database error code of the check (9719 = QVCI disabled), null on success. */
  readonly errorCode: number | null;
  /** What the check saw, in words. */
  readonly detail: string;
  /** What it means and what to do. */
  readonly hint: string;
}

export const QVCI_ENABLE_STEPS =
  'A DBA enables QVCI with dbscontrol: `M internal 551=false`, then `W` (write), then restart the database (tpareset). Until then view column types are unknown.';

const HINTS: Record<QvciState, string> = {
  enabled: 'QVCI is enabled: view columns are read with their types from DBC.ColumnsJQV.',
  disabled: `QVCI is disabled (error 9719): view columns are read from DBC.ColumnsV without types. ${QVCI_ENABLE_STEPS}`,
  unknown: 'QVCI could not be checked (no SELECT right on DBC.ColumnsJQV, or the dictionary is not reachable): view columns are read from DBC.ColumnsV.',
};

function errorCodeOf(err: unknown): number | null {
  const code = (err as { dbCode?: unknown }).dbCode;
  if (typeof code === 'number') return code;
  const m = /\[Error (\d+)\]|error (\d{4})/i.exec((err as Error)?.message ?? '');
  return m ? Number(m[1] ?? m[2]) : null;
}

/**
 * Detects QVCI (Queryable View Column Index): `SELECT TOP 1 * FROM
 * DBC.ColumnsJQV` succeeds → enabled; error 9719 → disabled; anything else →
 * unknown. Never throws; says "disabled" once in the log; re-checked on a
 * schedule (QVCI_CHECK_SCHEDULE) and on demand.
 */
@Injectable()
export class QvciService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QvciService.name);
  private last?: QvciStatus;
  private warned = false;
  private job?: CronJob;

  constructor(
    private readonly database: DatabasePort,
    private readonly config: SchemaConfig,
    @Optional() private readonly scheduler?: SchedulerRegistry,
    @Optional() private readonly metrics?: LineageMetrics,
  ) {}

  onModuleInit(): void {
    if (!this.scheduler || this.config.qvciCheckSchedule === '') return;
    this.job = CronJob.from({ cronTime: this.config.qvciCheckSchedule, onTick: () => void this.recheck(), start: true });
    this.scheduler.addCronJob('qvci-check', this.job as never);
  }

  onModuleDestroy(): void {
    void this.job?.stop();
  }

  /** The last result, checking once if never checked. */
  async current(): Promise<QvciStatus> {
    return this.last ?? this.recheck();
  }

  /** Whether dictionary reads may use DBC.ColumnsJQV. */
  async enabled(): Promise<boolean> {
    return (await this.current()).state === 'enabled';
  }

  async recheck(): Promise<QvciStatus> {
    const query = forDialect(this.database, { teradata: TERADATA_SCHEMA, embedded: EMBEDDED_SCHEMA }).qvciProbe;
    let status: QvciStatus;
    try {
      await this.database.query(query);
      status = { state: 'enabled', query, checkedAt: new Date(), errorCode: null, detail: 'DBC.ColumnsJQV answered', hint: HINTS.enabled };
    } catch (err) {
      const code = errorCodeOf(err);
      const state: QvciState = code === 9719 ? 'disabled' : 'unknown';
      const detail = code === 9719 ? 'Error 9719: QVCI feature is disabled' : `${code ? `Error ${code}: ` : ''}${(err as Error).message.split('\n')[0].slice(0, 300)}`;
      status = { state, query, checkedAt: new Date(), errorCode: code, detail, hint: HINTS[state] };
    }
    if (status.state !== 'enabled' && !this.warned) {
      this.warned = true;
      this.logger.warn(`QVCI ${status.state}: ${status.detail}. ${status.hint}`);
    }
    if (status.state === 'enabled') this.warned = false;
    this.metrics?.setQvciState(status.state);
    this.last = status;
    return status;
  }
}
