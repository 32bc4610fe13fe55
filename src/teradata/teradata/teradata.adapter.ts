import type { DatabaseConfig } from '../../config/app-config.js';
import { DatabasePort, type Dialect, type Row, type SqlExecutor, type SqlValue } from '../database.port.js';
import { DatabaseUnavailableError } from '../database.errors.js';

/** Placeholder until the teradatasql adapter lands (pool, retries, timeouts). */
export class TeradataAdapter extends DatabasePort {
  readonly dialect: Dialect = 'teradata';

  static async connect(config: DatabaseConfig): Promise<TeradataAdapter> {
    throw new DatabaseUnavailableError(`Teradata adapter not implemented yet (host ${config.host})`);
  }

  query<T extends Row = Row>(_sql: string, _params?: readonly SqlValue[]): Promise<T[]> {
    throw new Error('not implemented');
  }
  execute(_sql: string, _params?: readonly SqlValue[]): Promise<number> {
    throw new Error('not implemented');
  }
  batch(_sql: string, _rows: readonly (readonly SqlValue[])[]): Promise<number> {
    throw new Error('not implemented');
  }
  transaction<T>(_work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    throw new Error('not implemented');
  }
  async ping(): Promise<void> {}
  poolStats() {
    return { inUse: 0, waiting: 0, size: 0 };
  }
  async close(): Promise<void> {}
}
