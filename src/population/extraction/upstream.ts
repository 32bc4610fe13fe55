/**
 * How an output column reads a source column: the upstreams an expression
 * collects while the walker resolves it, before they become edges.
 */

/** How a source column is read, weakest last: copied, computed, aggregated, a window key, a condition. */
export type Kind = 'identity' | 'transform' | 'agg' | 'cond' | 'window';
export const RANK: Record<Kind, number> = { identity: 0, transform: 1, agg: 2, window: 3, cond: 4 };

export interface Up {
  readonly dataset: string;
  readonly field: string;
  readonly kind: Kind;
  readonly masking: boolean;
  /** Not checked against known columns (no metadata for the table, or read through an unexpanded `*`). */
  readonly guessed: boolean;
  /** Unqualified, several candidate tables, none known to have it: attributed to one by position. */
  readonly weak?: boolean;
}

/** An output column of a query (or a column a volatile table holds) and what it reads. */
export interface OutCol {
  readonly name: string | null;
  readonly ups: readonly Up[];
}

export function raise(a: Kind, b: Kind): Kind {
  return RANK[a] >= RANK[b] ? a : b;
}

/** An upstream read once more through an outer expression: the weaker kind wins, masking sticks. */
export function combine(u: Up, outer: Kind, masking: boolean): Up {
  return { ...u, kind: raise(u.kind, outer), masking: u.masking || masking };
}

/** A column read as is from a table whose columns are known. */
export function identityOf(dataset: string, field: string): Up {
  return { dataset, field, kind: 'identity', masking: false, guessed: false };
}
