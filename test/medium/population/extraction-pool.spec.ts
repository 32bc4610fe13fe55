import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from './extraction.pool.js';

/**
 * The pool runs dist/population/extraction/extraction.worker.js (the
 * compiled worker; `npm test` builds first, and under vitest the pool
 * resolves the worker from dist/ when it runs from the TypeScript sources).
 * These tests assert outcomes only: codes, edges, that the pool keeps
 * answering — never how long anything took.
 */

/** About 1 MB: one INSERT … SELECT with thousands of CASE mappings. */
function oneMegabyteStatement(): string {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const item = `CASE WHEN s.c${i % 500} = '${i}' THEN COALESCE(s.d${i % 300}, 'x${i}') ELSE s.e${i % 200} END AS o${i}`;
    items.push(item);
    size += item.length + 2;
  }
  return `INSERT INTO db.big_target SELECT ${items.join(',\n')} FROM db.big_source s`;
}

function nested(depth: number): string {
  let sql = 'SELECT a FROM db.t';
  for (let i = 0; i < depth; i++) sql = `SELECT a FROM (${sql}) d${i}`;
  return sql;
}

describe('ExtractionPool', () => {
  let pool: ExtractionPool;

  beforeAll(async () => {
    pool = await ExtractionPool.create({ workers: 2, deadlineMs: 20_000 });
  });

  afterAll(async () => {
    await pool.close();
  });

  it('extracts a Teradata INSERT … SELECT in a worker', async () => {
    const r = await pool.extract("LOCKING ROW FOR ACCESS INS INTO mart.t (a, b) SEL s.x, s.y (TITLE 'Y') FROM stage.s s WHERE s.k = 1", { defaultDatabase: 'etl' });
    expect(r.error).toBeUndefined();
    expect(r.statementType).toBe('insert');
    expect(r.outTables).toEqual(['mart.t']);
    expect(r.inTables).toEqual(['stage.s']);
    const direct = r.columnEdges.filter((e) => e.transformationType === 'DIRECT').map((e) => `${e.source.field}->${e.target.field}`);
    expect(direct.sort()).toEqual(['x->a', 'y->b']);
    const filter = r.columnEdges.filter((e) => e.transformationSubtype === 'FILTER').map((e) => `${e.source.field}->${e.target.field}`);
    expect(filter).toEqual(['k->*']);
  });

  it('uses per-job metadata for SELECT *', async () => {
    const r = await pool.extract('INSERT INTO mart.t SELECT * FROM stage.s', { metadata: new Map([['stage.s', ['p', 'q']]]) });
    expect(r.columnEdges.map((e) => `${e.source.dataset}.${e.source.field}->${e.target.dataset}.${e.target.field}`).sort()).toEqual(['stage.s.p->mart.t.p', 'stage.s.q->mart.t.q']);
  });

  it('reports every failure as a result with a reason', async () => {
    const [empty, prose, broken, deep] = await Promise.all([
      pool.extract('   '),
      pool.extract('Dear team, the nightly load failed again.'),
      pool.extract('INSERT INTO mart.t (a, b SELECT x FROM'),
      pool.extract(nested(40)),
    ]);
    expect(empty.error?.code).toBe('EXTRACTION_EMPTY');
    expect(prose.error?.code).toBe('EXTRACTION_NOT_SQL');
    expect(broken.error?.code).toBe('EXTRACTION_PARSE_ERROR');
    expect(deep.error?.code).toBe('EXTRACTION_DEPTH_GUARD');
    for (const r of [empty, prose, broken, deep]) expect(r.columnEdges).toEqual([]);
  });

  it('runs a session script: volatile tables are collapsed in the composed view', async () => {
    const session = await pool.extractSession(
      [
        'DATABASE etl_work;',
        "CREATE VOLATILE TABLE vt AS (SEL cust_id, UPPER(nm) AS nm FROM core.customer WHERE active = 'Y') WITH DATA ON COMMIT PRESERVE ROWS;",
        'INS INTO mart.customer_list (id, name) SEL cust_id, nm FROM vt;',
        'DROP TABLE vt;',
      ],
      {},
    );
    expect(session.statements.map((s) => s.statementType)).toEqual(['other', 'ctas', 'insert', 'ddl']);
    expect(session.outTables).toEqual(['mart.customer_list']);
    expect(session.inTables).toEqual(['core.customer']);
    const direct = session.columnEdges.filter((e) => e.transformationType === 'DIRECT').map((e) => `${e.source.dataset}.${e.source.field}->${e.target.dataset}.${e.target.field}`);
    expect(direct.sort()).toEqual(['core.customer.cust_id->mart.customer_list.id', 'core.customer.nm->mart.customer_list.name']);
  });

  it('replays session context before the statement (population keys statements by their context)', async () => {
    const r = await pool.extract('INSERT INTO mart.t (a) SELECT v FROM vt', {
      defaultDatabase: 'etl_work',
      sessionContext: ['CREATE VOLATILE TABLE vt AS (SELECT src_col AS v FROM stage.src) WITH DATA ON COMMIT PRESERVE ROWS'],
    });
    expect(r.columnEdges.map((e) => `${e.source.dataset}.${e.source.field}->${e.target.dataset}.${e.target.field}`)).toEqual(['stage.src.src_col->mart.t.a']);
  });
});

describe('ExtractionPool deadline', () => {
  it('times out a 1 MB statement, replaces the worker, keeps the event loop free and keeps answering', async () => {
    const pool = await ExtractionPool.create({ workers: 1, deadlineMs: 100 });
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      const slow = await pool.extract(oneMegabyteStatement());
      clearInterval(ticker);
      expect(slow.error?.code).toBe('EXTRACTION_TIMEOUT');
      expect(ticks).toBeGreaterThan(0);
      expect(pool.stats.timeouts).toBe(1);
      expect(pool.stats.replaced).toBe(1);
      // The replacement answers. Its first statement runs cold (the parser's code not yet optimised), and on a
      // machine busy with other suites that alone can pass a 100 ms deadline, so it gets a few tries.
      let next = await pool.extract('SEL a FROM db.t');
      for (let attempt = 1; attempt < 5 && next.error?.code === 'EXTRACTION_TIMEOUT'; attempt++) next = await pool.extract('SEL a FROM db.t');
      expect(next.error).toBeUndefined();
      expect(next.columnEdges.map((e) => `${e.source.dataset}.${e.source.field}`)).toEqual(['db.t.a']);
    } finally {
      await pool.close();
    }
  });

  it('recycles a worker after a large statement (WASM memory never shrinks) and keeps answering', async () => {
    const pool = await ExtractionPool.create({ workers: 1, deadlineMs: 20_000, recycleAboveChars: 100 });
    try {
      const big = await pool.extract(`INSERT INTO db.t (a, b) SELECT ${'COALESCE(s.x, s.y, 0) + '.repeat(10)}0, s.z FROM db.s s`);
      expect(big.error).toBeUndefined();
      expect(pool.stats.recycled).toBe(1);
      const next = await pool.extract('SEL a FROM db.t');
      expect(next.columnEdges.map((e) => `${e.source.dataset}.${e.source.field}`)).toEqual(['db.t.a']);
      expect(pool.stats.recycled).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('answers queued jobs after close with a reason instead of hanging', async () => {
    const pool = await ExtractionPool.create({ workers: 1, deadlineMs: 5000 });
    const pending = pool.extract('SELECT a FROM db.t');
    await pool.close();
    const r = await pending;
    expect(r.error?.code === undefined || r.error.code === 'EXTRACTION_INTERNAL').toBe(true);
    const after = await pool.extract('SELECT a FROM db.t');
    expect(after.error?.code).toBe('EXTRACTION_INTERNAL');
  });
});

describe('ExtractionPool worker failures', () => {
  const script = (body: string): URL => new URL(`data:text/javascript,${encodeURIComponent(`import { parentPort } from 'node:worker_threads';\n${body}`)}`);

  it('reports a worker dying mid-statement as EXTRACTION_WORKER_CRASHED and replaces it', async () => {
    const pool = await ExtractionPool.create({
      workers: 1,
      deadlineMs: 5000,
      workerUrl: script("parentPort.postMessage({ type: 'ready' });\nparentPort.on('message', (m) => { if (m.type === 'job') process.exit(3); });"),
    });
    try {
      const r = await pool.extract('SELECT a FROM db.t');
      expect(r.error?.code).toBe('EXTRACTION_WORKER_CRASHED');
      expect(pool.stats.crashes).toBe(1);
      expect(pool.stats.replaced).toBe(1);
      const again = await pool.extract('SELECT b FROM db.t');
      expect(again.error?.code).toBe('EXTRACTION_WORKER_CRASHED');
    } finally {
      await pool.close();
    }
  });

  it('gives up on workers that cannot start instead of respawning forever', async () => {
    const pool = await ExtractionPool.create({ workers: 1, deadlineMs: 5000, workerUrl: script("throw new Error('no parser here');") });
    try {
      const r = await pool.extract('SELECT a FROM db.t');
      expect(r.error?.code).toBe('EXTRACTION_WORKER_CRASHED');
      expect(r.error?.message).toContain('fail to start');
    } finally {
      await pool.close();
    }
  });
});
