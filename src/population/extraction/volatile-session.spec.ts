import { describe, expect, it } from 'vitest';
import { extractionSession } from '../../../test/support/extraction-golden.js';
import { classifyStatement, fingerprintStatement, normalizeStatement } from '../statement-text.js';
import type { ExtractedEdge } from './extraction.types.js';
import { extractLineage } from './extractor.js';
import { SessionState } from './session-state.js';
import { type ClassifiedText, volatileCreated, VolatileSessions, writeTarget } from './volatile-session.js';

const text = (sql: string): ClassifiedText => {
  const { normalized, fingerprint } = fingerprintStatement(sql);
  return { sql, normalized, fingerprint, kind: classifyStatement(normalized) };
};
const edge = (e: ExtractedEdge): string => `${e.source.dataset}.${e.source.field}->${e.target.dataset}.${e.target.field}`;

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

describe('VolatileSessions (population classifier)', () => {
  const create = text('CREATE VOLATILE TABLE vt AS (SELECT a FROM stage.s) WITH DATA ON COMMIT PRESERVE ROWS');
  const fill = text('INSERT INTO vt SELECT b FROM stage.t');
  const reader = text('INSERT INTO mart.x SELECT a FROM vt');

  it('takes creating and filling a volatile table as steps, replayed in order before a statement reading it', () => {
    const sessions = new VolatileSessions(10, 10);
    expect(sessions.classify('s1', create)).toEqual({ step: true });
    expect(sessions.classify('s1', fill)).toEqual({ step: true });
    const read = sessions.classify('s1', reader);
    expect(read.step).toBe(false);
    if (read.step) return;
    expect(read.reads?.context).toEqual([create.sql, fill.sql]);
    expect([...(read.tables ?? [])]).toEqual(['vt']);
  });

  it('gives the same steps the same digest in any session, and other steps another one', () => {
    const sessions = new VolatileSessions(10, 10);
    for (const id of ['s1', 's2']) {
      sessions.classify(id, create);
      sessions.classify(id, fill);
    }
    sessions.classify('s3', create);
    const digest = (id: string): string | undefined => {
      const use = sessions.classify(id, reader);
      return use.step ? undefined : use.reads?.digest;
    };
    expect(digest('s1')).toMatch(/^[0-9a-f]{16}$/);
    expect(digest('s2')).toBe(digest('s1'));
    expect(digest('s3')).not.toBe(digest('s1'));
  });

  it('names the tables but replays nothing for a statement not reading them, and knows nothing of sessions without any', () => {
    const sessions = new VolatileSessions(10, 10);
    sessions.classify('s1', create);
    expect(sessions.classify('s1', text('INSERT INTO mart.y SELECT c FROM stage.u'))).toEqual({ step: false, tables: new Set(['vt']), reads: undefined });
    // a plain query reading the table writes no lineage: nothing to replay
    expect(sessions.classify('s1', text('SELECT a FROM vt'))).toEqual({ step: false, tables: new Set(['vt']), reads: undefined });
    expect(sessions.classify('s2', reader)).toEqual({ step: false, tables: undefined, reads: undefined });
    expect(sessions.classify(null, reader)).toEqual({ step: false, tables: undefined, reads: undefined });
  });

  it('takes a creation without a session as a step, remembered nowhere', () => {
    const sessions = new VolatileSessions(10, 10);
    expect(sessions.classify(null, create)).toEqual({ step: true });
    expect(sessions.classify(null, fill)).toEqual({ step: false, tables: undefined, reads: undefined });
  });

  it('forgets the least recently seen session past its limit, and keeps the last steps of each', () => {
    const sessions = new VolatileSessions(2, 2);
    sessions.classify('s1', create);
    sessions.classify('s2', create);
    sessions.classify('s1', text('INSERT INTO mart.y SELECT c FROM stage.u')); // s1 seen again: s2 is now the oldest
    sessions.classify('s3', create);
    expect(sessions.classify('s2', reader)).toEqual({ step: false, tables: undefined, reads: undefined });
    sessions.classify('s1', fill);
    sessions.classify('s1', text('INSERT INTO vt SELECT d FROM stage.w'));
    const read = sessions.classify('s1', reader);
    expect(read.step ? undefined : read.reads?.context).toEqual([fill.sql, 'INSERT INTO vt SELECT d FROM stage.w']);
  });
});

describe('volatile tables in extraction', () => {
  it('runs a session script: volatile tables are collapsed in the composed view', () => {
    const session = extractionSession({});
    for (const statement of [
      'DATABASE etl_work;',
      "CREATE VOLATILE TABLE vt AS (SEL cust_id, UPPER(nm) AS nm FROM core.customer WHERE active = 'Y') WITH DATA ON COMMIT PRESERVE ROWS;",
      'INS INTO mart.customer_list (id, name) SEL cust_id, nm FROM vt;',
      'DROP TABLE vt;',
    ])
      session.extract(statement);
    const composed = session.finish();
    expect(composed.statements.map((s) => s.statementType)).toEqual(['other', 'ctas', 'insert', 'ddl']);
    expect(composed.outTables).toEqual(['mart.customer_list']);
    expect(composed.inTables).toEqual(['core.customer']);
    const direct = composed.columnEdges.filter((e) => e.transformationType === 'DIRECT').map(edge);
    expect(direct.sort()).toEqual(['core.customer.cust_id->mart.customer_list.id', 'core.customer.nm->mart.customer_list.name']);
  });

  it('keeps what an UPDATE assigns to a volatile column beside what it held, and forgets the table once dropped', () => {
    const session = new SessionState({});
    const [created, updated, read, dropped, readAfterDrop] = extractLineage(
      [
        'CREATE VOLATILE TABLE vt AS (SELECT a, b FROM s.src) WITH DATA ON COMMIT PRESERVE ROWS',
        'UPDATE vt SET b = (SELECT MAX(z) FROM s.other)',
        'INSERT INTO m.t (p, q) SELECT a, b FROM vt',
        'DROP TABLE vt',
        'INSERT INTO m.t (p) SELECT a FROM vt',
      ].join(';\n'),
      {},
      session,
    );
    expect(created.outTables).toEqual([]);
    expect(updated.columnEdges).toEqual([]);
    expect(updated.inTables).toEqual(['s.other']);
    expect(read.inTables).toEqual([]);
    expect(read.columnEdges.map(edge).sort()).toEqual(['s.other.z->m.t.q', 's.src.a->m.t.p', 's.src.b->m.t.q']);
    expect(read.columnEdges.find((e) => e.source.field === 'z')?.transformationSubtype).toBe('AGGREGATION');
    expect(dropped.outTables).toEqual(['vt']);
    expect(readAfterDrop.inTables).toEqual(['vt']);
    expect(readAfterDrop.columnEdges.map(edge)).toEqual(['vt.a->m.t.p']);
  });
});
