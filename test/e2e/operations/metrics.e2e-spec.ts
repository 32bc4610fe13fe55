import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nanSeries, parsePrometheus, type PromFamily, samplesWith } from './prometheus.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** Every family LineageMetrics declares; other modules record into them. */
const LINEAGE_FAMILIES: Record<string, string> = {
  lineage_http_requests_total: 'counter',
  lineage_http_request_duration_seconds: 'histogram',
  lineage_traversal_duration_seconds: 'histogram',
  lineage_traversal_nodes: 'histogram',
  lineage_cache_hits_total: 'counter',
  lineage_cache_misses_total: 'counter',
  lineage_population_runs_total: 'counter',
  lineage_population_statements_total: 'counter',
  lineage_population_edges_written_total: 'counter',
  lineage_population_run_duration_seconds: 'histogram',
  lineage_population_watermark_age_seconds: 'gauge',
  lineage_database_pool_connections: 'gauge',
  lineage_database_query_errors_total: 'counter',
  lineage_qvci_state: 'gauge',
  lineage_index_edges: 'gauge',
  lineage_index_fields: 'gauge',
  lineage_index_bytes: 'gauge',
  lineage_index_generation: 'gauge',
  lineage_index_build_seconds: 'gauge',
};

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<Record<string, PromFamily>> {
  const req = request(t.url).get('/metrics');
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  const res = await req.expect(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheus(res.text);
}

describe('/metrics (Prometheus text format, parsed with a real parser)', () => {
  let t: TestApp;
  let families: Record<string, PromFamily>;

  beforeAll(async () => {
    t = await startTestApp();
    await request(t.url).get('/health').expect(200);
    await request(t.url).get('/health/ready').expect(200);
    await request(t.url).get('/health/ready').expect(200);
    await request(t.url).get('/no/such/route/42').expect(404);
    await request(t.url).get('/another/unknown').expect(404);
    await request(t.url).get('/api/v2/openlineage/datasets/no_such.table_one').expect(404);
    await request(t.url).get('/api/v2/openlineage/datasets/no_such.table_two').expect(404);
    await request(t.url).get('/metrics').expect(200);
    families = await scrape(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exposes every lineage metric family with its type and help', () => {
    for (const [name, type] of Object.entries(LINEAGE_FAMILIES)) {
      expect(families[name], name).toBeDefined();
      expect(families[name].type, name).toBe(type);
      expect(families[name].help, name).not.toBe('');
    }
  });

  it('writes NaN only for event-loop statistics that have no sample yet', () => {
    for (const line of nanSeries(families)) expect(line).toMatch(/^lineage_nodejs_eventloop_lag_\w+ Nan$/);
  });

  it('exposes the default process metrics under the lineage_ prefix', () => {
    for (const name of ['lineage_process_cpu_user_seconds_total', 'lineage_process_resident_memory_bytes', 'lineage_nodejs_heap_size_used_bytes', 'lineage_nodejs_eventloop_lag_seconds']) {
      expect(families[name], name).toBeDefined();
    }
  });

  it('counts requests by method, route template and status', () => {
    expect(samplesWith(families, 'lineage_http_requests_total', { method: 'GET', route: '/health', status: '200' })[0]?.value).toBe(1);
    expect(samplesWith(families, 'lineage_http_requests_total', { method: 'GET', route: '/health/ready', status: '200' })[0]?.value).toBe(2);
    expect(samplesWith(families, 'lineage_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })[0]?.value).toBe(1);
    for (const sample of families.lineage_http_requests_total.data) expect(Object.keys(sample.labels ?? {}).sort()).toEqual(['method', 'route', 'status']);
  });

  it('labels a route with parameters by its template, whatever the values', () => {
    expect(samplesWith(families, 'lineage_http_requests_total', { method: 'GET', route: '/api/v2/openlineage/datasets/:dataset', status: '404' })[0]?.value).toBe(2);
  });

  it('labels unknown routes "unmatched" instead of the raw URL (bounded cardinality)', () => {
    expect(samplesWith(families, 'lineage_http_requests_total', { route: 'unmatched', status: '404' })[0]?.value).toBe(2);
    const routes = families.lineage_http_requests_total.data.map((s) => s.labels?.route);
    expect(routes.some((r) => r?.includes('such') || r?.includes('unknown') || r?.includes('table_'))).toBe(false);
  });

  it('observes request durations in a histogram per route', () => {
    const [live] = samplesWith(families, 'lineage_http_request_duration_seconds', { method: 'GET', route: '/health/ready' });
    expect(live.count).toBe(2);
    expect(live.buckets?.['+Inf']).toBe(2);
    expect(live.sum).toBeGreaterThan(0);
    expect(Object.keys(live.labels ?? {}).sort()).toEqual(['method', 'route']);
  });

  it('reads the database pool on scrape', () => {
    const states = families.lineage_database_pool_connections.data.map((s) => s.labels?.state).sort();
    expect(states).toEqual(['in_use', 'size', 'waiting']);
    const size = samplesWith(families, 'lineage_database_pool_connections', { state: 'size' })[0];
    expect(size.value).toBeGreaterThanOrEqual(1);
  });

  it('reports exactly one QVCI state', () => {
    const data = families.lineage_qvci_state.data;
    expect(data.map((s) => s.labels?.state).sort()).toEqual(['disabled', 'enabled', 'unknown']);
    expect(data.filter((s) => s.value === 1)).toHaveLength(1);
  });
});

describe('/metrics access and configuration', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('needs an API key when API_KEYS is set: X-API-Key or Authorization: Bearer', async () => {
    const t = await startTestApp({ API_KEYS: 'first-key-123,second-key-456' });
    apps.push(t);
    // The same rule and answer as the API's key guard.
    const missing = await request(t.url).get('/metrics').set('X-Request-Id', 'm-1').expect(401);
    expect(missing.body).toEqual({
      statusCode: 401,
      code: 'LINEAGE_API_KEY_REQUIRED',
      message: 'A valid API key is required: send it as X-API-Key: <key> or Authorization: Bearer <key>',
      requestId: 'm-1',
    });
    const api = await request(t.url).get('/api/v2/openlineage/namespaces').set('X-Request-Id', 'm-1').expect(401);
    expect(api.body).toEqual(missing.body);
    const wrong = await request(t.url).get('/metrics').set('X-API-Key', 'first-key-12').expect(401);
    expect(wrong.body.code).toBe('LINEAGE_API_KEY_REQUIRED');
    const wrongBearer = await request(t.url).get('/metrics').set('Authorization', 'Bearer nope').expect(401);
    expect(wrongBearer.body.code).toBe('LINEAGE_API_KEY_REQUIRED');
    await scrape(t, { 'X-API-Key': 'second-key-456' });
    const families = await scrape(t, { Authorization: 'Bearer first-key-123' });
    expect(samplesWith(families, 'lineage_http_requests_total', { route: '/metrics', status: '401' })[0]?.value).toBe(3);
  });

  it('is not rate limited, while the API is', async () => {
    const t = await startTestApp({ RATE_LIMIT_MAX: '2', RATE_LIMIT_TTL_SECONDS: '60' });
    apps.push(t);
    const api = [];
    for (let i = 0; i < 3; i++) api.push((await request(t.url).get('/api/v2/openlineage/namespaces')).status);
    expect(api).toEqual([200, 200, 429]);
    for (let i = 0; i < 5; i++) await request(t.url).get('/metrics').expect(200);
    const families = await scrape(t);
    expect(samplesWith(families, 'lineage_http_requests_total', { route: '/api/v2/openlineage/namespaces', status: '429' })[0]?.value).toBe(1);
  });

  it('is served at METRICS_PATH, and not at all when METRICS_ENABLED is false', async () => {
    const moved = await startTestApp({ METRICS_PATH: '/internal/prometheus' });
    apps.push(moved);
    const res = await request(moved.url).get('/internal/prometheus').expect(200);
    expect(Object.keys(await parsePrometheus(res.text))).toContain('lineage_http_requests_total');
    await request(moved.url).get('/metrics').expect(404);

    const off = await startTestApp({ METRICS_ENABLED: 'false' });
    apps.push(off);
    await request(off.url).get('/metrics').expect(404);
  });
});
