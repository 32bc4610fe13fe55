import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { withDeadline } from '../common/deadline.js';
import type { RedisBreaker } from '../common/redis-breaker.js';
import { diagnoseRedis, redisBreaker } from '../common/redis-client.js';
import { DatabaseConfig, RedisConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';

const OP_TIMEOUT_MS = 100;

export interface CacheState {
  readonly kind: 'redis' | 'in-process' | 'off';
  readonly state: 'up' | 'down' | 'not-configured';
  readonly detail: string;
}

function timeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return withDeadline(p, ms, `cache did not answer within ${ms} ms`);
}

/**
 * Response cache over @nestjs/cache-manager (Redis through @keyv/redis when
 * REDIS_ADDR is set, in-process otherwise). Every operation is bounded in
 * time and never throws: a dead Redis means "no cache", not an error.
 */
@Injectable()
export class LineageCacheService {
  private readonly logger = new Logger(LineageCacheService.name);
  private lastError?: { at: Date; message: string };
  private lastOk?: Date;
  /** Keys are scoped to the lineage store they describe, so deployments sharing a Redis never mix answers. */
  private readonly scope: string;
  /** Shared with the lock and the rate limits: a hung Redis is skipped instead of costing every request its timeout. */
  private readonly breaker: RedisBreaker | null;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly config: RedisConfig,
    private readonly metrics: LineageMetrics,
    database: DatabaseConfig,
  ) {
    this.scope = database.storeKey;
    this.breaker = config.enabled ? redisBreaker(config) : null;
  }

  /** A cache operation within OP_TIMEOUT_MS, through the Redis breaker when the cache is Redis. */
  private bounded<T>(op: () => Promise<T>): Promise<T> {
    return this.breaker ? this.breaker.call(op, OP_TIMEOUT_MS, 'cache') : timeout(op(), OP_TIMEOUT_MS);
  }

  get enabled(): boolean {
    return this.config.cacheTtlSeconds > 0;
  }

  private failed(err: unknown): void {
    const message = (err as Error).message ?? String(err);
    if (!this.lastError || (this.lastOk && this.lastOk > this.lastError.at)) this.logger.warn(`Cache unavailable, serving without it: ${message.split('\n')[0]}`);
    this.lastError = { at: new Date(), message };
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (!this.enabled) return undefined;
    try {
      const value = await this.bounded(() => this.cache.get<T>(`${this.scope}:${key}`));
      this.lastOk = new Date();
      if (value === undefined || value === null) this.metrics.cacheMisses.inc();
      else this.metrics.cacheHits.inc();
      return value ?? undefined;
    } catch (err) {
      this.metrics.cacheMisses.inc();
      this.failed(err);
      return undefined;
    }
  }

  async set<T>(key: string, value: T): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.bounded(() => this.cache.set(`${this.scope}:${key}`, value, this.config.cacheTtlSeconds * 1000));
      this.lastOk = new Date();
    } catch (err) {
      this.failed(err);
    }
  }

  /** Cached value or computed (and stored) one. */
  async wrap<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = await this.get<T>(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    await this.set(key, value);
    return value;
  }

  async state(): Promise<CacheState> {
    if (!this.enabled) return { kind: 'off', state: 'not-configured', detail: 'CACHE_TTL_SECONDS=0: responses are not cached' };
    if (!this.config.enabled) return { kind: 'in-process', state: 'up', detail: 'REDIS_ADDR is empty: in-process cache' };
    try {
      // A write then a read of the same value: the store swallows errors, so only a round trip proves Redis answers.
      const probe = `${Date.now()}-${Math.random()}`;
      const bound = Math.max(OP_TIMEOUT_MS, this.config.connectTimeoutMs);
      await timeout(this.cache.set(`${this.scope}:probe`, probe, 5000), bound);
      const back = await timeout(this.cache.get<string>(`${this.scope}:probe`), bound);
      if (back !== probe) throw new Error('no answer from Redis');
      this.lastOk = new Date();
      return { kind: 'redis', state: 'up', detail: `Redis at ${this.config.addr}` };
    } catch (err) {
      this.failed(err);
      // the cache's own client only says "no answer": ask Redis on a connection of our own why (a wrong password says so)
      const why = (await diagnoseRedis(this.config)) ?? (err as Error).message.split('\n')[0];
      return { kind: 'redis', state: 'down', detail: `Redis at ${this.config.addr} unreachable (${why}): serving without cache` };
    }
  }
}
