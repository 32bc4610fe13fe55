import { inner, key, type Node } from '../syntax-tree.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/** DELETE [FROM] t [USING …] [WHERE …] (also `DEL`, `DELETE t ALL`): table-level lineage only; the WHERE columns are read. */
export function extractDelete({ root, walker }: StatementInput): StatementOutput {
  const n = inner(root);
  const tnode = key(n.table) === 'table' ? inner(n.table) : (n.table as Node);
  const target = walker.tableName(tnode);
  const using = Array.isArray(n.using) ? (n.using as unknown[]) : (((n.using as Node)?.expressions as unknown[]) ?? []);
  const scope = walker.scopeFor([{ table: tnode }, ...using], walker.ctesOf(n));
  if (n.where_clause) walker.noteIndirect('FILTER', walker.collect(n.where_clause, scope, 'cond', false));
  walker.inTables.delete(target);
  return { statementType: 'delete', outTables: [target], edges: [] };
}
