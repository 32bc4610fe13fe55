import { Logger } from '@nestjs/common';
import type { DatabaseConfig } from '../../config/app-config.js';
import { DatabasePort, type Dialect, type Row, type SqlExecutor, type SqlValue } from '../database.port.js';
import { isConnectionLost, isTransient, mapTeradataError, teradataErrorCode } from './teradata-errors.js';
import { loadTeradataDriver, type TdConnection, type TeradataDriver } from './teradata.driver.js';

const BATCH_CHUNK = 1000;

export interface TeradataAdapterOptions {
  readonly driver?: TeradataDriver;
  /** Injectable for tests: waits between retries. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly baseDelayMs?: number;
  /** Told the Teradata error code of every failure given up on (for the query-error metric). */
  readonly onError?: (code: number | undefined) => void;
}

function toRow(description: readonly (readonly unknown[])[] | null, values: unknown[]): Row {
  const row: Row = {};
  (description ?? []).forEach((col, i) => {
    const v = values[i];
    row[String(col[0]).toLowerCase()] = typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  });
  return row;
}

function toParam(v: SqlValue): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/**
 * The Teradata adapter on the official `teradatasql` driver: a small pool
 * of sessions (default database = TERADATA_DATABASE), the driver's async
 * calls so the event loop keeps turning, logon and request timeouts, and
 * retries with exponential backoff on transient errors only.
 */
export class TeradataAdapter extends DatabasePort {
  readonly dialect: Dialect = 'teradata';
  private readonly logger = new Logger('TeradataAdapter');
  private readonly idle: TdConnection[] = [];
  private readonly waiters: ((c: TdConnection) => void)[] = [];
  private open = 0;
  private inUse = 0;
  private closed = false;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly baseDelayMs: number;

  private constructor(
    private readonly config: DatabaseConfig,
    private readonly driver: TeradataDriver,
    private readonly options: TeradataAdapterOptions,
  ) {
    super();
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.baseDelayMs = options.baseDelayMs ?? 200;
  }

  /** Opens the first session at once, so bad credentials or an unreachable host stop start-up with a readable message. */
  static async connect(config: DatabaseConfig, options: TeradataAdapterOptions = {}): Promise<TeradataAdapter> {
    const driver = options.driver ?? (await loadTeradataDriver());
    const adapter = new TeradataAdapter(config, driver, options);
    adapter.idle.push(await adapter.withRetry(() => adapter.newConnection(), 'connect'));
    return adapter;
  }

  private params(): Record<string, string> {
    const c = this.config;
    return {
      host: c.host as string,
      dbs_port: String(c.port),
      user: c.user,
      password: c.password ?? '',
      database: c.database,
      logmech: c.logmech,
      logon_timeout: String(Math.max(1, Math.ceil(c.connectTimeoutMs / 1000))),
      connect_timeout: String(c.connectTimeoutMs),
      request_timeout: String(c.queryTimeoutS),
      tmode: 'TERA',
    };
  }

  private async newConnection(): Promise<TdConnection> {
    this.open++;
    try {
      return await this.driver.connect(this.params());
    } catch (err) {
      this.open--;
      throw err;
    }
  }

  private async acquire(): Promise<TdConnection> {
    if (this.closed) throw mapTeradataError(new Error('the adapter is closed'), this.ctx('query'));
    const idle = this.idle.pop();
    if (idle) {
      this.inUse++;
      return idle;
    }
    if (this.open < this.config.poolSize) {
      const c = await this.withRetry(() => this.newConnection(), 'connect');
      this.inUse++;
      return c;
    }
    return new Promise<TdConnection>((resolve) => this.waiters.push(resolve)).then((c) => {
      this.inUse++;
      return c;
    });
  }

  private release(connection: TdConnection, broken = false): void {
    this.inUse--;
    if (broken || this.closed) {
      this.open--;
      try {
        connection.close();
      } catch {
        // already gone
      }
      const waiter = this.waiters.shift();
      if (waiter && !this.closed) {
        this.newConnection().then(
          (c) => waiter(c),
          () => this.waiters.unshift(waiter),
        );
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(connection);
    else this.idle.push(connection);
  }

  private ctx(phase: 'connect' | 'query') {
    return { user: this.config.user, database: this.config.database, password: this.config.password, phase };
  }

  private async withRetry<T>(work: () => Promise<T>, phase: 'connect' | 'query'): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (!isTransient(err) || attempt >= this.config.retryAttempts) {
          this.options.onError?.(teradataErrorCode(err));
          throw mapTeradataError(err, this.ctx(phase));
        }
        const delay = this.baseDelayMs * 2 ** attempt + Math.floor(Math.random() * this.baseDelayMs);
        this.logger.warn(`Transient Teradata error (${(err as Error).message.split('\n')[0].slice(0, 160)}); retry ${attempt + 1} of ${this.config.retryAttempts} in ${delay} ms`);
        await this.sleep(delay);
      }
    }
  }

  private executorFor(connection: TdConnection): SqlExecutor {
    return {
      query: async <T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) => {
        const cursor = connection.cursor();
        try {
          await cursor.executeAsync(sql, params.map(toParam));
          const description = cursor.description;
          return (description ? cursor.fetchall() : []).map((values) => toRow(description, values)) as T[];
        } finally {
          cursor.close();
        }
      },
      execute: async (sql: string, params: readonly SqlValue[] = []) => {
        const cursor = connection.cursor();
        try {
          await cursor.executeAsync(sql, params.map(toParam));
          return Number(cursor.rowcount ?? 0);
        } finally {
          cursor.close();
        }
      },
      batch: async (sql: string, rows: readonly (readonly SqlValue[])[]) => {
        let changed = 0;
        for (let i = 0; i < rows.length; i += BATCH_CHUNK) {
          const cursor = connection.cursor();
          try {
            await cursor.executemanyAsync(sql, rows.slice(i, i + BATCH_CHUNK).map((r) => r.map(toParam)));
            changed += Number(cursor.rowcount ?? 0);
          } finally {
            cursor.close();
          }
        }
        return changed;
      },
    };
  }

  /** One statement on a pooled session; transient failures retried on a fresh attempt. */
  private run<T>(work: (e: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withRetry(async () => {
      const connection = await this.acquire();
      let broken = false;
      try {
        return await work(this.executorFor(connection));
      } catch (err) {
        broken = isConnectionLost(err);
        throw err;
      } finally {
        this.release(connection, broken);
      }
    }, 'query');
  }

  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.run((e) => e.query<T>(sql, params));
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.run((e) => e.execute(sql, params));
  }

  batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    return this.transaction((tx) => tx.batch(sql, rows));
  }

  /**
   * Runs `work` on one session with autocommit off: commit on success,
   * rollback on failure. A whole transaction is retried on a transient error
   * (its statements are not retried one by one, which could half-apply it).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withRetry(async () => {
      const connection = await this.acquire();
      let broken = false;
      connection.autocommit = false;
      try {
        const result = await work(this.executorFor(connection));
        connection.commit();
        return result;
      } catch (err) {
        broken = isConnectionLost(err);
        try {
          connection.rollback();
        } catch {
          broken = true;
        }
        throw err;
      } finally {
        try {
          connection.autocommit = true;
        } catch {
          broken = true;
        }
        this.release(connection, broken);
      }
    }, 'query');
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  poolStats(): { inUse: number; waiting: number; size: number } {
    return { inUse: this.inUse, waiting: this.waiters.length, size: this.config.poolSize };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.idle.splice(0)) {
      try {
        c.close();
      } catch {
        // closing a dead session is fine
      }
      this.open--;
    }
  }
}
