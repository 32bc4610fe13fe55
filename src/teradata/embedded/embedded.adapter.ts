import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  DuckDBConnection,
  DuckDBInstance,
  type DuckDBMaterializedResult,
  type DuckDBPreparedStatement,
  DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  JSDuckDBValueConverter,
} from '@duckdb/node-api';
import { DatabasePort, type Dialect, overlapped, type Row, type SqlExecutor, type SqlValue } from '../database.port.js';
import { DatabaseQueryError, DatabaseUnavailableError, EmbeddedFileLockedError, TransactionAbortedError } from '../database.errors.js';

/** Tuples of `?` markers that batch() may repeat into one multi-row INSERT. */
const SIMPLE_VALUES = /\bVALUES\s*(\(\s*\?(?:\s*,\s*\?)*\s*\))/i;
const MAX_PARAMS_PER_STATEMENT = 4_000;

function toDuck(value: SqlValue): DuckDBValue {
  if (value instanceof Date) return new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n);
  if (typeof value === 'boolean') return value;
  return value as DuckDBValue;
}

/** The values each integer type holds: a number outside them is bound as a DOUBLE, and the engine refuses it as it would. */
const INTEGER_RANGES: ReadonlyMap<DuckDBTypeId, readonly [number, number]> = new Map([
  [DuckDBTypeId.TINYINT, [-128, 127]],
  [DuckDBTypeId.SMALLINT, [-32_768, 32_767]],
  [DuckDBTypeId.INTEGER, [-2_147_483_648, 2_147_483_647]],
  [DuckDBTypeId.BIGINT, [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]],
]);
/** Number types a JS number is bound as when the statement's parameter is of that type (the integer ones within their range). */
const NUMBER_TYPES: ReadonlySet<DuckDBTypeId> = new Set([...INTEGER_RANGES.keys(), DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

/** The numeric parameters of a prepared statement, by position (undefined: bound as the value says). */
const numericParameters = new WeakMap<DuckDBPreparedStatement, readonly (DuckDBType | undefined)[]>();

function numericTypes(statement: DuckDBPreparedStatement): readonly (DuckDBType | undefined)[] {
  let types = numericParameters.get(statement);
  if (!types) {
    const found: (DuckDBType | undefined)[] = [];
    for (let i = 1; i <= statement.parameterCount; i++) {
      let type: DuckDBType | undefined;
      try {
        type = statement.parameterType(i);
      } catch {
        // a parameter whose type the statement leaves open (`? IS NULL`): bound as its value says
      }
      found.push(type && NUMBER_TYPES.has(type.typeId) ? type : undefined);
    }
    numericParameters.set(statement, (types = found));
  }
  return types;
}

/**
 * Binds `params` to a prepared statement, each number as the type of its
 * parameter. DuckDB plans a prepared statement again, in full, whenever a
 * value's type is not its parameter's (PreparedStatementData::RequireRebind):
 * a JS number is a DOUBLE, so every run of a statement with an INTEGER or
 * BIGINT parameter was planned anew. A NULL is of no type and always makes
 * the statement plan again: statements run often take their nullable values
 * inside one JSON text instead (ADR 0008, "What an event costs").
 */
export function bindTyped(statement: DuckDBPreparedStatement, params: readonly SqlValue[]): void {
  const types = numericTypes(statement);
  const values = params.map(toDuck);
  const bound = values.map((value, i) => {
    const type = types[i];
    if (type === undefined || typeof value !== 'number') return undefined;
    const range = INTEGER_RANGES.get(type.typeId);
    return range && !(Number.isInteger(value) && value >= range[0] && value <= range[1]) ? undefined : type;
  });
  statement.bind(values, bound as DuckDBType[]);
}

const safeNumber = (value: unknown): unknown =>
  typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;

/**
 * A converter for the rows of one result: lower-case column names, BIGINTs
 * that fit as numbers. The names are looked at once per result; when they are
 * lower-case already (every catalog statement aliases its columns so) the
 * engine's row object is kept, only its BIGINTs replaced — no second object
 * per row, which a read of millions of DBQL rows would otherwise allocate.
 */
function fromDuck(): (row: Record<string, unknown>) => Row {
  let keys: string[] | null = null;
  let lower: string[] = [];
  let same = true;
  return (row) => {
    if (keys === null) {
      keys = Object.keys(row);
      lower = keys.map((k) => k.toLowerCase());
      same = keys.every((k, i) => k === lower[i]);
    }
    if (same) {
      for (const k of keys) {
        const v = row[k];
        if (typeof v === 'bigint') row[k] = safeNumber(v);
      }
      return row as Row;
    }
    const out: Row = {};
    for (let i = 0; i < keys.length; i++) out[lower[i]] = safeNumber(row[keys[i]]) as Row[string];
    return out;
  };
}

/** Prepared statements kept per connection (by SQL text), least recently used dropped past this. */
const PREPARED_PER_CONNECTION = 64;
/**
 * A text holding a statement that changes the catalog or the settings (at its start or after a `;`, behind blanks and
 * comments, as migration files begin): every connection's prepared statements are dropped before its next statement.
 */
const CATALOG_CHANGE = /(?:^|;)(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(CREATE|ALTER|DROP|ATTACH|DETACH|IMPORT|SET|RESET|PRAGMA|INSTALL|LOAD)\b/i;
/** Bumped by every catalog change: a connection whose statements were prepared before drops them. */
let catalogEpoch = 0;

/**
 * One connection's statements, prepared once per SQL text. Each engine call
 * is a turn of the event loop, and a turn waits behind whatever else the
 * main thread has queued (under read load, many HTTP requests): the
 * library's run(sql, params) takes three (extract the statements, prepare,
 * execute), its readAll one more per 2,048-row chunk and a last empty one. A
 * kept statement is only executed (one turn), and its result, materialized
 * already, is read without another (ADR 0017, ingestion under read load).
 */
class PreparedCache {
  private readonly statements = new Map<string, DuckDBPreparedStatement>();
  private readonly held = new Set<DuckDBPreparedStatement>();
  private epoch = catalogEpoch;

  constructor(private readonly connection: DuckDBConnection) {}

  /**
   * The connection's statement for `sql`, held until `release`: a statement
   * binds its parameters in itself, so two overlapping runs of one text
   * (statements sent together, `overlapped`) cannot share it. The second
   * gets a statement of its own, destroyed on release.
   */
  async get(sql: string): Promise<{ statement: DuckDBPreparedStatement; release: () => void }> {
    if (this.epoch !== catalogEpoch) this.clear();
    const kept = this.statements.get(sql);
    if (kept && !this.held.has(kept)) {
      // most recently used last: Map keeps insertion order
      this.statements.delete(sql);
      this.statements.set(sql, kept);
      return this.hold(sql, kept);
    }
    const prepared = await this.connection.prepare(sql);
    if (kept || this.statements.has(sql)) return { statement: prepared, release: () => prepared.destroySync() };
    this.statements.set(sql, prepared);
    if (this.statements.size > PREPARED_PER_CONNECTION) {
      for (const [text, statement] of this.statements) {
        if (this.held.has(statement)) continue;
        this.statements.delete(text);
        statement.destroySync();
        break;
      }
    }
    return this.hold(sql, prepared);
  }

  /** Holds a kept statement; on release, one no longer kept (dropped or cleared meanwhile) is destroyed. */
  private hold(sql: string, statement: DuckDBPreparedStatement): { statement: DuckDBPreparedStatement; release: () => void } {
    this.held.add(statement);
    return {
      statement,
      release: () => {
        this.held.delete(statement);
        if (this.statements.get(sql) !== statement) statement.destroySync();
      },
    };
  }

  /** Forgets `statement`, kept for `sql` (if it is): it is destroyed when its holder releases it. */
  drop(sql: string, statement: DuckDBPreparedStatement): void {
    if (this.statements.get(sql) === statement) this.statements.delete(sql);
  }

  clear(): void {
    for (const statement of this.statements.values()) if (!this.held.has(statement)) statement.destroySync();
    this.statements.clear();
    this.epoch = catalogEpoch;
  }
}

const preparedCaches = new WeakMap<DuckDBConnection, PreparedCache>();

/** A materialized result's rows as objects keyed by column name, read from its chunks in place (no further engine call). */
function rowObjects(result: DuckDBMaterializedResult): Record<string, unknown>[] {
  const names = result.deduplicatedColumnNames();
  const rows: Record<string, unknown>[] = [];
  for (let c = 0, chunks = result.chunkCount; c < chunks; c++) {
    for (const values of result.getChunk(c).convertRows(JSDuckDBValueConverter)) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
      rows.push(row);
    }
  }
  return rows;
}

class DuckExecutor implements SqlExecutor {
  /** DuckDB locks a connection for each statement: statements sent together run one after another, in one engine call's wait. */
  readonly overlaps = true;
  private readonly prepared: PreparedCache;

  constructor(protected readonly connection: DuckDBConnection) {
    let cache = preparedCaches.get(connection);
    if (!cache) preparedCaches.set(connection, (cache = new PreparedCache(connection)));
    this.prepared = cache;
  }

  /**
   * Runs one statement to its materialized result: without parameters as one
   * engine call (which also takes several statements), with parameters on
   * the connection's kept prepared statement (prepared on first use).
   */
  private async run(sql: string, params: readonly SqlValue[]): Promise<DuckDBMaterializedResult> {
    if (CATALOG_CHANGE.test(sql)) catalogEpoch++;
    if (params.length === 0) return this.connection.run(sql);
    let kept: { statement: DuckDBPreparedStatement; release: () => void };
    try {
      kept = await this.prepared.get(sql);
    } catch {
      // what prepare() refuses (several statements in one text): the library's own path, which reports a real error itself
      return this.connection.run(sql, params.map(toDuck));
    }
    try {
      bindTyped(kept.statement, params);
      return await kept.statement.run();
    } catch (err) {
      // a statement the engine wants prepared again (the catalog moved under it) is not kept
      this.prepared.drop(sql, kept.statement);
      throw err;
    } finally {
      kept.release();
    }
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    try {
      return rowObjects(await this.run(sql, params)).map(fromDuck()) as T[];
    } catch (err) {
      throw wrap(err, sql);
    }
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    try {
      const result = await this.run(sql, params);
      return Number(result.rowsChanged ?? 0);
    } catch (err) {
      throw wrap(err, sql);
    }
  }

  /**
   * A simple INSERT … VALUES of many rows: one multi-row statement per piece,
   * the pieces sent together, each of a power-of-two number of rows (13 rows
   * are 8, 4 and 1; the largest, of the most rows a statement takes, one
   * after another), so the statement's text takes a few shapes whatever the
   * count and each is prepared once per connection. Other statements one
   * row at a time.
   */
  async batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    if (rows.length === 0) return 0;
    const tuple = SIMPLE_VALUES.exec(sql);
    if (tuple) {
      const width = Math.max(1, rows[0].length);
      let most = 1;
      while (most * 2 * width <= MAX_PARAMS_PER_STATEMENT) most *= 2;
      const run = (piece: readonly (readonly SqlValue[])[]) => this.execute(sql.replace(tuple[1], piece.map(() => tuple[1]).join(', ')), piece.flat());
      const full = Math.floor(rows.length / most) * most;
      const rest: (readonly (readonly SqlValue[])[])[] = [];
      for (let at = full, size = most / 2; at < rows.length; size /= 2) {
        if (size > rows.length - at) continue;
        rest.push(rows.slice(at, at + size));
        at += size;
      }
      // the full pieces share one text, so one after another; the rest, each of its own length, beside them
      const changed = await overlapped(
        this,
        async () => {
          let n = 0;
          for (let at = 0; at < full; at += most) n += await run(rows.slice(at, at + most));
          return n;
        },
        ...rest.map((piece) => () => run(piece)),
      );
      return changed.reduce((sum, n) => sum + n, 0);
    }
    let changed = 0;
    for (const row of rows) changed += await this.execute(sql, row);
    return changed;
  }

  /** Drops the connection's kept statements (before it is closed). */
  forget(): void {
    this.prepared.clear();
  }
}

/** Attempts of a transaction that keeps meeting another writer's open update of the same rows. */
const CONFLICT_ATTEMPTS = 8;

/** DuckDB's write-write conflict between open transactions (the statement, or the commit, of the later one fails). */
function isWriteConflict(err: unknown): boolean {
  const text = `${err instanceof Error ? err.message : String(err)} ${err instanceof Error && err.cause instanceof Error ? err.cause.message : ''}`;
  return /Conflict on (update|tuple deletion)|write-write conflict/i.test(text);
}

function wrap(err: unknown, sql: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  // the one limit an operator can move: say which setting
  const advice = /Out of Memory Error/i.test(message) ? ' — raise EMBEDDED_MEMORY_LIMIT_MB' : '';
  const text = `Embedded engine: ${message.split('\n')[0]}${advice} (statement: ${sql.replace(/\s+/g, ' ').slice(0, 160)})`;
  // refused because an earlier statement of the transaction failed (statements sent together fail in the engine's order)
  if (/Current transaction is aborted/i.test(message)) return new TransactionAbortedError(text, undefined, { cause: err });
  return new DatabaseQueryError(text, undefined, { cause: err });
}

/**
 * When the embedded engine folds its write-ahead log into the database file
 * (a checkpoint). Every commit waits while one runs, and on a store of a
 * million edges one takes 1–3 s: DuckDB's own rule (in the commit that takes
 * the log past 16 MB, every ~8,000 OpenLineage events) put such a wait in the
 * middle of sustained ingestion. Here the engine's own checkpoint is the
 * ceiling (`ceilingMb`, EMBEDDED_CHECKPOINT_MB), and the service checkpoints
 * earlier, once the log holds `quietMb` and nothing has been written for
 * `quietMs`: at a pause in the writes, not in a writer's commit.
 */
export interface CheckpointPolicy {
  readonly ceilingMb: number;
  /** 0: no quiet checkpoints (the engine's ceiling only). */
  readonly quietMb: number;
  readonly quietMs: number;
  readonly onError?: (err: Error) => void;
}

export const DEFAULT_CHECKPOINTS: CheckpointPolicy = { ceilingMb: 256, quietMb: 16, quietMs: 2_000 };

/**
 * The embedded engine: DuckDB in this process, one file. A small set of
 * connections lets reads run while a transaction holds its own connection.
 */
export class EmbeddedAdapter extends DatabasePort {
  readonly dialect: Dialect = 'embedded';
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: ((c: DuckDBConnection) => void)[] = [];
  private inUse = 0;
  private closed = false;

  /** When the last write ended (transaction or statement), for quiet checkpoints. */
  private lastWrite = 0;
  private writing = 0;
  private checkpointing = false;
  private quietTimer?: NodeJS.Timeout;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
    readonly path: string,
    private readonly checkpoints: CheckpointPolicy = DEFAULT_CHECKPOINTS,
  ) {
    super();
  }

  /** Bytes in the engine's write-ahead log (what a checkpoint folds into the file); 0 in memory or when there is none. */
  walBytes(): number {
    if (this.path === ':memory:') return 0;
    return statSync(`${this.path}.wal`, { throwIfNoEntry: false })?.size ?? 0;
  }

  /**
   * Checkpoints when the log holds at least `quietMb` and nothing has been
   * written for `quietMs` (CheckpointPolicy): what the timer calls; `now`
   * for tests. Resolves whether it checkpointed. A checkpoint that fails is
   * reported to the policy's `onError` and left to the engine's own ceiling.
   */
  async checkpointIfQuiet(now = Date.now()): Promise<boolean> {
    if (this.closed || this.checkpointing || this.writing > 0) return false;
    if (now - this.lastWrite < this.checkpoints.quietMs) return false;
    if (this.walBytes() < this.checkpoints.quietMb * 1024 * 1024) return false;
    this.checkpointing = true;
    try {
      await this.withConnection((e) => e.execute('CHECKPOINT'));
      return true;
    } catch (err) {
      this.checkpoints.onError?.(err instanceof Error ? err : new Error(String(err)));
      return false;
    } finally {
      this.checkpointing = false;
    }
  }

  static async open(path: string, size = 4, memoryLimitMb = 256, checkpoints: Partial<CheckpointPolicy> = {}): Promise<EmbeddedAdapter> {
    const policy: CheckpointPolicy = { ...DEFAULT_CHECKPOINTS, ...checkpoints };
    const absolute = path === ':memory:' ? path : resolve(path);
    if (absolute !== ':memory:') ensureFolder(absolute);
    let instance: DuckDBInstance;
    try {
      // Bounded memory: DuckDB would otherwise cache up to 80% of RAM; it spills beyond this.
      // Its allocator (jemalloc) otherwise keeps freed memory: reading 1M lineage rows left ~230 MB
      // resident after the results were gone; a low flush threshold and background purging return it.
      instance = await DuckDBInstance.create(absolute, {
        memory_limit: `${memoryLimitMb}MB`,
        allocator_flush_threshold: '16MB',
        allocator_background_threads: 'true',
        // the engine's own checkpoint, in the commit that passes it: the ceiling (see CheckpointPolicy)
        checkpoint_threshold: `${policy.ceilingMb}MiB`,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(message)) {
        const holder = /held in (.+?) \(PID (\d+)\)/.exec(message);
        throw new EmbeddedFileLockedError(absolute, holder ? `${holder[1]}, PID ${holder[2]}` : undefined, { cause: err });
      }
      throw new DatabaseQueryError(`Cannot open the embedded database ${absolute}: ${message.split('\n')[0]}`, undefined, { cause: err });
    }
    const adapter = new EmbeddedAdapter(instance, size, absolute, policy);
    for (let i = 0; i < size; i++) adapter.idle.push(await instance.connect());
    if (absolute !== ':memory:' && policy.quietMb > 0) {
      adapter.quietTimer = setInterval(() => void adapter.checkpointIfQuiet(), Math.max(250, policy.quietMs / 2));
      adapter.quietTimer.unref();
    }
    return adapter;
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new DatabaseQueryError('The embedded database is closed');
    const connection = this.idle.pop();
    if (connection) {
      this.inUse++;
      return connection;
    }
    return new Promise((resolveWaiter) => this.waiters.push(resolveWaiter)).then((c) => {
      this.inUse++;
      return c as DuckDBConnection;
    });
  }

  private release(connection: DuckDBConnection): void {
    this.inUse--;
    const next = this.waiters.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }

  private async withConnection<T>(work: (executor: DuckExecutor) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(new DuckExecutor(connection));
    } finally {
      this.release(connection);
    }
  }

  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.withConnection((e) => e.query<T>(sql, params));
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.writes(() => this.withConnection((e) => e.execute(sql, params)));
  }

  /** Runs a write, marking when it ended (quiet checkpoints wait for a pause in them). */
  private async writes<T>(work: () => Promise<T>): Promise<T> {
    this.writing++;
    try {
      return await work();
    } finally {
      this.writing--;
      this.lastWrite = Date.now();
    }
  }

  /** DuckDB's streaming result, read chunk by chunk (2,048 rows each) and handed out `batchRows` at a time. */
  override async *stream<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], batchRows = 5_000): AsyncGenerator<T[]> {
    const connection = await this.acquire();
    try {
      const pending: T[] = [];
      try {
        const result = await connection.stream(sql, params.map(toDuck));
        const convert = fromDuck();
        for await (const rows of result.yieldRowObjectJs()) {
          for (const row of rows) pending.push(convert(row) as T);
          while (pending.length >= batchRows) yield pending.splice(0, batchRows);
        }
      } catch (err) {
        throw err instanceof DatabaseQueryError ? err : wrap(err, sql);
      }
      if (pending.length > 0) yield pending;
    } finally {
      this.release(connection);
    }
  }

  batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    return this.transaction((tx) => tx.batch(sql, rows));
  }

  /**
   * Runs `work` in a transaction on one connection. DuckDB's concurrency is
   * optimistic: of two open transactions updating the same row (every graph
   * write bumps OL_GRAPH_STATE's one row), the second fails at once with
   * "Conflict on update". That is the embedded engine's deadlock: the whole
   * transaction is rolled back and run again, as the Teradata adapter does
   * on 2631 (callers' work is written to be re-run).
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactionOnce(work);
      } catch (err) {
        if (attempt >= CONFLICT_ATTEMPTS || !isWriteConflict(err)) throw err;
        await new Promise((r) => setTimeout(r, attempt * 5 + Math.floor(Math.random() * 10)));
      }
    }
  }

  private transactionOnce<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.writes(() => this.withConnection(async (executor) => {
      await executor.execute('BEGIN TRANSACTION');
      try {
        const result = await work(executor);
        await executor.execute('COMMIT');
        return result;
      } catch (err) {
        await executor.execute('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }));
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  poolStats(): { inUse: number; waiting: number; size: number } {
    return { inUse: this.inUse, waiting: this.waiters.length, size: this.size };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.quietTimer);
    for (const c of this.idle.splice(0)) c.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Creates the folder of the database file. mkdir alone reports a file in the
 * way as "EEXIST … mkdir" or "ENOTDIR"; this names the file that is in the way.
 */
function ensureFolder(file: string): void {
  const folder = dirname(file);
  for (let at = folder; ; at = dirname(at)) {
    const stat = statSync(at, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) {
      throw new DatabaseUnavailableError(`EMBEDDED_DATABASE_PATH ${file} cannot be created: ${at} is a file, not a folder. Point EMBEDDED_DATABASE_PATH at a file in a folder (e.g. ./data/lineage.duckdb).`);
    }
    if (stat || dirname(at) === at) break;
  }
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new DatabaseUnavailableError(`EMBEDDED_DATABASE_PATH ${file}: cannot create its folder ${folder} (${e.code ?? e.message})`, undefined, { cause: err });
  }
}
