import type { QvciStateName, QvciView } from '../admin.sources.js';
import { type Badge, formatDateTime, qvciBadge } from '../view-format.js';

/** The probe as Teradata gets it, shown until the first check reports the one it sent. */
export const QVCI_CHECK_QUERY = 'LOCKING ROW FOR ACCESS SELECT TOP 1 * FROM DBC.ColumnsJQV';
export const QVCI_DISABLED_ERROR = 9719;

export interface QvciPageView {
  readonly title: string;
  readonly badge: Badge;
  readonly checkedAt: string;
  readonly query: string;
  readonly outcome: string;
  readonly meaning: string;
  readonly showSteps: boolean;
  readonly rechecked: boolean;
}

const MEANING: Record<QvciStateName, string> = {
  enabled:
    'DBC.ColumnsJQV answers: view columns are listed with their data types, so lineage shows types for view fields as well as table fields.',
  disabled:
    'DBC.ColumnsJQV is not available (Teradata error 9719), so the service reads view columns from DBC.ColumnsV: view fields are known by name, but their data types show as unknown. Table columns are not affected and population keeps working.',
  unknown:
    'The check has not run yet or could not reach the database. Until it succeeds the service behaves as if QVCI were disabled (view column types unknown).',
};

export function presentQvci(view: QvciView | null, rechecked = false): QvciPageView {
  const state: QvciStateName = view?.state ?? 'unknown';
  let outcome = 'Not checked yet.';
  if (view) {
    if (view.state === 'enabled') outcome = 'Succeeded: the query returned without error.';
    else if (view.errorCode !== null) outcome = `Failed with Teradata error ${view.errorCode}${view.errorCode === QVCI_DISABLED_ERROR ? ' (QVCI disabled)' : ''}.`;
    if (view.detail) outcome = `${outcome} ${view.detail}`;
  }
  return {
    title: 'QVCI',
    badge: qvciBadge(state),
    checkedAt: formatDateTime(view?.checkedAt ?? null),
    query: view?.query ?? QVCI_CHECK_QUERY,
    outcome,
    meaning: MEANING[state],
    showSteps: state !== 'enabled',
    rechecked,
  };
}
