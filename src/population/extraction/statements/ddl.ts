import { identName, inner, key, lower, type Node } from '../syntax-tree.js';
import { createsVolatileTable } from '../volatile-session.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/**
 * DDL without a query: table-level lineage only (the table written, a LIKE or CLONE source
 * read), and what later statements of the session need to know (a new table's columns, a
 * dropped volatile table, the default database).
 */

/** CREATE TABLE t (columns) / (LIKE s) / CLONE s: the session learns the columns. A volatile table is no output. */
export function extractCreateTable({ root, sql, walker, session }: StatementInput): StatementOutput {
  const n = inner(root);
  const target = walker.tableName(n.name as Node);
  const isVolatile = createsVolatileTable(n.table_modifier, sql);
  const cols = ((n.columns as Node[]) ?? []).map((c) => lower(identName(c.name) ?? identName(c) ?? ''));
  if (cols.length > 0) session.created.set(target, cols);
  for (const c of (n.constraints as Node[]) ?? []) {
    const like = (c.Like ?? c.like) as Node | undefined;
    if (like?.source) {
      const src = walker.tableName(like.source as Node);
      walker.inTables.add(src);
      const srcCols = session.columnsOf(src);
      if (srcCols) session.created.set(target, [...srcCols]);
    }
  }
  const clone = (n.clone_source ?? n.clone) as Node | undefined;
  if (clone && typeof clone === 'object') walker.inTables.add(walker.tableName(inner(clone)));
  return { statementType: 'ddl', outTables: isVolatile ? [] : [target], edges: [] };
}

/** TRUNCATE TABLE t. */
export function extractTruncate({ root, walker }: StatementInput): StatementOutput {
  const n = inner(root);
  return { statementType: 'ddl', outTables: [walker.tableName(key(n.table) === 'table' ? inner(n.table) : (n.table as Node))], edges: [] };
}

/** DROP TABLE a, b: written; a dropped volatile table is forgotten by the session. */
export function extractDropTable({ root, walker, session }: StatementInput): StatementOutput {
  const outTables: string[] = [];
  for (const t of (inner(root).names as Node[]) ?? []) {
    const name = walker.tableName(t);
    session.volatile.drop(name);
    outTables.push(name);
  }
  return { statementType: 'ddl', outTables, edges: [] };
}

/** ALTER TABLE: the table written; RENAME TO reads the old name and writes the new one. */
export function extractAlterTable({ root, walker }: StatementInput): StatementOutput {
  const n = inner(root);
  const name = walker.tableName(inner(n.name) ?? (n.name as Node));
  const rename = ((n.actions as Node[]) ?? []).map((a) => (a.RenameTable ?? a.rename_table) as Node | undefined).find(Boolean);
  if (!rename) return { statementType: 'ddl', outTables: [name], edges: [] };
  walker.inTables.add(name);
  return { statementType: 'ddl', outTables: [walker.tableName(rename)], edges: [] };
}

/** USE db: the session's default database from here on. */
export function extractUse({ root, session }: StatementInput): StatementOutput {
  session.defaultDatabase = lower(identName(inner(root).this) ?? '');
  return { statementType: 'other', outTables: [], edges: [] };
}
