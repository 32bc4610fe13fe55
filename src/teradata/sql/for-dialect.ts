import type { DatabasePort, Dialect } from '../database.port.js';

/**
 * Picks the statement catalog of the active dialect. Each module keeps its
 * statements in `sql/<module>.statements.ts` (the interface) with one
 * implementation per dialect in `sql/teradata/` and `sql/embedded/`, so a
 * statement missing from one dialect fails to compile.
 */
export function forDialect<T>(port: Pick<DatabasePort, 'dialect'>, catalogs: Record<Dialect, T>): T {
  return catalogs[port.dialect];
}
