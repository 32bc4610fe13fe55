import { openLineageRunEvent } from '@polyglot-sql/sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, startIngestionApp } from '../ingestion/ingestion-app.js';
import { type Contract, loadContract } from './marquez-contract.js';

/** Namespaces that are URIs (colons, slashes), as Teradata namespaces are: in paths URL-encoded, in node ids as they are. */
const NS = 'teradata://td.example:1025';
const JOB_NS = 'teradata-etl';
const JOB = 'mart.daily_sales.load';
const SQL = 'INSERT INTO mart.daily_sales (sale_day, amount) SELECT CAST(o.ordered_at AS DATE), SUM(o.amount) FROM sales.orders o GROUP BY 1';

describe('Marquez-compatible read API with URI namespaces (an event from a third-party producer)', () => {
  let t: TestApp;
  let contract: Contract;
  let event: { run: { runId: string }; outputs: { name: string; facets: { columnLineage: { fields: Record<string, { inputFields: { name: string; field: string }[] }> } } }[] };

  const get = async (url: string, docPath: string) => {
    const res = await request(t.url).get(url).set('X-API-Key', API_KEY);
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(contract.check(docPath, res.body), url).toEqual([]);
    return res.body;
  };

  beforeAll(async () => {
    contract = loadContract();
    t = await startIngestionApp();
    const made = openLineageRunEvent(SQL, {
      dialect: 'teradata',
      producer: 'https://github.com/tobymao/polyglot',
      datasetNamespace: NS,
      jobNamespace: JOB_NS,
      jobName: JOB,
      runId: '0b6c3a52-4f0e-4d7e-9a37-6f1d8c2b9e41',
      eventTime: '2024-05-01T10:00:00.000Z',
      eventType: 'COMPLETE',
    });
    if (!made.success || !made.event) throw new Error(`polyglot produced no event: ${made.error}`);
    event = made.event as typeof event;
    await request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).send(event).expect((res) => expect(res.status).toBeLessThan(300));
  }, 120_000);
  afterAll(() => t?.close());

  it('finds a namespace, its datasets and jobs by their URL-encoded URI', async () => {
    const enc = encodeURIComponent(NS);
    expect((await get(`/api/v1/namespaces/${enc}`, '/namespaces/{namespace}')).name).toBe(NS);
    const datasets = await get(`/api/v1/namespaces/${enc}/datasets`, '/namespaces/{namespace}/datasets');
    expect(datasets.datasets.map((d: { name: string }) => d.name).sort()).toEqual(['mart.daily_sales', 'sales.orders']);
    const job = await get(`/api/v1/namespaces/${encodeURIComponent(JOB_NS)}/jobs/${encodeURIComponent(JOB)}`, '/namespaces/{namespace}/jobs/{job}');
    expect(job).toMatchObject({ inputs: [{ namespace: NS, name: 'sales.orders' }], outputs: [{ namespace: NS, name: 'mart.daily_sales' }] });
    expect(job.latestRun).toMatchObject({ id: event.run.runId, state: 'COMPLETED' });
  });

  it('reads job and field node ids whose namespace holds colons', async () => {
    const lineage = await get(`/api/v1/lineage?nodeId=${encodeURIComponent(`job:${JOB_NS}:${JOB}`)}&depth=2`, '/lineage');
    const job = lineage.graph.find((n: { id: string }) => n.id === `job:${JOB_NS}:${JOB}`);
    expect(job.inEdges).toEqual([{ origin: `dataset:${NS}:sales.orders`, destination: `job:${JOB_NS}:${JOB}` }]);
    expect(job.outEdges).toEqual([{ origin: `job:${JOB_NS}:${JOB}`, destination: `dataset:${NS}:mart.daily_sales` }]);

    const facet = event.outputs[0].facets.columnLineage.fields;
    const columns = await get(`/api/v1/column-lineage?nodeId=${encodeURIComponent(`datasetField:${NS}:mart.daily_sales:amount`)}`, '/column-lineage');
    const amount = columns.graph.find((n: { id: string }) => n.id === `datasetField:${NS}:mart.daily_sales:amount`);
    expect(amount.data.inputFields.map((f: { dataset: string; field: string }) => `${f.dataset}.${f.field}`).sort()).toEqual(
      [...new Set(facet.amount.inputFields.map((f) => `${f.name}.${f.field}`))].sort(),
    );
    const unknownJob = await request(t.url).get(`/api/v1/lineage?nodeId=${encodeURIComponent(`job:${NS}:nothing`)}`).set('X-API-Key', API_KEY);
    expect(unknownJob.status).toBe(404);
  });
});
