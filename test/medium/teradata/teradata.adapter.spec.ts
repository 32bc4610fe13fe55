import { describe, expect, it } from 'vitest';
import { buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { DatabasePermissionError, DatabaseQueryError, DatabaseUnavailableError } from '../../../src/teradata/database.errors.js';
import { TeradataAdapter } from '../../../src/teradata/teradata/teradata.adapter.js';
import { FakeTeradata, tdError } from '../../support/fake-teradatasql.js';

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

  it('sends batches with multi-row binding in chunks of 1,000 inside a transaction', async () => {
    const fake = new FakeTeradata().on(/INSERT INTO OL_EDGE/, { rowcount: 1000 }, { rowcount: 500 });
    const adapter = await TeradataAdapter.connect(config(), options(fake));
    const rows = Array.from({ length: 1500 }, (_, i) => [i, `v${i}`]);
    expect(await adapter.batch('INSERT INTO OL_EDGE VALUES (?, ?)', rows)).toBe(1500);
    expect(fake.recorded.map((r) => [r.many, (r.params as unknown[]).length])).toEqual([
      [true, 1000],
      [true, 500],
    ]);
    expect(fake.events).toContain('c1:commit');
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
});
