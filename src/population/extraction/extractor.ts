import { indirectEdges } from './column-edges.js';
import { columnReads } from './column-reads.js';
import { ExtractionFailure } from './extraction.errors.js';
import type { ExtractionContext, ExtractionError, StatementLineage } from './extraction.types.js';
import { normalizeTeradata, splitScript, tokenize } from './normalize.js';
import { parseStatement } from './parser.js';
import { SessionState } from './session-state.js';
import { StatementWalker } from './statement-walker.js';
import { extractCreateTableAs } from './statements/create-table-as.js';
import { extractCreateView } from './statements/create-view.js';
import { extractAlterTable, extractCreateTable, extractDropTable, extractTruncate, extractUse } from './statements/ddl.js';
import { extractDelete } from './statements/delete.js';
import { extractInsert } from './statements/insert.js';
import { extractMerge } from './statements/merge.js';
import { extractSelectInto } from './statements/select-into.js';
import { extractSelect } from './statements/select.js';
import type { StatementHandler, StatementOutput } from './statements/statement-handler.js';
import { extractUpdate } from './statements/update.js';
import { inner, key, lower, type Node } from './syntax-tree.js';
import { tablesFromTokens } from './token-tables.js';

/**
 * SQL → column lineage, one statement at a time in a session. Pure: no I/O.
 * Text that cannot hold lineage is answered before parsing; a parsed
 * statement goes to the handler of its kind (statements/), which resolves
 * its queries with a StatementWalker and says what it writes.
 */

/** Words a statement can start with (Teradata, plus what other dialects' scripts use); anything else is not SQL. */
const STATEMENT_WORDS = new Set(
  (
    'ABORT ADD ALTER ANALYZE BEGIN BT CALL CHECKPOINT COLLECT COMMENT COMMIT COPY CREATE CT CV DATABASE DECLARE DEL DELETE DESC DESCRIBE ' +
    'DIAGNOSTIC DROP DUMP ECHO END ET EXEC EXECUTE EXPLAIN FROM GIVE GRANT HELP IF INS INSERT LOAD LOCK LOCKING LOGOFF LOGON MERGE ' +
    'MODIFY MSCK PRAGMA REFRESH RELEASE RENAME REPLACE RESTART REVOKE ROLLBACK SEL SELECT SET SHOW TRUNCATE UNLOAD UPD UPDATE UPSERT ' +
    'USE USING VALUES WITH CACHE UNCACHE OPTIMIZE VACUUM GO PRINT RETURN WHILE FOR LOOP CASE DO RAISE'
  ).split(' '),
);

/** The statement text after leading comments and blanks ('' when there is nothing else). */
function withoutLeadingComments(text: string): string {
  if (!/^\s*(--|\/\*)/.test(text)) return text.trimStart();
  let offset = 0;
  for (const t of tokenize(text)) {
    if (t.kind !== 'comment' && t.kind !== 'space') break;
    offset += t.text.length;
  }
  return text.slice(offset).trimStart();
}

/** Statements about the session or the transaction, not the data. */
const SESSION_ONLY = /^\s*(BT|ET|BEGIN\s+TRANSACTION|END\s+TRANSACTION|COMMIT|ROLLBACK|ABORT|SET\s+(QUERY_BAND|SESSION|ROLE|TIME\s+ZONE)|COLLECT\s+(STAT|STATS|STATISTICS)|HELP|SHOW|EXPLAIN|CALL|GRANT|REVOKE|COMMENT|RELEASE|LOGON|LOGOFF|\.)\b/i;

const NO_LINEAGE: StatementOutput = { statementType: 'other', outTables: [], edges: [] };

/** The handler for a parsed statement's kind. */
function handlerFor(root: Node): StatementHandler {
  switch (key(root)) {
    case 'select':
      return inner(root).into ? extractSelectInto : extractSelect;
    case 'union':
    case 'except':
    case 'intersect':
    case 'subquery':
      return extractSelect;
    case 'insert':
      return extractInsert;
    case 'create_table':
      return inner(root).as_select ? extractCreateTableAs : extractCreateTable;
    case 'create_view':
      return extractCreateView;
    case 'update':
      return extractUpdate;
    case 'merge':
      return extractMerge;
    case 'delete':
      return extractDelete;
    case 'truncate':
      return extractTruncate;
    case 'drop_table':
      return extractDropTable;
    case 'alter_table':
      return extractAlterTable;
    case 'use':
      return extractUse;
    default:
      return () => NO_LINEAGE;
  }
}

/** A statement that holds no lineage. */
function noLineage(): StatementLineage {
  return { statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [] };
}

/**
 * Extracts one statement in a session. Throws ExtractionFailure for input it
 * cannot use (the caller turns it into a result with a reason).
 */
function extractStatement(rawSql: string, session: SessionState): StatementLineage {
  const text = rawSql.trim().replace(/;\s*$/, '');
  const head = withoutLeadingComments(text);
  if (head === '') throw new ExtractionFailure({ code: 'EXTRACTION_EMPTY', message: text === '' ? 'empty statement' : 'only comments, no statement' });
  const firstWord = /^[\s(]*([A-Za-z_]+)/.exec(head)?.[1]?.toUpperCase();
  if (head[0] !== '.' && (!firstWord || !STATEMENT_WORDS.has(firstWord))) {
    throw new ExtractionFailure({ code: 'EXTRACTION_NOT_SQL', message: `text does not start with an SQL statement keyword: ${JSON.stringify(head.slice(0, 40))}` });
  }
  const db = /^\s*DATABASE\s+("?)([\w$#]+)\1\s*$/i.exec(head);
  if (db) {
    session.defaultDatabase = lower(db[2]);
    return noLineage();
  }
  if (SESSION_ONLY.test(head)) return noLineage();
  if (!/^[\s(]*(WITH|SELECT|SEL|INSERT|INS|UPDATE|UPD|DELETE|DEL|MERGE|CREATE|CT|REPLACE|LOCKING|LOCK|DROP|TRUNCATE|ALTER|RENAME|USE|DATABASE)\b/i.test(head)) return noLineage();
  const normalized = normalizeTeradata(text);
  const root = parseStatement(normalized.sql, session.context.dialect ?? 'teradata');
  const walker = new StatementWalker(session);
  const { statementType, outTables, edges } = handlerFor(root)({ root, sql: normalized.sql, walker, session });
  for (const t of outTables) walker.inTables.delete(t);
  return {
    statementType,
    inTables: [...walker.inTables].filter((t) => !session.volatile.holds(t)),
    outTables: outTables.filter((t) => t !== ''),
    columnEdges: walker.indirect.size > 0 && edges.length > 0 ? [...edges, ...indirectEdges(edges, walker.indirect.values())] : edges,
    warnings: walker.warnings,
    reads: columnReads(edges, walker.projected, walker.indirect.values(), (t) => session.volatile.holds(t)),
    ...(normalized.changes.length > 0 ? { normalizedSql: normalized.sql } : {}),
  };
}

function failureResult(err: unknown, sql: string, session?: SessionState): StatementLineage {
  const error: ExtractionError =
    err instanceof ExtractionFailure
      ? err.error
      : { code: /stack|recursion/i.test((err as Error)?.message ?? '') ? 'EXTRACTION_DEPTH_GUARD' : 'EXTRACTION_INTERNAL', message: String((err as Error)?.message ?? err).slice(0, 500) };
  const tables = error.code === 'EXTRACTION_EMPTY' || error.code === 'EXTRACTION_NOT_SQL' ? { inTables: [], outTables: [] } : tablesFromTokens(normalizeTeradata(sql).sql, session?.defaultDatabase ?? null);
  return { statementType: /^\s*(SEL|SELECT|WITH)\b/i.test(sql) ? 'select' : 'other', ...tables, columnEdges: [], warnings: tables.inTables.length + tables.outTables.length > 0 ? ['table-level lineage taken from tokens: the statement did not parse'] : [], error };
}

/** One statement (or a script of several) in a fresh or given session; never throws. */
export function extractLineage(sql: string, context: ExtractionContext = {}, session = new SessionState(context)): StatementLineage[] {
  const statements = splitScript(sql);
  if (statements.length === 0) return [failureResult(new ExtractionFailure({ code: 'EXTRACTION_EMPTY', message: 'empty statement' }), sql)];
  return statements.map((s) => {
    try {
      return extractStatement(s, session);
    } catch (err) {
      return failureResult(err, s, session);
    }
  });
}
