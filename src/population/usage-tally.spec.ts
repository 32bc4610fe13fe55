import { describe, expect, it } from 'vitest';
import type { DbqlStatement } from './dbql.repository.js';
import type { ExtractionOutcome } from './lineage-extractor.js';
import { isCounted, UsageTally } from './usage-tally.js';

const statement = (o: Partial<DbqlStatement> = {}): DbqlStatement => ({
  queryId: '1',
  sessionId: '7',
  userName: 'ANNA ',
  appId: 'Tableau',
  clientId: 'anna-pc',
  defaultDatabase: 'sales',
  startTime: new Date('2026-11-20T23:59:00Z'),
  collectTime: new Date('2026-11-21T00:05:00Z'),
  statementType: 'Select',
  errorCode: 0,
  sql: 'SELECT …',
  logRows: 1,
  ...o,
});

const outcome = (o: Partial<ExtractionOutcome> = {}): ExtractionOutcome => ({
  statementType: 'select',
  inTables: ['orders'],
  outTables: [],
  columnEdges: [],
  warnings: [],
  reads: [
    { dataset: 'orders', field: 'Amount', use: 'projection' },
    { dataset: 'orders', field: 'status', use: 'predicate' },
    { dataset: 'orders', field: 'amount', use: 'predicate' },
    { dataset: 'dbc.tablesv', field: 'tablename', use: 'projection' },
  ],
  ...o,
});

const known = (name: string) => name.startsWith('sales.');

describe('UsageTally (a batch’s usage deltas)', () => {
  it('counts a statement once per table and per column, on its StartTime’s day, split by use; unknown databases are not counted', () => {
    const tally = new UsageTally(known);
    expect(tally.add(statement(), outcome())).toBe(true);
    expect(tally.add(statement({ startTime: new Date('2026-11-20T10:00:00Z') }), outcome())).toBe(true);
    const { fields, datasets, statements } = tally.take();
    expect(statements).toBe(2);
    expect(datasets).toEqual([{ day: '2026-11-20', dataset: 'sales.orders', userName: 'ANNA', appId: 'Tableau', clientId: 'anna-pc', readCount: 2, lastReadAt: new Date('2026-11-20T23:59:00Z') }]);
    expect(fields.map((f) => [f.field, f.readCount, f.projectionCount, f.predicateCount])).toEqual([
      ['amount', 2, 2, 2],
      ['status', 2, 0, 2],
    ]);
    expect(tally.take().fields).toEqual([]);
  });

  it('counts nothing for a failure, a definition, or reads only of tables outside the dictionary', () => {
    const tally = new UsageTally(known);
    expect(tally.add(statement(), outcome({ error: { code: 'EXTRACTION_PARSE_ERROR', message: 'x' } }))).toBe(false);
    expect(tally.add(statement(), outcome({ statementType: 'create_view' }))).toBe(false);
    expect(tally.add(statement({ defaultDatabase: 'dbc' }), outcome({ inTables: ['tablesv'], reads: [] }))).toBe(false);
    expect(tally.take().statements).toBe(0);
  });

  it('a row is counted when its CollectTimeStamp lies in no counted range [from, until)', () => {
    const ranges = [{ from: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') }];
    expect(isCounted(new Date('2026-11-20T00:00:00Z'), ranges)).toBe(true);
    expect(isCounted(new Date('2026-11-20T23:59:59Z'), ranges)).toBe(true);
    expect(isCounted(new Date('2026-11-21T00:00:00Z'), ranges)).toBe(false);
    expect(isCounted(new Date('2026-11-19T23:59:59Z'), [])).toBe(false);
  });
});
