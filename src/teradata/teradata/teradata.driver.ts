/**
 * The boundary to the official `teradatasql` driver: the few calls the
 * adapter makes. Tests pass a strict fake of this shape; production loads
 * the real driver lazily (it ships native libraries for every platform).
 */
export interface TdCursor {
  readonly description: readonly (readonly unknown[])[] | null;
  readonly rowcount: bigint | number;
  executeAsync(sql: string, params?: unknown[]): Promise<void>;
  executemanyAsync(sql: string, rows: unknown[][]): Promise<void>;
  fetchall(): unknown[][];
  close(): void;
}

export interface TdConnection {
  autocommit: boolean;
  cursor(): TdCursor;
  commit(): void;
  rollback(): void;
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
