import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@polyglot-sql/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { IngestionRepository } from '../../../src/lineage/ingestion/ingestion.repository.js';
import type { OlRunEvent } from '../../../src/lineage/ingestion/openlineage.types.js';
import { MarquezRepository } from '../../../src/marquez/marquez.repository.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import { EMBEDDED_INGESTION } from '../../../src/teradata/sql/embedded/ingestion.sql.js';
import { EMBEDDED_MARQUEZ } from '../../../src/teradata/sql/embedded/marquez.sql.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { TERADATA_MARQUEZ } from '../../../src/teradata/sql/teradata/marquez.sql.js';
import { TeradataAdapter } from '../../../src/teradata/teradata/teradata.adapter.js';
import { TeradataOnEmbedded } from '../../support/teradata-on-embedded.mjs';
import { createTestDatabase, PROJECT_ROOT, type TestDatabase } from '../../support/test-database.js';
import { eventToStore } from '../../factories/openlineage-event.factory.js';

/**
 * The Marquez API's reads on both dialects over one store holding Marquez's
 * demo history: the Teradata statements, sent through the Teradata adapter
 * to a driver double that checks each parses as Teradata and answers it with
 * the embedded statement of the same name (paging turned from a ROW_NUMBER
 * range into LIMIT/OFFSET), give the same records as the embedded ones.
 */
const START = Date.parse('2024-05-01T10:00:00.000Z');

function demoEvents(): OlRunEvent[] {
  const template = readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'openlineage', 'marquez', 'metadata.template.json'), 'utf8');
  return JSON.parse(
    template
      .replaceAll('{{RUN_START_TIME}}', new Date(START).toISOString())
      .replace(/\{\{RUN_END_TIME_AFTER_(\d+)_MINUTES\}\}/g, (_m, n: string) => new Date(START + Number(n) * 60_000).toISOString()),
  ) as OlRunEvent[];
}

describe('MarquezRepository: Teradata statements answer as the embedded ones', () => {
  let db: TestDatabase;
  let embedded: MarquezRepository;
  let teradata: MarquezRepository;
  let driver: TeradataOnEmbedded;
  let adapter: TeradataAdapter;

  beforeAll(async () => {
    db = await createTestDatabase();
    const ingestion = new IngestionRepository(db.port, EMBEDDED_INGESTION, new OlStoreWriter(db.port, EMBEDDED_OL_STORE));
    for (const event of demoEvents()) await ingestion.storeEvents([eventToStore(event, true)]);
    embedded = new MarquezRepository(db.port, EMBEDDED_MARQUEZ);
    driver = new TeradataOnEmbedded(db.port, { teradata: { marquez: TERADATA_MARQUEZ }, embedded: { marquez: EMBEDDED_MARQUEZ } }, (sql, dialect) => parse(sql, dialect as never) as { success: boolean; error?: string });
    const env = { TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: 'pw' };
    adapter = await TeradataAdapter.connect(buildAppConfig(loadConfig({ env })).database, { driver, sleep: async () => undefined });
    teradata = new MarquezRepository(adapter, TERADATA_MARQUEZ);
  }, 60_000);
  afterAll(async () => {
    await adapter?.close();
    await db?.cleanup();
  });

  /** Every read of the repository, over the demo history; pages in the middle of the lists. */
  async function answers(repo: MarquezRepository) {
    const ns = (await repo.namespace('food_delivery'))?.namespaceId as string;
    const datasets = await repo.datasets(ns, 4, 3);
    const ids = datasets.items.map((d) => d.datasetId);
    const jobs = await repo.jobs(ns, 5, 2);
    const jobIds = jobs.items.map((j) => j.jobId);
    const touches = await repo.jobsTouching(ids);
    const touching = [...new Set([...touches.values()].flat().map((t) => t.jobId))].sort();
    const latest = await repo.latestRuns(jobIds);
    const runs = await repo.runs(jobIds[0], 10, 0);
    const events = await repo.storedEvents({ after: new Date(START + 5 * 60_000), before: null }, 'asc', 3, 1);
    return {
      namespaces: await repo.namespaces(10, 0),
      datasets,
      dataset: await repo.dataset(ns, 'public.delivery_7_days'),
      byId: (await repo.datasetsById(ids)).sort((a, b) => a.name.localeCompare(b.name)),
      fields: [...(await repo.fieldsOf(ids))].sort(),
      fieldTypes: [...(await repo.fieldTypes([...(await repo.fieldsOf(ids)).entries()].flatMap(([d, list]) => list.map((f) => `${d}/${f.name}`))))].sort(),
      jobs,
      job: await repo.job(ns, 'etl_delivery_7_days'),
      jobsById: (await repo.jobsById(touching)).sort((a, b) => a.name.localeCompare(b.name)),
      touching,
      touches: [...touches].map(([id, list]) => [id, [...list].sort((a, b) => a.jobId.localeCompare(b.jobId))]).sort(),
      jobDatasets: await repo.jobDatasets(jobIds),
      latest: [...latest].sort(),
      runs,
      run: await repo.run(runs.items[0].runId),
      runDatasets: await repo.runDatasets(events.items.flatMap((e) => (e.runId ? [e.runId] : []))),
      searchByName: await repo.searchDatasets({ pattern: '%order%', namespaceId: ns, before: null, after: null }, 'name', 3),
      searchByUpdate: await repo.searchJobs({ pattern: '%etl%', namespaceId: null, before: new Date('2999-01-01T00:00:00Z'), after: new Date('2000-01-01T00:00:00Z') }, 'updated_at', 4),
      events,
      eventsDesc: await repo.storedEvents({ after: null, before: new Date(START + 9 * 60_000) }, 'desc', 5, 0),
    };
  }

  it('gives the same records, every Teradata statement parsing', async () => {
    const expected = await answers(embedded);
    // The history is there and the pages are inside it (not empty answers compared with empty answers).
    expect(expected.datasets.total).toBeGreaterThan(7);
    expect(expected.datasets.items).toHaveLength(4);
    expect(expected.jobs.items).toHaveLength(5);
    expect(expected.events.items).toHaveLength(3);
    expect(expected.searchByName.items.length).toBeGreaterThan(0);
    expect(expected.fieldTypes.length).toBeGreaterThan(0);
    expect(expected.touching.length).toBeGreaterThan(0);
    expect(expected.searchByUpdate.items).toHaveLength(4);
    expect(await answers(teradata)).toEqual(expected);
    expect(driver.unparsed).toEqual([]);
    expect(new Set(driver.recorded.map((r) => r.name.split('.')[1])).size).toBeGreaterThanOrEqual(Object.keys(TERADATA_MARQUEZ).length);
  });
});
