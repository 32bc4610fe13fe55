import type { DemoTable } from './demo-warehouse.js';

/**
 * What the demo's emulated dictionary answers for a table's size and
 * statistics, shaped as Teradata answers it:
 * - DBC.TableSizeV: one row per AMP (Vproc) with CurrentPerm and PeakPerm in
 *   bytes; a view takes no permanent space, so it has no rows there;
 * - DBC.StatsV: the table-level statistics (ColumnName null) with RowCount
 *   and LastCollectTimeStamp, as after `COLLECT STATISTICS ... COLUMN
 *   (PARTITION)`; none for views;
 * - SHOW TABLE: the CREATE MULTISET TABLE text Teradata prints (options,
 *   columns with types and NOT NULL, the primary index on the first column).
 *
 * The demo tables hold no rows, so the figures are made up, deterministic
 * (from the name) and plausible for the layer: staging extracts of millions
 * of rows, core tables somewhat fewer, marts thousands; the size is the row
 * count times the row width the column types give, spread over four AMPs
 * with a little skew. Nothing reads them but the explorer's detail panel.
 */
export const DEMO_AMPS = 4;

export interface DemoTableStatistics {
  readonly rowCount: number;
  /** Bytes per AMP, AMP 0 first (sum: CurrentPerm of the table). */
  readonly currentPermByAmp: readonly number[];
  readonly peakPermByAmp: readonly number[];
  readonly collectedAt: Date;
  readonly lastAccessedAt: Date;
}

/** FNV-1a of a string: a stable pseudo-random number per table. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Bytes a value of a column takes in a row (variable-length ones about half full, plus the 2-byte offset). */
function columnBytes(type: string): number {
  const m = /^([A-Z]+)\s*(?:\((\d+))?/i.exec(type.trim());
  const base = (m?.[1] ?? '').toUpperCase();
  const n = m?.[2] ? Number(m[2]) : null;
  const fixed: Record<string, number> = { INTEGER: 4, SMALLINT: 2, BYTEINT: 1, BIGINT: 8, DECIMAL: 8, DATE: 4, TIMESTAMP: 10 };
  if (base === 'VARCHAR') return Math.ceil((n ?? 20) / 2) + 2;
  if (base === 'CHAR') return n ?? 1;
  return fixed[base] ?? 8;
}

/** Rows per layer: staging extracts are the largest, marts the smallest. */
function rowRange(database: string): [number, number] {
  if (database.startsWith('stg_')) return [1_000_000, 8_000_000];
  if (database.startsWith('mart_')) return [5_000, 400_000];
  return [200_000, 4_000_000];
}

/** Statistics of a demo table; null for a view (no space, no statistics). */
export function demoTableStatistics(table: DemoTable, loadedAt: Date): DemoTableStatistics | null {
  if (table.kind === 'V') return null;
  const h = hash(`${table.database}.${table.name}`);
  const [low, high] = rowRange(table.database);
  const rowCount = low + (h % (high - low));
  // Row header (14 bytes) and the columns; 8 % more for block and cylinder overhead.
  const width = 14 + table.columns.reduce((n, c) => n + columnBytes(c.type), 0);
  const total = Math.round(rowCount * width * 1.08);
  const skews = Array.from({ length: DEMO_AMPS }, (_, amp) => 1 + (((h >>> (amp * 4)) & 0xf) - 7.5) / 150);
  const sum = skews.reduce((a, b) => a + b, 0);
  const currentPermByAmp = skews.map((s) => Math.round((total * s) / sum));
  // A reload (delete, then insert) doubles the space for a while: PeakPerm keeps the high-water mark.
  const peakPermByAmp = currentPermByAmp.map((b, amp) => Math.round(b * (1.2 + ((h >>> (amp + 8)) & 0x3) / 10)));
  const day = 86_400_000;
  return {
    rowCount,
    currentPermByAmp,
    peakPermByAmp,
    collectedAt: new Date(loadedAt.getTime() + (20 + (h % 30)) * day),
    lastAccessedAt: new Date(loadedAt.getTime() + (300 + (h % 20)) * day),
  };
}

/** SHOW TABLE's answer for a demo table, as Teradata formats it. */
export function demoShowTable(table: DemoTable): string {
  const columns = table.columns.map((c) => `      ${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}`).join(',\n');
  return (
    `CREATE MULTISET TABLE ${table.database}.${table.name} ,FALLBACK ,\n` +
    '     NO BEFORE JOURNAL,\n     NO AFTER JOURNAL,\n     CHECKSUM = DEFAULT,\n     DEFAULT MERGEBLOCKRATIO,\n     MAP = TD_MAP1\n' +
    `     (\n${columns})\nPRIMARY INDEX ( ${table.columns[0]?.name ?? 'id'} );`
  );
}
