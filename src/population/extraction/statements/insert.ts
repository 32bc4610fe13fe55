import type { ExtractedEdge } from '../extraction.types.js';
import { identName, inner, lower, type Node } from '../syntax-tree.js';
import { edgesOnto, namedAsTarget } from '../target-mapping.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/**
 * INSERT … SELECT (also `INS`, `WITH … INSERT`, `INSERT … WITH … SELECT`): the query's output
 * onto the listed columns, else onto the target's known columns by position. Into a volatile
 * table of the session it adds what the table holds instead of edges. INSERT … VALUES reads
 * only what its scalar subqueries read.
 */
export function extractInsert({ root, walker, session }: StatementInput): StatementOutput {
  const n = inner(root);
  const target = walker.tableName(n.table as Node);
  const ctes = walker.ctesOf(n);
  const listed = ((n.columns as unknown[]) ?? []).map((c) => lower(identName(c) ?? ''));
  for (const row of (n.values as unknown[][]) ?? []) walker.collect(row, walker.scopeFor([], ctes), 'transform', false);
  let edges: ExtractedEdge[] = [];
  if (n.query) {
    const cols = walker.query(n.query, { sources: [], ctes });
    const targetCols = listed.length > 0 ? listed : session.columnsOf(target);
    if (session.volatile.holds(target)) session.volatile.fill(target, namedAsTarget(targetCols, cols));
    else edges = edgesOnto(target, targetCols, cols);
  }
  return { statementType: 'insert', outTables: [target], edges };
}
