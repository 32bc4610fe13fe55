import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetId, fieldId, namespaceId } from '../../model/ids.js';
import type { IngestionRows } from './ingestion.types.js';
import { jobIdFor, mapRunEvent } from './openlineage.mapper.js';
import type { OlRunEvent } from './openlineage.types.js';

const GOLDEN = join(import.meta.dirname, '..', '..', '..', 'test', 'golden', 'openlineage');
const golden = (name: string) => JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), 'utf8')) as any;

interface Expected {
  runId: string;
  eventType: string;
  job: { namespace: string; name: string; jobType: string };
  datasets: string[];
  runInputs: string[];
  runOutputs: string[];
  fields: Record<string, [string, string | null, number | null][]>;
  edges: [string, string, string, string, string][];
}

const edgeList = (rows: IngestionRows) =>
  rows.edges.map((e) => [`${e.sourceDataset}.${e.sourceField}`, `${e.targetDataset}.${e.targetField}`, e.transformationType, e.transformationSubtype, e.masking ? 'Y' : 'N']);

describe('mapRunEvent', () => {
  it('maps the golden column-lineage event to the expected rows', () => {
    const event = golden('spec-column-lineage-complete') as OlRunEvent;
    const expected = golden('spec-column-lineage-complete.expected') as Expected;
    const rows = mapRunEvent(event);
    const ns = namespaceId('SnowflakeOpenLineage');
    const nameOf = new Map(rows.datasets.map((d) => [d.datasetId, d.name]));

    expect(rows.run).toMatchObject({ runId: expected.runId, eventType: expected.eventType, producer: event.producer, schemaUrl: event.schemaURL });
    expect(rows.run.eventTime.toISOString()).toBe('2024-03-01T10:15:30.123Z');
    expect(rows.run.nominalStartTime?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(rows.job).toMatchObject({ jobId: jobIdFor(expected.job.namespace, expected.job.name), name: expected.job.name, jobType: expected.job.jobType });
    expect(rows.job.description).toBe(event.job.facets?.sql?.query);
    expect(rows.namespaces.map((n) => n.namespaceUri).sort()).toEqual(['SnowflakeOpenLineage', 'snowflake-etl']);
    expect(rows.datasets.map((d) => d.name).sort()).toEqual(expected.datasets);
    expect(rows.datasets.every((d) => d.datasetId === datasetId(ns, d.name))).toBe(true);
    expect(rows.runInputs.map((r) => nameOf.get(r.datasetId)).sort()).toEqual(expected.runInputs);
    expect(rows.runOutputs.map((r) => nameOf.get(r.datasetId)).sort()).toEqual(expected.runOutputs);
    for (const [dataset, fields] of Object.entries(expected.fields)) {
      const actual = rows.fields.filter((f) => nameOf.get(f.datasetId) === dataset).map((f) => [f.fieldName, f.fieldType, f.ordinalPosition]);
      expect(actual.sort(), dataset).toEqual([...fields].sort());
    }
    expect(rows.fields.every((f) => f.fieldId === fieldId(f.datasetId, f.fieldName))).toBe(true);
    expect(edgeList(rows).sort()).toEqual([...expected.edges].sort());
    expect(rows.edges.every((e) => e.sourceNamespace === 'SnowflakeOpenLineage' && e.runId === expected.runId)).toBe(true);
    expect(rows.edges.find((e) => e.transformationSubtype === 'JOIN')?.description).toBe('ON (DISCOUNTS.CUSTOMERS_ID=CUSTOMERS.ID)');
  });

  it('maps the spec START example to a run, a job and two datasets without edges', () => {
    const rows = mapRunEvent(golden('spec-start-event') as OlRunEvent);
    expect(rows.run.eventType).toBe('START');
    expect(rows.job.jobId).toBe('my-scheduler-namespace/myjob.mytask');
    expect(rows.job.jobType).toBe('OPENLINEAGE');
    expect(rows.datasets.map((d) => d.name).sort()).toEqual(['instance.schema.output_table', 'instance.schema.table']);
    expect(rows.edges).toEqual([]);
    expect(rows.fields).toEqual([]);
  });

  it('gives DIRECT/IDENTITY to an input field without transformations, masking from the deprecated MASKED type, and de-duplicates', () => {
    const event = golden('spec-column-lineage-complete');
    const fields = event.outputs[0].facets.columnLineage.fields;
    fields.NAME.inputFields = [{ namespace: 'SnowflakeOpenLineage', name: 'PUBLIC.CUSTOMERS', field: 'NAME' }];
    fields.NAME.inputFields.push({ ...fields.NAME.inputFields[0], name: 'public.customers', field: 'name' });
    fields.NAME.transformationType = 'MASKED';
    delete event.outputs[0].facets.columnLineage.dataset;
    const rows = mapRunEvent(event as OlRunEvent);
    const name = rows.edges.filter((e) => e.targetField === 'name');
    expect(name).toHaveLength(1);
    expect(name[0]).toMatchObject({ transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', masking: true, description: 'SELECT NAME' });
  });

  it('gives the same natural ids for the same event (idempotent keys) and a hash job id for a long name', () => {
    const a = mapRunEvent(golden('spec-column-lineage-complete') as OlRunEvent);
    const b = mapRunEvent(golden('spec-column-lineage-complete') as OlRunEvent);
    expect(b.edges.map((e) => e.lineageId)).toEqual(a.edges.map((e) => e.lineageId));
    expect(new Set(a.edges.map((e) => e.lineageId)).size).toBe(a.edges.length);
    const long = jobIdFor('ns', 'j'.repeat(256));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toBe(jobIdFor('ns', 'j'.repeat(256)));
  });
});
