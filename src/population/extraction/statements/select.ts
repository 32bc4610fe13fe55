import { edgesFor } from '../column-edges.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/** SELECT and set operations (UNION, MINUS, INTERSECT): edges into the result set's named columns. */
export function extractSelect({ root, walker }: StatementInput): StatementOutput {
  const cols = walker.query(root, { sources: [], ctes: new Map() });
  walker.noteProjected(cols.flatMap((c) => c.ups));
  // an unaliased expression has no stable name
  const edges = cols.flatMap((c) => (c.name ? edgesFor(null, c.name, c.ups) : []));
  return { statementType: 'select', outTables: [], edges };
}
