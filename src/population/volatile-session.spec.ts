import { describe, expect, it } from 'vitest';
import { volatileCreated, writeTarget } from './dbql-population.js';
import { normalizeStatement } from './statement-text.js';

describe('volatile tables in a session', () => {
  it.each([
    ['CREATE VOLATILE TABLE vt_orders AS (SELECT a FROM s) WITH DATA ON COMMIT PRESERVE ROWS', 'vt_orders'],
    ['CREATE MULTISET VOLATILE TABLE etl.vt_x, NO LOG (a INTEGER) ON COMMIT PRESERVE ROWS', 'vt_x'],
    ['CT t AS (SEL a FROM s) WITH DATA', null],
  ])('%s creates %s', (sql, name) => {
    expect(volatileCreated(normalizeStatement(sql))).toBe(name);
  });

  it.each([
    ['INSERT INTO vt_orders SELECT * FROM s', 'vt_orders'],
    ['INS vt_orders SEL * FROM s', 'vt_orders'],
    ['UPD t FROM s SET a = s.a', 't'],
    ['MERGE INTO core.customer AS t USING vt_c AS s ON t.k = s.k WHEN MATCHED THEN UPDATE SET a = s.a', 'customer'],
    ['LOCKING ROW FOR ACCESS INSERT INTO mart.x (a) SELECT a FROM y', 'x'],
    ['SELECT * FROM t', null],
  ])('%s writes %s', (sql, name) => {
    expect(writeTarget(normalizeStatement(sql))).toBe(name);
  });
});
