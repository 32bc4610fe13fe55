import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { withDeadline } from '../common/deadline.js';
import { describeRedisError, type RedisBreaker } from '../common/redis-breaker.js';
import { failFastRedisClient, redisBreaker, type RedisClient } from '../common/redis-client.js';
import type { RedisConfig } from '../config/app-config.js';
import { FixedWindowThrottlerStorage, type ThrottlerStorageRecord } from './fixed-window-throttler.storage.js';

/** Longest a rate-limit check may wait for Redis before the replica counts on its own. */
const OP_TIMEOUT_MS = 100;
/** After Redis failed, how long the replica counts on its own before trying Redis again. */
const RETRY_MS = 5_000;

/**
 * One fixed window in Redis, atomically: KEYS[1] counts hits (expires with the
 * window), KEYS[2] marks a block. ARGV: window ms, limit, block ms (0 = to the
 * end of the window). Returns { hits, window ms left, block ms left }.
 */
const SCRIPT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), blocked }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  local block = tonumber(ARGV[3])
  if block <= 0 then block = left end
  redis.call('SET', KEYS[2], '1', 'PX', block)
  return { hits, left, block }
end
return { hits, left, 0 }
`;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return withDeadline(p, ms, `Redis did not answer within ${ms} ms`);
}

/**
 * Rate limits counted in the shared Redis (RATE_LIMIT_STORE=redis), so every
 * replica enforces one limit per client instead of its own. Same windows as
 * FixedWindowThrottlerStorage, kept atomic by a script. When Redis is down or
 * slow (100 ms), the replica counts on its own in memory and tries Redis
 * again 5 s later: a rate limiter never turns a Redis outage into errors.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private client?: RedisClient;
  private connecting?: Promise<RedisClient | undefined>;
  private downUntil = 0;
  private down = false;
  private readonly breaker: RedisBreaker;

  constructor(
    private readonly config: RedisConfig,
    /** Key prefix: the lineage store, so deployments sharing a Redis never share counters. */
    private readonly scope: string,
    private readonly local: FixedWindowThrottlerStorage = new FixedWindowThrottlerStorage(),
  ) {
    this.breaker = redisBreaker(config);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // the breaker shared with the cache and the lock: while Redis is skipped, count here at once
    if (!this.breaker.allows()) return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    const client = await this.connected();
    if (!client) return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    const base = `${this.scope}:throttle:${throttlerName}:${key}`;
    try {
      const [hits, left, blocked] = (await this.breaker.call(
        () => client.eval(SCRIPT, { keys: [`${base}:hits`, `${base}:block`], arguments: [String(ttl), String(limit), String(blockDuration)] }),
        OP_TIMEOUT_MS,
        'Redis (rate limits)',
      )) as number[];
      if (this.down) this.logger.log('Redis answers again: rate limits are shared by every replica');
      this.down = false;
      const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
      return { totalHits: hits, timeToExpire: seconds(left), isBlocked: blocked > 0, timeToBlockExpire: seconds(blocked) };
    } catch (err) {
      // a broken connection, or Redis now skipped by the breaker: drop the client; a single slow answer (a busy
      // event loop, say) only counts this request here
      if (!client.isReady || !this.breaker.allows()) this.failed(err);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  private failed(err: unknown): void {
    if (!this.down) this.logger.warn(`Redis unavailable for rate limits (${describeRedisError(err)}): this replica counts on its own until it answers`);
    this.down = true;
    this.downUntil = Date.now() + RETRY_MS;
    const client = this.client;
    this.client = undefined;
    try {
      client?.destroy();
    } catch {
      // already closed
    }
  }

  /** The connected client, or undefined while Redis is considered down. Concurrent callers share one connect. */
  private connected(): Promise<RedisClient | undefined> {
    if (this.client?.isReady) return Promise.resolve(this.client);
    if (Date.now() < this.downUntil) return Promise.resolve(undefined);
    this.connecting ??= (async () => {
      const client = failFastRedisClient(this.config);
      try {
        await within(client.connect(), Math.max(OP_TIMEOUT_MS, this.config.connectTimeoutMs));
        client.unref();
        this.client = client;
        return client;
      } catch (err) {
        this.client = client;
        this.breaker.failed(describeRedisError(err));
        this.failed(err);
        return undefined;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  onModuleDestroy(): void {
    try {
      this.client?.destroy();
    } catch {
      // already closed
    }
    this.client = undefined;
  }
}
