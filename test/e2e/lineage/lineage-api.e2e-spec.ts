import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GraphRenderPool } from '../../../src/lineage/graph-render.pool.js';
import { LineageCacheService } from '../../../src/lineage/lineage-cache.service.js';
import { LineageIndexService } from '../../../src/lineage/lineage-index.service.js';
import { LineageService } from '../../../src/lineage/lineage.service.js';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { seedLineage, TEST_NAMESPACE } from '../../factories/lineage.factory.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const API = '/api/v2/openlineage';
const F = (ds: string, f: string) => `datasetField:${TEST_NAMESPACE}:${ds}:${f}`;

// stg.a.x → core.b.y → mart.c.z → mart.d.w (a chain), plus core.b.k ⇄ core.e.k (a cycle) and an INDIRECT filter edge.
const EDGES = [
  { from: 'stg.a.x', to: 'core.b.y' },
  { from: 'core.b.y', to: 'mart.c.z', subtype: 'TRANSFORMATION' },
  { from: 'mart.c.z', to: 'mart.d.w', subtype: 'AGGREGATION' },
  { from: 'core.b.k', to: 'core.e.k' },
  { from: 'core.e.k', to: 'core.b.k' },
  { from: 'stg.a.flag', to: 'core.b.y', type: 'INDIRECT' as const, subtype: 'FILTER' },
];

describe('Lineage API over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CACHE_TTL_SECONDS: '0' });
    await seedLineage(t.app, EDGES, { extraFields: ['stg.a.unused', 'core.customer_360.customer_id'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the namespace as the original application did', async () => {
    const res = await request(t.url).get(`${API}/namespaces`).expect(200);
    expect(res.body.namespaces).toEqual([expect.objectContaining({ namespaceId: TEST_NAMESPACE, namespaceUri: TEST_NAMESPACE })]);
  });

  it('pages and searches datasets by table and by column name', async () => {
    const page = await request(t.url).get(`${API}/datasets?limit=2&offset=0`).expect(200);
    expect(page.body.total).toBe(6);
    expect(page.body.items.map((d: { name: string }) => d.name)).toEqual(['core.b', 'core.customer_360']);
    const last = await request(t.url).get(`${API}/datasets?limit=2&offset=5`).expect(200);
    expect(last.body.items.map((d: { name: string }) => d.name)).toEqual(['stg.a']);
    const byColumn = await request(t.url).get(`${API}/datasets?q=FLAG`).expect(200);
    expect(byColumn.body.items.map((d: { name: string }) => d.name)).toEqual(['stg.a']);
    const byTable = await request(t.url).get(`${API}/datasets?q=customer`).expect(200);
    expect(byTable.body.items.map((d: { name: string }) => d.name)).toEqual(['core.customer_360']);
    // `_` and `%` are literal characters in a search, not LIKE wildcards.
    const underscore = await request(t.url).get(`${API}/datasets?q=customer_3`).expect(200);
    expect(underscore.body.items.map((d: { name: string }) => d.name)).toEqual(['core.customer_360']);
    const percent = await request(t.url).get(`${API}/datasets?q=%25b`).expect(200);
    expect(percent.body.total).toBe(0);
  });

  it('rejects bad paging and search parameters with a 400 naming them', async () => {
    const short = await request(t.url).get(`${API}/datasets?q=a`).expect(400);
    expect(short.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'q must be at least 2 characters' });
    const big = await request(t.url).get(`${API}/datasets?limit=501`).expect(400);
    expect(big.body.message).toContain('limit must not be greater than 500');
    const unknown = await request(t.url).get(`${API}/datasets?bogus=1`).expect(400);
    expect(unknown.body.message).toContain('property bogus should not exist');
  });

  it('returns one dataset with its fields and neighbour counts, 404 for an unknown one', async () => {
    const res = await request(t.url).get(`${API}/datasets/stg.a`).expect(200);
    expect(res.body.fields.map((f: { name: string }) => f.name).sort()).toEqual(['flag', 'unused', 'x']);
    expect(res.body.nodeId).toBe(`dataset:${TEST_NAMESPACE}:stg.a`);
    const missing = await request(t.url).get(`${API}/datasets/stg.nope`).expect(404);
    expect(missing.body).toMatchObject({ code: 'LINEAGE_NODE_NOT_FOUND' });
  });

  it('walks column lineage upstream and downstream within the depth', async () => {
    const up = await request(t.url).get(`${API}/datasets/mart.d/fields/w/lineage?direction=upstream&maxDepth=2`).expect(200);
    expect(up.body.nodes.map((n: { id: string; depth: number }) => [n.id, n.depth])).toEqual([
      [F('mart.d', 'w'), 0],
      [F('mart.c', 'z'), 1],
      [F('core.b', 'y'), 2],
    ]);
    expect(up.body.edges).toContainEqual(expect.objectContaining({ source: F('mart.c', 'z'), target: F('mart.d', 'w'), transformationType: 'DIRECT', transformationSubtype: 'AGGREGATION' }));
    expect(up.body.truncated).toBe(false);
    const down = await request(t.url).get(`${API}/lineage`).query({ nodeId: F('stg.a', 'x'), direction: 'downstream', maxDepth: 5 }).expect(200);
    expect(down.body.nodes.map((n: { id: string }) => n.id)).toEqual([F('stg.a', 'x'), F('core.b', 'y'), F('mart.c', 'z'), F('mart.d', 'w')]);
  });

  it('filters by transformation type', async () => {
    const all = await request(t.url).get(`${API}/datasets/core.b/fields/y/lineage?direction=upstream&maxDepth=1`).expect(200);
    expect(all.body.nodes).toHaveLength(3);
    const direct = await request(t.url).get(`${API}/datasets/core.b/fields/y/lineage?direction=upstream&maxDepth=1&transformationType=DIRECT`).expect(200);
    expect(direct.body.nodes.map((n: { id: string }) => n.id)).toEqual([F('core.b', 'y'), F('stg.a', 'x')]);
  });

  it('terminates on cycles', async () => {
    const res = await request(t.url).get(`${API}/datasets/core.b/fields/k/lineage?direction=both&maxDepth=20`).expect(200);
    expect(res.body.nodes.map((n: { id: string }) => n.id).sort()).toEqual([F('core.b', 'k'), F('core.e', 'k')].sort());
    expect(res.body.edges).toHaveLength(2);
  });

  it('validates depth against the configured range and direction against its values', async () => {
    for (const depth of [0, 21]) {
      const res = await request(t.url).get(`${API}/datasets/mart.d/fields/w/lineage?maxDepth=${depth}`).expect(400);
      expect(res.body.message).toBe(`maxDepth must be between 1 and 20, got ${depth}`);
    }
    // integers are decimal digits only: Number() would read 0x10 as 16, 0b11 as 3, 1e1 as 10 and an empty value as 0
    for (const text of ['0x10', '0b11', '0o7', '1e1', '', ' 5', '+5', '5.0']) {
      const res = await request(t.url).get(`${API}/datasets/mart.d/fields/w/lineage?maxDepth=${encodeURIComponent(text)}`).expect(400);
      expect(res.body.message).toBe(`maxDepth must be a whole number written in decimal digits, got ${JSON.stringify(text)}`);
    }
    const limit = await request(t.url).get(`${API}/datasets?limit=0x10`).expect(400);
    expect(limit.body.message).toBe('limit must be a whole number written in decimal digits, got "0x10"');
    await request(t.url).get(`${API}/datasets?limit=16&offset=0`).expect(200);
    const dir = await request(t.url).get(`${API}/datasets/mart.d/fields/w/lineage?direction=sideways`).expect(400);
    expect(dir.body.message).toBe('direction must be one of upstream, downstream, both');
    const node = await request(t.url).get(`${API}/lineage?nodeId=garbage`).expect(400);
    expect(node.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an unknown field and a graph of one node for a field without lineage', async () => {
    const missing = await request(t.url).get(`${API}/datasets/mart.d/fields/nope/lineage`).expect(404);
    expect(missing.body.message).toContain('mart.d.nope');
    const lonely = await request(t.url).get(`${API}/datasets/stg.a/fields/unused/lineage`).expect(200);
    expect(lonely.body.nodes).toHaveLength(1);
    expect(lonely.body.edges).toHaveLength(0);
  });

  it('gives table lineage', async () => {
    const res = await request(t.url).get(`${API}/datasets/mart.d/lineage?direction=upstream&maxDepth=5`).expect(200);
    // core.e reaches core.b through the k ⇄ k cycle, so it is upstream of mart.d too.
    const byDepth = res.body.nodes.map((n: { id: string; depth: number }) => [n.id.split(':').pop(), n.depth]).sort((a: [string, number], b: [string, number]) => a[1] - b[1] || a[0].localeCompare(b[0]));
    expect(byDepth).toEqual([
      ['mart.d', 0],
      ['mart.c', 1],
      ['core.b', 2],
      ['core.e', 3],
      ['stg.a', 3],
    ]);
  });

  it('analyses impact as JSON with totals and as CSV', async () => {
    const json = await request(t.url).get(`${API}/impact`).query({ dataset: 'stg.a', field: 'x', maxDepth: 5 }).expect(200);
    expect(json.body.total).toBe(3);
    expect(json.body.byDepth).toEqual([
      { key: '1', count: 1 },
      { key: '2', count: 1 },
      { key: '3', count: 1 },
    ]);
    expect(json.body.byDatabase).toEqual([
      { key: 'core', count: 1 },
      { key: 'mart', count: 2 },
    ]);
    const csv = await request(t.url).get(`${API}/impact`).query({ dataset: 'stg.a', field: 'x', format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim().split('\n')).toEqual([
      'node_id,type,namespace,dataset,field,depth',
      `${F('core.b', 'y')},datasetField,${TEST_NAMESPACE},core.b,y,1`,
      `${F('mart.c', 'z')},datasetField,${TEST_NAMESPACE},mart.c,z,2`,
      `${F('mart.d', 'w')},datasetField,${TEST_NAMESPACE},mart.d,w,3`,
    ]);
  });

  it('sends the same graph the exports and admin pages get as objects, written on a render thread', async () => {
    const pool = t.app.get(GraphRenderPool);
    for (const [path, query] of [
      ['datasets/mart.d/fields/w/lineage', { direction: 'upstream', maxDepth: 3 }],
      ['datasets/core.b/fields/k/lineage', { direction: 'both', maxDepth: 20 }],
      ['datasets/core.b/lineage', { direction: 'both', maxDepth: 2 }],
    ] as const) {
      const res = await request(t.url).get(`${API}/${path}`).query(query).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      const [dataset, field] = path.replace(/\/lineage$/, '').replace(/^datasets\//, '').split('/fields/');
      const graph = await t.app.get(LineageService).graphFor({ dataset, field, ...query });
      expect(res.body).toEqual(JSON.parse(JSON.stringify(graph)));
    }
    // One render thread by default, where the machine has a core for it beside the main thread.
    expect(pool.threads).toBe(Math.min(1, pool.capacity));
  });

  it('reports the index in the metrics', async () => {
    const text = await request(t.url).get('/metrics').expect(200).then((r) => r.text);
    expect(text).toMatch(new RegExp(`^lineage_index_edges ${EDGES.length}$`, 'm'));
    // The fields that have an edge: x, y, z, w, both k, flag.
    expect(text).toMatch(/^lineage_index_fields 7$/m);
    expect(Number(/^lineage_index_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^lineage_index_generation [1-9]\d*$/m);
  });

  it('counts traversals in the metrics', () => {
    const metrics = t.app.get(LineageMetrics);
    return metrics.registry.getSingleMetricAsString('lineage_traversal_duration_seconds').then((text) => expect(text).toMatch(/lineage_traversal_duration_seconds_count\{kind="column"\} [1-9]/));
  });
});

describe('Row-level lineage', () => {
  it("answers a column's upstream with what decides the rows of its table (edges into table.*), linked by a ROW_LEVEL edge", async () => {
    const t = await startTestApp({ CACHE_TTL_SECONDS: '0' });
    try {
      await seedLineage(t.app, [
        { from: 'stg.o.amount', to: 'mart.s.total', subtype: 'AGGREGATION' },
        { from: 'stg.o.status', to: 'mart.s.*', type: 'INDIRECT', subtype: 'FILTER' },
        { from: 'stg.c.region', to: 'mart.s.*', type: 'INDIRECT', subtype: 'JOIN' },
      ]);
      const up = await request(t.url).get(`${API}/datasets/mart.s/fields/total/lineage?direction=upstream&maxDepth=3`).expect(200);
      expect(up.body.nodes.map((n: { id: string; depth: number }) => [n.id, n.depth])).toEqual([
        [F('mart.s', 'total'), 0],
        [F('stg.o', 'amount'), 1],
        [F('mart.s', '*'), 1],
        [F('stg.o', 'status'), 2],
        [F('stg.c', 'region'), 2],
      ]);
      expect(up.body.edges).toContainEqual({
        source: F('mart.s', '*'),
        target: F('mart.s', 'total'),
        transformationType: 'INDIRECT',
        transformationSubtype: 'ROW_LEVEL',
        description: 'what decides the rows of the dataset decides each of its columns',
        masking: false,
      });
      expect(up.body.edges).toContainEqual(expect.objectContaining({ source: F('stg.o', 'status'), target: F('mart.s', '*'), transformationSubtype: 'FILTER' }));
      const direct = await request(t.url).get(`${API}/datasets/mart.s/fields/total/lineage?direction=upstream&transformationType=DIRECT`).expect(200);
      expect(direct.body.nodes.map((n: { id: string }) => n.id)).toEqual([F('mart.s', 'total'), F('stg.o', 'amount')]);
      // Downstream, a filter column reaches the table as a whole, and through it each of its columns: impact analysis sees them.
      const down = await request(t.url).get(`${API}/datasets/stg.o/fields/status/lineage?direction=downstream`).expect(200);
      expect(down.body.nodes.map((n: { id: string }) => n.id)).toEqual([F('stg.o', 'status'), F('mart.s', '*'), F('mart.s', 'total')]);
      const impact = await request(t.url).get(`${API}/impact?dataset=stg.o&field=status`).expect(200);
      expect(impact.body.nodes.map((n: { id: string }) => n.id)).toContain(F('mart.s', 'total'));
    } finally {
      await t.close();
    }
  });
});

describe('While the index is built after start', () => {
  it('answers lineage 503 LINEAGE_INDEX_NOT_READY with Retry-After, readiness says why, and both recover once it is ready', async () => {
    const t = await startTestApp({ CACHE_TTL_SECONDS: '300' });
    try {
      await seedLineage(t.app, EDGES);
      const path = `${API}/datasets/mart.d/fields/w/lineage?direction=upstream&maxDepth=5`;
      const ready = await request(t.url).get(path).expect(200);
      // The state after a start, until the index is read from its snapshot or built from the store.
      const current = vi.spyOn(t.app.get(LineageIndexService), 'current').mockReturnValue(undefined);
      try {
        // (An answer already cached for the generation is still served: asked at another depth here.)
        const warming = await request(t.url).get(path.replace('maxDepth=5', 'maxDepth=4')).expect(503);
        expect(warming.headers['retry-after']).toBe('5');
        expect(warming.body).toMatchObject({ statusCode: 503, code: 'LINEAGE_INDEX_NOT_READY' });
        expect(warming.body.message).toContain('/health/ready');
        await request(t.url).get(`${API}/datasets/mart.d/lineage`).expect(503);
        const health = await request(t.url).get('/health/ready').expect(503);
        expect(health.body.details.lineageIndex).toMatchObject({ status: 'down', state: 'building' });
        // Routes that do not walk the graph still answer.
        await request(t.url).get(`${API}/datasets/mart.d`).expect(200);
      } finally {
        current.mockRestore();
      }
      expect((await request(t.url).get(path).expect(200)).text).toBe(ready.text);
      const health = await request(t.url).get('/health/ready').expect(200);
      expect(health.body.details.lineageIndex).toMatchObject({ status: 'up', state: 'ready' });
    } finally {
      await t.close();
    }
  });
});

describe('Lineage API limits', () => {
  it('cuts a walk at LINEAGE_NODE_CAP and flags it', async () => {
    const t = await startTestApp({ LINEAGE_NODE_CAP: '10' });
    try {
      await seedLineage(t.app, Array.from({ length: 30 }, (_, i) => ({ from: 'src.wide.id', to: `dst.t${i}.id` })));
      const res = await request(t.url).get(`${API}/datasets/src.wide/fields/id/lineage?direction=downstream&maxDepth=1`).expect(200);
      expect(res.body.nodes).toHaveLength(10);
      expect(res.body.truncated).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('needs a key on every /api route when API_KEYS is set, in either header, and never on /health or the Swagger UI', async () => {
    const t = await startTestApp({ API_KEYS: 'k-test-0123456789,k-other-9876543210' });
    try {
      const none = await request(t.url).get(`${API}/namespaces`).expect(401);
      expect(none.body).toMatchObject({ code: 'LINEAGE_API_KEY_REQUIRED' });
      expect(none.body.message).toContain('X-API-Key');
      await request(t.url).get(`${API}/namespaces`).set('X-API-Key', 'wrong').expect(401);
      await request(t.url).get(`${API}/namespaces`).set('X-API-Key', 'k-other-9876543210').expect(200);
      await request(t.url).get(`${API}/namespaces`).set('Authorization', 'Bearer k-test-0123456789').expect(200);
      await request(t.url).get('/health/live').expect(200);
      await request(t.url).get('/api/docs-json').expect(200);
    } finally {
      await t.close();
    }
  });

  it('answers 429 with Retry-After past the rate limit, and keeps /health exempt', async () => {
    const t = await startTestApp({ RATE_LIMIT_MAX: '3' });
    try {
      for (let i = 0; i < 3; i++) await request(t.url).get(`${API}/namespaces`).expect(200);
      const limited = await request(t.url).get(`${API}/namespaces`).expect(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++) await request(t.url).get('/health/live').expect(200);
    } finally {
      await t.close();
    }
  });
});
