import { describe, expect, it } from 'vitest';
import { IN_LIST_CHUNK, queryInList, queryInLists, type Row, type SqlExecutor, type SqlValue } from './database.port.js';

/** An executor that answers each statement with its parameters as rows, and records what it was sent. */
function recorder() {
  const sent: { sql: string; params: readonly SqlValue[] }[] = [];
  const executor: SqlExecutor = {
    query: async <T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) => {
      sent.push({ sql, params });
      return params.map((v) => ({ v })) as unknown as T[];
    },
    execute: async () => 0,
    batch: async () => 0,
  };
  return { sent, executor };
}

describe('IN-list reads', () => {
  it('queryInList reads a long list IN_LIST_CHUNK values at a time', async () => {
    const { sent, executor } = recorder();
    const values = Array.from({ length: IN_LIST_CHUNK * 2 + 3 }, (_, i) => i);
    const rows = await queryInList<{ v: number }>(executor, 'SELECT x FROM t WHERE id IN (?)', values);
    expect(rows.map((r) => r.v)).toEqual(values);
    expect(sent.map((s) => s.params.length)).toEqual([IN_LIST_CHUNK, IN_LIST_CHUNK, 3]);
  });

  it('queryInLists binds each list to its IN (?) in order, an empty list taking its value that matches nothing', async () => {
    const { sent, executor } = recorder();
    await queryInLists(executor, 'SELECT a FROM t WHERE x IN (?) UNION ALL SELECT b FROM u WHERE y IN (?)', [['p', 'q'], []], ['none', -1]);
    expect(sent).toEqual([{ sql: 'SELECT a FROM t WHERE x IN (?, ?) UNION ALL SELECT b FROM u WHERE y IN (?)', params: ['p', 'q', -1] }]);
  });

  it('queryInLists shares the marker budget between the lists over as many runs as the longest needs, and skips a read of nothing', async () => {
    const { sent, executor } = recorder();
    const long = Array.from({ length: 1200 }, (_, i) => `v${i}`);
    const rows = await queryInLists<{ v: SqlValue }>(executor, 'SELECT 1 WHERE a IN (?) OR b IN (?)', [long, ['only']], ['', '']);
    const per = Math.floor(IN_LIST_CHUNK / 2);
    expect(sent).toHaveLength(Math.ceil(1200 / per));
    expect(sent.every((s) => s.params.length <= IN_LIST_CHUNK + 1)).toBe(true);
    expect(rows.map((r) => r.v).filter((v) => v !== '' && v !== 'only')).toEqual(long);
    expect(rows.filter((r) => r.v === 'only')).toHaveLength(1);
    expect(await queryInLists(executor, 'SELECT 1 WHERE a IN (?)', [[]], [''])).toEqual([]);
    await expect(queryInLists(executor, 'SELECT 1 WHERE a IN (?)', [['x'], ['y']], ['', ''])).rejects.toThrow(/1 IN \(\?\) lists, 2 given/);
  });
});
