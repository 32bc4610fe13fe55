import { describe, expect, it } from 'vitest';
import { datasetShape, jobShape, runShape, runState, storedEventShape, UNKNOWN_FIELD_TYPE } from './marquez-shapes.js';
import type { DatasetRecord, IoRecord, JobRecord, RunRecord } from './marquez.types.js';

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute));

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: '4d3b8069-69b1-4b2b-9f4c-0d5a4e3a2f10',
    jobId: 'food_delivery/etl_menus',
    jobNamespace: 'food_delivery',
    jobName: 'etl_menus',
    eventType: 'START',
    eventTime: at(0),
    nominalStartTime: null,
    nominalEndTime: null,
    producer: null,
    schemaUrl: null,
    createdAt: at(0),
    ...overrides,
  };
}

const dataset = (overrides: Partial<DatasetRecord> = {}): DatasetRecord => ({
  datasetId: 'food_delivery/public.menus',
  namespaceId: 'food_delivery',
  namespace: 'food_delivery',
  name: 'public.menus',
  description: null,
  sourceType: 'TABLE',
  createdAt: at(0),
  updatedAt: null,
  isActive: true,
  ...overrides,
});

const job: JobRecord = { jobId: 'j1', namespaceId: 'food_delivery', namespace: 'food_delivery', name: 'etl_menus', description: null, jobType: 'OPENLINEAGE', createdAt: at(0), updatedAt: at(1) };

/** Paths of every null or undefined value (the document declares nothing nullable). */
function nulls(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return [path || '/'];
  if (typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => nulls(v, `${path}/${k}`));
}

describe('runState: OpenLineage event type → Marquez run state', () => {
  it.each([
    ['START', 'RUNNING'],
    ['running', 'RUNNING'],
    ['COMPLETE', 'COMPLETED'],
    ['FAIL', 'FAILED'],
    ['ABORT', 'ABORTED'],
    ['OTHER', 'NEW'],
  ])('%s → %s', (eventType, state) => expect(runState(eventType)).toBe(state));
});

describe('runShape', () => {
  it('a running run started at its START event and has not ended', () => {
    const shape = runShape(run());
    expect(shape).toMatchObject({ state: 'RUNNING', startedAt: at(0).toISOString() });
    expect(shape).not.toHaveProperty('endedAt');
  });

  it('a finished run ended at its last event; its start is not known any more', () => {
    for (const eventType of ['COMPLETE', 'FAIL', 'ABORT']) {
      const shape = runShape(run({ eventType, eventTime: at(8) }));
      expect(shape.endedAt).toBe(at(8).toISOString());
      expect(shape).not.toHaveProperty('startedAt');
    }
  });

  it('leaves out what the store does not have instead of sending null', () => {
    expect(nulls(runShape(run({ createdAt: null, eventTime: null })))).toEqual([]);
    expect(runShape(run({ nominalStartTime: at(3) })).nominalStartTime).toBe(at(3).toISOString());
  });
});

describe('datasetShape', () => {
  it('a field without a type says UNKNOWN (Marquez requires one); a deactivated dataset is deleted', () => {
    const shape = datasetShape(dataset({ isActive: false }), [
      { datasetId: 'd', name: 'id', type: 'INTEGER', description: 'key' },
      { datasetId: 'd', name: 'name', type: null, description: null },
    ]);
    expect(shape.fields).toEqual([
      { name: 'id', type: 'INTEGER', tags: [], description: 'key' },
      { name: 'name', type: UNKNOWN_FIELD_TYPE, tags: [] },
    ]);
    expect(shape.deleted).toBe(true);
    expect(shape.id).toEqual({ namespace: 'food_delivery', name: 'public.menus' });
    expect(nulls(shape)).toEqual([]);
  });
});

describe('jobShape and storedEventShape', () => {
  const io: IoRecord[] = [
    { ownerId: 'j1', direction: 'input', namespace: 'food_delivery', name: 'public.a' },
    { ownerId: 'j1', direction: 'output', namespace: 'food_delivery', name: 'public.b' },
    { ownerId: 'j1', direction: 'input', namespace: 'other', name: 'public.c' },
  ];

  it('splits the datasets by direction and shows the newest run', () => {
    const shape = jobShape(job, io, run({ eventType: 'COMPLETE' }));
    expect(shape.inputs).toEqual([
      { namespace: 'food_delivery', name: 'public.a' },
      { namespace: 'other', name: 'public.c' },
    ]);
    expect(shape.outputs).toEqual([{ namespace: 'food_delivery', name: 'public.b' }]);
    expect(shape.latestRun?.state).toBe('COMPLETED');
    expect(shape.latestRuns).toEqual([shape.latestRun]);
    expect(jobShape(job, [])).toMatchObject({ inputs: [], outputs: [], latestRuns: [] });
    expect(jobShape(job, [])).not.toHaveProperty('latestRun');
  });

  it('an event as received, or the stub of its run and job when its text was too large to keep', () => {
    const received = { eventType: 'COMPLETE', eventTime: at(8).toISOString(), run: { runId: 'r1' }, job: { namespace: 'food_delivery', name: 'etl_menus' }, producer: 'https://example.org/p' };
    const stored = { eventType: 'COMPLETE', eventTime: at(8), runId: 'r1', producer: 'https://example.org/p', jobNamespace: 'food_delivery', jobName: 'etl_menus' };
    expect(storedEventShape({ ...stored, payload: JSON.stringify({ ...received, inputs: [{ namespace: 'food_delivery', name: 'public.a' }] }) })).toEqual({
      ...received,
      inputs: [{ namespace: 'food_delivery', name: 'public.a' }],
    });
    expect(storedEventShape({ ...stored, payload: null })).toEqual(received);
  });
});
