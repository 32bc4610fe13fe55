import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rng } from '../../../src/common/seeded-random.js';
import type { CompactLineageGraph } from '../../../src/lineage/graph-format.js';
import { LineageIndexService } from '../../../src/lineage/lineage-index.service.js';
import { LineageService } from '../../../src/lineage/lineage.service.js';
import { type EdgeSpec, seedLineage, TEST_NAMESPACE } from '../../factories/lineage.factory.js';
import { decodeCompactGraph } from '../../support/compact-graph.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const API = '/api/v2/openlineage';

/**
 * A seeded random warehouse: 4 layers of 5 tables of 4 columns, each column
 * fed by 1-3 columns of the layer before; about one table in three filtered
 * or joined (edges into its `*`, so upstream answers carry row-level links).
 */
function randomWarehouse(seed: number): EdgeSpec[] {
  const r = rng(seed);
  const table = (layer: number) => `l${layer}.t${Math.floor(r() * 5)}`;
  const edges: EdgeSpec[] = [];
  const seen = new Set<string>();
  const add = (e: EdgeSpec) => {
    const k = `${e.from}>${e.to}`;
    if (seen.has(k)) return;
    seen.add(k);
    edges.push(e);
  };
  for (let layer = 1; layer < 4; layer++)
    for (let t = 0; t < 5; t++) {
      for (let c = 0; c < 4; c++)
        for (let k = 0; k < 1 + Math.floor(r() * 3); k++) add({ from: `${table(layer - 1)}.c${Math.floor(r() * 4)}`, to: `l${layer}.t${t}.c${c}`, subtype: r() < 0.3 ? 'TRANSFORMATION' : 'IDENTITY' });
      if (r() < 0.35) add({ from: `${table(layer - 1)}.c${Math.floor(r() * 4)}`, to: `l${layer}.t${t}.*`, type: 'INDIRECT', subtype: r() < 0.5 ? 'FILTER' : 'JOIN' });
    }
  return edges;
}

/** The path and query of a graph request. */
type Ask = readonly [path: string, query: Record<string, string | number>];

/** Random graph requests from fields that have lineage in `edges`: each route, direction, depth, some fields= and DIRECT filters. */
function randomQueries(seed: number, n: number, edges: readonly EdgeSpec[]): Ask[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const fieldsChoices = [undefined, undefined, 'id,depth', 'depth', 'dataset,field', 'type,namespace', 'field,id'];
  const ends = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  return Array.from({ length: n }, () => {
    const end = pick(ends);
    const dataset = end.slice(0, end.lastIndexOf('.'));
    const field = end.slice(end.lastIndexOf('.') + 1);
    const fields = pick(fieldsChoices);
    const query = { direction: pick(['upstream', 'downstream', 'both']), maxDepth: 1 + Math.floor(r() * 5), ...(fields ? { fields } : {}), ...(r() < 0.15 ? { transformationType: 'DIRECT' } : {}) };
    const kind = r();
    if (kind < 0.5) return [`datasets/${dataset}/fields/${encodeURIComponent(field)}/lineage`, query] as const;
    if (kind < 0.75) return [`datasets/${dataset}/lineage`, query] as const;
    return ['lineage', { ...query, nodeId: `datasetField:${TEST_NAMESPACE}:${dataset}:${field}` }] as const;
  });
}

describe('Compact lineage answers over HTTP', () => {
  let t: TestApp;
  const edges = randomWarehouse(7);
  beforeAll(async () => {
    t = await startTestApp({ CACHE_TTL_SECONDS: '0' });
    await seedLineage(t.app, edges);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, query: Record<string, string | number>) => request(t.url).get(`${API}/${path}`).query(query);

  it('decodes to the default answer byte for byte, on every graph route, direction, depth and fields= choice', async () => {
    let rowLevel = 0;
    let withEdges = 0;
    for (const [path, query] of randomQueries(3, 40, edges)) {
      const label = `${path} ${JSON.stringify(query)}`;
      const json = await get(path, query).expect(200);
      const compact = await get(path, { ...query, format: 'compact' }).expect(200);
      expect(compact.headers['content-type'], label).toBe('application/json; charset=utf-8');
      expect(Number(compact.headers['content-length']), label).toBe(Buffer.byteLength(compact.text));
      const body = JSON.parse(compact.text) as CompactLineageGraph;
      expect(body.format, label).toBe('compact');
      expect(JSON.stringify(decodeCompactGraph(body)), label).toBe(json.text);
      if (json.text.includes('"ROW_LEVEL"')) rowLevel++;
      if (body.edges.length > 0) withEdges++;
    }
    expect(rowLevel).toBeGreaterThan(2);
    expect(withEdges).toBeGreaterThan(20);
  });

  it('leaves the default answer as it was: format=json and no format give the same bytes, the object graph stringified', async () => {
    for (const [path, query] of randomQueries(5, 12, edges).filter(([, q]) => q.fields === undefined)) {
      const plain = await get(path, query).expect(200);
      const json = await get(path, { ...query, format: 'json' }).expect(200);
      expect(json.text).toBe(plain.text);
      if (path === 'lineage') continue;
      const [dataset, field] = path.replace(/\/lineage$/, '').replace(/^datasets\//, '').split('/fields/');
      const graph = await t.app.get(LineageService).graphFor({ dataset, field: field === undefined ? undefined : decodeURIComponent(field), ...query });
      expect(plain.text).toBe(JSON.stringify(graph));
    }
  });

  it('keeps only the node keys fields= names, in the usual order, and edges as they were', async () => {
    const path = 'datasets/l3.t0/fields/c0/lineage';
    const full = await get(path, { direction: 'upstream', maxDepth: 3 }).expect(200);
    const some = await get(path, { direction: 'upstream', maxDepth: 3, fields: 'depth,id' }).expect(200);
    expect(some.body.nodes).toEqual(full.body.nodes.map((n: { id: string; depth: number }) => ({ id: n.id, depth: n.depth })));
    expect(Object.keys(some.body.nodes[0])).toEqual(['id', 'depth']);
    expect(some.body.edges).toEqual(full.body.edges);
    // Repeating the parameter is the same as a comma list.
    const repeated = await request(t.url).get(`${API}/${path}?direction=upstream&maxDepth=3&fields=depth&fields=id`).expect(200);
    expect(repeated.text).toBe(some.text);
    // Table lineage has no field key to keep.
    const table = await get('datasets/l3.t0/lineage', { direction: 'upstream', maxDepth: 1, fields: 'field,depth' }).expect(200);
    expect(table.body.nodes.every((n: object) => Object.keys(n).join() === 'depth')).toBe(true);
  });

  it('answers a root without lineage in the compact form too', async () => {
    await seedLineage(t.app, [...edges], { extraFields: ['l0.lonely.x'] });
    const lonelyJson = await get('datasets/l0.lonely/fields/x/lineage', {}).expect(200);
    const lonely = await get('datasets/l0.lonely/fields/x/lineage', { format: 'compact', fields: 'id' }).expect(200);
    expect(lonely.body.nodes).toEqual({ dataset: [0], field: ['x'] });
    expect(JSON.stringify(decodeCompactGraph(lonely.body as CompactLineageGraph))).toBe(JSON.stringify({ ...JSON.parse(lonelyJson.text), nodes: [{ id: JSON.parse(lonelyJson.text).nodes[0].id }] }));
  });

  it('rejects an unknown format or node key with a 400 naming the allowed values', async () => {
    const path = 'datasets/l3.t0/fields/c0/lineage';
    const format = await get(path, { format: 'xml' }).expect(400);
    expect(format.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'format must be one of json, compact' });
    const unknown = await get(path, { fields: 'id,colour,depth' }).expect(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'fields must be a comma-separated list of id, type, namespace, dataset, field, depth; unknown: "colour"' });
    const empty = await get('lineage', { nodeId: `datasetField:${TEST_NAMESPACE}:l3.t0:c0`, fields: '' }).expect(400);
    expect(empty.body.message).toBe('fields must be a comma-separated list of id, type, namespace, dataset, field, depth; unknown: ""');
    const table = await get('datasets/l3.t0/lineage', { format: 'compact', fields: 'ID' }).expect(400);
    expect(table.body.code).toBe('VALIDATION_FAILED');
    // The routes that do not answer a graph do not take them.
    const impact = await get('impact', { dataset: 'l0.t0', field: 'c0', fields: 'id' }).expect(400);
    expect(impact.body.message).toContain('property fields should not exist');
  });

  it('documents the format enum, fields and the compact schema in Swagger', async () => {
    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get: { parameters: { name: string; schema?: { enum?: string[] } }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    for (const route of [`/${API.slice(1)}/lineage`, `/${API.slice(1)}/datasets/{dataset}/lineage`, `/${API.slice(1)}/datasets/{dataset}/fields/{field}/lineage`]) {
      const op = doc.paths[route].get;
      expect(op.parameters.find((p) => p.name === 'format')?.schema?.enum, route).toEqual(['json', 'compact']);
      expect(op.parameters.some((p) => p.name === 'fields'), route).toBe(true);
      expect(op.responses['200'].content?.['application/json'].schema, route).toEqual({
        oneOf: [{ $ref: '#/components/schemas/LineageGraphDto' }, { $ref: '#/components/schemas/CompactLineageGraphDto' }],
      });
    }
    expect(Object.keys(doc.components.schemas.CompactLineageGraphDto.properties)).toEqual([
      'format', 'root', 'direction', 'maxDepth', 'asOf', 'fields', 'nodeType', 'namespaces', 'datasets', 'nodes', 'transformationTypes', 'transformationSubtypes', 'strings', 'edgeKinds', 'edges', 'truncated',
    ]);
  });
});

describe('Compact lineage answers with the response cache on', () => {
  it('caches each format and fields= choice apart', async () => {
    const t = await startTestApp({ CACHE_TTL_SECONDS: '60' });
    try {
      await seedLineage(t.app, randomWarehouse(11));
      const path = `${API}/datasets/l3.t2/fields/c1/lineage?direction=upstream&maxDepth=3`;
      const first = [await request(t.url).get(path), await request(t.url).get(`${path}&format=compact`), await request(t.url).get(`${path}&fields=id`)];
      const again = [await request(t.url).get(path), await request(t.url).get(`${path}&format=compact`), await request(t.url).get(`${path}&fields=id`)];
      expect(again.map((r) => r.text)).toEqual(first.map((r) => r.text));
      expect(new Set(first.map((r) => r.text)).size).toBe(3);
      expect(JSON.stringify(decodeCompactGraph(again[1].body as CompactLineageGraph))).toBe(first[0].text);
    } finally {
      await t.close();
    }
  });
});
