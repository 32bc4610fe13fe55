import { describe, expect, it } from 'vitest';
import { type EdgeFacts, EMIT_PRODUCER, populationRunEvents, runUuid, statementRunEvent, type StatementRunFacts } from './run-events.js';

const NS = 'teradata://tdprod:1025';

function edge(overrides: Partial<EdgeFacts> = {}): EdgeFacts {
  return {
    sourceNamespace: NS,
    sourceDataset: 'stg.orders',
    sourceField: 'amount',
    targetNamespace: NS,
    targetDataset: 'core.orders',
    targetField: 'amount',
    transformationType: 'DIRECT',
    transformationSubtype: 'IDENTITY',
    description: null,
    masking: false,
    ...overrides,
  };
}

function statement(overrides: Partial<StatementRunFacts> = {}): StatementRunFacts {
  return {
    runId: 'dbql_0123456789abcdef',
    eventType: 'COMPLETE',
    eventTime: new Date('2026-01-10T08:00:00Z'),
    job: { namespace: NS, name: 'INSERT INTO core.orders #0123456789ab', description: 'INSERT INTO core.orders SELECT * FROM stg.orders', jobType: 'SQL' },
    inputs: [{ namespace: NS, name: 'stg.orders' }],
    outputs: [{ namespace: NS, name: 'core.orders' }],
    edges: [edge()],
    ...overrides,
  };
}

describe('runUuid', () => {
  it('derives a version-5 layout UUID from a stored run id, the same every time and different per id', () => {
    const a = runUuid('dbql_0123456789abcdef');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(runUuid('dbql_0123456789abcdef')).toBe(a);
    expect(runUuid('dbql_0123456789abcdee')).not.toBe(a);
  });

  it('keeps a run id that is a UUID already (a population run), in lower case', () => {
    expect(runUuid('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });
});

describe('statementRunEvent', () => {
  it('puts one input field per source column with all its transformations, and `*` targets into dataset-level lineage', () => {
    const event = statementRunEvent(
      statement({
        edges: [
          edge(),
          edge({ transformationType: 'INDIRECT', transformationSubtype: 'FILTER', description: 'in WHERE' }),
          edge({ sourceField: 'status', targetField: '*', transformationType: 'INDIRECT', transformationSubtype: 'FILTER' }),
        ],
      }),
      null,
    );
    const facet = event.outputs[0].facets?.columnLineage as unknown as { fields: Record<string, { inputFields: unknown[] }>; dataset: unknown[] };
    expect(Object.keys(facet.fields)).toEqual(['amount']);
    expect(facet.fields.amount.inputFields).toEqual([
      {
        namespace: NS,
        name: 'stg.orders',
        field: 'amount',
        transformations: [
          { type: 'DIRECT', subtype: 'IDENTITY', masking: false },
          { type: 'INDIRECT', subtype: 'FILTER', description: 'in WHERE', masking: false },
        ],
      },
    ]);
    expect(facet.dataset).toEqual([{ namespace: NS, name: 'stg.orders', field: 'status', transformations: [{ type: 'INDIRECT', subtype: 'FILTER', masking: false }] }]);
    expect(event.run).toEqual({ runId: runUuid('dbql_0123456789abcdef') });
  });

  it('adds the datasets an edge names that the run links do not, and the population run as parent', () => {
    const event = statementRunEvent(statement({ inputs: [], outputs: [], edges: [edge({ targetDataset: 'mart.sales' })] }), {
      runId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      job: { namespace: NS, name: 'lineage.population.dbql' },
    });
    expect(event.inputs).toEqual([{ namespace: NS, name: 'stg.orders' }]);
    expect(event.outputs.map((o) => o.name)).toEqual(['mart.sales']);
    expect(event.run.facets?.parent).toMatchObject({ run: { runId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }, job: { namespace: NS, name: 'lineage.population.dbql' } });
    expect(event.job.facets?.sql).toMatchObject({ query: 'INSERT INTO core.orders SELECT * FROM stg.orders', _producer: EMIT_PRODUCER });
  });

  it('leaves out the sql facet of a job without text, and the lineage facet of an output without edges', () => {
    const event = statementRunEvent(statement({ job: { namespace: NS, name: 'fixtures', description: null, jobType: null }, edges: [] }), null);
    expect(event.job).toEqual({ namespace: NS, name: 'fixtures' });
    expect(event.outputs).toEqual([{ namespace: NS, name: 'core.orders' }]);
  });
});

describe('populationRunEvents', () => {
  const run = { runId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', method: 'dbql', startedAt: new Date('2026-01-10T08:00:00Z'), finishedAt: new Date('2026-01-10T08:05:00Z'), message: 'boom' };

  it('is a START at the start and the end the state names, FAIL with its message', () => {
    const [start, end] = populationRunEvents({ ...run, state: 'failed' }, NS);
    expect([start.eventType, start.eventTime, end.eventType, end.eventTime]).toEqual(['START', '2026-01-10T08:00:00.000Z', 'FAIL', '2026-01-10T08:05:00.000Z']);
    expect(end.run.facets?.errorMessage).toMatchObject({ message: 'boom' });
    expect(start.job).toMatchObject({ namespace: NS, name: 'lineage.population.dbql' });
  });

  it('ends a succeeded run with COMPLETE and a cancelled one with ABORT', () => {
    expect(populationRunEvents({ ...run, state: 'succeeded' }, NS)[1]).toMatchObject({ eventType: 'COMPLETE', run: { runId: run.runId } });
    expect(populationRunEvents({ ...run, state: 'cancelled' }, NS)[1].eventType).toBe('ABORT');
  });
});
