import { parse } from '@polyglot-sql/sdk';
import { buildAppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/config.loader.js';
import { PoolExtractorFactory } from '../../src/population/pool-extractor.factory.js';
import { PopulationService } from '../../src/population/population.service.js';
import type { PopulationOptions, PopulationSummary } from '../../src/population/population.types.js';
import type { DatabasePort } from '../../src/teradata/database.port.js';
import { loadDemoWarehouse } from '../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import { EMBEDDED_DICTIONARY } from '../../src/teradata/sql/embedded/dictionary.sql.js';
import { EMBEDDED_INGESTION } from '../../src/teradata/sql/embedded/ingestion.sql.js';
import { EMBEDDED_LINEAGE } from '../../src/teradata/sql/embedded/lineage.sql.js';
import { EMBEDDED_OL_STORE } from '../../src/teradata/sql/embedded/ol-store.sql.js';
import { EMBEDDED_POPULATION } from '../../src/teradata/sql/embedded/population.sql.js';
import { EMBEDDED_SCHEMA } from '../../src/teradata/sql/embedded/schema.sql.js';
import { EMBEDDED_USAGE } from '../../src/teradata/sql/embedded/usage.sql.js';
import { TERADATA_DICTIONARY } from '../../src/teradata/sql/teradata/dictionary.sql.js';
import { TERADATA_INGESTION } from '../../src/teradata/sql/teradata/ingestion.sql.js';
import { TERADATA_LINEAGE } from '../../src/teradata/sql/teradata/lineage.sql.js';
import { TERADATA_OL_STORE } from '../../src/teradata/sql/teradata/ol-store.sql.js';
import { TERADATA_POPULATION } from '../../src/teradata/sql/teradata/population.sql.js';
import { TERADATA_SCHEMA } from '../../src/teradata/sql/teradata/schema.sql.js';
import { TERADATA_USAGE } from '../../src/teradata/sql/teradata/usage.sql.js';
import { TeradataAdapter } from '../../src/teradata/teradata/teradata.adapter.js';
import { createPopulationTestModule } from '../factories/population-context.factory.js';
import { createPopulationDatabase } from '../factories/population-database.factory.js';
import { TeradataOnEmbedded } from './teradata-on-embedded.mjs';
import type { TestDatabase } from './test-database.js';

/**
 * The population's run through the Teradata path, for the medium tests: the
 * real TeradataAdapter and Teradata catalogs, each statement checked with
 * polyglot's Teradata dialect and answered by its embedded twin
 * (TeradataOnEmbedded) on a store of the embedded engine.
 */

/** The catalogs a population run sends statements from, in both dialects. */
export const POPULATION_CATALOGS = {
  teradata: { dictionary: TERADATA_DICTIONARY, ingestion: TERADATA_INGESTION, lineage: TERADATA_LINEAGE, olStore: TERADATA_OL_STORE, population: TERADATA_POPULATION, schema: TERADATA_SCHEMA, usage: TERADATA_USAGE },
  embedded: { dictionary: EMBEDDED_DICTIONARY, ingestion: EMBEDDED_INGESTION, lineage: EMBEDDED_LINEAGE, olStore: EMBEDDED_OL_STORE, population: EMBEDDED_POPULATION, schema: EMBEDDED_SCHEMA, usage: EMBEDDED_USAGE },
};

/** The driver double over `port`: every statement parse-checked as Teradata and recorded. */
export function teradataDouble(port: DatabasePort): TeradataOnEmbedded {
  return new TeradataOnEmbedded(port, POPULATION_CATALOGS, (sql, dialect) => parse(sql, dialect as never) as { success: boolean; error?: string });
}

/** A fresh store holding the demo warehouse with a generated history of `statements` DBQL rows, and the double over it. */
export async function demoStoreOnTeradata(statements: number, seed: number): Promise<{ db: TestDatabase; driver: TeradataOnEmbedded }> {
  const db = await createPopulationDatabase();
  await loadDemoWarehouse(db.port, { statements, seed });
  return { db, driver: teradataDouble(db.port) };
}

/**
 * One population run (a DBQL run from the CLI unless `options` says
 * otherwise) through TeradataAdapter on `driver`, configured by `env` (the
 * Teradata host and password among it), with the real extraction engine
 * and dictionary; the module and the adapter closed after.
 */
export async function populateThroughTeradata(driver: TeradataOnEmbedded, env: Record<string, string>, options: Partial<PopulationOptions> = {}): Promise<PopulationSummary> {
  const adapter = await TeradataAdapter.connect(buildAppConfig(loadConfig({ env })).database, { driver, sleep: async () => undefined });
  const ctx = await createPopulationTestModule({ port: adapter, extractor: new PoolExtractorFactory(), realDictionary: true, env });
  try {
    return await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', ...options });
  } finally {
    await ctx.close();
    await adapter.close();
  }
}
