import { describe, expect, it } from 'vitest';
import { presentQvci } from './qvci.presenter.js';

describe('QVCI presenter', () => {
  it('shows the 9719 evidence, what it means and the DBA steps when disabled', () => {
    const view = presentQvci({ state: 'disabled', checkedAt: new Date('2026-11-23T10:00:00Z'), query: 'SELECT TOP 1 * FROM DBC.ColumnsJQV', errorCode: 9719, detail: null });
    expect(view.badge).toEqual({ label: 'disabled', tone: 'warn' });
    expect(view.outcome).toBe('Failed with Teradata error 9719 (QVCI disabled).');
    expect(view.meaning).toContain('DBC.ColumnsV');
    expect(view.showSteps).toBe(true);
  });

  it('hides the steps once enabled', () => {
    const view = presentQvci({ state: 'enabled', checkedAt: new Date(), query: 'SELECT TOP 1 * FROM DBC.ColumnsJQV', errorCode: null, detail: null }, true);
    expect(view.outcome).toBe('Succeeded: the query returned without error.');
    expect(view.showSteps).toBe(false);
    expect(view.rechecked).toBe(true);
  });

  it('shows the Teradata check query before any check ran', () => {
    const view = presentQvci(null);
    expect(view).toMatchObject({ badge: { label: 'unknown' }, query: 'LOCKING ROW FOR ACCESS SELECT TOP 1 * FROM DBC.ColumnsJQV', outcome: 'Not checked yet.', showSteps: true });
  });
});
