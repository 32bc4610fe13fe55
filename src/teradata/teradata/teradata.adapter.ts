import { Logger } from '@nestjs/common';
import type { DatabaseConfig } from '../../config/app-config.js';
import { DatabasePermissionError, DatabaseQueryError, DatabaseUnavailableError } from '../database.errors.js';
import { DatabasePort, type Dialect, type Row, type SqlExecutor, type SqlValue } from '../database.port.js';
import { DATABASE_VERSION, SESSION_TIME_ZONE_UTC } from '../sql/teradata/session.sql.js';
import { type ErrorPhase, isConnectionLost, isTransient, mapTeradataError, teradataErrorCode } from './teradata-errors.js';
import { loadTeradataDriver, type TdConnection, type TeradataDriver } from './teradata.driver.js';

/**
 * An iterated request (`executemany`: one statement, many rows of
 * parameters) goes to the database as one request, which Teradata bounds
 * by release:
 * - before Teradata Database 16.00: 16,383 rows, and a request message (its
 *   text and every row's data) of about 1 MB (Teradata ODBC Driver User
 *   Guide, "Array Requests Limit"; .NET Data Provider for Teradata, "How
 *   SQL Statements Are Sent");
 * - since 16.00: 64,000 rows (the .NET guide), and a request message of
 *   7 MB client to database (Database Administration, "System Limits",
 *   "Maximum request message size"; the .NET guide: "Teradata Database
 *   version 16.0 has increased that limit").
 * The adapter reads the release once, when it connects (DBC.DBCInfoV), and
 * splits a batch into as few requests as stay under both bounds, with ~10 %
 * to spare for the parcels' own headers and length fields it does not count
 * (docs/decisions/0018-set-based-writes.md). TERADATA_REQUEST_BYTES caps the
 * data of a request whatever the release says.
 */
export interface RequestLimits {
  readonly rows: number;
  /** Bytes of row data a request carries at most, its statement text included. */
  readonly dataBytes: number;
}

export const REQUEST_LIMITS_BEFORE_16: RequestLimits = { rows: 16_383, dataBytes: 900_000 };
export const REQUEST_LIMITS_SINCE_16: RequestLimits = { rows: 64_000, dataBytes: 6_300_000 };

/** The limits of a release (DBC.DBCInfoV's VERSION, e.g. `17.20.03.19`; null: unknown, the older limits), capped at `capBytes` (0: no cap). */
export function requestLimits(version: string | null, capBytes = 0): RequestLimits {
  const major = Number(/^\s*(\d+)\./.exec(version ?? '')?.[1] ?? NaN);
  const limits = major >= 16 ? REQUEST_LIMITS_SINCE_16 : REQUEST_LIMITS_BEFORE_16;
  return capBytes > 0 && capBytes < limits.dataBytes ? { ...limits, dataBytes: capBytes } : limits;
}

/** Bytes a parameter takes in a request's data (UTF-8 session character set, a 2-byte length before text, a timestamp as its 26 characters). */
function parameterBytes(v: SqlValue | unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'string') return 2 + Buffer.byteLength(v, 'utf8');
  if (v instanceof Date) return 28;
  return 8;
}

/** A batch's rows as iterated requests under Teradata's limits (see RequestLimits). */
export function requestChunks<T extends readonly unknown[]>(sql: string, rows: readonly T[], limits: RequestLimits): T[][] {
  const budget = limits.dataBytes - Buffer.byteLength(sql, 'utf8');
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    // a row's data: its values, a null-indicator bit per column, a few bytes of parcel header
    let size = 4 + Math.ceil(row.length / 8);
    for (const v of row) size += parameterBytes(v);
    if (chunk.length > 0 && (chunk.length >= limits.rows || bytes + size > budget)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Rows per fetch: the cursor's `arraysize` and the size of a `stream()`
 * batch unless the caller asks for another. The driver's default of 1 makes
 * `fetchall` concatenate row by row (quadratic, and synchronous). A batch is
 * deserialised synchronously by the driver, so it is kept to a few thousand
 * narrow rows (a few milliseconds of work); between batches the adapter
 * gives the event loop a turn. Not configurable: nothing an operator knows
 * about their system changes the right value.
 */
const FETCH_ROWS = 5_000;

/** The driver's transaction escapes, sent with `executeAsync` (its `commit()`/`rollback()` are synchronous round trips). */
const COMMIT = '{fn teradata_commit}';
const ROLLBACK = '{fn teradata_rollback}';

/** Lets timers (the population lock heartbeat) and I/O run between two fetched batches. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

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

/** Runs one statement that returns nothing the adapter needs. */
async function run(connection: TdConnection, sql: string): Promise<void> {
  const cursor = connection.cursor();
  try {
    await cursor.executeAsync(sql);
  } finally {
    cursor.close();
  }
}

/**
 * The rows of one statement, `batchRows` at a time: the cursor's arraysize
 * is set so that each `fetchmany()` brings a whole batch, and the event loop
 * gets a turn before the next one.
 */
async function* readBatches(connection: TdConnection, sql: string, params: readonly SqlValue[], batchRows: number): AsyncGenerator<Row[]> {
  const cursor = connection.cursor();
  try {
    await cursor.executeAsync(sql, params.map(toParam));
    const description = cursor.description;
    if (!description) return;
    cursor.arraysize = batchRows;
    for (;;) {
      const values = cursor.fetchmany();
      if (values.length === 0) return;
      yield values.map((v) => toRow(description, v));
      await yieldToEventLoop();
    }
  } finally {
    cursor.close();
  }
}

const mapped = (err: unknown) => err instanceof DatabaseUnavailableError || err instanceof DatabasePermissionError || err instanceof DatabaseQueryError;

/**
 * The Teradata adapter on the official `teradatasql` driver: a small pool
 * of sessions (default database = TERADATA_DATABASE, time zone UTC), the
 * driver's async calls so the event loop keeps turning (commits included),
 * rows fetched in batches with a turn of the event loop between them, logon
 * and request timeouts, and retries with exponential backoff on transient
 * errors only (never on a request timeout).
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

  /** What one iterated request may carry on this system (its release, read at connect). */
  private limits: RequestLimits = REQUEST_LIMITS_BEFORE_16;

  /** The bounds of one iterated request this adapter keeps to (the database's release, TERADATA_REQUEST_BYTES). */
  get requestLimits(): RequestLimits {
    return this.limits;
  }

  /**
   * Opens the first session at once, so bad credentials or an unreachable
   * host stop start-up with a readable message, and reads the database's
   * release on it (the size of the requests it takes).
   */
  static async connect(config: DatabaseConfig, options: TeradataAdapterOptions = {}): Promise<TeradataAdapter> {
    const driver = options.driver ?? (await loadTeradataDriver());
    const adapter = new TeradataAdapter(config, driver, options);
    const first = await adapter.withRetry(() => adapter.newConnection(), 'connect');
    adapter.idle.push(first);
    adapter.limits = requestLimits(await adapter.releaseOf(first), config.requestBytes);
    return adapter;
  }

  /** DBC.DBCInfoV's VERSION (null when it cannot be read: the older, smaller request limits then hold). */
  private async releaseOf(connection: TdConnection): Promise<string | null> {
    try {
      for await (const rows of readBatches(connection, DATABASE_VERSION, [], 10)) {
        const version = rows[0]?.infodata;
        if (typeof version === 'string') {
          this.logger.log(`Teradata Database ${version.trim()}`);
          return version.trim();
        }
      }
      return null;
    } catch (err) {
      this.logger.log(`Teradata release not read (${(err as Error).message.split('\n')[0].slice(0, 160)}): requests kept to 1 MB and 16,383 rows`);
      return null;
    }
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

  /** Logs a session on and sets its time zone to UTC, once, before anyone uses it. */
  private async newConnection(): Promise<TdConnection> {
    this.open++;
    let connection: TdConnection | undefined;
    try {
      connection = await this.driver.connect(this.params());
      await run(connection, SESSION_TIME_ZONE_UTC);
      return connection;
    } catch (err) {
      this.open--;
      try {
        connection?.close();
      } catch {
        // the session is being given up anyway
      }
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

  private ctx(phase: ErrorPhase) {
    return { user: this.config.user, database: this.config.database, password: this.config.password, phase, queryTimeoutS: this.config.queryTimeoutS };
  }

  /** The port's error for a failure given up on (an error already mapped, e.g. by the pool, passes through). */
  private giveUp(err: unknown, phase: ErrorPhase): Error {
    if (mapped(err)) return err as Error;
    this.options.onError?.(teradataErrorCode(err));
    return mapTeradataError(err, this.ctx(phase));
  }

  /** Waits before attempt `attempt + 1` of a transient failure; throws the port's error when it is not worth another attempt. */
  private async backOffOrThrow(err: unknown, attempt: number, phase: ErrorPhase): Promise<void> {
    if (mapped(err) || !isTransient(err, phase) || attempt >= this.config.retryAttempts) throw this.giveUp(err, phase);
    const delay = this.baseDelayMs * 2 ** attempt + Math.floor(Math.random() * this.baseDelayMs);
    this.logger.warn(`Transient Teradata error (${(err as Error).message.split('\n')[0].slice(0, 160)}); retry ${attempt + 1} of ${this.config.retryAttempts} in ${delay} ms`);
    await this.sleep(delay);
  }

  private async withRetry<T>(work: () => Promise<T>, phase: ErrorPhase): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        await this.backOffOrThrow(err, attempt, phase);
      }
    }
  }

  private executorFor(connection: TdConnection): SqlExecutor {
    return {
      query: async <T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) => {
        const rows: Row[] = [];
        for await (const batch of readBatches(connection, sql, params, FETCH_ROWS)) for (const row of batch) rows.push(row);
        return rows as T[];
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
        for (const chunk of requestChunks(sql, rows, this.limits)) {
          const cursor = connection.cursor();
          try {
            await cursor.executemanyAsync(sql, chunk.map((r) => r.map(toParam)));
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

  /**
   * Reads one statement's rows `batchRows` at a time on a session of its own,
   * held until the iteration ends (a `break` gives it back). A transient
   * failure before the first batch is retried; after it, the caller already
   * holds rows of the failed attempt, so the error is thrown instead.
   */
  override async *stream<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], batchRows = FETCH_ROWS): AsyncGenerator<T[]> {
    for (let attempt = 0; ; attempt++) {
      const connection = await this.acquire();
      let delivered = false;
      let failure: { error: unknown } | undefined;
      try {
        for await (const batch of readBatches(connection, sql, params, batchRows)) {
          delivered = true;
          yield batch as T[];
        }
      } catch (err) {
        failure = { error: err };
      } finally {
        this.release(connection, failure !== undefined && isConnectionLost(failure.error));
      }
      if (!failure) return;
      if (delivered) throw this.giveUp(failure.error, 'query');
      await this.backOffOrThrow(failure.error, attempt, 'query');
    }
  }

  batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    return this.transaction((tx) => tx.batch(sql, rows));
  }

  /**
   * Runs `work` on one session with autocommit off: commit on success,
   * rollback on failure, both with the driver's asynchronous call so that
   * nothing (the population lock heartbeat above all) waits behind them. A
   * whole transaction is retried on a transient error (its statements are
   * not retried one by one, which could half-apply it).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withRetry(async () => {
      const connection = await this.acquire();
      let broken = false;
      connection.autocommit = false;
      try {
        const result = await work(this.executorFor(connection));
        await run(connection, COMMIT);
        return result;
      } catch (err) {
        broken = isConnectionLost(err);
        try {
          await run(connection, ROLLBACK);
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
