import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, golden, startIngestionApp } from '../ingestion/ingestion-app.js';

const ROUTE = '/api/v2/openlineage/export';
const HOSTILE_FIELD = '<script>alert("x")</script> it\'s';

/**
 * Exports over real HTTP: lineage is ingested through POST /api/v1/lineage
 * (the golden spec event, plus a field with a hostile name), then exported
 * in every format through the read side's graph query.
 */
describe('GET /api/v2/openlineage/export', () => {
  let t: TestApp;
  const get = (query: Record<string, string>, key: string | null = API_KEY) => {
    const req = request(t.url).get(ROUTE).query(query);
    return key === null ? req : req.set('X-API-Key', key);
  };
  // Names keep their spelling outside teradata:// namespaces (docs/openlineage.md): the event's upper case.
  const target = { namespace: 'SnowflakeOpenLineage', dataset: 'PUBLIC.CUSTOMER_DISCOUNTS', field: 'NAME', direction: 'upstream', maxDepth: '3' };

  beforeAll(async () => {
    t = await startIngestionApp();
    const event = golden('spec-column-lineage-complete');
    event.outputs[0].facets.columnLineage.fields.NAME.inputFields.push({
      namespace: 'SnowflakeOpenLineage',
      name: 'PUBLIC.CUSTOMERS',
      field: HOSTILE_FIELD,
      transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: '"quoted" <b>desc</b>\nline' }],
    });
    await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).set('Content-Type', 'application/json').send(JSON.stringify(event)).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers Mermaid as text/vnd.mermaid with the ingested edges', async () => {
    const res = await get({ ...target, format: 'mermaid' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/vnd\.mermaid/);
    expect(res.text.startsWith('flowchart LR\n')).toBe(true);
    expect(res.text).toMatch(/-->\|"DIRECT\/IDENTITY"\|/);
    expect(res.text).toMatch(/-\.->\|"INDIRECT\/JOIN"\|/);
    expect(res.text).not.toContain('<script');
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('answers DOT, Cypher and JSON-LD with their media types', async () => {
    const dot = await get({ ...target, format: 'dot' }).expect(200);
    expect(dot.headers['content-type']).toMatch(/^text\/vnd\.graphviz/);
    expect(dot.text.startsWith('digraph lineage {')).toBe(true);
    const cypher = await get({ ...target, format: 'cypher' }).expect(200);
    expect(cypher.headers['content-type']).toMatch(/^application\/x-cypher-query/);
    expect(cypher.text).toMatch(/MERGE \(s\)-\[r:DERIVES \{transformationType: 'INDIRECT', transformationSubtype: 'JOIN'\}\]->\(t\)/);
    const jsonld = await get({ ...target, format: 'jsonld' }).expect(200);
    expect(jsonld.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = JSON.parse(jsonld.text) as { '@context': Record<string, unknown>; '@graph': { '@type': string; name?: string }[] };
    expect(doc['@context'].ol).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/');
    expect(doc['@graph'].filter((i) => i['@type'] === 'DatasetField').map((i) => i.name)).toEqual(expect.arrayContaining(['NAME', 'ID', HOSTILE_FIELD]));
  });

  it('answers GraphML that an XML parser reads back, with the hostile name as data', async () => {
    const res = await get({ ...target, format: 'graphml' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/graphml\+xml/);
    expect(XMLValidator.validate(res.text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, htmlEntities: true, isArray: (name) => ['node', 'edge', 'data'].includes(name) }).parse(res.text) as {
      graphml: { graph: { node: { data: { '@_key': string; '#text': string }[] }[] } };
    };
    const labels = doc.graphml.graph.node.map((n) => n.data.find((d) => d['@_key'] === 'n_label')?.['#text']);
    expect(labels).toContain(HOSTILE_FIELD);
  });

  it('answers an inert SVG laid out by the WASM Graphviz, as a download when asked', async () => {
    const res = await get({ ...target, format: 'svg', download: 'true' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-disposition']).toBe('attachment; filename=lineage.svg');
    const svg = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;');
  });

  it('refuses an unknown format and a missing one with 400 naming the formats', async () => {
    const res = await get({ ...target, format: 'png' }).expect(400);
    expect(res.body.message).toContain('format must be one of: mermaid, dot, graphml, cypher, jsonld, svg');
    await get({ ...target }).expect(400);
    await get({ ...target, format: 'dot', download: 'maybe' }).expect(400);
  });

  it('is documented in Swagger with the format enum', async () => {
    const res = await request(t.url).get('/api/docs-json').expect(200);
    const op = res.body.paths['/api/v2/openlineage/export'].get;
    const format = op.parameters.find((p: { name: string }) => p.name === 'format');
    expect(format.schema.enum).toEqual(['mermaid', 'dot', 'graphml', 'cypher', 'jsonld', 'svg']);
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['nodeId', 'dataset', 'field', 'direction', 'maxDepth', 'download']));
    expect(res.body.paths['/api/v1/lineage'].post.responses['400']).toBeDefined();
  });
});
