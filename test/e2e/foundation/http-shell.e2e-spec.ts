import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('HTTP shell (real HTTP through the Nest app)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/health/live answers without I/O', async () => {
    const res = await request(t.url).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/health and /health/ready report the embedded database as up', async () => {
    for (const path of ['/health', '/health/ready']) {
      const res = await request(t.url).get(path).expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.database).toMatchObject({ status: 'up', engine: 'embedded (DuckDB)' });
    }
  });

  it('serves the Swagger UI and its JSON document', async () => {
    const ui = await request(t.url).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = await request(t.url).get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.info.title).toBe('Lineage API');
    expect(Object.keys(doc.body.paths)).toContain('/health/ready');
    expect(doc.body.components.securitySchemes['api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });

  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const given = await request(t.url).get('/health/ready').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(t.url).get('/health/ready').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with the error shape and the request id', async () => {
    const res = await request(t.url).get('/no/such/route').set('X-Request-Id', 'req-404').expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'No route GET /no/such/route', requestId: 'req-404' });
  });

  it('rejects a body that is not JSON with a 400 in the same shape', async () => {
    // Bodies are parsed where a route takes one (OpenLineage events); the parse error comes before any guard.
    const res = await request(t.url).post('/api/v1/lineage').set('Content-Type', 'application/json').send('{"broken":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.message).toMatch(/^Request body is not valid JSON \(.+\)$/);
  });

  it('sends the security headers', async () => {
    const res = await request(t.url).get('/health');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
