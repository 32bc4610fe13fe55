import { describe, expect, it } from 'vitest';
import { normalizeTeradata, splitScript } from './normalize.js';

/** Teradata forms the parser rejects → text it accepts, reading and writing the same columns. */
describe('normalizeTeradata', () => {
  const norm = (sql: string): string => normalizeTeradata(sql).sql.replace(/\s+/g, ' ').trim();

  it('expands INS/SEL/UPD/DEL and adds INTO to INS', () => {
    expect(norm('INS mart.t SEL a FROM s')).toBe('INSERT INTO mart.t SELECT a FROM s');
    expect(norm('UPD t SET a = 1')).toBe('UPDATE t SET a = 1');
    expect(norm('DEL FROM t WHERE a = 1')).toBe('DELETE FROM t WHERE a = 1');
  });

  it('adds INTO to INSERT without it, and turns CT into CREATE TABLE', () => {
    expect(norm('INSERT mart.t SELECT a FROM s')).toBe('INSERT INTO mart.t SELECT a FROM s');
    expect(norm('CT mart.t2 AS mart.t1 WITH DATA')).toBe('CREATE TABLE mart.t2 AS mart.t1 WITH DATA');
  });

  it('rewrites DELETE … ALL as DELETE FROM …', () => {
    expect(norm('DELETE mart.t ALL')).toBe('DELETE FROM mart.t');
    expect(norm('DEL FROM mart.t ALL;')).toBe('DELETE FROM mart.t ;');
  });

  it('drops LOCKING modifiers in front of DML and inside views', () => {
    expect(norm('LOCKING ROW FOR ACCESS INSERT INTO t SELECT a FROM s')).toBe('INSERT INTO t SELECT a FROM s');
    expect(norm('LOCKING TABLE db.s FOR READ MODE NOWAIT SEL a FROM db.s')).toBe('SELECT a FROM db.s');
    expect(norm('REPLACE VIEW v AS LOCKING ROW FOR ACCESS SELECT a FROM s')).toBe('REPLACE VIEW v AS SELECT a FROM s');
  });

  it('drops TITLE/FORMAT phrases, turns NAMED into an alias and drops data type conversions', () => {
    expect(norm("SEL a (TITLE 'A'), b (FORMAT 'ZZ9'), c (NAMED cc) FROM s")).toBe('SELECT a , b , c AS cc FROM s');
    expect(norm("SEL d (DATE, FORMAT 'YYYY-MM-DD') AS d2, e (CHAR(10)) FROM s")).toBe('SELECT d AS d2, e FROM s');
    expect(norm("SEL c (NAMED cc) AS c3 FROM s")).toBe('SELECT c AS c3 FROM s');
  });

  it('keeps CAST … FORMAT, function calls on DATE, column lists and column definitions', () => {
    expect(norm("SELECT CAST(a AS DATE FORMAT 'YYYYMMDD') FROM s")).toBe("SELECT CAST(a AS DATE FORMAT 'YYYYMMDD') FROM s");
    expect(norm('SELECT TRUNC(DATE), ADD_MONTHS(DATE, 1) FROM s')).toBe('SELECT TRUNC(DATE), ADD_MONTHS(DATE, 1) FROM s');
    expect(norm("INSERT INTO t (title, format) VALUES ('a', 'b')")).toBe("INSERT INTO t (title, format) VALUES ('a', 'b')");
    expect(norm("CREATE TABLE t (a INTEGER, d DATE FORMAT 'YYYY')")).toBe("CREATE TABLE t (a INTEGER, d DATE FORMAT 'YYYY')");
  });

  it('drops table options before AS and AND [NO] STATISTICS after WITH DATA', () => {
    expect(norm('CREATE VOLATILE TABLE vt, NO LOG AS (SELECT a FROM s) WITH DATA ON COMMIT PRESERVE ROWS')).toBe('CREATE VOLATILE TABLE vt AS (SELECT a FROM s) WITH DATA ON COMMIT PRESERVE ROWS');
    expect(norm('CREATE MULTISET TABLE db.x ,NO FALLBACK ,NO BEFORE JOURNAL AS (SELECT a FROM s) WITH DATA AND NO STATS')).toBe('CREATE MULTISET TABLE db.x AS (SELECT a FROM s) WITH DATA');
    expect(norm('CREATE SET TABLE db.x ,NO FALLBACK (a INTEGER) PRIMARY INDEX (a)')).toBe('CREATE SET TABLE db.x ,NO FALLBACK (a INTEGER) PRIMARY INDEX (a)');
  });

  it('drops character-set introducers, hex suffixes and SELECT NORMALIZE', () => {
    expect(norm("SEL _UNICODE'abc' || a, 'FF'XB FROM s")).toBe("SELECT 'abc' || a, 'FF' FROM s");
    expect(norm('SELECT NORMALIZE ON MEETS OR OVERLAPS a, p FROM s')).toBe('SELECT a, p FROM s');
  });

  it('never touches string literals, quoted names or comments', () => {
    const sql = `INSERT INTO t (n) SELECT 'INS SEL (TITLE ''x'') DEL t ALL' || "SEL" FROM s -- LOCKING ROW FOR ACCESS\n`;
    const out = normalizeTeradata(sql).sql;
    expect(out).toContain(`'INS SEL (TITLE ''x'') DEL t ALL'`);
    expect(out).toContain('"SEL"');
  });

  it('records what it changed, and nothing for plain SQL', () => {
    expect(normalizeTeradata('SELECT a FROM s').changes).toEqual([]);
    expect(normalizeTeradata("INS t SEL a (TITLE 'x') FROM s").changes.length).toBeGreaterThan(0);
  });
});

describe('splitScript', () => {
  it('splits at top-level semicolons only', () => {
    expect(splitScript("BT; INS t SEL ';' FROM s; /* ; */ ET;")).toEqual(['BT', "INS t SEL ';' FROM s", '/* ; */ ET']);
    expect(splitScript(' ; ; ')).toEqual([]);
  });
});
