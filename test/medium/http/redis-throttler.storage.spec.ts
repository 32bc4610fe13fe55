import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisConfig } from '../../../src/config/app-config.js';
import { RedisThrottlerStorage } from '../../../src/http/redis-throttler.storage.js';

/** The local Redis the suite runs against (.ci/run starts it). */
function redis(addr = '127.0.0.1:6379'): RedisConfig {
  return Object.assign(new RedisConfig(), { addr, password: '', db: 0, connectTimeoutMs: 500, cacheTtlSeconds: 0 });
}

describe('RedisThrottlerStorage (real Redis)', () => {
  const opened: RedisThrottlerStorage[] = [];
  const storage = (scope: string, config = redis()) => {
    const s = new RedisThrottlerStorage(config, scope);
    opened.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of opened.splice(0)) s.onModuleDestroy();
  });

  it('counts one client across replicas sharing the Redis and the store, and blocks past the limit', async () => {
    const scope = `test-${randomUUID()}`;
    const [a, b] = [storage(scope), storage(scope)];
    expect(await a.increment('client-1', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await b.increment('client-1', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await a.increment('client-1', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 3, isBlocked: false });
    const blocked = await b.increment('client-1', 60_000, 3, 30_000, 'default');
    expect(blocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    expect(blocked.timeToExpire).toBeGreaterThan(55);
    // Blocked hits are not counted, on either replica; another client is not affected.
    expect(await a.increment('client-1', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(await a.increment('client-2', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    // Another store sharing the Redis keeps its own counters.
    expect(await storage(`test-${randomUUID()}`).increment('client-1', 60_000, 3, 30_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts on its own in memory when Redis does not answer, without throwing', async () => {
    const s = storage(`test-${randomUUID()}`, redis('127.0.0.1:1'));
    expect(await s.increment('c', 60_000, 2, 0, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await s.increment('c', 60_000, 2, 0, 'default')).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await s.increment('c', 60_000, 2, 0, 'default')).toMatchObject({ isBlocked: true });
  });
});
