import { describe, expect, it } from 'vitest';
import { TransactionAbortedError } from './database.errors.js';
import { IN_LIST_CHUNK, inListValues, overlapped, queryInList, queryInLists, type Row, type SqlExecutor, type SqlValue } from './database.port.js';

/** An executor that answers each statement with its distinct parameters as rows (what an IN list matches), and records what it was sent. */
function recorder() {
  const sent: { sql: string; params: readonly SqlValue[] }[] = [];
  const executor: SqlExecutor = {
    query: async <T extends Row = Row>(sql: string, params: readonly SqlValue[] = []) => {
      sent.push({ sql, params });
      return [...new Set(params)].map((v) => ({ v })) as unknown as T[];
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
    // the last list padded to the next of the few lengths a statement takes
    expect(sent.map((s) => s.params.length)).toEqual([IN_LIST_CHUNK, IN_LIST_CHUNK, 4]);
    expect(sent[2].params).toEqual([2000, 2001, 2002, 2002]);
  });

  it('pads an IN list to one of a few lengths with its last value, never past the most asked for, so a statement takes few texts', () => {
    const lengths = Array.from({ length: IN_LIST_CHUNK }, (_, i) => inListValues(Array.from({ length: i + 1 }, (_, k) => k)).length);
    expect([...new Set(lengths)]).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, IN_LIST_CHUNK]);
    expect(lengths.every((n, i) => n >= i + 1)).toBe(true);
    expect(inListValues(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'c']);
    expect(inListValues(Array.from({ length: 100 }, (_, k) => k), 111)).toHaveLength(111);
    expect(inListValues([])).toEqual([]);
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

describe('overlapped', () => {
  const executor = (overlaps: boolean): SqlExecutor => ({ query: async () => [], execute: async () => 0, batch: async () => 0, overlaps });
  const later = <T>(value: T, turns: number, log: string[], name: string) => async () => {
    log.push(`start ${name}`);
    for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
    log.push(`end ${name}`);
    return value;
  };

  it('runs the pieces one after another, in order, where the executor does not overlap statements', async () => {
    const log: string[] = [];
    expect(await overlapped(executor(false), later('a', 3, log, 'a'), later(2, 1, log, 'b'))).toEqual(['a', 2]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('starts every piece at once where it does, and answers their results in the order given', async () => {
    const log: string[] = [];
    expect(await overlapped(executor(true), later('a', 3, log, 'a'), later(2, 1, log, 'b'))).toEqual(['a', 2]);
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a']);
  });

  it('throws why the work failed, not a statement refused because the transaction was aborted, only once every piece has ended', async () => {
    const log: string[] = [];
    const fail = (message: string, turns: number, aborted = false) => async () => {
      for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
      log.push(`fail ${message}`);
      throw aborted ? new TransactionAbortedError(message) : new Error(message);
    };
    // the statement refused because the transaction was aborted fails first in the order given and in time: the cause is thrown
    await expect(overlapped(executor(true), fail('aborted', 0, true), fail('cause', 2), later('slow', 5, log, 'slow'))).rejects.toThrow('cause');
    expect(log).toEqual(['fail aborted', 'start slow', 'fail cause', 'end slow']);
    log.length = 0;
    // of two causes, the first in the order given
    await expect(overlapped(executor(true), fail('first', 2), fail('second', 0), later('slow', 5, log, 'slow'))).rejects.toThrow('first');
    expect(log).toEqual(['fail second', 'start slow', 'fail first', 'end slow']);
  });
});
