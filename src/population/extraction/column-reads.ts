import type { ColumnRead, ExtractedEdge, ReadUse } from './extraction.types.js';
import type { Up } from './upstream.js';

/**
 * The columns a statement reads, for usage (issue 21): the sources of its
 * edges into named columns and the columns a plain SELECT returns are read in
 * a projection; the row-deciding columns (WHERE, JOIN, GROUP BY, ORDER BY,
 * HAVING, QUALIFY, subqueries there) in a predicate. Volatile tables are
 * already resolved to their permanent sources by the walker; a `*` that no
 * dictionary expanded names no column and is left out (the table read is
 * still in `inTables`). Each (column, use) once.
 */
export function columnReads(
  edges: readonly ExtractedEdge[],
  projected: readonly Up[],
  indirect: Iterable<{ readonly up: Up }>,
  isVolatile: (table: string) => boolean,
): ColumnRead[] {
  const out = new Map<string, ColumnRead>();
  const add = (dataset: string, field: string, use: ReadUse): void => {
    if (!dataset || !field || field === '*' || isVolatile(dataset)) return;
    const k = `${dataset}\u0000${field}\u0000${use}`;
    if (!out.has(k)) out.set(k, { dataset, field, use });
  };
  // the target's own columns count too: UPDATE t SET a = b reads t.b
  for (const e of edges) if (e.target.field !== '*') add(e.source.dataset, e.source.field, 'projection');
  for (const up of projected) add(up.dataset, up.field, 'projection');
  for (const { up } of indirect) add(up.dataset, up.field, 'predicate');
  return [...out.values()];
}
