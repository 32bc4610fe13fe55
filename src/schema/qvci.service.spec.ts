import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SchemaConfig } from '../config/app-config.js';
import { DatabasePermissionError, DatabaseQueryError } from '../teradata/database.errors.js';
import { DatabasePort, type Row, type SqlExecutor } from '../teradata/database.port.js';
import { TERADATA_SCHEMA } from '../teradata/sql/teradata/schema.sql.js';
import { QVCI_CRON_NAME, QvciService } from './qvci.service.js';

/**
 * A strict fake of the port at its boundary: it answers only the QVCI probe,
 * with the scripted outcomes in order; any other call is recorded as
 * unexpected and fails the test.
 */
class ProbeOnlyPort extends DatabasePort {
  readonly dialect = 'teradata' as const;
  readonly unexpected: string[] = [];
  probes = 0;

  constructor(private readonly outcomes: (Error | 'ok')[]) {
    super();
  }

  async query<T extends Row = Row>(sql: string): Promise<T[]> {
    if (sql !== TERADATA_SCHEMA.qvciProbe) return this.refuse(`query ${sql}`);
    const outcome = this.outcomes[Math.min(this.probes, this.outcomes.length - 1)];
    this.probes++;
    if (outcome === 'ok') return [{ databasename: 'core', tablename: 'customer', columnname: 'customer_id' }] as unknown as T[];
    throw outcome;
  }
  execute(sql: string): Promise<number> {
    return this.refuse(`execute ${sql}`);
  }
  batch(sql: string): Promise<number> {
    return this.refuse(`batch ${sql}`);
  }
  transaction<T>(_work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.refuse('transaction');
  }
  ping(): Promise<void> {
    return this.refuse('ping');
  }
  poolStats() {
    return { inUse: 0, waiting: 0, size: 1 };
  }
  async close(): Promise<void> {}
  private refuse(what: string): never {
    this.unexpected.push(what);
    throw new Error(`unexpected call: ${what}`);
  }
}

function schemaConfig(qvciCheckSchedule = ''): SchemaConfig {
  return Object.assign(new SchemaConfig(), { qvciCheckSchedule, includeDatabases: [], excludeDatabases: [] });
}

const disabled = () => new DatabaseQueryError('[Teradata Database] [Error 9719] QVCI feature is disabled.', 9719);
const noRight = () => new DatabasePermissionError('[Teradata Database] [Error 3523] The user does not have SELECT access to DBC.ColumnsJQV.', 3523);

describe('QvciService', () => {
  let port: ProbeOnlyPort;
  let warn: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    expect(port.unexpected).toEqual([]);
    warn.mockRestore();
  });

  it('is enabled when the probe answers', async () => {
    port = new ProbeOnlyPort(['ok']);
    const qvci = new QvciService(port, TERADATA_SCHEMA, schemaConfig());
    const status = await qvci.recheck();
    expect(status).toMatchObject({ state: 'enabled', query: 'LOCKING ROW FOR ACCESS SELECT TOP 1 * FROM DBC.ColumnsJQV', errorCode: null });
    expect(await qvci.enabled()).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is disabled on error 9719 carried as dbCode, with the DBA steps in the hint', async () => {
    port = new ProbeOnlyPort([disabled()]);
    const status = await new QvciService(port, TERADATA_SCHEMA, schemaConfig()).recheck();
    expect(status.state).toBe('disabled');
    expect(status.errorCode).toBe(9719);
    expect(status.detail).toContain('9719');
    expect(status.hint).toContain('dbscontrol');
    expect(status.hint).toContain('M internal 551=false');
    expect(status.hint).toMatch(/`W`/);
    expect(status.hint).toMatch(/restart/);
  });

  it('is disabled on a 9719 that only the message carries (no dbCode)', async () => {
    port = new ProbeOnlyPort([new Error('[Teradata Database] [Error 9719] QVCI feature is disabled.')]);
    expect((await new QvciService(port, TERADATA_SCHEMA, schemaConfig()).recheck()).state).toBe('disabled');
  });

  it('is unknown without the SELECT right (3523) or on any other error, and never throws', async () => {
    port = new ProbeOnlyPort([noRight(), new Error('socket hang up')]);
    const qvci = new QvciService(port, TERADATA_SCHEMA, schemaConfig());
    const first = await qvci.recheck();
    expect(first).toMatchObject({ state: 'unknown', errorCode: 3523 });
    expect(first.detail).toContain('3523');
    const second = await qvci.recheck();
    expect(second).toMatchObject({ state: 'unknown', errorCode: null, detail: 'socket hang up' });
    expect(await qvci.enabled()).toBe(false);
  });

  it('says "disabled" once in the log however often it is re-checked, and again only after a change', async () => {
    port = new ProbeOnlyPort([disabled(), disabled(), disabled(), 'ok', disabled()]);
    const qvci = new QvciService(port, TERADATA_SCHEMA, schemaConfig());
    for (let i = 0; i < 3; i++) await qvci.recheck();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('QVCI disabled');
    await qvci.recheck();
    await qvci.recheck();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('current() checks once and then serves the last result; recheck() probes again', async () => {
    port = new ProbeOnlyPort([disabled(), 'ok']);
    const qvci = new QvciService(port, TERADATA_SCHEMA, schemaConfig());
    expect((await qvci.current()).state).toBe('disabled');
    expect((await qvci.current()).state).toBe('disabled');
    expect(port.probes).toBe(1);
    expect((await qvci.recheck()).state).toBe('enabled');
    expect((await qvci.current()).state).toBe('enabled');
    expect(port.probes).toBe(2);
  });

  it('registers the re-check cron only with a schedule and a scheduler', () => {
    port = new ProbeOnlyPort(['ok']);
    const registry = new SchedulerRegistry();
    const scheduled = new QvciService(port, TERADATA_SCHEMA, schemaConfig('0 0 * * * *'), registry);
    scheduled.onModuleInit();
    expect(registry.getCronJobs().has(QVCI_CRON_NAME)).toBe(true);
    scheduled.onModuleDestroy();
    registry.deleteCronJob(QVCI_CRON_NAME);

    const unscheduled = new SchedulerRegistry();
    new QvciService(port, TERADATA_SCHEMA, schemaConfig(''), unscheduled).onModuleInit();
    expect(unscheduled.getCronJobs().size).toBe(0);
    expect(() => new QvciService(port, TERADATA_SCHEMA, schemaConfig('0 0 * * * *')).onModuleInit()).not.toThrow();
    expect(port.probes).toBe(0);
  });
});
