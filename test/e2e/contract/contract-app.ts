import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { SWAGGER_JSON_PATH } from '../../../src/http/configure-app.js';
import { OpenApiContract, type OpenApiDocument } from '../../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { PROJECT_ROOT } from '../../support/test-database.js';

export const API_KEY = 'contract-key-123456';

/** What the seeded store holds: the OpenLineage spec's column-lineage example (test/golden/openlineage). */
export const NS = 'SnowflakeOpenLineage';
export const DATASET = 'PUBLIC.CUSTOMER_DISCOUNTS';
export const FIELD = 'AMOUNT';
export const JOB_NS = 'snowflake-etl';
export const JOB = 'customer_discounts.load';
export const RUN_ID = '5f3c0b0e-8b7a-4c2d-9e1f-2a3b4c5d6e7f';
export const FIELD_NODE = `datasetField:${NS}:${DATASET}:${FIELD}`;
export const DATASET_NODE = `dataset:${NS}:${DATASET}`;

export function golden(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'golden', 'openlineage', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** One HTTP call, as the contract tests make it. */
export interface Call {
  readonly method: 'get' | 'post';
  /** The document's path template, e.g. `/api/v2/openlineage/datasets/{dataset}`. */
  readonly path: string;
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** Send the API key (default true). */
  readonly key?: boolean;
}

/** The answer as the contract check takes it. */
export interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: unknown;
  /** Header names in lower case. */
  readonly headers: Record<string, unknown>;
}

export interface ContractApp {
  readonly t: TestApp;
  readonly contract: OpenApiContract;
  /** The v2 job id of the seeded job (as GET /jobs lists it). */
  readonly jobId: string;
  /** The answer to the POST that seeded the store (a new event: 201). */
  readonly seeded: Answer;
  call(call: Call): Promise<Answer>;
  /** A valid call of every documented operation (2xx expected), by `METHOD path`. */
  valid(method: string, path: string): Call;
}

export function urlOf(call: Call): string {
  const path = call.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = call.params?.[name];
    if (value === undefined) throw new Error(`${call.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(call.query ?? {}).toString();
  return query ? `${path}?${query}` : path;
}

/**
 * The service with an API key (so writes are allowed and a missing key is a 401), the store seeded
 * through POST /api/v1/lineage, and its own OpenAPI document as served at /api/docs-json.
 */
export async function startContractApp(env: Record<string, string> = {}): Promise<ContractApp> {
  const t = await startTestApp({ API_KEYS: API_KEY, POPULATION_SCHEDULE: '', ...env });
  const send = async (c: Call): Promise<Answer> => {
    let req = c.method === 'post' ? request(t.url).post(urlOf(c)) : request(t.url).get(urlOf(c));
    if (c.key !== false) req = req.set('X-API-Key', API_KEY);
    // Text answers (CSV, exports, metrics) are checked as text; JSON ones parsed.
    const res = c.body === undefined ? await req.buffer(true) : await req.set('Content-Type', 'application/json').send(typeof c.body === 'string' ? c.body : JSON.stringify(c.body));
    const contentType = res.headers['content-type'] as string | undefined;
    // (superagent leaves image/* as a Buffer in body, without text)
    const body = contentType?.startsWith('application/json') ? (res.body as unknown) : (res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body));
    return { status: res.status, contentType, body, headers: res.headers as Record<string, unknown> };
  };
  const seeded = await send({ method: 'post', path: '/api/v1/lineage', body: golden('spec-column-lineage-complete') });
  if (seeded.status !== 201) throw new Error(`seeding answered ${seeded.status}: ${JSON.stringify(seeded.body)}`);
  const doc = await request(t.url).get(`/${SWAGGER_JSON_PATH}`).expect(200);
  const contract = new OpenApiContract(doc.body as OpenApiDocument);
  const jobs = (await send({ method: 'get', path: '/api/v2/openlineage/jobs' })).body as { items: { jobId: string; name: string }[] };
  const job = jobs.items.find((j) => j.name === JOB);
  if (!job) throw new Error(`the seeded job ${JOB} is not listed: ${JSON.stringify(jobs)}`);
  const jobId = job.jobId;

  const VALID: Record<string, Omit<Call, 'method' | 'path'>> = {
    'GET /metrics': {},
    'GET /api/v2/openlineage/namespaces': {},
    'GET /api/v2/openlineage/datasets': { query: { q: 'cust', namespace: NS, limit: '10', offset: '0' } },
    'GET /api/v2/openlineage/datasets/{dataset}': { params: { dataset: DATASET }, query: { namespace: NS } },
    'GET /api/v2/openlineage/datasets/{dataset}/lineage': { params: { dataset: DATASET }, query: { namespace: NS, direction: 'upstream', maxDepth: '3' } },
    'GET /api/v2/openlineage/datasets/{dataset}/fields/{field}/lineage': {
      params: { dataset: DATASET, field: FIELD },
      query: { namespace: NS, direction: 'both', maxDepth: '2', transformationType: 'DIRECT', fields: 'id,depth', compare: '2020-01-01T00:00:00Z' },
    },
    'GET /api/v2/openlineage/datasets/{dataset}/fields/{field}/runs': { params: { dataset: DATASET, field: FIELD }, query: { namespace: NS } },
    'GET /api/v2/openlineage/lineage': { query: { nodeId: FIELD_NODE, format: 'compact', maxDepth: '2' } },
    'GET /api/v2/openlineage/impact': { query: { dataset: 'PUBLIC.CUSTOMERS', field: 'NAME', namespace: NS, format: 'json', asOf: '2099-01-01T00:00:00Z' } },
    'GET /api/v2/openlineage/changes': { query: { since: '2000-01-01T00:00:00Z', dataset: DATASET, namespace: NS, limit: '10', format: 'json' } },
    'GET /api/v2/openlineage/jobs': { query: { limit: '10', offset: '0' } },
    // column usage (issue 21): the seeded store holds no usage, so every answer is an empty window
    'GET /api/v2/usage/datasets/{dataset}': { params: { dataset: DATASET }, query: { namespace: NS, days: '7', to: '2026-11-30' } },
    'GET /api/v2/usage/datasets/{dataset}/fields/{field}': { params: { dataset: DATASET, field: FIELD }, query: { namespace: NS, days: '7' } },
    'GET /api/v2/usage/top': { query: { level: 'field', days: '30', limit: '10', offset: '0' } },
    'GET /api/v2/usage/unused': { query: { level: 'dataset', days: '90', limit: '10' } },
    'GET /api/v2/usage/impact': { query: { dataset: 'PUBLIC.CUSTOMERS', field: 'NAME', namespace: NS, days: '7', format: 'json' } },
    'GET /api/v2/openlineage/jobs/{jobId}/runs': { params: { jobId }, query: { limit: '10' } },
    'GET /api/v2/openlineage/export': { query: { nodeId: FIELD_NODE, format: 'mermaid', download: 'true' } },
    'POST /api/v1/lineage': { body: golden('spec-column-lineage-complete') },
    'GET /api/v1/lineage': { query: { nodeId: DATASET_NODE, depth: '2' } },
    'GET /api/v1/namespaces': { query: { limit: '10', offset: '0' } },
    'GET /api/v1/namespaces/{namespace}': { params: { namespace: NS } },
    'GET /api/v1/namespaces/{namespace}/datasets': { params: { namespace: NS }, query: { limit: '10' } },
    'GET /api/v1/namespaces/{namespace}/datasets/{dataset}': { params: { namespace: NS, dataset: DATASET } },
    'GET /api/v1/namespaces/{namespace}/datasets/{dataset}/versions': { params: { namespace: NS, dataset: DATASET } },
    'GET /api/v1/namespaces/{namespace}/jobs': { params: { namespace: JOB_NS } },
    'GET /api/v1/namespaces/{namespace}/jobs/{job}': { params: { namespace: JOB_NS, job: JOB } },
    'GET /api/v1/namespaces/{namespace}/jobs/{job}/runs': { params: { namespace: JOB_NS, job: JOB }, query: { limit: '5' } },
    'GET /api/v1/tags': {},
    'GET /api/v1/jobs/runs/{id}': { params: { id: RUN_ID } },
    'GET /api/v1/runs/{id}': { params: { id: RUN_ID } },
    'GET /api/v1/column-lineage': { query: { nodeId: FIELD_NODE, depth: '2', withDownstream: 'true', asOf: '2099-01-01T00:00:00Z' } },
    'GET /api/v1/search': { query: { q: 'CUSTOMER', limit: '5' } },
    'GET /api/v1/events/lineage': { query: { limit: '10', sortDirection: 'asc' } },
    'GET /health': {},
    'GET /health/live': {},
    'GET /health/ready': {},
  };

  return {
    t,
    contract,
    jobId,
    seeded,
    call: send,
    valid(method: string, path: string): Call {
      const found = VALID[`${method.toUpperCase()} ${path}`];
      if (!found) throw new Error(`no valid call known for ${method.toUpperCase()} ${path}: add one to VALID in test/e2e/contract/contract-app.ts`);
      return { method: method.toLowerCase() as Call['method'], path, ...found };
    },
  };
}
