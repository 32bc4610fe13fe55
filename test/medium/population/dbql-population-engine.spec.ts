import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoolExtractorFactory } from '../../../src/population/pool-extractor.factory.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { loadDemoWarehouse } from '../../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';

describe('DBQL population with the real extraction engine and dictionary (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('mines the demo history into edges through volatile tables, with dictionary datasets and fields', async () => {
    await loadDemoWarehouse(db.port, { statements: 400, seed: 11 });
    ctx = await createPopulationTestModule({ port: db.port, extractor: new PoolExtractorFactory(), realDictionary: true, env: { EMBEDDED_DEMO: 'true', POPULATION_BATCH_SIZE: '200' } });
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    expect(summary.run.state).toBe('succeeded');
    expect(summary.run.counts.statementsRead).toBe(400);
    expect(summary.run.counts.edgesWritten, JSON.stringify({ counts: summary.run.counts, skips: summary.skipReasons, failures: summary.failureReasons })).toBeGreaterThan(0);
    // staging → core lineage, followed through the sessions' volatile tables (vt_orders…) to the staging sources
    const stagingToCore = await db.port.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE source_dataset LIKE 'stg\\_%' ESCAPE '\\' AND target_dataset LIKE 'core.%' AND is_active = 'Y'",
    );
    expect(Number(stagingToCore[0].n)).toBeGreaterThan(0);
    // composed through the session's volatile table vt_orders: staging order headers feed core.sales_order directly
    const throughVolatile = await db.port.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE source_dataset = 'stg_sales.order_header_raw' AND target_dataset = 'core.sales_order'",
    );
    expect(Number(throughVolatile[0].n)).toBeGreaterThan(0);
    // the dictionary's typed fields are there
    const field = await db.port.query("SELECT field_type, ordinal_position FROM OL_DATASET_FIELD WHERE field_id LIKE '%/core.customer/customer_no'");
    expect(field).toEqual([{ field_type: 'VARCHAR(20)', ordinal_position: 2 }]);
  }, 180_000);
});
