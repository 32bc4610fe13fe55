import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabasePort } from '../../../src/teradata/database.port.js';
import { type Answer, type Call, type ContractApp, DATASET, DATASET_NODE, FIELD, FIELD_NODE, golden, JOB, JOB_NS, NS, startContractApp } from './contract-app.js';

/**
 * Walks every operation of the service's own OpenAPI document (/api/docs-json), calls it, and checks
 * each answer — the 2xx and every documented error — against the document with ajv: status
 * documented, media type documented, body valid against the schema declared there.
 */

const V2 = '/api/v2/openlineage';
const MISSING_DATASET = 'PUBLIC.NO_SUCH_TABLE';

/** A call and the status it must answer. */
type Case = Call & { readonly status: number; readonly why: string };

/**
 * Documented answers this suite does not provoke, with the reason; every other documented
 * (operation, status) must have a case, so a new route or response without one fails here.
 */
const NOT_PROVOKED: Record<string, string> = {
  // The index is missing only between start and its first build: startTestApp waits for it, and
  // making it missing again would take a fake (test/e2e/lineage covers the answer with a spy).
  [`GET ${V2}/datasets/{dataset}/lineage 503`]: 'lineage index not built yet',
  [`GET ${V2}/datasets/{dataset}/fields/{field}/lineage 503`]: 'lineage index not built yet',
  [`GET ${V2}/lineage 503`]: 'lineage index not built yet',
  [`GET ${V2}/impact 503`]: 'lineage index not built yet',
  [`GET ${V2}/export 503`]: 'lineage index not built yet',
  ['GET /api/v1/lineage 503']: 'lineage index not built yet',
  ['GET /api/v1/column-lineage 503']: 'lineage index not built yet',
  ['GET /api/v2/usage/unused 503']: 'lineage index not built yet (the downstream-readers check walks it)',
  ['GET /api/v2/usage/impact 503']: 'lineage index not built yet',
  // Rate limits: provoked in the second suite below, on an app with a limit of one request.
};

function errorCases(app: ContractApp): Case[] {
  const v = (method: string, path: string) => app.valid(method, path);
  const with404 = (path: string, change: Partial<Call>, why: string): Case => {
    const base = v('get', path);
    return { ...base, ...change, params: { ...base.params, ...change.params }, query: { ...base.query, ...change.query }, status: 404, why };
  };
  const cases: Case[] = [];
  for (const { method, path, operation } of app.contract.operations()) {
    const documented = Object.keys(operation.responses);
    // Without a key: 401 wherever one is documented (API_KEYS is set).
    if (documented.includes('401')) cases.push({ ...v(method, path), key: false, status: 401, why: 'no API key' });
    // An unknown parameter: the documented 400 on every GET that documents one.
    if (method === 'get' && documented.includes('400')) {
      const base = v(method, path);
      cases.push({ ...base, query: { ...base.query, bogus: '1' }, status: 400, why: 'unknown parameter' });
    }
  }
  cases.push(
    { method: 'post', path: '/api/v1/lineage', body: {}, status: 400, why: 'not an event' },
    { method: 'post', path: '/api/v1/lineage', body: golden('spec-column-lineage-complete'), status: 200, why: 'the seeded event again: a duplicate' },
    {
      method: 'post',
      path: '/api/v1/lineage',
      body: [golden('spec-start-event'), { ...golden('spec-start-event'), eventType: 'NOT_A_TYPE' }],
      status: 207,
      why: 'an array with one event refused',
    },
    { method: 'post', path: '/api/v1/lineage', body: JSON.stringify({ ...golden('spec-start-event'), padding: 'x'.repeat(80 * 1024) }), status: 413, why: 'larger than API_BODY_LIMIT_KB' },
    with404(`${V2}/datasets`, { query: { namespace: 'no-such-namespace' } }, 'unknown namespace'),
    with404(`${V2}/datasets/{dataset}`, { params: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404(`${V2}/changes`, { query: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404(`${V2}/datasets/{dataset}/lineage`, { params: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404(`${V2}/datasets/{dataset}/fields/{field}/lineage`, { params: { dataset: DATASET, field: 'NO_SUCH_FIELD' } }, 'unknown field'),
    with404(`${V2}/datasets/{dataset}/fields/{field}/runs`, { params: { dataset: DATASET, field: 'NO_SUCH_FIELD' } }, 'unknown field'),
    with404(`${V2}/datasets/{dataset}/fields/{field}/runs`, { params: { dataset: MISSING_DATASET, field: FIELD } }, 'unknown dataset'),
    with404(`${V2}/lineage`, { query: { nodeId: `dataset:${NS}:${MISSING_DATASET}` } }, 'unknown node'),
    with404(`${V2}/impact`, { query: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404(`${V2}/jobs/{jobId}/runs`, { params: { jobId: 'no-such-job' } }, 'unknown job'),
    with404('/api/v2/usage/datasets/{dataset}', { params: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404('/api/v2/usage/datasets/{dataset}/fields/{field}', { params: { dataset: DATASET, field: 'NO_SUCH_FIELD' } }, 'unknown field'),
    with404('/api/v2/usage/impact', { query: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404(`${V2}/export`, { query: { nodeId: `dataset:${NS}:${MISSING_DATASET}` } }, 'unknown node'),
    with404('/api/v1/lineage', { query: { nodeId: `dataset:${NS}:${MISSING_DATASET}` } }, 'unknown dataset'),
    with404('/api/v1/namespaces/{namespace}', { params: { namespace: 'no-such-namespace' } }, 'unknown namespace'),
    with404('/api/v1/namespaces/{namespace}/datasets', { params: { namespace: 'no-such-namespace' } }, 'unknown namespace'),
    with404('/api/v1/namespaces/{namespace}/datasets/{dataset}', { params: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404('/api/v1/namespaces/{namespace}/datasets/{dataset}/versions', { params: { dataset: MISSING_DATASET } }, 'unknown dataset'),
    with404('/api/v1/namespaces/{namespace}/jobs', { params: { namespace: 'no-such-namespace' } }, 'unknown namespace'),
    with404('/api/v1/namespaces/{namespace}/jobs/{job}', { params: { job: 'no_such_job' } }, 'unknown job'),
    with404('/api/v1/namespaces/{namespace}/jobs/{job}/runs', { params: { job: 'no_such_job' } }, 'unknown job'),
    with404('/api/v1/jobs/runs/{id}', { params: { id: '00000000-0000-4000-8000-000000000000' } }, 'unknown run'),
    with404('/api/v1/runs/{id}', { params: { id: '00000000-0000-4000-8000-000000000000' } }, 'unknown run'),
    with404('/api/v1/column-lineage', { query: { nodeId: `datasetField:${NS}:${DATASET}:NO_SUCH_FIELD` } }, 'unknown field'),
    with404('/api/v1/search', { query: { namespace: 'no-such-namespace' } }, 'unknown namespace'),
  );
  return cases;
}

/** More 2xx answers than one per operation: each form a route can answer in. */
function moreValidCases(app: ContractApp): Case[] {
  const v = (path: string) => app.valid('get', path);
  const exportCall = v(`${V2}/export`);
  return [
    ...['mermaid', 'dot', 'graphml', 'cypher', 'jsonld', 'svg'].map((format): Case => ({ ...exportCall, query: { ...exportCall.query, format }, status: 200, why: `export as ${format}` })),
    { ...v(`${V2}/impact`), query: { dataset: 'PUBLIC.CUSTOMERS', field: 'NAME', namespace: NS, format: 'csv' }, status: 200, why: 'impact as CSV' },
    { ...v(`${V2}/changes`), query: { since: '2000-01-01T00:00:00Z', format: 'csv' }, status: 200, why: 'changes as CSV' },
    { ...v(`${V2}/changes`), query: { since: '2000-01-01T00:00:00Z' }, status: 200, why: 'every change, json' },
    { ...v(`${V2}/lineage`), query: { nodeId: FIELD_NODE, asOf: '2020-01-01T00:00:00Z' }, status: 200, why: 'column lineage as of an instant before any of it' },
    { ...v(`${V2}/lineage`), query: { nodeId: DATASET_NODE }, status: 200, why: 'table lineage, json, every node key' },
    { ...v(`${V2}/lineage`), query: { nodeId: FIELD_NODE, direction: 'upstream', fields: 'id,type,namespace,dataset,field,depth' }, status: 200, why: 'column lineage, json' },
    { ...v(`${V2}/datasets`), query: {}, status: 200, why: 'every dataset' },
    { ...v('/api/v1/namespaces/{namespace}/jobs/{job}/runs'), params: { namespace: JOB_NS, job: JOB }, status: 200, why: 'runs' },
  ];
}

const keyOf = (c: { method: string; path: string; status: number }) => `${c.method.toUpperCase()} ${c.path} ${c.status}`;

describe('The OpenAPI document is the contract: every answer of every route', () => {
  let app: ContractApp;
  let cases: Case[];
  /** The error codes answered, per reason (filled by the walk). */
  const codes = new Map<string, Set<string>>();
  beforeAll(async () => {
    app = await startContractApp({ API_BODY_LIMIT_KB: '64' });
    const valid = app.contract
      .operations()
      .filter(({ method, path }) => !(method === 'post' && path === '/api/v1/lineage'))
      .map(({ method, path, operation }): Case => {
        const status = Number(Object.keys(operation.responses).find((s) => s.startsWith('2')));
        return { ...app.valid(method, path), status, why: 'valid parameters' };
      });
    cases = [...valid, ...moreValidCases(app), ...errorCases(app)];
  }, 60_000);
  afterAll(() => app?.t.close());

  it('the check refuses what the document refuses', () => {
    const v2 = `${V2}/datasets/{dataset}`;
    const ok = { statusCode: 404, code: 'LINEAGE_NODE_NOT_FOUND', message: 'x', requestId: 'r' };
    expect(app.contract.check('get', v2, { status: 404, contentType: 'application/json', body: ok })).toEqual([]);
    expect(app.contract.check('get', v2, { status: 404, contentType: 'application/json', body: { ...ok, details: { a: 1 } } })).not.toEqual([]);
    expect(app.contract.check('get', v2, { status: 404, contentType: 'application/json', body: { ...ok, statusCode: '404' } })).not.toEqual([]);
    expect(app.contract.check('get', v2, { status: 418, contentType: 'application/json', body: ok })[0]).toContain('status not documented');
    expect(app.contract.check('get', v2, { status: 404, contentType: 'text/html', body: '' })[0]).toContain('media type "text/html" not documented');
    // Nullable fields take null, and only there.
    const field = { name: 'a', type: null, description: null, ordinal: null, nullable: null, nodeId: 'n' };
    expect(app.contract.component('FieldDto')(field)).toBe(true);
    expect(app.contract.component('FieldDto')({ ...field, name: null })).toBe(false);
  });

  it('the seeding POST answered 201 as documented', () => {
    expect(app.contract.check('post', '/api/v1/lineage', app.seeded)).toEqual([]);
  });

  it('every documented answer is provoked below, or named as not provoked with the reason', () => {
    const provoked = new Set([...cases.map(keyOf), 'POST /api/v1/lineage 201']);
    const documented = app.contract.operations().flatMap(({ method, path, operation }) => Object.keys(operation.responses).map((s) => `${method.toUpperCase()} ${path} ${s}`));
    const missing = documented.filter((k) => !provoked.has(k) && !(k in NOT_PROVOKED) && !k.endsWith(' 429') && !k.endsWith(' 503'));
    expect(missing).toEqual([]);
    // 503 is provoked for the health routes (last test); 429 by the rate-limited app below.
    expect(documented.filter((k) => k.endsWith(' 503') && !(k in NOT_PROVOKED))).toEqual(['GET /health 503', 'GET /health/ready 503']);
  });

  it('every route answers as documented: status, media type and body', async () => {
    const problems: string[] = [];
    for (const c of cases) {
      const answer: Answer = await app.call(c);
      if (answer.status >= 400) codes.set(c.why, (codes.get(c.why) ?? new Set()).add((answer.body as { code?: string }).code ?? '(none)'));
      if (answer.status !== c.status) {
        problems.push(`${keyOf(c)} (${c.why}): answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        continue;
      }
      problems.push(...app.contract.check(c.method, c.path, answer).map((p) => `${p} (${c.why})`));
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('errors name their kind with one code each (from the walk above)', () => {
    expect([...codes.get('unknown parameter')!]).toEqual(['VALIDATION_FAILED']);
    expect([...codes.get('no API key')!]).toEqual(['LINEAGE_API_KEY_REQUIRED']);
    expect([...codes.get('larger than API_BODY_LIMIT_KB')!]).toEqual(['PAYLOAD_TOO_LARGE']);
    expect([...codes.get('not an event')!]).toEqual(['LINEAGE_EVENT_INVALID']);
    // The same kind of mistake answers the same code on every API (/api/v2 and the Marquez-compatible /api/v1).
    for (const unknown of ['unknown namespace', 'unknown dataset', 'unknown field', 'unknown job', 'unknown run', 'unknown node']) {
      expect([...codes.get(unknown)!], unknown).toEqual(['LINEAGE_NODE_NOT_FOUND']);
    }
  });

  it('health: 503 with the error body as documented when not ready (an OL_* table dropped)', async () => {
    await app.t.app.get(DatabasePort).execute('DROP TABLE OL_RUN_OUTPUT');
    for (const path of ['/health', '/health/ready']) {
      const answer = await app.call({ method: 'get', path });
      expect(answer.status).toBe(503);
      expect(app.contract.check('get', path, answer)).toEqual([]);
    }
  });
});

describe('The OpenAPI document is the contract: rate limits', () => {
  let app: ContractApp;
  // One request per client per route and hour: the second call of a route is refused, whatever the clock.
  beforeAll(async () => {
    app = await startContractApp({ RATE_LIMIT_MAX: '1', RATE_LIMIT_TTL_SECONDS: '3600' });
  }, 60_000);
  afterAll(() => app?.t.close());

  it('every route that documents 429 answers it, as documented, past its limit; the others are not limited', async () => {
    const problems: string[] = [];
    for (const { method, path, operation } of app.contract.operations()) {
      const call = app.valid(method, path);
      const limited = '429' in operation.responses;
      // The seeding POST already used the ingestion route's one request; the GETs used by seeding too.
      await app.call(call);
      const second = await app.call(call);
      if (!limited) {
        if (second.status === 429) problems.push(`${method.toUpperCase()} ${path}: answered 429 but documents none`);
        continue;
      }
      if (second.status !== 429) {
        problems.push(`${method.toUpperCase()} ${path}: answered ${second.status} past the limit`);
        continue;
      }
      expect((second.body as { code: string }).code).toBe('RATE_LIMITED');
      problems.push(...app.contract.check(method, path, second));
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
