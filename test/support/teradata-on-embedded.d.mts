import type { DatabasePort } from '../../src/teradata/database.port.js';
import type { TeradataDriver } from '../../src/teradata/teradata/teradata.driver.js';

/** The statement catalogs of one dialect, by the names the harness reports (`population`, `olStore`, …). */
export type Catalogs = Record<string, object>;

export interface RecordedStatement {
  readonly sql: string;
  /** The catalog entry, e.g. `population.dbqlSlice`, `olStore.insertEdge.stage`. */
  readonly name: string;
  readonly params: unknown;
  readonly many: boolean;
}

/** Why Teradata would refuse this iterated request (too many rows, a request message over 1 MB), or null. */
/** The release the doubles answer by default (DBC.DBCInfoV's VERSION). */
export const DEFAULT_VERSION: string;
export function iteratedRequestProblem(sql: string, rows: readonly (readonly unknown[])[], version?: string | null): string | null;

/** A teradatasql double that answers each Teradata statement with the embedded catalog's statement of the same name (see the .mjs header). */
export class TeradataOnEmbedded implements TeradataDriver {
  constructor(embedded: DatabasePort, catalogs: { teradata: Catalogs; embedded: Catalogs }, parse: (sql: string, dialect: string) => { success: boolean; error?: string });
  readonly recorded: RecordedStatement[];
  readonly unparsed: { sql: string; error?: string }[];
  readonly commits: number;
  /** How many statements had been recorded at each commit, in order. */
  readonly commitsAt: readonly number[];
  /** Keep each statement's parameters in `recorded` (default true; a bench sets false). */
  keepParams: boolean;
  /** The release DBC.DBCInfoV answers (the limits of an iterated request follow it); null: the view is refused (3523). */
  version: string | null;
  /** A fault to inject: an Error returned for a statement (by catalog name, and the number of statements before it) is thrown as the driver's database error. */
  fault?: (name: string, before: number) => Error | undefined;
  count(prefix?: string): number;
  connect(params: Record<string, string>): ReturnType<TeradataDriver['connect']>;
}
