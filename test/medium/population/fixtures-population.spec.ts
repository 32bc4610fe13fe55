import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopulationService } from '../../../src/population/population.service.js';
import { PROJECT_ROOT, type TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { count, createPopulationDatabase, tableRows } from '../../factories/population-database.factory.js';

const mappings = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'database', 'fixtures', 'demo-mappings.json'), 'utf8')) as { mappings: unknown[] }).mappings;

describe('fixtures population (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('writes one edge per known mapping under job "fixtures", idempotently', async () => {
    ctx = await createPopulationTestModule({ port: db.port });
    const population = ctx.get(PopulationService);
    const first = await population.run({ method: 'fixtures', trigger: 'cli' });
    expect(first.run.state).toBe('succeeded');
    expect(first.run.counts.edgesWritten).toBe(mappings.length);
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(mappings.length);
    expect(await db.port.query("SELECT name, job_type FROM OL_JOB")).toEqual([{ name: 'fixtures', job_type: 'FIXTURES' }]);
    const edge = await db.port.query(
      "SELECT transformation_type, transformation_subtype, transformation_description FROM OL_COLUMN_LINEAGE WHERE source_dataset = 'stg_crm.customer_raw' AND source_field = 'cust_no' AND target_dataset = 'core.customer'",
    );
    expect(edge).toEqual([{ transformation_type: 'DIRECT', transformation_subtype: 'IDENTITY', transformation_description: 'copied as is' }]);
    const before = await tableRows(db, 'OL_COLUMN_LINEAGE', 'lineage_id');

    const second = await population.run({ method: 'fixtures', trigger: 'cli' });
    expect(second.run.counts.edgesWritten).toBe(0);
    expect(second.writes.edges).toEqual({ inserted: 0, present: mappings.length });
    expect(await tableRows(db, 'OL_COLUMN_LINEAGE', 'lineage_id')).toEqual(before);
    expect(await count(db, 'OL_RUN')).toBe(1);
  });
});
