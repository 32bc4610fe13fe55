import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { redisBreakerFor } from '../../../src/common/redis-breaker.js';
import { LineageCacheService } from '../../../src/lineage/lineage-cache.service.js';
import { freePort } from '../../support/processes.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** A Redis of the test's own (so it can be stopped), with a password. */
async function ownRedis(): Promise<{ process: ChildProcess; port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'right-password'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) resolve();
    });
  });
  return {
    process: child,
    port,
    stop: async () => {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

describe('Redis faults (real Redis, real app)', () => {
  let app: TestApp | undefined;
  let redis: Awaited<ReturnType<typeof ownRedis>> | undefined;
  afterEach(async () => {
    // Redis first: a client closing politely would wait on a stopped one
    await redis?.stop();
    await app?.close();
    app = undefined;
    redis = undefined;
  });

  it('a wrong REDIS_PASSWORD: /health says authentication failed, not a timeout', async () => {
    redis = await ownRedis();
    app = await startTestApp({ REDIS_ADDR: `127.0.0.1:${redis.port}`, REDIS_PASSWORD: 'wrong-password' });
    const health = (await (await fetch(`${app.url}/health`)).json()) as { details: { cache: { detail: string } } };
    expect(health.details.cache.detail).toMatch(/unreachable \(authentication failed: check REDIS_PASSWORD/);
    expect(health.details.cache.detail).not.toMatch(/did not answer within/);
  });

  it('a hung Redis (SIGSTOP): after a few timeouts the breaker opens and the cache skips Redis; requests still answer', async () => {
    redis = await ownRedis();
    const addr = `127.0.0.1:${redis.port}`;
    app = await startTestApp({ REDIS_ADDR: addr, REDIS_PASSWORD: 'right-password', REDIS_DB: '3' });
    const cache = app.app.get(LineageCacheService);
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    const breaker = redisBreakerFor(`${addr}/3`);
    expect(breaker.state).toBe('closed');

    redis.process.kill('SIGSTOP');
    while (breaker.state === 'closed') expect(await cache.get('k')).toBeUndefined();
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('cache did not answer within 100 ms');
    // while open, nothing goes to Redis: the answer is a miss, served by the app
    expect(await cache.get('k')).toBeUndefined();
    const res = await fetch(`${app.url}/api/v2/openlineage/datasets`);
    expect(res.status).toBe(200);
  });
});
