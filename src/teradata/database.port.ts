/**
 * The database port: every module talks to the database through this
 * abstract class (its own DI token). TeradataModule picks the adapter from
 * validated configuration: the Teradata driver when TERADATA_HOST is set,
 * the embedded engine (DuckDB) otherwise.
 *
 * Conventions shared by both adapters:
 * - parameters are positional `?` markers, values bound, never interpolated;
 * - rows come back as plain objects with lower-case column names, integers
 *   as numbers (bigint only beyond 2^53), timestamps as Date.
 */
import { TransactionAbortedError } from './database.errors.js';

export type Dialect = 'teradata' | 'embedded';

export type SqlValue = string | number | bigint | boolean | Date | null;

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows changed where the engine tells it, else 0. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs one statement for each parameter row, in as few round trips as the engine allows. */
  batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number>;
  /**
   * The engine takes a statement on this executor before the earlier ones
   * have answered, running them one after another in an order of its own
   * (the embedded engine's connection: one engine call, and one turn of the
   * event loop, for all of them; see `overlapped`). Absent: one at a time.
   */
  readonly overlaps?: boolean;
}

export abstract class DatabasePort implements SqlExecutor {
  abstract readonly dialect: Dialect;
  abstract query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  abstract execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  abstract batch(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number>;
  /**
   * Reads a result of any size `batchRows` rows at a time (the last batch may
   * be shorter), holding one connection until the iteration ends: what a
   * caller uses when the rows would not fit in memory at once, or would hold
   * the event loop while they are converted. The adapters stream from the
   * engine; this default (for ports that cannot) reads with `query` and hands
   * the rows out in slices.
   */
  async *stream<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], batchRows = 5_000): AsyncGenerator<T[]> {
    const rows = await this.query<T>(sql, params);
    for (let i = 0; i < rows.length; i += batchRows) yield rows.slice(i, i + batchRows);
  }
  /** Runs `work` on one connection inside a transaction: commit on success, rollback on throw. */
  abstract transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Cheap round trip proving the database answers. */
  abstract ping(): Promise<void>;
  /** Connections in use / waiting, for metrics. */
  abstract poolStats(): { inUse: number; waiting: number; size: number };
  abstract close(): Promise<void>;
}

/**
 * Runs `work` on `executor`: all at once where it overlaps statements, else
 * one after another in the order given. Either way every piece has ended
 * (answered or failed) before this settles, so a transaction is never
 * committed or rolled back under a statement still running. What is thrown
 * is why the work failed: the first failure that is not a statement refused
 * only because an earlier one aborted the transaction
 * (TransactionAbortedError; with statements sent together the engine runs
 * them in an order of its own, so the cause can be any of them). The pieces
 * must not depend on one another's effects: on an overlapping executor they
 * run in any order.
 */
export async function overlapped<T extends readonly (() => Promise<unknown>)[]>(executor: SqlExecutor, ...work: T): Promise<Answers<T>> {
  if (!executor.overlaps) {
    const results: unknown[] = [];
    for (const piece of work) results.push(await piece());
    return results as Answers<T>;
  }
  const settled = await Promise.allSettled(work.map((piece) => piece()));
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
  if (failures.length > 0) throw failures.find((f) => !(f instanceof TransactionAbortedError)) ?? failures[0];
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as Answers<T>;
}

/** What each piece of `overlapped` answers, in the order given. */
type Answers<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/** Values per `IN (…)` list: well under Teradata's and DuckDB's limits on a statement's parameters. */
export const IN_LIST_CHUNK = 1000;

/**
 * `values` (at most IN_LIST_CHUNK) padded to the next of a few list lengths
 * (1, 2, 4, … up to `most`, then `most`) by repeating the last one: an `IN`
 * list means the same with a value twice. A statement's text then takes one
 * of about ten shapes, not one per length, so the engine reuses what it
 * prepared for it: the embedded adapter's kept statements (a statement not
 * kept costs a prepare, one more turn of the event loop) and Teradata's
 * request cache.
 */
export function inListValues<T>(values: readonly T[], most = IN_LIST_CHUNK): T[] {
  if (values.length === 0) return [];
  let size = 1;
  while (size < values.length) size *= 2;
  size = Math.min(size, Math.max(values.length, most));
  const padded = values.slice();
  while (padded.length < size) padded.push(values[values.length - 1]);
  return padded;
}

/** `values` cut into IN lists of IN_LIST_CHUNK at most, each padded to one of the few lengths (inListValues); none for no values. */
export function inListChunks<T>(values: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += IN_LIST_CHUNK) chunks.push(inListValues(values.slice(i, i + IN_LIST_CHUNK)));
  return chunks;
}

/** Runs `sql` (one `IN (?)` list, its only parameter) over `values`, IN_LIST_CHUNK at a time; the rows of all of them. */
export async function queryInList<T extends Row = Row>(executor: SqlExecutor, sql: string, values: readonly SqlValue[]): Promise<T[]> {
  const rows: T[] = [];
  for (const chunk of inListChunks(values)) rows.push(...(await executor.query<T>(expandInList(sql, chunk.length), chunk)));
  return rows;
}

/**
 * Runs `sql` for `keys`, bound as the statement takes them (`bind`): `json`,
 * all of them in one run as one JSON array parameter (`bound.json`, a hash
 * join in the engine); `in`, its `IN (?)` list expanded for IN_LIST_CHUNK keys
 * a run, each key bound as `bound.value`. `params` places the keys'
 * parameters among the statement's others. No run for no keys; the rows of
 * all runs.
 */
export async function queryByKeys<T extends Row, K>(
  executor: SqlExecutor,
  sql: string,
  bind: 'json' | 'in',
  keys: readonly K[],
  bound: { readonly json: (keys: readonly K[]) => string; readonly value: (key: K) => SqlValue },
  params: (keys: SqlValue[]) => SqlValue[],
): Promise<T[]> {
  if (keys.length === 0) return [];
  if (bind === 'json') return executor.query<T>(sql, params([bound.json(keys)]));
  const rows: T[] = [];
  for (const chunk of inListChunks(keys)) rows.push(...(await executor.query<T>(expandInList(sql, chunk.length), params(chunk.map(bound.value)))));
  return rows;
}

/**
 * Runs `sql`, whose `IN (?)` lists take `lists` in order (each list's values
 * bound in turn), in as few runs as the marker budget allows: IN_LIST_CHUNK
 * markers a run, shared between the lists. A list that is empty, or used up
 * before the others, takes its `none` value (one no row holds). No run at all
 * when every list is empty. The rows of all runs.
 */
export async function queryInLists<T extends Row = Row>(executor: SqlExecutor, sql: string, lists: readonly (readonly SqlValue[])[], none: readonly SqlValue[]): Promise<T[]> {
  if (lists.every((l) => l.length === 0)) return [];
  const per = Math.max(50, Math.floor(IN_LIST_CHUNK / lists.length));
  const runs = Math.max(...lists.map((l) => Math.ceil(l.length / per)));
  const rows: T[] = [];
  for (let r = 0; r < runs; r++) {
    const chunks = lists.map((l, i) => {
      const chunk = l.slice(r * per, (r + 1) * per);
      return chunk.length > 0 ? inListValues(chunk, per) : [none[i]];
    });
    let k = 0;
    const expanded = sql.replace(/IN \(\?\)/g, () => `IN (${new Array(chunks[k++].length).fill('?').join(', ')})`);
    if (k !== lists.length) throw new Error(`queryInLists: the statement has ${k} IN (?) lists, ${lists.length} given`);
    rows.push(...(await executor.query<T>(expanded, chunks.flat())));
  }
  return rows;
}

/** Repeats the one `IN (?)` marker of a catalog statement for `count` values, each bound like any other `?`. */
export function expandInList(sql: string, count: number): string {
  const marker = 'IN (?)';
  const at = sql.indexOf(marker);
  if (at < 0 || count < 1) throw new Error('expandInList: statement has no IN (?) list or the list is empty');
  return `${sql.slice(0, at)}IN (${new Array(count).fill('?').join(', ')})${sql.slice(at + marker.length)}`;
}
