import { describe, expect, it } from 'vitest';
import type { DbqlStatement } from './dbql.repository.js';
import { VolatileSessions } from './extraction/volatile-session.js';
import { classifyPage, SKIP } from './statement-classifier.js';

let nextId = 0;
function statement(overrides: Partial<DbqlStatement>): DbqlStatement {
  nextId++;
  return {
    queryId: String(nextId),
    sessionId: '7',
    userName: 'etl_user',
    appId: 'BTEQ',
    clientId: 'etl_host',
    defaultDatabase: 'stage',
    startTime: new Date(Date.UTC(2026, 0, 1, 0, 0, nextId)),
    collectTime: new Date(Date.UTC(2026, 0, 1, 0, 10, nextId)),
    statementType: 'Insert',
    errorCode: 0,
    sql: null,
    logRows: 1,
    ...overrides,
  };
}

describe('classifyPage (the classify stage of DBQL population)', () => {
  it('skips with a reason what cannot write lineage and keeps the rest in log order', () => {
    const page = [
      statement({ errorCode: 3807, sql: 'INSERT INTO core.a SELECT * FROM stage.missing' }),
      statement({ statementType: 'Select', sql: 'SELECT * FROM core.a' }),
      statement({ sql: '   ' }),
      statement({ statementType: 'Collect statistics', sql: 'COLLECT STATISTICS ON core.a COLUMN (id)' }),
      statement({ sql: 'INSERT INTO core.a (id) SELECT id FROM stage.a' }),
      statement({ statementType: 'Update', sql: 'UPDATE core.a SET id = 1 WHERE id = 2' }),
    ];
    const result = classifyPage(page, new VolatileSessions(10, 10));
    expect(result.read).toBe(6);
    expect(Object.fromEntries(result.skips)).toEqual({ [SKIP.failedInTeradata]: 1, [SKIP.selectOnly]: 1, [SKIP.noSqlText]: 1, [SKIP.noLineage]: 1 });
    expect(result.statements.map((c) => [c.statement.queryId, c.kind])).toEqual([
      [page[4].queryId, 'write'],
      [page[5].queryId, 'write'],
    ]);
  });

  it('counts a tally of rows the reader left in the database (failed requests, plain SELECTs) as that many rows read and skipped', () => {
    const page = [
      statement({ queryId: '', errorCode: 0, statementType: 'Select', logRows: 7_000 }),
      statement({ sql: 'INSERT INTO core.a (id) SELECT id FROM stage.a' }),
      statement({ queryId: '', errorCode: 3807, statementType: 'Insert', logRows: 40 }),
    ];
    const result = classifyPage(page, new VolatileSessions(10, 10));
    expect(result.read).toBe(7_041);
    expect(Object.fromEntries(result.skips)).toEqual({ [SKIP.selectOnly]: 7_000, [SKIP.failedInTeradata]: 40 });
    expect(result.statements.map((c) => c.statement.queryId)).toEqual([page[1].queryId]);
  });

  it('gives a statement repeated with other literals and spacing one key, and another default database another', () => {
    const page = [
      statement({ sql: "INSERT INTO core.a (id, note) SELECT id, 'x' FROM stage.a WHERE day = 1" }),
      statement({ sql: "insert into core.a (id, note)\n  select id, 'y' from stage.a where day = 2" }),
      statement({ defaultDatabase: 'other', sql: "INSERT INTO core.a (id, note) SELECT id, 'x' FROM stage.a WHERE day = 1" }),
    ];
    const [first, second, third] = classifyPage(page, new VolatileSessions(10, 10)).statements;
    expect(second.key).toBe(first.key);
    expect(third.key).not.toBe(first.key);
  });

  it('skips the steps that create and fill a volatile table, and hands them as context to the statement reading it', () => {
    const sessions = new VolatileSessions(10, 10);
    const create = 'CREATE VOLATILE TABLE vt_orders AS (SELECT order_id, amount FROM stage.orders) WITH DATA ON COMMIT PRESERVE ROWS';
    const page = [
      statement({ statementType: 'Create Table', sql: create }),
      statement({ sql: 'INSERT INTO core.orders (order_id, amount) SELECT order_id, amount FROM vt_orders' }),
      statement({ sessionId: '8', sql: 'INSERT INTO core.orders (order_id, amount) SELECT order_id, amount FROM vt_orders' }),
    ];
    const result = classifyPage(page, sessions);
    expect(Object.fromEntries(result.skips)).toEqual({ [SKIP.volatileStep]: 1 });
    const [reader, otherSession] = result.statements;
    expect(reader.context).toEqual([create]);
    expect([...(reader.volatileTables ?? [])]).toEqual(['vt_orders']);
    // another session never created vt_orders: no context, and so another key
    expect(otherSession.context).toEqual([]);
    expect(otherSession.key).not.toBe(reader.key);
  });
});
