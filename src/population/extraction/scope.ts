import type { OutCol, Up } from './upstream.js';

/** What a query can name: the sources of its FROM clause, the CTEs in view, and the enclosing query's scope. */

export interface Source {
  readonly alias: string;
  /** Lower-case `db.table` for a table source. */
  readonly table?: string;
  /** Known columns (tables: dictionary or session; derived: output names). */
  readonly columns: readonly string[] | null;
  /** Derived tables, CTEs and volatile tables: lineage of each output column. */
  readonly derived?: readonly OutCol[];
}

/** A CTE is resolved when first referenced, so unused ones read nothing. */
export interface Cte {
  get(): OutCol[];
}

export interface Scope {
  readonly sources: Source[];
  readonly ctes: ReadonlyMap<string, Cte>;
  readonly parent?: Scope;
  /** Projection aliases of the SELECT being resolved (Teradata lets later items and QUALIFY use them). */
  aliases?: Map<string, readonly Up[]>;
  /** Columns of JOIN … USING: an unqualified reference reads every side. */
  using?: Set<string>;
}
