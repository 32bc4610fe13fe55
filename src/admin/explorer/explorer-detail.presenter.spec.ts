import { describe, expect, it } from 'vitest';
import type { TableStatistics } from '../../schema/dictionary.repository.js';
import { formatBytes, presentExplorerDetail, SQL_EXCERPT_CHARS, sqlExcerpt } from './explorer-detail.presenter.js';

const NS = 'teradata://demo-warehouse:1025';
const dataset = {
  namespace: NS,
  name: 'core.sales_order',
  sourceType: 'TABLE',
  description: 'Orders',
  fields: [
    { name: '*', type: null, nullable: null, description: null },
    { name: 'order_id', type: 'BIGINT', nullable: false, description: null },
    { name: 'net_amount', type: 'DECIMAL(18,2)', nullable: true, description: 'after discounts' },
  ],
};
const stats: TableStatistics = {
  database: 'core',
  table: 'sales_order',
  kind: 'TABLE',
  creator: 'DBA_DEPLOY',
  createdAt: new Date('2026-01-05T08:00:00Z'),
  lastAlteredAt: new Date('2026-02-01T10:00:00Z'),
  lastAccessedAt: null,
  comment: 'Orders',
  currentPermBytes: 3 * 1024 ** 3,
  peakPermBytes: 4 * 1024 ** 3,
  amps: 4,
  rowCount: 1_234_567,
  statisticsCollectedAt: new Date('2026-01-26T08:00:00Z'),
};
const run = (id: string, at: string) => ({ runId: id, jobId: `job_${id}`, eventType: 'COMPLETE', eventTime: new Date(at), producer: 'urn:lineage:population:dbql' });

describe('explorer detail panel', () => {
  it('shows the dictionary statistics in words, the newest write as last populated, and the DDL under its statement', () => {
    const view = presentExplorerDetail({
      dataset,
      field: 'order_id',
      statistics: stats,
      statisticsNote: null,
      ddl: { kind: 'TABLE', text: 'CREATE MULTISET TABLE core.sales_order (order_id BIGINT NOT NULL)' },
      ddlNote: null,
      runs: [run('b', '2026-11-16T05:03:35Z'), run('a', '2026-10-01T00:00:00Z')],
      jobs: new Map([['job_b', { jobId: 'job_b', name: 'INSERT INTO core.sales_order #1', sql: 'INSERT INTO core.sales_order SELECT 1' }]]),
      writesNote: null,
    });
    expect(Object.fromEntries(view.statistics.map((s) => [s.label, s.value]))).toEqual({
      Kind: 'Table',
      Rows: '1,234,567 (statistics of 2026-01-26 08:00:00 UTC)',
      Size: '3.00 GB, peak 4.00 GB over 4 AMPs',
      'Owner (creator)': 'DBA_DEPLOY',
      Created: '2026-01-05 08:00:00 UTC',
      'Last altered': '2026-02-01 10:00:00 UTC',
      'Last populated': '2026-11-16 05:03:35 UTC (newest write in the lineage store)',
    });
    expect(view.ddl).toEqual({ title: 'SHOW TABLE', text: 'CREATE MULTISET TABLE core.sales_order (order_id BIGINT NOT NULL)' });
    expect(view.fields.map((f) => [f.name, f.type, f.nullable, f.selected])).toEqual([
      ['order_id', 'BIGINT', 'not null', true],
      ['net_amount', 'DECIMAL(18,2)', 'null', false],
    ]);
    expect(view.writes.map((w) => [w.job, w.sqlExcerpt])).toEqual([
      ['INSERT INTO core.sales_order #1', 'INSERT INTO core.sales_order SELECT 1'],
      ['job_a', null],
    ]);
  });

  it('says why statistics and DDL are missing instead of showing empty sections', () => {
    const view = presentExplorerDetail({ dataset, field: null, statistics: null, statisticsNote: 'The dictionary could not be read: 3523', ddl: null, ddlNote: null, runs: [], jobs: new Map(), writesNote: null });
    expect(view.statistics).toEqual([]);
    expect(view.statisticsNote).toBe('The dictionary could not be read: 3523');
    expect(view.ddlNote).toBe('No DDL in the dictionary.');
  });

  it('a view has no size or row count, only its dates', () => {
    const view = presentExplorerDetail({ dataset, field: null, statistics: { ...stats, kind: 'VIEW', currentPermBytes: null, rowCount: null }, statisticsNote: null, ddl: null, ddlNote: null, runs: [], jobs: new Map(), writesNote: null });
    expect(view.statistics.map((s) => s.label)).toEqual(['Kind', 'Owner (creator)', 'Created', 'Last altered', 'Last populated']);
    expect(view.statistics.at(-1)?.value).toBe('no write seen in the lineage store');
  });

  it('cuts long SQL at a line end with an ellipsis, and sizes bytes in powers of 1,024', () => {
    const long = Array.from({ length: 100 }, (_, i) => `SELECT ${i} AS c${i}`).join('\n');
    const cut = sqlExcerpt(long) as string;
    expect(cut.length).toBeLessThanOrEqual(SQL_EXCERPT_CHARS + 2);
    expect(cut.endsWith('\n…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -2))).toBe(true);
    expect(sqlExcerpt('  ')).toBeNull();
    expect([formatBytes(512), formatBytes(2048), formatBytes(15.5 * 1024 ** 2)]).toEqual(['512 B', '2.00 KB', '15.5 MB']);
  });
});
