import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetId, fieldId, namespaceId } from '../../model/ids.js';
import type { IngestionRows } from './ingestion.types.js';
import { jobIdFor, mapEvent, staticRunIdFor } from './openlineage.mapper.js';
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

describe('mapEvent', () => {
  it('maps the golden column-lineage event to the expected rows', () => {
    const event = golden('spec-column-lineage-complete') as OlRunEvent;
    const expected = golden('spec-column-lineage-complete.expected') as Expected;
    const rows = mapEvent(event);
    const ns = namespaceId('SnowflakeOpenLineage');
    const nameOf = new Map(rows.datasets.map((d) => [d.datasetId, d.name]));

    expect(rows.run).toMatchObject({ runId: expected.runId, eventType: expected.eventType, producer: event.producer, schemaUrl: event.schemaURL });
    expect(rows.run?.eventTime.toISOString()).toBe('2024-03-01T10:15:30.123Z');
    expect(rows.run?.nominalStartTime?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(rows.job).toMatchObject({ jobId: jobIdFor(expected.job.namespace, expected.job.name), name: expected.job.name, jobType: expected.job.jobType });
    expect(rows.job?.description).toBe(event.job.facets?.sql?.query);
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
    const rows = mapEvent(golden('spec-start-event') as OlRunEvent);
    expect(rows.run?.eventType).toBe('START');
    expect(rows.job?.jobId).toBe('my-scheduler-namespace/myjob.mytask');
    expect(rows.job?.jobType).toBe('OPENLINEAGE');
    expect(rows.datasets.map((d) => d.name).sort()).toEqual(['instance.schema.output_table', 'instance.schema.table']);
    expect(rows.edges).toEqual([]);
    expect(rows.fields).toEqual([]);
  });

  it('gives DIRECT/IDENTITY to an input field without transformations, masking from the deprecated MASKED type, and de-duplicates', () => {
    const event = golden('spec-column-lineage-complete');
    const fields = event.outputs[0].facets.columnLineage.fields;
    fields.NAME.inputFields = [{ namespace: 'SnowflakeOpenLineage', name: 'PUBLIC.CUSTOMERS', field: 'NAME' }];
    fields.NAME.inputFields.push({ ...fields.NAME.inputFields[0] });
    fields.NAME.transformationType = 'MASKED';
    delete event.outputs[0].facets.columnLineage.dataset;
    const rows = mapEvent(event as OlRunEvent);
    const name = rows.edges.filter((e) => e.targetField === 'NAME');
    expect(name).toHaveLength(1);
    expect(name[0]).toMatchObject({ transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', masking: true, description: 'SELECT NAME' });
  });

  it('keeps the spelling of names outside teradata:// (two spellings, two datasets) and folds them inside it', () => {
    const event = golden('spec-column-lineage-complete');
    const fields = event.outputs[0].facets.columnLineage.fields;
    fields.NAME.inputFields = [
      { namespace: 'SnowflakeOpenLineage', name: 'PUBLIC.CUSTOMERS', field: 'NAME' },
      { namespace: 'SnowflakeOpenLineage', name: 'public.customers', field: 'name' },
      { namespace: 'teradata://td:1025', name: 'Sales.Customers', field: 'Name' },
      { namespace: 'teradata://td:1025', name: 'SALES.CUSTOMERS', field: 'NAME' },
    ];
    const rows = mapEvent(event as OlRunEvent);
    const sources = rows.edges.filter((e) => e.targetField === 'NAME').map((e) => `${e.sourceNamespace} ${e.sourceDataset}.${e.sourceField}`);
    expect(sources.sort()).toEqual(['SnowflakeOpenLineage PUBLIC.CUSTOMERS.NAME', 'SnowflakeOpenLineage public.customers.name', 'teradata://td:1025 sales.customers.name']);
    expect(rows.datasets.map((d) => d.name)).toEqual(expect.arrayContaining(['PUBLIC.CUSTOMERS', 'public.customers', 'sales.customers']));
  });

  it('maps a JobEvent to its job and static run with their datasets, and a DatasetEvent to its dataset, fields and column lineage without a run', () => {
    const run = golden('spec-column-lineage-complete');
    const { run: _run, eventType: _type, ...jobEvent } = run;
    const asJob = mapEvent({ ...jobEvent, schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent' });
    expect(asJob.job?.name).toBe('customer_discounts.load');
    expect(asJob.run).toMatchObject({ runId: staticRunIdFor(asJob.job?.jobId ?? ''), eventType: 'OTHER' });
    expect(asJob.runOutputs).toHaveLength(1);
    expect(asJob.edges.length).toBeGreaterThan(0);
    expect(asJob.edges.every((e) => e.runId === asJob.run?.runId)).toBe(true);

    const asDataset = mapEvent({ eventTime: run.eventTime, producer: run.producer, schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent', dataset: run.outputs[0] });
    expect(asDataset.job).toBeNull();
    expect(asDataset.run).toBeNull();
    expect(asDataset.runInputs).toEqual([]);
    expect(asDataset.runOutputs).toEqual([]);
    expect(asDataset.fields.filter((f) => f.ordinalPosition !== null).map((f) => f.fieldName)).toEqual(['NAME', 'AMOUNT']);
    expect(edgeList(asDataset).sort()).toEqual(edgeList(asJob).sort());
    expect(asDataset.edges.every((e) => e.runId === null)).toBe(true);
  });

  it('gives the same natural ids for the same event (idempotent keys) and a hash job id for a long name', () => {
    const a = mapEvent(golden('spec-column-lineage-complete') as OlRunEvent);
    const b = mapEvent(golden('spec-column-lineage-complete') as OlRunEvent);
    expect(b.edges.map((e) => e.lineageId)).toEqual(a.edges.map((e) => e.lineageId));
    expect(new Set(a.edges.map((e) => e.lineageId)).size).toBe(a.edges.length);
    const long = jobIdFor('ns', 'j'.repeat(256));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toBe(jobIdFor('ns', 'j'.repeat(256)));
  });
});
