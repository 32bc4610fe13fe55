import { inner, key, type Node } from '../syntax-tree.js';
import { edgesOnto, namedAsTarget } from '../target-mapping.js';
import { identityOf, type OutCol } from '../upstream.js';
import { createsVolatileTable } from '../volatile-session.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/**
 * CREATE TABLE … AS (query) / AS other_table, WITH [NO] DATA (also `CT`): the query's output
 * (or every column of the other table) by name. WITH NO DATA creates the table without edges.
 * A volatile (or global temporary) table is no dataset: the session holds what it was filled
 * with, for the statements reading it.
 */
export function extractCreateTableAs({ root, sql, walker, session }: StatementInput): StatementOutput {
  const n = inner(root);
  const target = walker.tableName(n.name as Node);
  const isVolatile = createsVolatileTable(n.table_modifier, sql);
  const as = n.as_select as Node;
  let cols: readonly OutCol[];
  if (key(as) === 'table') {
    const src = walker.tableName(inner(as));
    walker.inTables.add(src);
    const held = session.volatile.columns(src);
    if (held) walker.inTables.delete(src);
    cols = held ?? (session.columnsOf(src) ?? []).map((c) => ({ name: c, ups: [identityOf(src, c)] }));
    if (cols.length === 0) walker.warnings.push(`columns of ${src} unknown: table-level lineage only`);
  } else {
    cols = walker.query(as, { sources: [], ctes: walker.ctesOf(as) });
  }
  session.created.set(target, cols.map((c, i) => c.name ?? `_col${i}`));
  if (isVolatile) {
    session.volatile.create(target, namedAsTarget(null, cols));
    return { statementType: 'ctas', outTables: [], edges: [] };
  }
  const withData = n.with_data !== false;
  return { statementType: 'ctas', outTables: [target], edges: withData ? edgesOnto(target, null, cols) : [] };
}

