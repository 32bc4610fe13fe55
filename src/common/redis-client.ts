import { createClient } from '@redis/client';
import type { RedisConfig } from '../config/app-config.js';

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
