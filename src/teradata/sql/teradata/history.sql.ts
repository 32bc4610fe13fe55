import { CHANGE_COLUMNS, CHANGE_ORDER, CHANGE_ROWS, type HistoryStatements } from '../../history.statements.js';

/**
 * Teradata: paging with QUALIFY ROW_NUMBER() (the repository turns limit and
 * offset into a row range); reads under an ACCESS lock, as every API read
 * (a history read never waits behind population's writes, nor holds them).
 */
export const TERADATA_HISTORY: HistoryStatements = {
  changesPage: `LOCKING ROW FOR ACCESS
SELECT ${CHANGE_COLUMNS}
${CHANGE_ROWS}
QUALIFY ROW_NUMBER() OVER (ORDER BY ${CHANGE_ORDER}) BETWEEN ? AND ?
ORDER BY ${CHANGE_ORDER}`,
  changesCount: `LOCKING ROW FOR ACCESS
SELECT ch.change, ch.item_kind, COUNT(*) AS n
${CHANGE_ROWS}
GROUP BY ch.change, ch.item_kind`,
};
