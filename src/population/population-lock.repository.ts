import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseConfig, RedisConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { PopulationStatements } from '../teradata/population.statements.js';
import { PopulationAlreadyRunningError } from './population.errors.js';
import { describeRedisError, type RedisBreaker } from '../common/redis-breaker.js';
import { failFastRedisClient, redisBreaker, type RedisClient } from '../common/redis-client.js';

export const POPULATION_LOCK = 'population';
const REDIS_KEY_PREFIX = 'lineage:lock:';

/** A held single-runner lock. */
export interface RunLock {
  readonly kind: 'redis' | 'database';
  readonly holder: string;
  /** Extends the lock; false when it was lost (expired and taken by another runner). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/** Compare-and-delete: only the holder of the token releases the lock. */
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
/** Deletes the lock when its token starts with the given holder (a runner known to be gone). */
const RELEASE_HOLDER_SCRIPT =
  "local v = redis.call('GET', KEYS[1]) if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
/** Compare-and-extend. */
const RENEW_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

type Redis = RedisClient;

/**
 * The single-runner lock of population runs: Redis (SET NX PX with a token,
 * renewed while running, released by compare-and-delete) when Redis is
 * configured and answers, else a row in OL_LOCK with an expiry, so a crashed
 * runner blocks nobody longer than the lock's time to live.
 */
@Injectable()
export class PopulationLockRepository implements OnModuleDestroy {
  private readonly logger = new Logger(PopulationLockRepository.name);
  private redis: Redis | null = null;
  private redisDown = false;
  /** Redis keys are per lineage store, so services on other databases sharing one Redis never block each other. */
  private readonly redisPrefix: string;
  /** Shared with the cache and the rate limits: a hung Redis is skipped (database lock row) instead of waited for. */
  private readonly breaker: RedisBreaker;

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(PopulationStatements) private readonly sql: PopulationStatements,
    @Inject(RedisConfig) private readonly redisConfig: RedisConfig,
    @Inject(DatabaseConfig) databaseConfig: DatabaseConfig,
  ) {
    this.redisPrefix = `${REDIS_KEY_PREFIX}${databaseConfig.storeKey}:`;
    this.breaker = redisBreaker(redisConfig);
  }

  /** One Redis command, bounded by REDIS_CONNECT_TIMEOUT_MS, through the breaker. */
  private bounded<T>(op: () => Promise<T>): Promise<T> {
    return this.breaker.call(op, this.redisConfig.connectTimeoutMs, 'Redis (lock)');
  }

  /** The Redis key of a lock (for operators: `redis-cli GET <key>`). */
  redisKey(name = POPULATION_LOCK): string {
    return this.redisPrefix + name;
  }

  /** Takes the lock or throws PopulationAlreadyRunningError naming who holds it since when. */
  async acquire(holder: string, ttlMs: number, name = POPULATION_LOCK): Promise<RunLock> {
    const redis = await this.redisClient();
    if (redis) {
      try {
        return await this.acquireRedis(redis, name, holder, ttlMs);
      } catch (err) {
        if (err instanceof PopulationAlreadyRunningError) throw err;
        this.logger.warn(`Redis lock unavailable (${(err as Error).message}); using the database lock row`);
      }
    }
    return this.acquireDatabase(name, holder, ttlMs);
  }

  /** Who holds the lock now, if anyone (admin pages). */
  async currentHolder(name = POPULATION_LOCK): Promise<{ holder: string; since: Date | null; kind: 'redis' | 'database' } | null> {
    const redis = await this.redisClient();
    if (redis) {
      const value = await this.bounded(() => redis.get(this.redisKey(name))).catch(() => null);
      if (value) return { ...parseToken(value), kind: 'redis' };
    }
    const rows = await this.database.query<{ holder: string; acquired_at: Date; expires_at: Date }>(this.sql.getLock, [name]);
    const row = rows[0];
    if (!row || row.expires_at.getTime() < Date.now()) return null;
    return { holder: row.holder.split('|')[0], since: row.acquired_at, kind: 'database' };
  }

  /**
   * Frees the lock when `holder` (a runner known to be gone: its process is
   * dead) still holds it, in Redis and in OL_LOCK; true when one was freed.
   */
  async releaseHeldBy(holder: string, name = POPULATION_LOCK): Promise<boolean> {
    let freed = false;
    const redis = await this.redisClient();
    if (redis) {
      const deleted = await this.bounded(() => redis.eval(RELEASE_HOLDER_SCRIPT, { keys: [this.redisKey(name)], arguments: [`${holder}|`] })).catch(() => 0);
      freed = Number(deleted) === 1;
    }
    const rows = await this.database.query<{ holder: string }>(this.sql.getLock, [name]);
    const token = rows[0]?.holder;
    if (token?.startsWith(`${holder}|`)) freed = (await this.database.execute(this.sql.releaseLock, [name, token])) > 0 || freed;
    return freed;
  }

  async onModuleDestroy(): Promise<void> {
    const redis = this.redis;
    this.redis = null;
    if (redis?.isOpen) await redis.close().catch(() => undefined);
  }

  private async acquireRedis(redis: Redis, name: string, holder: string, ttlMs: number): Promise<RunLock> {
    const key = this.redisKey(name);
    const token = `${holder}|${new Date().toISOString()}|${randomUUID()}`;
    const set = await this.bounded(() => redis.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }));
    if (set !== 'OK') {
      const current = await this.bounded(() => redis.get(key));
      const parsed = current ? parseToken(current) : { holder: 'another runner', since: null };
      throw new PopulationAlreadyRunningError(`${parsed.holder} (Redis lock)`, parsed.since);
    }
    return {
      kind: 'redis',
      holder,
      // bounded: a hung Redis must not hold the run's serial queue (heartbeats share it with batch commits)
      renew: async () => Number(await this.bounded(() => redis.eval(RENEW_SCRIPT, { keys: [key], arguments: [token, String(ttlMs)] }))) === 1,
      release: async () => {
        await this.bounded(() => redis.eval(RELEASE_SCRIPT, { keys: [key], arguments: [token] }));
      },
    };
  }

  private async acquireDatabase(name: string, holder: string, ttlMs: number): Promise<RunLock> {
    const token = `${holder}|${randomUUID()}`;
    const now = new Date();
    const row = await this.database.transaction(async (tx) => {
      await tx.execute(this.sql.deleteExpiredLock, [name, now]);
      try {
        await tx.execute(this.sql.insertLockIfAbsent, [name, token, now, new Date(now.getTime() + ttlMs), name]);
      } catch {
        // a concurrent runner inserted the row first: fall through and report it
      }
      const rows = await tx.query<{ holder: string; acquired_at: Date; expires_at: Date }>(this.sql.getLock, [name]);
      return rows[0];
    });
    if (!row || row.holder !== token) {
      throw new PopulationAlreadyRunningError(`${row ? row.holder.split('|')[0] : 'another runner'} (database lock OL_LOCK)`, row?.acquired_at ?? null);
    }
    return {
      kind: 'database',
      holder,
      renew: async () => (await this.database.execute(this.sql.renewLock, [new Date(Date.now() + ttlMs), name, token])) > 0,
      release: async () => {
        await this.database.execute(this.sql.releaseLock, [name, token]);
      },
    };
  }

  /** A connected client, or null when Redis is disabled or does not answer (then retried at the next acquire). */
  private async redisClient(): Promise<Redis | null> {
    if (!this.redisConfig.enabled) return null;
    if (!this.breaker.allows()) return null;
    if (this.redis?.isReady) return this.redis;
    const client: Redis = failFastRedisClient(this.redisConfig);
    try {
      await client.connect();
      if (this.redisDown) this.logger.log('Redis answers again: population runs use the Redis lock');
      this.redisDown = false;
      this.breaker.succeeded();
      this.redis = client;
      return client;
    } catch (err) {
      this.breaker.failed(describeRedisError(err));
      if (!this.redisDown) this.logger.warn(`Redis at ${this.redisConfig.addr} does not answer (${describeRedisError(err)}); population runs use the database lock row`);
      this.redisDown = true;
      try {
        client.destroy();
      } catch {
        // never connected: nothing to close
      }
      return null;
    }
  }
}

function parseToken(token: string): { holder: string; since: Date | null } {
  const [holder, since] = token.split('|');
  const date = since ? new Date(since) : null;
  return { holder: holder || 'another runner', since: date && !Number.isNaN(date.getTime()) ? date : null };
}
