/**
 * Statements of the admin pages: read-only counts for the dashboard. One
 * implementation per dialect (`teradata/admin.sql.ts`, `embedded/admin.sql.ts`).
 */
export interface AdminStatements {
  /** → n */
  readonly countNamespaces: string;
  /** Active datasets. → n */
  readonly countDatasets: string;
  /** Fields of active datasets. → n */
  readonly countFields: string;
  /** Active column-lineage edges. → n */
  readonly countEdges: string;
}
