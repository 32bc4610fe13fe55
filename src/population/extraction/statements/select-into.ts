import { inner, type Node } from '../syntax-tree.js';
import { edgesOnto } from '../target-mapping.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/** SELECT … INTO new_table (T-SQL, PostgreSQL): creates the table from the query, like CREATE TABLE … AS. */
export function extractSelectInto({ root, walker, session }: StatementInput): StatementOutput {
  const cols = walker.query(root, { sources: [], ctes: new Map() });
  const into = inner(root).into as Node;
  const target = walker.tableName(inner(into.this ?? into));
  session.created.set(target, cols.map((c, i) => c.name ?? `_col${i}`));
  return { statementType: 'ctas', outTables: [target], edges: edgesOnto(target, null, cols) };
}
