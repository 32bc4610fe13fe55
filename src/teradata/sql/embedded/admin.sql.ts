import type { AdminStatements } from '../admin.statements.js';

/** Admin dashboard counts for the embedded engine (DuckDB); same shapes as the Teradata catalog. */
export const EMBEDDED_ADMIN: AdminStatements = {
  countNamespaces: 'SELECT COUNT(*) AS n FROM OL_NAMESPACE',
  countDatasets: "SELECT COUNT(*) AS n FROM OL_DATASET WHERE is_active = 'Y'",
  countFields: "SELECT COUNT(*) AS n FROM OL_DATASET_FIELD AS f INNER JOIN OL_DATASET AS d ON d.dataset_id = f.dataset_id WHERE d.is_active = 'Y'",
  countEdges: "SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y'",
};
