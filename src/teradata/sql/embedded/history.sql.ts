import { CHANGE_COLUMNS, CHANGE_ORDER, CHANGE_ROWS, type HistoryStatements } from '../../history.statements.js';

/** Embedded engine (DuckDB): LIMIT/OFFSET paging. */
export const EMBEDDED_HISTORY: HistoryStatements = {
  changesPage: `SELECT ${CHANGE_COLUMNS}
${CHANGE_ROWS}
ORDER BY ${CHANGE_ORDER}
LIMIT ? OFFSET ?`,
  changesCount: `SELECT ch.change, ch.item_kind, COUNT(*) AS n
${CHANGE_ROWS}
GROUP BY ch.change, ch.item_kind`,
};
