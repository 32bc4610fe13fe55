import type { DbqlStatement } from './dbql.repository.js';
import type { VolatileSessions } from './extraction/volatile-session.js';
import { bump } from './run-progress.js';
import { classifyStatement, fingerprintStatement, type StatementKind } from './statement-text.js';

/** Skip reasons (counted, not recorded as failures). */
export const SKIP = {
  failedInTeradata: 'failed-in-teradata',
  selectOnly: 'select-only',
  noLineage: 'no-lineage',
  noSqlText: 'no-sql-text',
  volatileStep: 'volatile-step',
} as const;

/** A DBQL statement that may write lineage, with what its lineage depends on. */
export interface ClassifiedStatement {
  readonly statement: DbqlStatement;
  /** Statements with the same key have the same lineage: fingerprint, default database, and the volatile steps read. */
  readonly key: string;
  readonly fingerprint: string;
  readonly kind: StatementKind;
  /** Volatile steps of its session to replay before it (it reads their tables). */
  readonly context: readonly string[];
  readonly volatileTables: ReadonlySet<string> | undefined;
}

export interface ClassifiedPage {
  /** The statements that go on to extraction, in log order. */
  readonly statements: readonly ClassifiedStatement[];
  /**
   * With usage on: the SELECTs (counted as skipped for lineage) that go on to
   * extraction only for the columns they read, in log order.
   */
  readonly reads: readonly ClassifiedStatement[];
  /** With usage on: the SELECTs whose columns DBQL object logging recorded (`options.logged`), in log order; not fingerprinted, never parsed. */
  readonly loggedReads: readonly DbqlStatement[];
  readonly read: number;
  /** Why the others were skipped, with counts. */
  readonly skips: Map<string, number>;
}

/**
 * The classify stage of DBQL population: which statements of a page can
 * write lineage. A statement that failed in Teradata, a SELECT, one without
 * SQL text or without lineage (utilities, grants) is skipped with its
 * reason; a step creating or filling a volatile table is remembered in its
 * session (the statements reading that table replay it) and skipped as well.
 */
export function classifyPage(
  page: readonly DbqlStatement[],
  sessions: VolatileSessions,
  options: { readonly usage: boolean; readonly logged?: ReadonlySet<string> } = { usage: false },
): ClassifiedPage {
  const skips = new Map<string, number>();
  const statements: ClassifiedStatement[] = [];
  const reads: ClassifiedStatement[] = [];
  const loggedReads: DbqlStatement[] = [];
  let read = 0;
  for (const statement of page) {
    read += statement.logRows;
    // the reader tallies these in SQL (logRows of them at once); a source without the filter sends them one by one
    if (statement.errorCode !== 0) {
      bump(skips, SKIP.failedInTeradata, statement.logRows);
      continue;
    }
    const loggedSelect = statement.statementType?.toLowerCase() === 'select';
    // a tally (no query id) stands for SELECTs left in the database
    if (loggedSelect && (!options.usage || statement.queryId === '' || !statement.sql)) {
      bump(skips, SKIP.selectOnly, statement.logRows);
      continue;
    }
    if (!statement.sql || statement.sql.trim() === '') {
      bump(skips, SKIP.noSqlText);
      continue;
    }
    // its columns come from DBQLObjTbl: no fingerprint, no parse (a SELECT is no volatile step and no lineage)
    if (loggedSelect && options.logged?.has(statement.queryId)) {
      bump(skips, SKIP.selectOnly);
      loggedReads.push(statement);
      continue;
    }
    const { normalized, fingerprint } = fingerprintStatement(statement.sql);
    const kind = classifyStatement(normalized);
    const volatile = sessions.classify(statement.sessionId, { sql: statement.sql, normalized, fingerprint, kind });
    // a step creating or filling a volatile table is context for the statements reading it, not lineage of its own
    if (volatile.step) {
      bump(skips, SKIP.volatileStep);
      continue;
    }
    // the same statement after the same volatile steps has the same lineage, whichever session ran it
    const key = `${fingerprint}|${statement.defaultDatabase ?? ''}${volatile.reads ? `|${volatile.reads.digest}` : ''}`;
    const classified = { statement, key, fingerprint, kind, context: volatile.reads?.context ?? [], volatileTables: volatile.tables };
    if (loggedSelect || kind === 'select') {
      bump(skips, SKIP.selectOnly);
      if (options.usage) reads.push(classified);
      continue;
    }
    if (kind === 'none') {
      bump(skips, SKIP.noLineage);
      continue;
    }
    statements.push(classified);
  }
  return { statements, reads, loggedReads, read, skips };
}
