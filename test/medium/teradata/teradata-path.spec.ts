import { afterEach, describe, expect, it } from 'vitest';
import { PoolExtractorFactory } from '../../../src/population/pool-extractor.factory.js';
import { PopulationService } from '../../../src/population/population.service.js';
import type { DatabasePort } from '../../../src/teradata/database.port.js';
import { loadDemoWarehouse } from '../../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import { createPopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { populateThroughTeradata, teradataDouble } from '../../support/teradata-population.js';
import { storedLineage, type TestDatabase } from '../../support/test-database.js';

const LOG_ROWS = 1_500;
const ENV = { EMBEDDED_DEMO: 'true', POPULATION_BATCH_SIZE: '300' };

/** The run on the embedded engine itself, for the Teradata path to match. */
async function populate(port: DatabasePort, since: Date) {
  const ctx = await createPopulationTestModule({ port, extractor: new PoolExtractorFactory(), realDictionary: true, env: ENV });
  try {
    return await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since });
  } finally {
    await ctx.close();
  }
}

describe('the Teradata path end to end: population through the Teradata adapter and catalogs, answered by the embedded engine', () => {
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.cleanup();
  });

  it('stores the lineage the embedded path stores, with a bounded number of statements, every one parsing as Teradata', async () => {
    const embedded = await createPopulationDatabase();
    const emulated = await createPopulationDatabase();
    dbs.push(embedded, emulated);
    for (const db of [embedded, emulated]) await loadDemoWarehouse(db.port, { statements: LOG_ROWS, seed: 23 });

    // the history's first row: both runs read the same window (explicit, as the Teradata run is not the demo's)
    const [{ first }] = await embedded.port.query<{ first: Date }>('SELECT MIN(CollectTimeStamp) AS first FROM DBC.DBQLogTbl');
    const direct = await populate(embedded.port, first);

    const driver = teradataDouble(emulated.port);
    const viaTeradata = await populateThroughTeradata(driver, { ...ENV, TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: 'pw' }, { since: first });

    expect(direct.run.state).toBe('succeeded');
    expect(viaTeradata.run.state, viaTeradata.run.message ?? '').toBe('succeeded');
    expect(viaTeradata.run.counts).toEqual(direct.run.counts);
    expect(direct.run.counts.statementsRead).toBe(LOG_ROWS);
    expect(direct.run.counts.edgesWritten).toBeGreaterThan(0);
    expect(await storedLineage(emulated.port)).toEqual(await storedLineage(embedded.port));

    // every statement the adapter sent is Teradata SQL
    expect(driver.unparsed).toEqual([]);
    // the DBQL reads: a slice of at most a day (a sparse history: the log's scan cost is per read), widening from 15 minutes, each under an access lock, bounded by CollectTimeStamp
    const slices = driver.recorded.filter((r) => r.name === 'population.dbqlSlice');
    const days = Math.ceil(((viaTeradata.run.windowUntil as Date).getTime() - (viaTeradata.run.windowSince as Date).getTime()) / 86_400_000);
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.length).toBeLessThanOrEqual(days + 7);
    for (const s of slices) {
      expect(s.sql.startsWith('LOCKING ROW FOR ACCESS\n')).toBe(true);
      expect((s.params as unknown[]).every((p) => p instanceof Date)).toBe(true);
    }
    // writes are set-based: per batch, a fixed number of statements per table, none per row
    const batches = driver.commits;
    const writes = driver.recorded.filter((r) => r.name.startsWith('olStore.'));
    expect(writes.filter((r) => r.name.endsWith('.apply')).length).toBeLessThanOrEqual(8 * batches);
    expect(writes.every((r) => !/^MERGE/.test(r.sql) || !r.sql.includes('?'))).toBe(true);
    // and the whole run stays far from a statement per log row
    expect(driver.recorded.length).toBeLessThan(LOG_ROWS / 3);
  }, 240_000);
});
