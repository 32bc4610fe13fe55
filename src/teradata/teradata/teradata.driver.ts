/**
 * The boundary to the official `teradatasql` driver: the few calls the
 * adapter makes. Tests pass a strict fake of this shape; production loads
 * the real driver lazily (it ships native libraries for every platform).
 *
 * Only the driver's asynchronous calls that reach the database are listed
 * (`executeAsync`, `executemanyAsync`): its synchronous ones (`execute`,
 * `commit`, `rollback`) hold the event loop for a whole round trip. The
 * remaining synchronous calls are local: `fetchmany` deserialises at most
 * `arraysize` rows already received, and the `autocommit` setter is a
 * connection function the driver answers itself.
 */
export interface TdCursor {
  readonly description: readonly (readonly unknown[])[] | null;
  readonly rowcount: bigint | number;
  /** Rows per `fetchmany()` without an argument; the driver's default is 1. */
  arraysize: number;
  executeAsync(sql: string, params?: unknown[]): Promise<void>;
  executemanyAsync(sql: string, rows: unknown[][]): Promise<void>;
  /** The next rows of the result, at most `size` (default `arraysize`); an empty array once every row was fetched. */
  fetchmany(size?: number): unknown[][];
  close(): void;
}

export interface TdConnection {
  autocommit: boolean;
  cursor(): TdCursor;
  close(): void;
}

export interface TeradataDriver {
  connect(params: Record<string, string>): Promise<TdConnection>;
}

/** The real driver, imported only when TERADATA_HOST is set. */
export async function loadTeradataDriver(): Promise<TeradataDriver> {
  const td = (await import('teradatasql')) as unknown as { connectAsync(params: Record<string, string>): Promise<TdConnection> };
  return { connect: (params) => td.connectAsync(params) };
}
