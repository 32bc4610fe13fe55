import { createClient } from '@redis/client';
import type { RedisConfig } from '../config/app-config.js';
import { describeRedisError, redisBreakerFor, type RedisBreaker } from './redis-breaker.js';

export type RedisClient = ReturnType<typeof createClient>;

/** host:port → [host, port] (6379 when no port is given). */
export function splitRedisAddr(addr: string): [string, number] {
  const at = addr.lastIndexOf(':');
  return at < 0 ? [addr, 6379] : [addr.slice(0, at), Number(addr.slice(at + 1))];
}

/**
 * A Redis client that fails fast: the configured connect timeout, no
 * reconnects and no offline queue, so a dead Redis means "do without" at
 * once, never a hang. Errors are left to the caller's awaits.
 */
export function failFastRedisClient(config: RedisConfig): RedisClient {
  const [host, port] = splitRedisAddr(config.addr);
  const client: RedisClient = createClient({
    socket: { host, port, connectTimeout: config.connectTimeoutMs, reconnectStrategy: false },
    password: config.password || undefined,
    database: config.db,
    disableOfflineQueue: true,
  });
  client.on('error', () => undefined);
  return client;
}

/** The circuit breaker of the configured Redis (see redis-breaker.ts), shared by the cache, the lock and the rate limits. */
export function redisBreaker(config: RedisConfig): RedisBreaker {
  return redisBreakerFor(`${config.addr}/${config.db}`);
}

/** Why Redis does not answer, from a connection of its own (a wrong password says "authentication failed"); null when it answers. */
export async function diagnoseRedis(config: RedisConfig): Promise<string | null> {
  const client = failFastRedisClient(config);
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${config.connectTimeoutMs} ms`)), config.connectTimeoutMs).unref());
  try {
    await Promise.race([client.connect().then(() => client.ping()), deadline]);
    return null;
  } catch (err) {
    return describeRedisError(err);
  } finally {
    try {
      client.destroy();
    } catch {
      // never connected
    }
  }
}
