import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from '../../../src/population/extraction/extraction.pool.js';

/**
 * The pool runs dist/population/extraction/extraction.worker.js (the
 * compiled worker; the medium project's global setup builds dist/ when it is
 * older than src/, and under vitest the pool resolves the worker from dist/
 * when it runs from the TypeScript sources). Tests of the pool's deadline and
 * of closing it use test/support/blocking-extraction.worker.mjs, whose `BLOCK`
 * job never answers. These tests assert outcomes only: codes, edges, that the
 * pool keeps answering — never how long anything took.
 */

const blockingWorker = new URL('../../support/blocking-extraction.worker.mjs', import.meta.url);

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

  it('replays session context before the statement (population keys statements by their context)', async () => {
    const r = await pool.extract('INSERT INTO mart.t (a) SELECT v FROM vt', {
      defaultDatabase: 'etl_work',
      sessionContext: ['CREATE VOLATILE TABLE vt AS (SELECT src_col AS v FROM stage.src) WITH DATA ON COMMIT PRESERVE ROWS'],
    });
    expect(r.columnEdges.map((e) => `${e.source.dataset}.${e.source.field}->${e.target.dataset}.${e.target.field}`)).toEqual(['stage.src.src_col->mart.t.a']);
  });
});

describe('ExtractionPool deadline', () => {
  it('times out a statement its worker never answers, replaces the worker, keeps the event loop free and keeps answering', async () => {
    const pool = await ExtractionPool.create({ workers: 1, deadlineMs: 1000, workerUrl: blockingWorker });
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      const blocked = await pool.extract('BLOCK');
      clearInterval(ticker);
      expect(blocked.error?.code).toBe('EXTRACTION_TIMEOUT');
      expect(blocked.error?.message).toBe('extraction took longer than 1000 ms (1000 ms per statement)');
      expect(ticks).toBeGreaterThan(0);
      expect(pool.stats.timeouts).toBe(1);
      expect(pool.stats.replaced).toBe(1);
      // The replacement answers. On a machine busy with other suites even a small statement can pass the
      // deadline, so it gets a few tries.
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

  it('answers the job in flight and the queued ones with a reason when closed, and later jobs too', async () => {
    const pool = await ExtractionPool.create({ workers: 1, deadlineMs: 60_000, workerUrl: blockingWorker });
    const inFlight = pool.extract('BLOCK');
    const queued = pool.extract('SELECT a FROM db.t');
    await pool.close();
    const closed = { code: 'EXTRACTION_INTERNAL', message: 'the extraction pool was closed' };
    expect((await inFlight).error).toEqual(closed);
    expect((await queued).error).toEqual(closed);
    const after = await pool.extract('SELECT a FROM db.t');
    expect(after.error).toEqual({ code: 'EXTRACTION_INTERNAL', message: 'the extraction pool is closed' });
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
