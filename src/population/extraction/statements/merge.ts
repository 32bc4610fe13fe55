import { edgesFor } from '../column-edges.js';
import type { ExtractedEdge } from '../extraction.types.js';
import type { Cte } from '../scope.js';
import { identName, inner, key, lower, type Node } from '../syntax-tree.js';
import type { StatementInput, StatementOutput } from './statement-handler.js';

/**
 * MERGE INTO t USING s ON … WHEN MATCHED THEN UPDATE SET … WHEN NOT MATCHED THEN INSERT …:
 * edges from each branch's assignments (an INSERT without a column list maps its VALUES onto
 * the target's known columns by position); the ON columns join the rows.
 */
export function extractMerge({ root, walker, session }: StatementInput): StatementOutput {
  const n = inner(root);
  const ctes = new Map<string, Cte>();
  const targetScope = walker.scopeFor([n.this], ctes);
  const target = targetScope.sources[0]?.table ?? '';
  walker.inTables.delete(target);
  const scope = walker.scopeFor([n.using], ctes);
  scope.sources.push(...targetScope.sources);
  if (n.on) walker.noteIndirect('JOIN', walker.collect(n.on, scope, 'cond', false));
  const edges: ExtractedEdge[] = [];
  const whens = (((n.whens as Node)?.whens as Node)?.expressions as unknown[]) ?? ((n.whens as Node)?.expressions as unknown[]) ?? [];
  for (const w of whens) {
    const when = inner(w);
    const then = inner(when.then) as Node;
    const parts = (then?.expressions as unknown[]) ?? [];
    const verb = String(inner(parts[0])?.this ?? '').toUpperCase();
    if (verb === 'UPDATE') {
      for (const assign of (inner(parts[1])?.expressions as unknown[]) ?? []) {
        const eq = inner(assign);
        const col = lower(identName(eq.left) ?? '');
        edges.push(...edgesFor(target, col, walker.collect(eq.right, scope, key(eq.right) === 'column' ? 'identity' : 'transform', false)));
      }
    } else if (verb === 'INSERT') {
      const hasCols = parts.length >= 3;
      const colNames = hasCols ? ((inner(parts[1])?.expressions as unknown[]) ?? []).map((c) => lower(identName(c) ?? '')) : (session.columnsOf(target) ?? []);
      const values = (inner(parts[hasCols ? 2 : 1])?.expressions as unknown[]) ?? [];
      values.forEach((v, i) => {
        if (colNames[i]) edges.push(...edgesFor(target, colNames[i], walker.collect(v, scope, key(v) === 'column' ? 'identity' : 'transform', false)));
      });
    }
  }
  walker.inTables.delete(target);
  return { statementType: 'merge', outTables: [target], edges };
}
