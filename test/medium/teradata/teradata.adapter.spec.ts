import { describe, expect, it } from 'vitest';
import { buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { DatabasePermissionError, DatabaseQueryError, DatabaseUnavailableError } from '../../../src/teradata/database.errors.js';
import { TeradataAdapter } from '../../../src/teradata/teradata/teradata.adapter.js';
import { iteratedRequestProblem } from '../../support/teradata-on-embedded.mjs';
import { FakeTeradata, tdError } from '../../support/fake-teradatasql.js';

/** The real driver's text when TERADATA_QUERY_TIMEOUT_S runs out (teradatasql's Go core). */
const REQUEST_TIMEOUT =
  '[Version 20.0.55] [Session 4242] [Teradata SQL Driver] The context timeout expired while the SQL request was being executed, so an Abort Request was sent to the Teradata Database.';

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => [`db.t${i}`, i]);

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets every callback already queued with setImmediate run. */
const turn = () => new Promise<void>((r) => setImmediate(r));

const PASSWORD = 'Sup3r-Secret-pw';

function config(env: Record<string, string> = {}) {
  return buildAppConfig(loadConfig({ env: { TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: PASSWORD, TERADATA_USER: 'lineage_svc', TERADATA_DATABASE: 'lineage_db', ...env } })).database;
}

const noSleep = { sleeps: [] as number[] };
function options(fake: FakeTeradata, sleeps: number[] = noSleep.sleeps) {
  return { driver: fake, sleep: async (ms: number) => void sleeps.push(ms), baseDelayMs: 10 };
}

describe('TeradataAdapter against a strict driver fake', () => {
  it('logs on with the configured parameters, default database and timeouts', async () => {
    const fake = new FakeTeradata();
    const adapter = await TeradataAdapter.connect(config({ TERADATA_PORT: '1026', TERADATA_CONNECT_TIMEOUT_MS: '7000', TERADATA_QUERY_TIMEOUT_S: '120' }), options(fake));
    expect(fake.connectParams[0]).toMatchObject({ host: 'td.example.com', dbs_port: '1026', user: 'lineage_svc', database: 'lineage_db', logon_timeout: '7', request_timeout: '120', logmech: 'TD2' });
    await adapter.close();
    expect(fake.closed).toBe(1);
  });

  it('binds parameters, maps rows to lower-case keys and safe integers to numbers', async () => {
    const fake = new FakeTeradata().on(/FROM OL_DATASET/, { columns: ['DATASET_ID', 'Field_Count'], rows: [['ns/db.t', 12n]] });
    const adapter = await TeradataAdapter.connect(config(), options(fake));
    const rows = await adapter.query('SELECT dataset_id, field_count FROM OL_DATASET WHERE name = ?', ["db.t'; DROP TABLE x; --"]);
    expect(rows).toEqual([{ dataset_id: 'ns/db.t', field_count: 12 }]);
    expect(fake.recorded[0]).toMatchObject({ sql: 'SELECT dataset_id, field_count FROM OL_DATASET WHERE name = ?', params: ["db.t'; DROP TABLE x; --"] });
  });

  it('fails on a statement nobody scripted (the fake is strict)', async () => {
    const adapter = await TeradataAdapter.connect(config(), options(new FakeTeradata()));
    await expect(adapter.query('SELECT 1')).rejects.toThrow(/unexpected statement/);
  });

  it('retries transient errors with growing backoff, then succeeds', async () => {
    const fake = new FakeTeradata().on(/SELECT 1/, { error: tdError(2631, 'Transaction ABORTed due to deadlock.') }, { error: tdError(3598, 'Concurrent change conflict on database -- try again.') }, { columns: ['ok'], rows: [[1]] });
    const sleeps: number[] = [];
    const adapter = await TeradataAdapter.connect(config({ TERADATA_RETRY_ATTEMPTS: '3' }), options(fake, sleeps));
    expect(await adapter.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] - 10);
    expect(fake.recorded).toHaveLength(3);
  });

  it('gives up after the configured attempts with a readable, typed error', async () => {
    const fake = new FakeTeradata().on(/SELECT 1/, { error: tdError(3111, 'The dispatcher has timed out the transaction.') });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_RETRY_ATTEMPTS: '2' }), options(fake));
    const err = await adapter.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toBe('Teradata error 3111: the dispatcher timed out (the database may be restarting)');
    expect(fake.recorded).toHaveLength(3);
  });

  it.each([
    [3523, DatabasePermissionError, 'lacks a right'],
    [3524, DatabasePermissionError, 'GRANT CREATE TABLE ON lineage_db TO lineage_svc'],
    [3802, DatabasePermissionError, 'database lineage_db does not exist'],
    [3807, DatabaseQueryError, 'the object does not exist'],
    [3706, DatabaseQueryError, 'syntax error'],
  ])('does not retry permanent error %i and explains it', async (code, type, text) => {
    const fake = new FakeTeradata().on(/CREATE|SELECT/, { error: tdError(code, 'driver text') });
    const sleeps: number[] = [];
    const adapter = await TeradataAdapter.connect(config(), options(fake, sleeps));
    const err = await adapter.execute('CREATE MULTISET TABLE OL_X (a INTEGER)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toContain(`Teradata error ${code}`);
    expect((err as Error).message).toContain(text);
    expect((err as { dbCode?: number }).dbCode).toBe(code);
    expect(sleeps).toHaveLength(0);
  });

  it('stops start-up on a bad password with a readable message that never holds the password', async () => {
    const fake = new FakeTeradata().failConnect(tdError(8017, `The UserId, Password or Account is invalid. password=${PASSWORD}`));
    const err = await TeradataAdapter.connect(config(), options(fake)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabasePermissionError);
    expect((err as Error).message).toContain('Teradata error 8017: logon failed');
    expect((err as Error).message).not.toContain(PASSWORD);
    expect(fake.connectParams).toHaveLength(1);
  });

  it('commits a transaction on one session and rolls back on failure', async () => {
    const fake = new FakeTeradata().on(/INSERT INTO OL_A/, { rowcount: 1 }).on(/INSERT INTO OL_B/, { error: tdError(2801, 'Duplicate unique prime key error.') });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_POOL_SIZE: '2' }), options(fake));
    await adapter.transaction(async (tx) => {
      await tx.execute('INSERT INTO OL_A VALUES (?)', [1]);
      await tx.execute('INSERT INTO OL_A VALUES (?)', [2]);
    });
    expect(new Set(fake.recorded.map((r) => r.connection)).size).toBe(1);
    expect(fake.events).toEqual(['c1:autocommit=false', 'c1:commit', 'c1:autocommit=true']);
    await expect(adapter.transaction((tx) => tx.execute('INSERT INTO OL_B VALUES (?)', [1]))).rejects.toBeInstanceOf(DatabaseQueryError);
    expect(fake.events.slice(3)).toEqual(['c1:autocommit=false', 'c1:rollback', 'c1:autocommit=true']);
  });

  it('before Teradata 16.00, sends batches in requests within its limits (16,383 rows, ~1 MB)', async () => {
    const fake = new FakeTeradata().on(/INSERT INTO OL_EDGE/, { rowcount: 16_383 }, { rowcount: 3_617 }, { rowcount: 1_100 }, { rowcount: 1_100 });
    fake.version = '15.10.07.05';
    const adapter = await TeradataAdapter.connect(config(), options(fake));
    expect(adapter.requestLimits.rows).toBe(16_383);
    // narrow rows: as many as one request takes (16,383)
    const narrow = Array.from({ length: 20_000 }, (_, i) => [i, `v${i}`]);
    expect(await adapter.batch('INSERT INTO OL_EDGE VALUES (?, ?)', narrow)).toBe(20_000);
    // wide rows (~800 bytes): split by size, each request under 1 MB
    const wide = Array.from({ length: 2_200 }, (_, i) => [i, `${'x'.repeat(790)}${i}`]);
    expect(await adapter.batch('INSERT INTO OL_EDGE VALUES (?, ?)', wide)).toBe(2_200);
    const sizes = fake.recorded.map((r) => [r.many, (r.params as unknown[]).length]);
    expect(sizes.slice(0, 2)).toEqual([
      [true, 16_383],
      [true, 3_617],
    ]);
    expect(sizes.slice(2).map(([many]) => many)).toEqual([true, true]);
    expect(sizes.slice(2).reduce((n, [, rows]) => n + Number(rows), 0)).toBe(2_200);
    // the fake refuses a request over the limits, as the database does
    expect(fake.recorded.map((r) => iteratedRequestProblem(r.sql, r.params as unknown[][], fake.version))).toEqual([null, null, null, null]);
    expect(iteratedRequestProblem('INSERT INTO OL_EDGE VALUES (?, ?)', wide, fake.version)).toMatch(/bytes/);
    expect(fake.versionReads).toBe(1);
  });

  it('from Teradata 16.00 on, sends batches in the larger requests it takes (64,000 rows, 7 MB), inside a transaction', async () => {
    const fake = new FakeTeradata().on(/INSERT INTO OL_EDGE/, { rowcount: 64_000 }, { rowcount: 6_000 }, { rowcount: 7_000 }, { rowcount: 3_000 });
    fake.version = '17.20.03.19';
    const adapter = await TeradataAdapter.connect(config(), options(fake));
    expect(adapter.requestLimits.rows).toBe(64_000);
    await adapter.transaction(async (tx) => {
      // narrow rows: 64,000 a request
      expect(await tx.batch('INSERT INTO OL_EDGE VALUES (?, ?)', Array.from({ length: 70_000 }, (_, i) => [i, `v${i}`]))).toBe(70_000);
      // ~800-byte rows: ~7,800 of them fill the 6.3 MB the adapter sends at most; 10,000 take two requests, each over 1 MB
      const wide = Array.from({ length: 10_000 }, (_, i) => [i, `${'x'.repeat(790)}${i}`]);
      expect(await tx.batch('INSERT INTO OL_EDGE VALUES (?, ?)', wide)).toBe(10_000);
      expect(iteratedRequestProblem('INSERT INTO OL_EDGE VALUES (?, ?)', wide, '15.10.07.05')).toMatch(/bytes/);
    });
    const sizes = fake.recorded.map((r) => (r.params as unknown[]).length);
    expect(sizes.slice(0, 2)).toEqual([64_000, 6_000]);
    expect(sizes.slice(2)).toHaveLength(2);
    expect(fake.recorded.slice(2).every((r) => iteratedRequestProblem(r.sql, r.params as unknown[][], '15.10.07.05') !== null)).toBe(true);
    expect(fake.recorded.map((r) => iteratedRequestProblem(r.sql, r.params as unknown[][], fake.version))).toEqual([null, null, null, null]);
    expect(fake.events).toContain('c1:commit');
  });

  it('keeps to the older limits when the release cannot be read, and to TERADATA_REQUEST_BYTES when set', async () => {
    const refused = new FakeTeradata();
    refused.version = null;
    expect((await TeradataAdapter.connect(config(), options(refused))).requestLimits).toEqual({ rows: 16_383, dataBytes: 900_000 });
    const capped = new FakeTeradata();
    expect((await TeradataAdapter.connect(config({ TERADATA_REQUEST_BYTES: '900000' }), options(capped))).requestLimits).toEqual({ rows: 64_000, dataBytes: 900_000 });
    expect((await TeradataAdapter.connect(config(), options(new FakeTeradata()))).requestLimits).toEqual({ rows: 64_000, dataBytes: 6_300_000 });
  });

  it('never opens more sessions than the pool size; extra requests wait their turn', async () => {
    const fake = new FakeTeradata().on(/SELECT/, { columns: ['n'], rows: [[1]] });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_POOL_SIZE: '2' }), options(fake));
    const results = await Promise.all(Array.from({ length: 6 }, () => adapter.query('SELECT 1 AS n')));
    expect(results).toHaveLength(6);
    expect(fake.connectParams).toHaveLength(2);
    expect(adapter.poolStats()).toEqual({ inUse: 0, waiting: 0, size: 2 });
  });

  it('replaces a session whose connection was lost', async () => {
    const fake = new FakeTeradata().on(/SELECT/, { error: 'socket hang up: ECONNRESET' }, { columns: ['n'], rows: [[1]] });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_POOL_SIZE: '1' }), options(fake));
    expect(await adapter.query('SELECT 1 AS n')).toEqual([{ n: 1 }]);
    expect(fake.connectParams).toHaveLength(2);
    expect(fake.recorded.map((r) => r.connection)).toEqual([1, 2]);
  });

  it('fetches rows in batches of its arraysize with fetchmany, never row by row', async () => {
    const fake = new FakeTeradata().on(/FROM DBC\.ColumnsV/, { columns: ['DatabaseName', 'N'], rows: rowsOf(12_001) });
    const adapter = await TeradataAdapter.connect(config(), options(fake));
    const rows = await adapter.query<{ databasename: string; n: number }>('SELECT DatabaseName, N FROM DBC.ColumnsV');
    expect(rows).toHaveLength(12_001);
    expect(rows[12_000]).toEqual({ databasename: 'db.t12000', n: 12_000 });
    expect(fake.fetches.map(({ requested, returned }) => [requested, returned])).toEqual([
      [5000, 5000],
      [5000, 5000],
      [5000, 2001],
      [5000, 0],
    ]);
  });

  it('gives the event loop a turn between two batches: work queued before a long read runs before it ends', async () => {
    const fake = new FakeTeradata().on(/FROM DBC\.ColumnsV/, { columns: ['DatabaseName', 'N'], rows: rowsOf(15_000) });
    const adapter = await TeradataAdapter.connect(config(), options(fake));
    const order: string[] = [];
    setImmediate(() => order.push('queued before the read'));
    await adapter.query('SELECT DatabaseName, N FROM DBC.ColumnsV');
    order.push('read finished');
    expect(order).toEqual(['queued before the read', 'read finished']);
  });

  it('streams a result in batches of the size asked for and gives the session back when the caller stops early', async () => {
    const fake = new FakeTeradata().on(/FROM DBC\.TablesV/, { columns: ['TableName', 'N'], rows: rowsOf(12) });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_POOL_SIZE: '1' }), options(fake));
    const seen: number[] = [];
    for await (const batch of adapter.stream<{ n: number }>('SELECT TableName, N FROM DBC.TablesV', [], 5)) {
      seen.push(...batch.map((r) => r.n));
      if (seen.length >= 10) break;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fake.fetches.map((f) => f.requested)).toEqual([5, 5]);
    expect(adapter.poolStats()).toEqual({ inUse: 0, waiting: 0, size: 1 });
    expect(await adapter.query('SELECT TableName, N FROM DBC.TablesV')).toHaveLength(12);
  });

  it('retries a stream that failed before its first batch, like any read', async () => {
    const fake = new FakeTeradata().on(/FROM DBC\.TablesV/, { error: tdError(2631, 'Transaction ABORTed due to deadlock.') }, { columns: ['TableName', 'N'], rows: rowsOf(3) });
    const sleeps: number[] = [];
    const adapter = await TeradataAdapter.connect(config(), options(fake, sleeps));
    const batches: unknown[][] = [];
    for await (const batch of adapter.stream('SELECT TableName, N FROM DBC.TablesV', [], 2)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    expect(sleeps).toHaveLength(1);
  });

  it('commits with the driver\'s asynchronous call: other requests run while a commit is in flight', async () => {
    const commit = deferred();
    const fake = new FakeTeradata()
      .on(/INSERT INTO OL_A/, { rowcount: 1 })
      .on(/SELECT 1/, { columns: ['ok'], rows: [[1]] })
      .on(/teradata_commit/, { rowcount: 0, wait: commit.promise });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_POOL_SIZE: '2' }), options(fake));
    const tx = adapter.transaction((t) => t.execute('INSERT INTO OL_A VALUES (?)', [1]));
    for (let i = 0; i < 5; i++) await turn();
    expect(fake.events).toEqual(['c1:autocommit=false']);
    expect(await adapter.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    commit.resolve();
    await tx;
    expect(fake.events).toEqual(['c1:autocommit=false', 'c1:commit', 'c1:autocommit=true']);
  });

  it('sets each session\'s time zone to UTC once, at logon, before any other statement', async () => {
    const fake = new FakeTeradata().on(/SELECT/, { columns: ['n'], rows: [[1]] }, { columns: ['n'], rows: [[1]] }, { error: 'socket hang up: ECONNRESET' }, { columns: ['n'], rows: [[1]] });
    const adapter = await TeradataAdapter.connect(config({ TERADATA_POOL_SIZE: '2' }), options(fake));
    await Promise.all([adapter.query('SELECT 1 AS n'), adapter.query('SELECT 1 AS n')]);
    await adapter.query('SELECT 1 AS n'); // loses its session, retried on the other one
    await Promise.all([adapter.query('SELECT 1 AS n'), adapter.query('SELECT 1 AS n')]); // a third session replaces the lost one
    expect(fake.connectParams).toHaveLength(3);
    expect(fake.timeZoneSets).toEqual([1, 2, 3].map((connection) => ({ connection, sql: "SET TIME ZONE INTERVAL '00:00' HOUR TO MINUTE", statementsBefore: 0 })));
  });

  it('does not retry a request that ran out of TERADATA_QUERY_TIMEOUT_S, and says so', async () => {
    const fake = new FakeTeradata().on(/FROM DBC\.ColumnsV/, { error: REQUEST_TIMEOUT }, { columns: ['n'], rows: [[1]] });
    const sleeps: number[] = [];
    const adapter = await TeradataAdapter.connect(config({ TERADATA_QUERY_TIMEOUT_S: '120', TERADATA_RETRY_ATTEMPTS: '3' }), options(fake, sleeps));
    const err = await adapter.query('SELECT n FROM DBC.ColumnsV').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(/^Teradata request timed out \(TERADATA_QUERY_TIMEOUT_S=120\) and was not retried: /);
    expect(fake.recorded).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('still retries a logon that timed out, and the documented transient codes', async () => {
    const fake = new FakeTeradata().failConnect('dial tcp 10.0.0.7:1025: i/o timeout').on(/SELECT 1/, { error: tdError(3120, 'The request is aborted because of a Teradata Database recovery.') }, { columns: ['ok'], rows: [[1]] });
    const sleeps: number[] = [];
    const adapter = await TeradataAdapter.connect(config(), options(fake, sleeps));
    expect(await adapter.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    expect(fake.connectParams).toHaveLength(2);
    expect(sleeps).toHaveLength(2);
  });
});
