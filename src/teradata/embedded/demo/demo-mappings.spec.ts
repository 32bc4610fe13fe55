import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSFORMATION_SUBTYPES, TRANSFORMATION_TYPES } from '../../../model/transformation.js';
import { DEMO_WAREHOUSE } from './demo-warehouse.js';

interface Mapping {
  source: { dataset: string; field: string };
  target: { dataset: string; field: string };
  transformationType: string;
  transformationSubtype: string;
  description: string;
}

const file = join(import.meta.dirname, '..', '..', '..', '..', 'database', 'fixtures', 'demo-mappings.json');
const mappings = (JSON.parse(readFileSync(file, 'utf8')) as { mappings: Mapping[] }).mappings;

describe('database/fixtures/demo-mappings.json', () => {
  it('holds at least 60 mappings', () => {
    expect(mappings.length).toBeGreaterThanOrEqual(60);
  });

  it('names only columns that exist in the demo warehouse', () => {
    const columns = new Set(DEMO_WAREHOUSE.tables.flatMap((t) => t.columns.map((c) => `${t.database}.${t.name}.${c.name}`)));
    const missing = mappings.flatMap((m) => [m.source, m.target]).map((e) => `${e.dataset}.${e.field}`).filter((name) => !columns.has(name));
    expect(missing).toEqual([]);
  });

  it('uses OpenLineage transformation types and subtypes', () => {
    // ROW_LEVEL is this service's own, not OpenLineage's.
    const subtypes: readonly string[] = TRANSFORMATION_SUBTYPES.filter((s) => s !== 'ROW_LEVEL');
    for (const m of mappings) {
      expect(TRANSFORMATION_TYPES).toContain(m.transformationType);
      expect(subtypes).toContain(m.transformationSubtype);
    }
  });

  it('has no duplicate mapping', () => {
    const keys = mappings.map((m) => `${m.source.dataset}.${m.source.field}>${m.target.dataset}.${m.target.field}:${m.transformationType}:${m.transformationSubtype}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
