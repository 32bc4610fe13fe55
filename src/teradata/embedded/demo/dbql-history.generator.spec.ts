import { describe, expect, it } from 'vitest';
import { DBQL_FLUSH_SECONDS, DBQL_SQL_ROW_LENGTH, generateDbqlHistory, splitSqlText } from './dbql-history.generator.js';
import { DEMO_TABLES } from './demo-warehouse.js';

const history = generateDbqlHistory({ statements: 600, seed: 42 });
const texts = history.map((h) => h.sqlText);
const some = (re: RegExp) => texts.filter((t) => re.test(t));

describe('generateDbqlHistory', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    expect(generateDbqlHistory({ statements: 600, seed: 42 })).toEqual(history);
    const other = generateDbqlHistory({ statements: 600, seed: 43 });
    expect(other.map((h) => h.sqlText)).not.toEqual(texts);
  });

  it('gives the number of statements asked for, with unique query ids, in time order over several days', () => {
    expect(history).toHaveLength(600);
    expect(new Set(history.map((h) => h.queryId)).size).toBe(600);
    for (let i = 1; i < history.length; i++) expect(history[i].startTime.getTime()).toBeGreaterThan(history[i - 1].startTime.getTime());
    const days = (history.at(-1)!.startTime.getTime() - history[0].startTime.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(3);
    for (const h of history) expect(h.firstRespTime.getTime()).toBeGreaterThanOrEqual(h.startTime.getTime());
  });

  it('logs rows as DBQL does: CollectTimeStamp is the opening of the buffer of the PE the query completed on, shared by the rows of that buffer', () => {
    const period = DBQL_FLUSH_SECONDS * 1000;
    for (const h of history) {
      // collected when it completed, into a buffer opened at most one flush interval before
      expect(h.collectTime.getTime()).toBeLessThanOrEqual(h.firstRespTime.getTime());
      expect(h.firstRespTime.getTime() - h.collectTime.getTime()).toBeLessThan(period);
    }
    expect(new Set(history.map((h) => h.procId)).size).toBe(2);
    // rows of several queries share one CollectTimeStamp, and it is not their StartTime
    const perBuffer = new Map<string, number>();
    for (const h of history) perBuffer.set(`${h.procId}/${h.collectTime.toISOString()}`, (perBuffer.get(`${h.procId}/${h.collectTime.toISOString()}`) ?? 0) + 1);
    expect(Math.max(...perBuffer.values())).toBeGreaterThan(1);
    expect(history.filter((h) => h.collectTime.getTime() !== h.startTime.getTime()).length).toBeGreaterThan(history.length * 0.9);
  });

  it.each([
    ['INS abbreviation', /^INS\s/m],
    ['SEL abbreviation', /^SEL\s/m],
    ['UPD abbreviation', /^UPD\s/m],
    ['DEL abbreviation', /^DEL\s+FROM/m],
    ['CT abbreviation', /^CT\s/m],
    ['LOCKING ROW FOR ACCESS', /LOCKING ROW FOR ACCESS/],
    ['MULTISET table', /CREATE MULTISET (VOLATILE )?TABLE/],
    ['VOLATILE table WITH DATA ON COMMIT PRESERVE ROWS', /CREATE (MULTISET )?VOLATILE TABLE[\s\S]*WITH DATA[\s\S]*ON COMMIT PRESERVE ROWS/],
    ['INSERT … SELECT with a column list', /INSERT INTO \S+ \([^)]+\)\s*SELECT/],
    ['INSERT … SELECT without a column list', /INSERT INTO \S+\s*\n?\s*(SELECT|WITH)/],
    ['MERGE', /^MERGE INTO|\nMERGE INTO/],
    ['UPDATE … FROM', /UPD(ATE)? \w+ FROM /],
    ['REPLACE VIEW', /^REPLACE VIEW/],
    ['CTE', /WITH \w+ AS \(/],
    ['QUALIFY', /QUALIFY /],
    ['TOP', /SELECT TOP \d+/],
    ['SAMPLE', /SAMPLE \d+/],
    ['TITLE phrase', /\(TITLE '/],
    ['FORMAT phrase', /\(FORMAT '/],
    ['DATABASE default', /^DATABASE \w+;$/],
  ])('contains %s', (_name, re) => {
    expect(some(re).length).toBeGreaterThan(0);
  });

  it('contains pathological statements: a 60-branch UNION, 40 nested derived tables, a 45-deep CASE', () => {
    const occurrences = (t: string, needle: string) => t.split(needle).length - 1;
    expect(texts.some((t) => occurrences(t, 'UNION ALL') >= 59)).toBe(true);
    expect(texts.some((t) => occurrences(t, '(SELECT') >= 40)).toBe(true);
    expect(texts.some((t) => occurrences(t, 'CASE WHEN') >= 45)).toBe(true);
  });

  it('chains volatile tables within one session: created, filled from, in consecutive statements of the same SessionID', () => {
    const create = history.findIndex((h) => /CREATE VOLATILE TABLE vt_orders/.test(h.sqlText));
    expect(create).toBeGreaterThanOrEqual(0);
    const next = history[create + 1];
    expect(next.sessionId).toBe(history[create].sessionId);
    expect(next.sqlText).toMatch(/FROM vt_orders/);
  });

  it('repeats BI SELECTs with the same text modulo literals', () => {
    const shape = (t: string) => t.replace(/'[^']*'/g, "'?'").replace(/\b\d+\b/g, '0');
    const selects = history.filter((h) => h.statementType === 'Select').map((h) => shape(h.sqlText));
    const counts = new Map<string, number>();
    for (const s of selects) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThan(10);
    expect(selects.length).toBeGreaterThan(new Set(selects).size * 5);
  });

  it('has failed statements with an error code and text, and statements longer than one DBQLSQLTbl row', () => {
    const failed = history.filter((h) => h.errorCode !== 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.errorText).toMatch(/\w+/);
    expect(history.filter((h) => h.errorCode === 0).every((h) => h.errorText === null)).toBe(true);
    expect(texts.filter((t) => t.length > DBQL_SQL_ROW_LENGTH).length).toBeGreaterThanOrEqual(2);
  });

  it('uses unqualified names after a DATABASE statement, with the session default database set', () => {
    const at = history.findIndex((h) => h.sqlText === 'DATABASE core;');
    expect(history[at + 1].defaultDatabase).toBe('core');
    expect(history[at + 1].sessionId).toBe(history[at].sessionId);
    expect(history[at + 1].sqlText).toMatch(/FROM customer_address /);
  });

  it('references the demo warehouse: every qualified db.table it writes to or reads exists in the catalog (volatile and scratch tables aside)', () => {
    const known = new Set(DEMO_TABLES.map((t) => `${t.database}.${t.name}`.toLowerCase()));
    const databases = new Set(DEMO_TABLES.map((t) => t.database));
    const unknown = new Set<string>();
    for (const t of texts) {
      for (const m of t.matchAll(/\b(stg_crm|stg_sales|core|mart_sales|mart_finance)\.(\w+)\b/g)) {
        const name = `${m[1]}.${m[2]}`.toLowerCase();
        if (!known.has(name) && !/_new$|_bkp$/.test(name)) unknown.add(name);
      }
    }
    expect(databases.size).toBeGreaterThanOrEqual(5);
    expect([...unknown].filter((n) => n !== 'core.customer_bkp')).toEqual([]);
  });

  it('follows the mix: mostly BI SELECTs, then ETL, some DDL', () => {
    const big = generateDbqlHistory({ statements: 5000, seed: 1 });
    const share = (type: string) => big.filter((h) => h.statementType === type).length / big.length;
    expect(share('Select')).toBeGreaterThan(0.55);
    expect(share('Select')).toBeLessThan(0.85);
    const etl = big.filter((h) => ['Insert', 'Merge Into', 'Update', 'Delete'].includes(h.statementType)).length / big.length;
    expect(etl).toBeGreaterThan(0.1);
    const onlyEtl = generateDbqlHistory({ statements: 300, seed: 1, mix: { bi: 0, etl: 1, ddl: 0, failed: 0 } });
    expect(onlyEtl.slice(100).filter((h) => h.statementType === 'Select')).toEqual([]);
  });
});

describe('splitSqlText', () => {
  it('keeps a short text in one row', () => {
    expect(splitSqlText('SEL 1;')).toEqual(['SEL 1;']);
  });

  it('splits a long text into rows of at most the row length that reassemble to the text', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `col_${i}`).join(', ');
    const rows = splitSqlText(text, 1000);
    expect(rows.length).toBe(Math.ceil(text.length / 1000));
    expect(rows.every((r) => r.length <= 1000)).toBe(true);
    expect(rows.join('')).toBe(text);
  });
});

describe('the history matches the demo catalog', () => {
  it('every INSERT column list names columns of its target table', () => {
    const wrong: string[] = [];
    for (const t of new Set(texts)) {
      const m = /^INSERT INTO (\w+)\.(\w+) \(([^)]*)\)/.exec(t);
      if (!m) continue;
      const table = DEMO_TABLES.find((x) => x.database === m[1] && x.name === m[2]);
      if (!table) continue;
      const names = new Set(table.columns.map((c) => c.name));
      for (const col of m[3].split(',').map((c) => c.trim())) if (!names.has(col)) wrong.push(`${m[1]}.${m[2]}.${col}`);
    }
    expect(wrong).toEqual([]);
  });
});
