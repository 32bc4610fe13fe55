import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const NAMESPACES = '/api/v2/openlineage/namespaces';

/** Two clients behind the same balancer (the test's loopback connection), told apart only by X-Forwarded-For. */
async function limitedPerClient(t: TestApp): Promise<{ first: number[]; second: number[] }> {
  const call = (client: string) =>
    request(t.url)
      .get(NAMESPACES)
      .set('X-Forwarded-For', client)
      .then((r) => r.status);
  const first = [await call('203.0.113.7'), await call('203.0.113.7'), await call('203.0.113.7')];
  const second = [await call('198.51.100.9')];
  return { first, second };
}

function sessionCookie(res: request.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('lineage_admin='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return cookie;
}

describe('TRUST_PROXY', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('off (the default): every client behind a balancer shares one rate-limit bucket, and a forged X-Forwarded-Proto gets no Secure cookie', async () => {
    t = await startTestApp({ RATE_LIMIT_MAX: '2' });
    const { first, second } = await limitedPerClient(t);
    expect(first).toEqual([200, 200, 429]);
    expect(second).toEqual([429]);
    const login = await request(t.url).get('/admin/login').set('X-Forwarded-Proto', 'https');
    expect(sessionCookie(login)).not.toMatch(/;\s*Secure/i);
  });

  it('naming the balancer: each client has its own bucket, and HTTPS at the balancer makes the admin cookie Secure', async () => {
    t = await startTestApp({ RATE_LIMIT_MAX: '2', TRUST_PROXY: 'loopback' });
    const { first, second } = await limitedPerClient(t);
    expect(first).toEqual([200, 200, 429]);
    expect(second).toEqual([200]);
    const login = await request(t.url).get('/admin/login').set('X-Forwarded-Proto', 'https');
    expect(sessionCookie(login)).toMatch(/;\s*Secure/i);
    const plain = await request(t.url).get('/admin/login');
    expect(sessionCookie(plain)).not.toMatch(/;\s*Secure/i);
  });

  it('with RATE_LIMIT_STORE=redis, counts in the shared Redis and still answers 429 with Retry-After', async () => {
    t = await startTestApp({ RATE_LIMIT_MAX: '2', RATE_LIMIT_STORE: 'redis', REDIS_ADDR: '127.0.0.1:6379' });
    const { first, second } = await limitedPerClient(t);
    expect(first).toEqual([200, 200, 429]);
    expect(second).toEqual([429]);
    const limited = await request(t.url).get(NAMESPACES).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
