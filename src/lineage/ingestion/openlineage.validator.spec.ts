import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLineageRunEvent } from '@polyglot-sql/sdk';
import { describe, expect, it } from 'vitest';
import { checkLimits, INGESTION_LIMITS } from './ingestion-limits.js';
import { loadOpenLineageSchemas, resolveSchemaFolder } from './openlineage-schemas.js';
import type { OlRunEvent } from './openlineage.types.js';
import { OpenLineageValidator } from './openlineage.validator.js';

const GOLDEN = join(import.meta.dirname, '..', '..', '..', 'test', 'golden', 'openlineage');
const golden = (name: string) => JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), 'utf8')) as Record<string, any>;
const validator = new OpenLineageValidator();

describe('OpenLineage schema files', () => {
  it('load from beside the module (source tree)', () => {
    expect(resolveSchemaFolder()).toBe(join(import.meta.dirname, 'schemas') + '/');
    expect(loadOpenLineageSchemas().openLineage.$id).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json');
  });

  it('load from the source tree when the module runs from dist/ (tsc copies no JSON)', () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    const distModule = new URL(`file://${join(root, 'dist', 'lineage', 'ingestion', 'openlineage-schemas.js')}`);
    expect(resolveSchemaFolder(distModule)).toBe(join(root, 'src', 'lineage', 'ingestion', 'schemas') + '/');
    expect(loadOpenLineageSchemas(distModule).columnLineage.$id).toBe('https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json');
  });

  it('name every place looked when missing', () => {
    expect(() => resolveSchemaFolder(new URL('file:///nowhere/a/b/c/module.js'))).toThrow(/\/nowhere\/a\/b\/c\/schemas\/ and \/nowhere\/src\/lineage\/ingestion\/schemas\//);
  });
});

describe('OpenLineageValidator', () => {
  it('accepts the spec examples and an event from a third-party producer (@polyglot-sql/sdk)', () => {
    expect(validator.validate(golden('spec-start-event'))).toEqual([]);
    expect(validator.validate(golden('spec-column-lineage-complete'))).toEqual([]);
    const produced = openLineageRunEvent('INSERT INTO sales.daily (d, amount) SELECT order_date, amount FROM sales.orders', {
      dialect: 'teradata',
      producer: 'https://example.com/producer',
      datasetNamespace: 'teradata://demo-warehouse:1025',
      jobNamespace: 'etl',
      jobName: 'daily',
      runId: '3f5e2b1c-9a4d-4e6f-8b7a-1c2d3e4f5a6b',
      eventTime: '2026-01-01T00:00:00Z',
      eventType: 'COMPLETE',
    });
    expect(produced.success).toBe(true);
    expect(validator.validate(produced.event)).toEqual([]);
  });

  it('names each violation by JSON path', () => {
    const event = golden('spec-column-lineage-complete');
    delete event.run.runId;
    event.eventType = 'DONE';
    event.eventTime = 'yesterday';
    const cl = event.outputs[0].facets.columnLineage;
    delete cl.fields.NAME.inputFields[0].field;
    event.job.facets.sql.query = 42;
    const violations = validator.validate(event);
    const paths = violations.map((v) => v.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/run/runId',
        '/eventType',
        '/eventTime',
        '/outputs/0/facets/columnLineage/fields/NAME/inputFields/0/field',
        '/job/facets/sql/query',
      ]),
    );
    expect(violations.find((v) => v.path === '/run/runId')?.message).toBe('is required');
    expect(violations.find((v) => v.path === '/eventType')?.message).toMatch(/START, RUNNING, COMPLETE, ABORT, FAIL, OTHER/);
    expect(violations.find((v) => v.path === '/eventTime')?.message).toMatch(/date-time/);
  });

  it('checks formats and facets claimed by their _schemaURL under another key', () => {
    const event = golden('spec-column-lineage-complete');
    event.run.runId = 'not-a-uuid';
    event.outputs[0].facets.lineage2 = { ...event.outputs[0].facets.columnLineage, fields: 'none' };
    const paths = validator.validate(event).map((v) => v.path);
    expect(paths).toContain('/run/runId');
    expect(paths).toContain('/outputs/0/facets/lineage2/fields');
  });

  it('prefixes paths (events of an array) and refuses a body that is not an object', () => {
    const event = golden('spec-start-event');
    delete event.job.name;
    expect(validator.validate(event, '/3').map((v) => v.path)).toContain('/3/job/name');
    expect(validator.validate('hello')).toEqual([{ path: '/', message: 'must be object' }]);
  });
});

describe('checkLimits', () => {
  it('passes the golden events', () => {
    expect(checkLimits(golden('spec-column-lineage-complete') as OlRunEvent)).toEqual([]);
  });

  it('refuses names longer than their columns, too many fields and unknown transformation types, by path', () => {
    const event = golden('spec-column-lineage-complete');
    event.inputs[1].name = `db.${'t'.repeat(INGESTION_LIMITS.name)}`;
    event.inputs[0].facets.schema.fields = Array.from({ length: INGESTION_LIMITS.fieldsPerDataset + 1 }, (_, i) => ({ name: `c${i}` }));
    event.outputs[0].facets.columnLineage.fields.NAME.inputFields[1].transformations[0].type = 'SIDEWAYS';
    event.job.name = '';
    const violations = checkLimits(event as OlRunEvent, '/0');
    expect(violations).toEqual(
      expect.arrayContaining([
        { path: '/0/inputs/1/name', message: `must be at most ${INGESTION_LIMITS.name} characters (got ${INGESTION_LIMITS.name + 3})` },
        { path: '/0/inputs/0/facets/schema/fields', message: `must hold at most ${INGESTION_LIMITS.fieldsPerDataset} fields (got ${INGESTION_LIMITS.fieldsPerDataset + 1})` },
        { path: '/0/outputs/0/facets/columnLineage/fields/NAME/inputFields/1/transformations/0/type', message: 'must be DIRECT or INDIRECT' },
        { path: '/0/job/name', message: 'must not be empty' },
      ]),
    );
    expect(violations).toHaveLength(4);
  });
});
