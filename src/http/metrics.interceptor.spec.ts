import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { httpMetricsMiddleware, UNMATCHED_ROUTE } from './metrics.interceptor.js';

describe('httpMetricsMiddleware (a real Express server)', () => {
  const metrics = new LineageMetrics();
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(httpMetricsMiddleware(metrics));
    // Like nestjs-pino's middleware: a catch-all layer that sets req.route for every URL.
    app.all('{/*splat}', (_req, _res, next) => next());
    app.get('/items/:itemId', (req, res) => void res.json({ id: req.params.itemId }));
    const router = express.Router();
    router.get('/things/:thingId/parts', (_req, res) => void res.status(204).end());
    app.use('/nested', router);
    app.get('/boom', () => {
      throw new Error('boom');
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function count(labels: Record<string, string>): Promise<number> {
    const metric = await metrics.httpRequests.get();
    return metric.values.filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k as keyof typeof v.labels]) === val)).reduce((n, v) => n + v.value, 0);
  }

  it('labels requests with the route template, not the URL', async () => {
    for (const id of ['1', '2', 'abc']) expect((await fetch(`${url}/items/${id}`)).status).toBe(200);
    expect(await count({ method: 'GET', route: '/items/:itemId', status: '200' })).toBe(3);
    const all = await metrics.httpRequests.get();
    expect(all.values.some((v) => String(v.labels.route).includes('abc'))).toBe(false);
  });

  it('includes the mount path of a nested router', async () => {
    expect((await fetch(`${url}/nested/things/7/parts`)).status).toBe(204);
    expect(await count({ route: '/nested/things/:thingId/parts', status: '204' })).toBe(1);
  });

  it('labels requests no route matched as unmatched, so random URLs add no series', async () => {
    for (const path of ['/x', '/y/z', '/items']) expect((await fetch(`${url}${path}`)).status).toBe(404);
    expect(await count({ route: UNMATCHED_ROUTE, status: '404' })).toBe(3);
  });

  it('records failures with their status and observes a duration for each request', async () => {
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect(await count({ route: '/boom', status: '500' })).toBe(1);
    const histogram = await metrics.httpDuration.get();
    const countSample = histogram.values.find((v) => v.metricName === 'lineage_http_request_duration_seconds_count' && v.labels.route === '/items/:itemId');
    expect(countSample?.value).toBe(3);
  });
});
