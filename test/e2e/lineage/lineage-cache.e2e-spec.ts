import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { seedLineage } from '../../factories/lineage.factory.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const PATH = '/api/v2/openlineage/datasets/mart.c/fields/z/lineage?direction=upstream&maxDepth=3';

async function counts(t: TestApp): Promise<{ hits: number; misses: number }> {
  const m = t.app.get(LineageMetrics);
  const hits = (await m.cacheHits.get()).values[0]?.value ?? 0;
  const misses = (await m.cacheMisses.get()).values[0]?.value ?? 0;
  return { hits, misses };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A private Redis server this test may stop whenever it likes (the shared one on 6379 stays up). */
async function privateRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => String(d).includes('Ready to accept connections') && resolve());
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

describe('Lineage response cache on a real Redis', () => {
  const apps: TestApp[] = [];
  const servers: ChildProcess[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const s of servers.splice(0)) s.kill('SIGKILL');
  });

  it('serves a repeated question from Redis and forgets it when the graph changes', async () => {
    const t = await startTestApp({ REDIS_ADDR: '127.0.0.1:6379', REDIS_DB: '5', CACHE_TTL_SECONDS: '60' });
    apps.push(t);
    await seedLineage(t.app, [{ from: 'stg.a.x', to: 'core.b.y' }, { from: 'core.b.y', to: 'mart.c.z' }]);
    const first = await request(t.url).get(PATH).expect(200);
    const afterFirst = await counts(t);
    const second = await request(t.url).get(PATH).expect(200);
    const afterSecond = await counts(t);
    expect(second.body).toEqual(first.body);
    expect(afterSecond.hits).toBe(afterFirst.hits + 1);
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.details.cache).toMatchObject({ status: 'up', kind: 'redis', state: 'up' });

    // A new edge bumps the graph generation: the next answer is computed again and holds it.
    await seedLineage(t.app, [{ from: 'stg.n.q', to: 'mart.c.z' }]);
    const third = await request(t.url).get(PATH).expect(200);
    expect(third.body.nodes.map((n: { id: string }) => n.id)).toContainEqual(expect.stringContaining(':stg.n:q'));
    expect(first.body.nodes.map((n: { id: string }) => n.id)).not.toContainEqual(expect.stringContaining(':stg.n:q'));
  });

  it('answers without the cache when Redis cannot be reached, and says so in /health', async () => {
    const t = await startTestApp({ REDIS_ADDR: `127.0.0.1:${await freePort()}`, CACHE_TTL_SECONDS: '60', REDIS_CONNECT_TIMEOUT_MS: '200' });
    apps.push(t);
    await seedLineage(t.app, [{ from: 'stg.a.x', to: 'mart.c.z' }]);
    for (let i = 0; i < 3; i++) {
      const res = await request(t.url).get(PATH).expect(200);
      expect(res.body.nodes).toHaveLength(2);
    }
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.details.cache).toMatchObject({ status: 'degraded', kind: 'redis', state: 'down' });
  });

  it('keeps answering 200 when Redis stops in the middle of traffic', async () => {
    const port = await freePort();
    const redis = await privateRedis(port);
    servers.push(redis);
    const t = await startTestApp({ REDIS_ADDR: `127.0.0.1:${port}`, CACHE_TTL_SECONDS: '60', REDIS_CONNECT_TIMEOUT_MS: '200' });
    apps.push(t);
    await seedLineage(t.app, [{ from: 'stg.a.x', to: 'mart.c.z' }]);
    await request(t.url).get(PATH).expect(200);
    await request(t.url).get(PATH).expect(200);
    expect((await counts(t)).hits).toBeGreaterThanOrEqual(1);
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    for (let i = 0; i < 5; i++) {
      const res = await request(t.url).get(PATH).expect(200);
      expect(res.body.nodes).toHaveLength(2);
    }
    await request(t.url).get('/health/ready').expect(200);
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.details.cache).toMatchObject({ status: 'degraded', state: 'down' });
  });
});
