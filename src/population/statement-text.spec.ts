import { describe, expect, it } from 'vitest';
import { classifyStatement, fingerprintStatement, normalizeStatement, statementHead } from './statement-text.js';

const kind = (sql: string) => classifyStatement(normalizeStatement(sql));

describe('fingerprintStatement', () => {
  it('is the same modulo literals, comments, whitespace and case', () => {
    const a = fingerprintStatement("SELECT a FROM sales.t WHERE d = DATE '2026-01-01' AND n > 10 -- daily");
    const b = fingerprintStatement("select  a\nfrom SALES.T /* x */ where d = date '2025-12-31' and n>7.5");
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.normalized).toBe('SELECT A FROM SALES . T WHERE D = DATE ? AND N > ?');
  });

  it('differs when names differ, and keeps quoted identifiers as written', () => {
    expect(fingerprintStatement('SELECT a FROM t1').fingerprint).not.toBe(fingerprintStatement('SELECT a FROM t2').fingerprint);
    expect(normalizeStatement('SELECT "Mixed Case" FROM t')).toBe('SELECT "Mixed Case" FROM T');
  });

  it('handles doubled quotes inside strings and identifiers with digits', () => {
    expect(normalizeStatement("INSERT INTO t1 (c2) VALUES ('it''s', 3)")).toBe('INSERT INTO T1 ( C2 ) VALUES ( ? , ? )');
  });
});

describe('classifyStatement', () => {
  it.each([
    ['SEL * FROM t', 'select'],
    ['  ( SELECT a FROM t )', 'select'],
    ['LOCKING ROW FOR ACCESS SELECT a FROM t', 'select'],
    ['LOCKING TABLE sales.t FOR ACCESS SEL a FROM t', 'select'],
    ['WITH x AS (SELECT 1 AS a) SELECT a FROM x', 'select'],
    ['INS INTO t SEL * FROM s', 'write'],
    ['INSERT INTO t (a) SELECT a FROM s', 'write'],
    ['UPD t FROM s SET a = s.a WHERE t.k = s.k', 'write'],
    ['MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET a = s.a', 'write'],
    ['WITH x AS (SELECT a FROM s) INSERT INTO t SELECT a FROM x', 'write'],
    ['REPLACE VIEW v AS LOCKING ROW FOR ACCESS SELECT a FROM t', 'define'],
    ['CREATE VIEW v (a) AS SELECT a FROM t', 'define'],
    ['CT t AS (SEL a FROM s) WITH DATA', 'define'],
    ['CREATE MULTISET VOLATILE TABLE vt AS (SELECT a FROM s) WITH DATA ON COMMIT PRESERVE ROWS', 'define'],
    ['CREATE MULTISET TABLE t, NO FALLBACK (a INTEGER) PRIMARY INDEX (a)', 'none'],
    ['COLLECT STATISTICS COLUMN (a) ON t', 'none'],
    ['DELETE FROM t WHERE a = 1', 'none'],
    ['DEL FROM t ALL', 'none'],
    ['BT', 'none'],
    ['CALL proc(1)', 'none'],
    ['DATABASE sales', 'none'],
    ['BT; INSERT INTO t (a) SELECT a FROM s; ET;', 'write'],
  ])('%s → %s', (sql, expected) => {
    expect(kind(sql)).toBe(expected);
  });
});

describe('statementHead', () => {
  it('takes the first words without comments', () => {
    expect(statementHead('/* job 7 */ INSERT INTO sales.daily_totals\n  (a, b) SELECT a, b FROM s')).toBe('INSERT INTO sales.daily_totals (a, b)');
  });
});
