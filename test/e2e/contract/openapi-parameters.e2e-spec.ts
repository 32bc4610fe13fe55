import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../support/openapi-contract.js';
import { type Call, type ContractApp, DATASET, FIELD, NS, startContractApp } from './contract-app.js';

/**
 * Every GET route of the document, sent an unknown parameter and, for each parameter its
 * schema constrains (enum, integer, boolean, length, range), a value outside it: each must
 * answer the documented 400 with one code, VALIDATION_FAILED, and a message naming the parameter.
 */

const V2 = '/api/v2/openlineage';

/** A value the parameter's declared schema refuses, or undefined when the schema refuses no text. */
function outside(schema: Record<string, Json> | undefined): string | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return 'not-one-of-them';
  if (schema.type === 'integer' || schema.type === 'number') return typeof schema.maximum === 'number' ? String(schema.maximum + 1) : 'abc';
  if (schema.type === 'boolean') return 'maybe';
  if (typeof schema.minLength === 'number' && schema.minLength > 1) return 'a';
  return undefined;
}

interface Refusal {
  readonly call: Call;
  /** The parameter the message must name. */
  readonly names: string;
  readonly why: string;
}

describe('The OpenAPI document is the contract: parameters', () => {
  let app: ContractApp;
  beforeAll(async () => {
    app = await startContractApp();
  }, 60_000);
  afterAll(() => app?.t.close());

  /** Each refusal must be the documented 400, VALIDATION_FAILED, naming the parameter. */
  async function problemsOf(refusals: readonly Refusal[]): Promise<string[]> {
    const problems: string[] = [];
    for (const { call, names, why } of refusals) {
      const answer = await app.call(call);
      const at = `GET ${call.path} (${why})`;
      const body = answer.body as { code?: string; message?: string };
      if (answer.status !== 400) problems.push(`${at}: answered ${answer.status} ${JSON.stringify(body).slice(0, 200)}`);
      else if (body.code !== 'VALIDATION_FAILED') problems.push(`${at}: code ${body.code}`);
      else if (!body.message?.includes(names)) problems.push(`${at}: the message does not name ${names}: ${body.message}`);
      else problems.push(...app.contract.check('get', call.path, answer));
    }
    return problems;
  }

  const gets = () => app.contract.operations().filter(({ method, path }) => method === 'get' && path.startsWith('/api/'));

  it('every GET /api route refuses an unknown parameter with the documented 400', async () => {
    const refusals = gets().map(({ path }): Refusal => {
      const call = app.valid('get', path);
      return { call: { ...call, query: { ...call.query, bogus: '1' } }, names: 'bogus', why: 'unknown parameter' };
    });
    expect(refusals.length).toBeGreaterThan(25);
    expect(await problemsOf(refusals)).toEqual([]);
  }, 60_000);

  it('every constrained query parameter refuses a value outside its schema with the documented 400', async () => {
    const refusals = gets().flatMap(({ path, operation }) =>
      (operation.parameters ?? [])
        .filter((p) => p.in === 'query')
        .flatMap((p): Refusal[] => {
          const value = outside(p.schema as Record<string, Json> | undefined);
          if (value === undefined) return [];
          const call = app.valid('get', path);
          return [{ call: { ...call, query: { ...call.query, [p.name]: value } }, names: p.name, why: `${p.name}=${value}` }];
        }),
    );
    // direction, maxDepth, transformationType, format, limit, offset, q, download, depth, withDownstream, filter, sort, sortDirection… on ~20 routes.
    expect(refusals.length).toBeGreaterThan(40);
    expect(await problemsOf(refusals)).toEqual([]);
  }, 60_000);

  it('every parameter is described, and so is every response', () => {
    const undescribed = app.contract.operations().flatMap(({ method, path, operation }) => [
      ...(operation.parameters ?? []).filter((p) => !p.description).map((p) => `${method.toUpperCase()} ${path}: parameter ${p.name}`),
      ...Object.entries(operation.responses)
        .filter(([, r]) => !r.description)
        .map(([status]) => `${method.toUpperCase()} ${path}: response ${status}`),
    ]);
    expect(undescribed).toEqual([]);
  });

  it('the checks of the services answer with the same code as the validation pipe', async () => {
    const dataset = { dataset: DATASET };
    const refusals: Refusal[] = [
      // Issue 18: this route took an intersection type, which the pipe saw as Object and let through.
      { call: { method: 'get', path: `${V2}/datasets/{dataset}`, params: dataset, query: { bogus: '1', maxDepth: 'abc' } }, names: 'bogus', why: 'unknown parameters on the dataset route' },
      { call: { method: 'get', path: `${V2}/datasets/{dataset}`, params: dataset, query: { maxDepth: '3' } }, names: 'maxDepth', why: 'a graph parameter on the dataset route' },
      // The runs routes took direction, maxDepth and transformationType, which mean nothing to them.
      {
        call: { method: 'get', path: `${V2}/datasets/{dataset}/fields/{field}/runs`, params: { dataset: DATASET, field: FIELD }, query: { namespace: NS, direction: 'upstream' } },
        names: 'direction',
        why: 'direction on field runs',
      },
      { call: { method: 'get', path: `${V2}/jobs/{jobId}/runs`, params: { jobId: app.jobId }, query: { transformationType: 'DIRECT' } }, names: 'transformationType', why: 'transformationType on job runs' },
      // Checked by the services (bounds from configuration, a node id's shape): the same code as the pipe's.
      { call: { method: 'get', path: `${V2}/datasets/{dataset}/lineage`, params: dataset, query: { namespace: NS, maxDepth: '999' } }, names: 'maxDepth', why: 'maxDepth above VALIDATION_MAX_DEPTH_LIMIT' },
      { call: { method: 'get', path: `${V2}/lineage`, query: { nodeId: 'not-a-node-id' } }, names: 'nodeId', why: 'a malformed nodeId' },
      { call: { method: 'get', path: `${V2}/lineage`, query: {} }, names: 'nodeId', why: 'no root at all' },
      { call: { method: 'get', path: `${V2}/datasets/{dataset}/lineage`, params: dataset, query: { namespace: NS, fields: 'id,colour' } }, names: 'fields', why: 'an unknown node key' },
      { call: { method: 'get', path: '/api/v1/lineage', query: { nodeId: `dataset:${NS}:${DATASET}`, depth: '999' } }, names: 'depth', why: 'Marquez depth above the limit' },
      { call: { method: 'get', path: '/api/v1/column-lineage', query: { nodeId: 'not-a-node-id' } }, names: 'nodeId', why: 'a malformed Marquez nodeId' },
    ];
    expect(await problemsOf(refusals)).toEqual([]);
  }, 60_000);
});
