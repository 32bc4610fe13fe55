import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/test-database.js';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, startIngestionApp } from '../ingestion/ingestion-app.js';
import { type Contract, loadContract } from './marquez-contract.js';

const NS = 'food_delivery';
/** Fixed times (no wall clock): the template's start time, and its end times n minutes later. */
const START = Date.parse('2024-05-01T10:00:00.000Z');

interface OlDataset {
  namespace: string;
  name: string;
  facets?: { schema?: { fields: { name: string; type?: string }[] }; columnLineage?: { fields: Record<string, { inputFields: { namespace: string; name: string; field: string }[] }> } };
}
interface OlEvent {
  eventType: string;
  eventTime: string;
  run: { runId: string };
  job: { namespace: string; name: string };
  inputs?: OlDataset[];
  outputs?: OlDataset[];
}

/** Marquez's demo history with its placeholders replaced, as docker/seed.sh does. */
function marquezDemoEvents(): OlEvent[] {
  const template = readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'openlineage', 'marquez', 'metadata.template.json'), 'utf8');
  const filled = template
    .replaceAll('{{RUN_START_TIME}}', new Date(START).toISOString())
    .replace(/\{\{RUN_END_TIME_AFTER_(\d+)_MINUTES\}\}/g, (_m, n: string) => new Date(START + Number(n) * 60_000).toISOString());
  return JSON.parse(filled) as OlEvent[];
}

const events = marquezDemoEvents();
const starts = events.filter((e) => e.eventType === 'START');
const completes = events.filter((e) => e.eventType === 'COMPLETE');
const jobNames = [...new Set(events.map((e) => e.job.name))].sort();
/**
 * Every dataset the history names: inputs and outputs, and those only its
 * columnLineage facets name (the template has one, `public.menu_item_id`,
 * an input field of etl_delivery_7_days that no event declares; ingestion
 * stores every dataset column lineage mentions). And the edges Marquez
 * draws: input → job → output.
 */
const declared = starts.flatMap((e) => [...(e.inputs ?? []), ...(e.outputs ?? [])]);
const datasetNames = [
  ...new Set([
    ...declared.map((d) => d.name),
    ...declared.flatMap((d) => Object.values(d.facets?.columnLineage?.fields ?? {}).flatMap((f) => f.inputFields.map((i) => i.name))),
  ]),
].sort();
const expectedEdges = starts
  .flatMap((e) => [
    ...(e.inputs ?? []).map((d) => `dataset:${NS}:${d.name} -> job:${NS}:${e.job.name}`),
    ...(e.outputs ?? []).map((d) => `job:${NS}:${e.job.name} -> dataset:${NS}:${d.name}`),
  ])
  .sort();
const startOf = (job: string) => starts.find((e) => e.job.name === job) as OlEvent;
const completeOf = (job: string) => completes.find((e) => e.job.name === job) as OlEvent;

type GraphNode = { id: string; type: string; data: any; inEdges: { origin: string; destination: string }[]; outEdges: { origin: string; destination: string }[] };

describe('Marquez-compatible read API (/api/v1) on Marquez demo history', () => {
  let t: TestApp;
  let contract: Contract;
  const ingested: { eventType: string; duplicate: boolean; status: number }[] = [];

  /** GET with the API key; the answer must be valid against the document's `docPath` operation. */
  const get = async (url: string, docPath: string) => {
    const res = await request(t.url).get(url).set('X-API-Key', API_KEY);
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(contract.check(docPath, res.body), url).toEqual([]);
    return res.body;
  };
  const status = async (url: string) => request(t.url).get(url).set('X-API-Key', API_KEY);

  beforeAll(async () => {
    contract = loadContract();
    t = await startIngestionApp();
    // One event per POST, in the template's order, as Marquez's seed command sends them.
    for (const event of events) {
      const res = await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).send(event);
      ingested.push({ eventType: event.eventType, status: res.status, duplicate: (res.body as { duplicate: boolean }).duplicate });
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('the contract check refuses what the document refuses', () => {
    expect(contract.check('/namespaces', { namespaces: [{ name: 7 }] })).not.toEqual([]);
    expect(contract.check('/jobs/runs/{id}', { id: 'not-a-uuid', state: 'DONE' })).not.toEqual([]);
    expect(contract.check('/lineage', { graph: [{ id: 'x', type: 'DATASET_FIELD', data: {}, inEdges: [], outEdges: [] }] })).not.toEqual([]);
    expect(contract.check('/lineage', { graph: [{ id: 'x', type: 'JOB', data: { inputs: [{ name: 1 }] }, inEdges: [], outEdges: [] }] })).not.toEqual([]);
    expect(contract.check('/column-lineage', { graph: [{ id: 'x', type: 'DATASET_FIELD', data: { namespace: 'n' }, inEdges: [], outEdges: [] }] })).not.toEqual([]);
    expect(contract.check('/no/such/path', {})).toEqual(['the document has no GET /no/such/path']);
  });

  it('ingests the 26 events: none refused, none taken for a duplicate (each COMPLETE moves its run on)', () => {
    expect(events).toHaveLength(26);
    expect(starts).toHaveLength(13);
    // 201 and duplicate: false for each (200 with duplicate: true would be an event written as nothing).
    expect(ingested).toEqual(events.map((e) => ({ eventType: e.eventType, status: 201, duplicate: false })));
  });

  it('GET /namespaces and /namespaces/{namespace}', async () => {
    const list = await get('/api/v1/namespaces', '/namespaces');
    expect(list.namespaces.map((n: { name: string }) => n.name)).toContain(NS);
    const one = await get(`/api/v1/namespaces/${NS}`, '/namespaces/{namespace}');
    expect(one.name).toBe(NS);
    const missing = await status('/api/v1/namespaces/no_such_namespace');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'LINEAGE_NODE_NOT_FOUND', message: 'Namespace "no_such_namespace" not found' });
  });

  it('GET /namespaces/{namespace}/datasets lists every dataset of the history, with its schema fields', async () => {
    const page = await get(`/api/v1/namespaces/${NS}/datasets?limit=100`, '/namespaces/{namespace}/datasets');
    expect(page.totalCount).toBe(datasetNames.length);
    expect(page.datasets.map((d: { name: string }) => d.name)).toEqual(datasetNames);
    const second = await get(`/api/v1/namespaces/${NS}/datasets?limit=5&offset=5`, '/namespaces/{namespace}/datasets');
    expect(second.datasets.map((d: { name: string }) => d.name)).toEqual(datasetNames.slice(5, 10));

    const target = startOf('etl_delivery_7_days').outputs?.[0] as OlDataset;
    const one = await get(`/api/v1/namespaces/${NS}/datasets/${target.name}`, '/namespaces/{namespace}/datasets/{dataset}');
    expect(one.id).toEqual({ namespace: NS, name: target.name });
    expect(one.fields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual(target.facets?.schema?.fields.map((f) => [f.name, f.type]));

    const versions = await get(`/api/v1/namespaces/${NS}/datasets/${target.name}/versions`, '/namespaces/{namespace}/datasets/{dataset}/versions');
    expect(versions.versions).toEqual([]);
    expect((await status(`/api/v1/namespaces/${NS}/datasets/public.nothing_here`)).status).toBe(404);
  });

  it('GET /namespaces/{namespace}/jobs and /jobs/{job}: inputs, outputs and latest run from the events', async () => {
    const page = await get(`/api/v1/namespaces/${NS}/jobs`, '/namespaces/{namespace}/jobs');
    expect(page.totalCount).toBe(jobNames.length);
    expect(page.jobs.map((j: { name: string }) => j.name)).toEqual(jobNames);

    const start = startOf('etl_delivery_7_days');
    const job = await get(`/api/v1/namespaces/${NS}/jobs/etl_delivery_7_days`, '/namespaces/{namespace}/jobs/{job}');
    const ids = (list: OlDataset[] | undefined) => (list ?? []).map((d) => ({ namespace: d.namespace, name: d.name })).sort((a, b) => a.name.localeCompare(b.name));
    expect(job.inputs).toEqual(ids(start.inputs));
    expect(job.outputs).toEqual(ids(start.outputs));
    expect(job.latestRun.id).toBe(start.run.runId);
    expect((await status(`/api/v1/namespaces/${NS}/jobs/no_such_job`)).status).toBe(404);
  });

  it('GET /namespaces/{namespace}/jobs/{job}/runs and /jobs/runs/{id}: the run in the state of its COMPLETE event', async () => {
    const complete = completeOf('etl_menus');
    const runs = await get(`/api/v1/namespaces/${NS}/jobs/etl_menus/runs`, '/namespaces/{namespace}/jobs/{job}/runs');
    expect(runs.runs.map((r: { id: string }) => r.id)).toEqual([complete.run.runId]);
    const run = await get(`/api/v1/jobs/runs/${complete.run.runId}`, '/jobs/runs/{id}');
    expect(run).toMatchObject({ id: complete.run.runId, state: 'COMPLETED', endedAt: complete.eventTime });
    expect(await get(`/api/v1/runs/${complete.run.runId}`, '/jobs/runs/{id}')).toEqual(run);
    expect((await status('/api/v1/jobs/runs/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('GET /tags: a well-formed empty list (tags are not kept)', async () => {
    expect(await get('/api/v1/tags', '/tags')).toEqual({ tags: [] });
  });

  it('GET /lineage of a dataset: its DATASET nodes joined by the JOB nodes that read and wrote them, as the events say', async () => {
    const body = await get(`/api/v1/lineage?nodeId=dataset:${NS}:public.delivery_7_days&depth=20`, '/lineage');
    const graph = body.graph as GraphNode[];
    expect(graph.filter((n) => n.type === 'DATASET').map((n) => n.data.name).sort()).toEqual(datasetNames);
    expect(graph.filter((n) => n.type === 'JOB').map((n) => n.data.name).sort()).toEqual(jobNames);
    const edges = graph.flatMap((n) => n.outEdges.map((e) => `${e.origin} -> ${e.destination}`)).sort();
    expect(edges).toEqual(expectedEdges);
    // Every out edge is the in edge of its destination.
    const inEdges = graph.flatMap((n) => n.inEdges.map((e) => `${e.origin} -> ${e.destination}`)).sort();
    expect(inEdges).toEqual(edges);
  });

  it('GET /lineage of a job: the job between its inputs and outputs', async () => {
    const start = startOf('etl_orders_7_days');
    const body = await get(`/api/v1/lineage?nodeId=job:${NS}:etl_orders_7_days&depth=1`, '/lineage');
    const job = (body.graph as GraphNode[]).find((n) => n.id === `job:${NS}:etl_orders_7_days`) as GraphNode;
    expect(job.inEdges.map((e) => e.origin).sort()).toEqual((start.inputs ?? []).map((d) => `dataset:${NS}:${d.name}`).sort());
    expect(job.outEdges.map((e) => e.destination)).toEqual((start.outputs ?? []).map((d) => `dataset:${NS}:${d.name}`));
  });

  it('GET /column-lineage of a field: its input fields from the columnLineage facet, and downstream fields on request', async () => {
    const target = startOf('etl_delivery_7_days').outputs?.[0] as OlDataset;
    const facet = target.facets?.columnLineage?.fields ?? {};
    const node = `datasetField:${NS}:${target.name}:order_id`;
    const body = await get(`/api/v1/column-lineage?nodeId=${node}&depth=1`, '/column-lineage');
    const graph = body.graph as GraphNode[];
    const root = graph.find((n) => n.id === node) as GraphNode;
    expect(root.type).toBe('DATASET_FIELD');
    expect(root.data.inputFields.map((f: { dataset: string; field: string }) => `${f.dataset}.${f.field}`).sort()).toEqual(facet.order_id.inputFields.map((f) => `${f.name}.${f.field}`).sort());
    expect(root.outEdges).toEqual([]);

    // Downstream: the outputs of delivery_times_7_days that the facet computes from delivery_7_days.order_id.
    const downstream = (startOf('delivery_times_7_days').outputs ?? []).flatMap((o) =>
      Object.entries(o.facets?.columnLineage?.fields ?? {})
        .filter(([, f]) => f.inputFields.some((i) => i.name === target.name && i.field === 'order_id'))
        .map(([field]) => `datasetField:${NS}:${o.name}:${field}`),
    );
    const both = await get(`/api/v1/column-lineage?nodeId=${node}&depth=1&withDownstream=true`, '/column-lineage');
    const rootBoth = (both.graph as GraphNode[]).find((n) => n.id === node) as GraphNode;
    expect(rootBoth.outEdges.map((e) => e.destination).sort()).toEqual(downstream.sort());

    // Each field with its stored type, as its dataset lists it ('' where it has none)
    for (const n of both.graph as GraphNode[]) {
      const dataset = await get(`/api/v1/namespaces/${NS}/datasets/${n.data.dataset}`, '/namespaces/{namespace}/datasets/{dataset}');
      const stored = (dataset.fields as { name: string; type: string }[]).find((f) => f.name === n.data.field)?.type;
      expect(n.data.fieldType, n.id).toBe(stored === undefined || stored === 'UNKNOWN' ? '' : stored);
    }
    expect((both.graph as GraphNode[]).filter((n) => n.data.fieldType !== '').length).toBeGreaterThan(1);
  });

  it('GET /column-lineage of a dataset: one node per field with its inputs', async () => {
    const target = startOf('etl_delivery_7_days').outputs?.[0] as OlDataset;
    const facet = target.facets?.columnLineage?.fields ?? {};
    const body = await get(`/api/v1/column-lineage?nodeId=dataset:${NS}:${target.name}&depth=1`, '/column-lineage');
    const graph = body.graph as GraphNode[];
    for (const [field, lineage] of Object.entries(facet)) {
      const node = graph.find((n) => n.id === `datasetField:${NS}:${target.name}:${field}`) as GraphNode;
      expect(node.data.inputFields.map((f: { dataset: string; field: string }) => `${f.dataset}.${f.field}`).sort(), field).toEqual(lineage.inputFields.map((f) => `${f.name}.${f.field}`).sort());
    }
    // Each field's type as the schema facet gave it ('' where it gave none, as Marquez writes an unknown type)
    const schema = target.facets?.schema?.fields ?? [];
    expect(schema.some((f) => f.type)).toBe(true);
    for (const f of schema) {
      const node = graph.find((n) => n.id === `datasetField:${NS}:${target.name}:${f.name}`);
      if (node) expect(node.data.fieldType, f.name).toBe(f.type ?? '');
    }
    expect(graph.filter((n) => n.id.startsWith(`datasetField:${NS}:${target.name}:`)).length).toBeGreaterThan(0);
  });

  it('GET /search: datasets and jobs whose name holds q, filtered and sorted', async () => {
    const all = await get('/api/v1/search?q=delivery', '/search');
    const expected = [...datasetNames.map((n) => ['DATASET', n]), ...jobNames.map((n) => ['JOB', n])].filter(([, n]) => n.includes('delivery'));
    expect(all.totalCount).toBe(expected.length);
    expect(all.results.map((r: { type: string; name: string }) => [r.type, r.name]).sort()).toEqual(expected.sort());
    expect(all.results.map((r: { name: string }) => r.name)).toEqual([...all.results.map((r: { name: string }) => r.name)].sort((a, b) => a.localeCompare(b, 'en')));
    const jobs = await get('/api/v1/search?q=DELIVERY&filter=job&limit=1', '/search');
    expect(jobs.results).toHaveLength(1);
    expect(jobs.results[0]).toMatchObject({ type: 'JOB', namespace: NS, nodeId: `job:${NS}:${jobs.results[0].name}` });
    expect(jobs.totalCount).toBe(expected.filter(([type]) => type === 'JOB').length);
    // updatedAt is when the store last wrote the dataset or job: always after 2000, never before it.
    expect((await get('/api/v1/search?q=delivery&after=2000-01-01', '/search')).totalCount).toBe(expected.length);
    expect((await get('/api/v1/search?q=delivery&before=2000-01-01', '/search')).totalCount).toBe(0);
  });

  it('GET /events/lineage: every RunEvent as it was received, paged and ordered by event time', async () => {
    const all = [...starts, ...completes];
    const page = await get('/api/v1/events/lineage?sortDirection=asc&limit=100', '/events/lineage');
    expect(page.totalCount).toBe(all.length);
    const times = page.events.map((e: { eventTime: string }) => e.eventTime);
    expect(times).toEqual([...times].sort());
    // The very events posted, facets and all.
    const key = (e: { run: { runId: string }; eventType: string }) => `${e.run.runId} ${e.eventType}`;
    const posted = new Map(all.map((e) => [key(e), e]));
    for (const e of page.events) expect(e).toEqual(posted.get(key(e)));
    const later = await get(`/api/v1/events/lineage?after=${new Date(START + 8 * 60_000).toISOString()}`, '/events/lineage');
    expect(later.totalCount).toBe(all.filter((e) => Date.parse(e.eventTime) > START + 8 * 60_000).length);
    const second = await get('/api/v1/events/lineage?limit=5&offset=5', '/events/lineage');
    const desc = (await get('/api/v1/events/lineage', '/events/lineage')).events;
    expect(second.events).toEqual(desc.slice(5, 10));
  });

  it.each([
    ['/api/v1/lineage', 'nodeId is required'],
    [`/api/v1/lineage?nodeId=dataset:${NS}:public.orders&depth=abc`, 'depth must be a whole number'],
    [`/api/v1/lineage?nodeId=dataset:${NS}:public.orders&depth=9999`, 'depth must be between'],
    ['/api/v1/lineage?nodeId=nonsense', 'nodeId must be dataset:<namespace>:<dataset> or job:<namespace>:<job>'],
    ['/api/v1/column-lineage?nodeId=job:x:y', 'nodeId must be datasetField'],
    [`/api/v1/column-lineage?nodeId=dataset:${NS}:public.orders&withDownstream=yes`, 'withDownstream must be true or false'],
    ['/api/v1/search', 'q is required'],
    ['/api/v1/search?q=a&filter=table', 'filter must be dataset or job'],
    ['/api/v1/search?q=a&before=2022-09-15T10:00:00Z', 'before must be a day written YYYY-MM-DD'],
    ['/api/v1/search?q=a&after=2022-13-45', 'after must be a day written YYYY-MM-DD'],
    ['/api/v1/events/lineage?before=yesterday', 'before must be an ISO-8601 date-time'],
    ['/api/v1/namespaces?limit=0', 'limit must not be less than 1'],
  ])('GET %s → 400 naming the parameter', async (url, message) => {
    const res = await status(url);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(message);
  });

  it('documents every route in the service\'s Swagger document, GET /lineage beside the ingestion POST', async () => {
    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const routes = [
      '/namespaces',
      '/namespaces/{namespace}',
      '/namespaces/{namespace}/datasets',
      '/namespaces/{namespace}/datasets/{dataset}',
      '/namespaces/{namespace}/datasets/{dataset}/versions',
      '/namespaces/{namespace}/jobs',
      '/namespaces/{namespace}/jobs/{job}',
      '/namespaces/{namespace}/jobs/{job}/runs',
      '/jobs/runs/{id}',
      '/runs/{id}',
      '/lineage',
      '/column-lineage',
      '/search',
      '/events/lineage',
      '/tags',
    ];
    for (const route of routes) {
      const get = doc.paths[`/api/v1${route}`]?.get;
      expect(Object.keys(get?.responses ?? {}).sort(), route).toEqual(expect.arrayContaining(['200', '400', '401']));
    }
    expect(doc.paths['/api/v1/lineage'].post).toBeDefined();
  });

  it('404 for lineage of an unknown dataset, and 401 without the API key', async () => {
    const res = await status(`/api/v1/lineage?nodeId=dataset:${NS}:public.nothing_here`);
    expect(res.status).toBe(404);
    expect((await request(t.url).get('/api/v1/namespaces')).status).toBe(401);
  });

  // Last: it posts events of its own, which the history tests above do not count
  it('GET /column-lineage shows a type a later event gave a field, the same answer again, and a dataset whose every field has lineage', async () => {
    const event = (eventType: string, runId: string, schema: boolean) => ({
      eventType,
      eventTime: new Date(START + 3_600_000).toISOString(),
      producer: 'https://example.com/lineage-test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
      run: { runId },
      job: { namespace: NS, name: 'etl_typed_later' },
      inputs: [{ namespace: NS, name: 'public.typed_later_src', ...(schema ? { facets: { schema: { _producer: 'https://example.com/lineage-test', _schemaURL: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json', fields: [{ name: 'amount', type: 'DECIMAL(18,2)' }] } } } : {}) }],
      outputs: [
        {
          namespace: NS,
          name: 'public.typed_later_out',
          facets: {
            columnLineage: {
              _producer: 'https://example.com/lineage-test',
              _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
              fields: { total: { inputFields: [{ namespace: NS, name: 'public.typed_later_src', field: 'amount' }] } },
            },
          },
        },
      ],
    });
    const post = async (body: object) => expect((await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).send(body)).status).toBeLessThan(300);
    const source = (body: { graph: GraphNode[] }) => body.graph.find((n) => n.id === `datasetField:${NS}:public.typed_later_src:amount`) as GraphNode;
    const url = `/api/v1/column-lineage?nodeId=datasetField:${NS}:public.typed_later_out:total&depth=2`;
    await post(event('START', '0195f3f0-0000-7000-8000-0000000000a1', false));
    expect(source(await get(url, '/column-lineage')).data.fieldType).toBe('');
    await post(event('COMPLETE', '0195f3f0-0000-7000-8000-0000000000a1', true));
    const typed = await get(url, '/column-lineage');
    expect(source(typed).data.fieldType).toBe('DECIMAL(18,2)');
    expect(await get(url, '/column-lineage')).toEqual(typed);
    // the types kept beside the index, in /metrics
    const metrics = await request(t.url).get('/metrics').set('X-API-Key', API_KEY);
    expect(Number(/^lineage_field_types_bytes (\d+)$/m.exec(metrics.text)?.[1])).toBeGreaterThan(0);

    // A dataset whose every field has lineage: walked from each field on a render thread and merged, as valid as the rest
    const facet = (fields: Record<string, string>) => ({
      _producer: 'https://example.com/lineage-test',
      _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
      fields: Object.fromEntries(Object.entries(fields).map(([out, input]) => [out, { inputFields: [{ namespace: NS, name: 'public.typed_later_src', field: input }] }])),
    });
    const merged = {
      ...event('COMPLETE', '0195f3f0-0000-7000-8000-0000000000a2', true),
      job: { namespace: NS, name: 'etl_two_fields' },
      outputs: [{ namespace: NS, name: 'public.two_fields_out', facets: { columnLineage: facet({ gross: 'amount', net: 'amount' }) } }],
    };
    await post(merged);
    const body = await get(`/api/v1/column-lineage?nodeId=dataset:${NS}:public.two_fields_out&depth=1`, '/column-lineage');
    const nodes = body.graph as GraphNode[];
    expect(nodes.map((n) => n.id)).toEqual([`datasetField:${NS}:public.two_fields_out:gross`, `datasetField:${NS}:public.two_fields_out:net`, `datasetField:${NS}:public.typed_later_src:amount`]);
    const amount = nodes[2];
    expect(amount.data.fieldType).toBe('DECIMAL(18,2)');
    expect(amount.outEdges.map((e) => e.destination)).toEqual([nodes[0].id, nodes[1].id]);
    expect(nodes[0].data.inputFields).toEqual([{ namespace: NS, dataset: 'public.typed_later_src', field: 'amount', transformationType: 'DIRECT', transformationSubtype: 'IDENTITY' }]);
  });

  it('GET /lineage shows a job whose first run comes after an answer (the jobs touching a dataset and the datasets of a job are held per graph generation), not as of before that run, and a dataset a later run of it reads', async () => {
    const url = `/api/v1/lineage?nodeId=dataset:${NS}:public.delivery_7_days&depth=1`;
    const jobs = (body: { graph: GraphNode[] }) => body.graph.filter((n) => n.type === 'JOB').map((n) => n.data.name).sort();
    const before = jobs(await get(url, '/lineage'));
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toContain('etl_reads_later');
    const runAt = new Date(START + 7_200_000);
    const res = await request(t.url)
      .post('/api/v1/lineage')
      .set('X-API-Key', API_KEY)
      .send({
        eventType: 'COMPLETE',
        eventTime: runAt.toISOString(),
        producer: 'https://example.com/lineage-test',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
        run: { runId: '0195f3f0-0000-7000-8000-0000000000b1' },
        job: { namespace: NS, name: 'etl_reads_later' },
        // a reader only: no link between datasets, so the walk reaches no dataset it did not reach before; the job shows through the run link
        inputs: [{ namespace: NS, name: 'public.delivery_7_days' }],
        outputs: [],
      });
    expect(res.status).toBe(201);
    const after = await get(url, '/lineage');
    expect(jobs(after)).toEqual([...before, 'etl_reads_later'].sort());
    const job = (after.graph as GraphNode[]).find((n) => n.id === `job:${NS}:etl_reads_later`) as GraphNode;
    expect(job.inEdges.map((e) => e.origin)).toEqual([`dataset:${NS}:public.delivery_7_days`]);
    expect(job.outEdges).toEqual([]);
    const asOf = await get(`${url}&asOf=${encodeURIComponent(new Date(runAt.getTime() - 60_000).toISOString())}`, '/lineage');
    expect(jobs(asOf)).toEqual(before);
    // A later run of the job reads one more dataset: the job's datasets, held since the answer above, are read again
    const later = await request(t.url)
      .post('/api/v1/lineage')
      .set('X-API-Key', API_KEY)
      .send({
        eventType: 'COMPLETE',
        eventTime: new Date(runAt.getTime() + 60_000).toISOString(),
        producer: 'https://example.com/lineage-test',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
        run: { runId: '0195f3f0-0000-7000-8000-0000000000b2' },
        job: { namespace: NS, name: 'etl_reads_later' },
        inputs: [{ namespace: NS, name: 'public.delivery_7_days' }, { namespace: NS, name: 'public.read_later_extra' }],
        outputs: [],
      });
    expect(later.status).toBe(201);
    const again = (await get(url, '/lineage')).graph as GraphNode[];
    const reader = again.find((n) => n.id === `job:${NS}:etl_reads_later`) as GraphNode;
    expect(reader.inEdges.map((e) => e.origin).sort()).toEqual([`dataset:${NS}:public.delivery_7_days`, `dataset:${NS}:public.read_later_extra`]);
  });
});
