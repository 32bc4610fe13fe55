import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '@redis/client';
import { PopulationAlreadyRunningError } from '../../../src/population/population.errors.js';
import { PopulationLockRepository } from '../../../src/population/population-lock.repository.js';
import { PopulationService } from '../../../src/population/population.service.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { count, createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlSequence, insertDbql } from '../../factories/population-dbql.factory.js';

const REDIS = { REDIS_ADDR: '127.0.0.1:6379', REDIS_DB: '6' };
const DAY = new Date('2026-01-10T08:00:00Z');

async function deleteKey(key: string): Promise<void> {
  const client = createClient({ socket: { host: '127.0.0.1', port: 6379 }, database: 6 });
  await client.connect();
  await client.del(key);
  await client.close();
}

describe('single-runner lock (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  describe('with Redis', () => {
    afterEach(async () => {
      if (ctx) await deleteKey(ctx.get(PopulationLockRepository).redisKey());
    });

    it('refuses a second runner while the first holds the lock, naming the holder, and lets it in after release', async () => {
      ctx = await createPopulationTestModule({ port: db.port, env: REDIS });
      const locks = ctx.get(PopulationLockRepository);
      const first = await locks.acquire('replica-a:1', 60_000);
      expect(first.kind).toBe('redis');
      const refused = await locks.acquire('replica-b:2', 60_000).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PopulationAlreadyRunningError);
      expect((refused as PopulationAlreadyRunningError).kind).toBe('conflict');
      expect((refused as Error).message).toContain('replica-a:1');
      expect((refused as Error).message).toMatch(/since \d{4}-\d{2}-\d{2}T/);
      expect(await first.renew()).toBe(true);
      await first.release();
      const second = await locks.acquire('replica-b:2', 60_000);
      expect(second.kind).toBe('redis');
      await second.release();
      expect(await count(db, 'OL_LOCK')).toBe(0);
    });

    it('a release by a runner whose lock expired does not delete the next holder’s lock', async () => {
      ctx = await createPopulationTestModule({ port: db.port, env: REDIS });
      const locks = ctx.get(PopulationLockRepository);
      const first = await locks.acquire('replica-a:1', 60_000);
      await deleteKey(locks.redisKey()); // the lock expired
      const second = await locks.acquire('replica-b:2', 60_000);
      await first.release();
      expect(await first.renew()).toBe(false);
      await expect(locks.acquire('replica-c:3', 60_000)).rejects.toThrow(/replica-b:2/);
      await second.release();
    });

    it('a population start while another runner holds the lock is refused and records no run', async () => {
      await insertDbql(db.port, dbqlSequence(3, DAY, () => ({})));
      ctx = await createPopulationTestModule({ port: db.port, env: REDIS });
      const held = await ctx.get(PopulationLockRepository).acquire('replica-a:1', 60_000);
      await expect(ctx.get(PopulationService).start({ method: 'dbql', trigger: 'admin', since: DAY })).rejects.toBeInstanceOf(PopulationAlreadyRunningError);
      expect(await count(db, 'OL_POPULATION_RUN')).toBe(0);
      await held.release();
    });
  });

  it('keys the Redis lock per lineage store: a service on another database is not blocked', async () => {
    ctx = await createPopulationTestModule({ port: db.port, env: REDIS });
    const other = await createPopulationTestModule({ port: db.port, env: REDIS });
    const mine = await ctx.get(PopulationLockRepository).acquire('replica-a:1', 60_000);
    const theirs = await other.get(PopulationLockRepository).acquire('replica-b:2', 60_000);
    expect([mine.kind, theirs.kind]).toEqual(['redis', 'redis']);
    expect(ctx.get(PopulationLockRepository).redisKey()).not.toBe(other.get(PopulationLockRepository).redisKey());
    await theirs.release();
    await mine.release();
    await other.close();
  });

  describe('without Redis (database lock row)', () => {
    it('refuses a second runner, and takes over a lock whose holder stopped renewing it', async () => {
      ctx = await createPopulationTestModule({ port: db.port, env: { REDIS_ADDR: '' } });
      const locks = ctx.get(PopulationLockRepository);
      const first = await locks.acquire('replica-a:1', 60_000);
      expect(first.kind).toBe('database');
      expect(await count(db, 'OL_LOCK')).toBe(1);
      await expect(locks.acquire('replica-b:2', 60_000)).rejects.toThrow(/replica-a:1 \(database lock OL_LOCK\) since/);
      // the holder crashed: its row expires
      await db.port.execute("UPDATE OL_LOCK SET expires_at = TIMESTAMP '2000-01-01 00:00:00'");
      const second = await locks.acquire('replica-b:2', 60_000);
      expect(await first.renew()).toBe(false);
      await first.release();
      expect(await count(db, 'OL_LOCK')).toBe(1);
      await second.release();
      expect(await count(db, 'OL_LOCK')).toBe(0);
    });

    it('falls back to the database lock when Redis does not answer', async () => {
      ctx = await createPopulationTestModule({ port: db.port, env: { REDIS_ADDR: '127.0.0.1:1', REDIS_CONNECT_TIMEOUT_MS: '200' } });
      const lock = await ctx.get(PopulationLockRepository).acquire('replica-a:1', 60_000);
      expect(lock.kind).toBe('database');
      await lock.release();
    });

    it('marks a run left running by a crashed runner as failed (interrupted) at the next start', async () => {
      await insertDbql(db.port, dbqlSequence(3, DAY, () => ({})));
      ctx = await createPopulationTestModule({ port: db.port, env: { REDIS_ADDR: '' } });
      await db.port.execute(
        "INSERT INTO OL_POPULATION_RUN (run_id, trigger_source, method, dry_run, state, started_at, heartbeat_at, runner) VALUES ('crashed', 'schedule', 'dbql', 'N', 'running', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:05:00', 'replica-z:9')",
      );
      const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: DAY });
      expect(summary.run.state).toBe('succeeded');
      const crashed = await db.port.query<{ state: string; message: string }>("SELECT state, message FROM OL_POPULATION_RUN WHERE run_id = 'crashed'");
      expect(crashed[0].state).toBe('failed');
      expect(crashed[0].message).toMatch(/^interrupted/);
      expect(await count(db, 'OL_LOCK')).toBe(0);
    });
  });
});
