import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const PASSWORD = 'session-test-password-0123456789';

describe('admin session on a first visit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_PASSWORD: PASSWORD });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sets one session cookie, the one whose CSRF token the form holds: a client that keeps it signs in', async () => {
    for (const path of ['/admin/login', '/admin/login?next=%2Fadmin%2Fruns']) {
      const page = await request(t.url).get(path).expect(200);
      const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []).filter((c) => c.startsWith('lineage_admin='));
      expect(cookies, path).toHaveLength(1);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      expect(token).toBeDefined();
      const login = await request(t.url)
        .post('/admin/login')
        .set('Cookie', cookies[0].split(';')[0])
        .type('form')
        .send({ username: 'admin', password: PASSWORD, next: '/admin/runs', _csrf: token });
      expect(login.status, path).toBe(302);
      expect(login.headers.location).toBe('/admin/runs');
    }
  });
});
