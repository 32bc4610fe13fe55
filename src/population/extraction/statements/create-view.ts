import { identName, inner, lower, type Node } from '../syntax-tree.js';
import { edgesOnto } from '../target-mapping.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/** CREATE / REPLACE VIEW [(columns)] AS query: the query's output onto the listed columns, else by name. */
export function extractCreateView({ root, walker, session }: StatementInput): StatementOutput {
  const n = inner(root);
  const target = walker.tableName(n.name as Node);
  const cols = walker.query(n.query, { sources: [], ctes: new Map() });
  const listed = ((n.columns as unknown[]) ?? []).map((c) => lower(identName(c) ?? ''));
  session.created.set(target, listed.length > 0 ? listed : cols.map((c, i) => c.name ?? `_col${i}`));
  return { statementType: 'create_view', outTables: [target], edges: edgesOnto(target, listed.length > 0 ? listed : null, cols) };
}
