import { edgesFor } from '../column-edges.js';
import type { ExtractedEdge } from '../extraction.types.js';
import { identName, inner, key, lower, type Node } from '../syntax-tree.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/**
 * UPDATE t SET c = … [FROM a, b] [WHERE …] (also Teradata's `UPD t FROM a, b SET …`, where t
 * may be an alias of a FROM item): one edge per SET assignment; WHERE and JOIN columns decide
 * the rows. In a volatile table of the session, the column adds what the assignment reads.
 */
export function extractUpdate({ root, walker, session }: StatementInput): StatementOutput {
  const n = inner(root);
  const ctes = walker.ctesOf(n);
  const from = ((n.from_clause as Node)?.expressions as unknown[]) ?? [];
  const scope = walker.scopeFor(from, ctes);
  for (const j of [...((n.joins as Node[]) ?? []), ...((n.from_joins as Node[]) ?? [])]) {
    walker.scopeFor([j.this], ctes).sources.forEach((s) => scope.sources.push(s));
    if (j.on) walker.noteIndirect('JOIN', walker.collect(j.on, scope, 'cond', false));
  }
  const tnode = n.table as Node;
  const tk = key(tnode);
  const tbody = inner(tnode);
  const bare = lower(identName(tk === 'table' ? tbody.name : tnode.name) ?? '');
  const aliasSource = !identName(tk === 'table' ? tbody.schema : tnode.schema) ? scope.sources.find((s) => s.alias === bare && s.table) : undefined;
  const target = aliasSource?.table ?? walker.tableName(tk === 'table' ? tbody : tnode);
  if (!aliasSource) {
    const own = walker.scopeFor([tnode], ctes);
    scope.sources.unshift(...own.sources);
  }
  walker.inTables.delete(target);
  const volatile = session.volatile.holds(target);
  const edges: ExtractedEdge[] = [];
  for (const pair of (n.set as unknown[][]) ?? []) {
    const col = lower((identName(pair[0]) ?? '').split('.').pop() ?? ''); // SET t.c = … names the column c
    const ups = walker.collect(pair[1], scope, key(pair[1]) === 'column' ? 'identity' : 'transform', false);
    if (volatile) session.volatile.assign(target, col, ups);
    else edges.push(...edgesFor(target, col, ups));
  }
  if (n.where_clause) walker.noteIndirect('FILTER', walker.collect(n.where_clause, scope, 'cond', false));
  walker.inTables.delete(target);
  return { statementType: 'update', outTables: [target], edges };
}
