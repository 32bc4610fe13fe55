import { edgesFor } from './column-edges.js';
import type { ExtractedEdge } from './extraction.types.js';
import { lower } from './syntax-tree.js';
import type { OutCol } from './upstream.js';
import type { HeldColumn } from './volatile-session.js';

/**
 * A query's output written into a target (INSERT … SELECT, CREATE … AS,
 * CREATE VIEW, SELECT … INTO), by position: the output's columns take the
 * target's names — the listed or known columns when they cover the output
 * and no `*` is left unexpanded, else the output's own names.
 */
export function namedAsTarget(targetColumns: readonly string[] | null, cols: readonly OutCol[]): HeldColumn[] {
  const unexpanded = cols.some((c) => c.name === '*');
  const names = !unexpanded && targetColumns && targetColumns.length >= cols.length ? targetColumns : cols.map((c, i) => c.name ?? targetColumns?.[i] ?? `_col${i}`);
  return cols.map((c, i) => ({ name: lower(names[i]), ups: c.ups }));
}

/** The output written into a permanent target: one edge per (source column, target column). */
export function edgesOnto(target: string, targetColumns: readonly string[] | null, cols: readonly OutCol[]): ExtractedEdge[] {
  return namedAsTarget(targetColumns, cols).flatMap((c) => edgesFor(target, c.name, c.ups));
}
