import { afterEach, describe, expect, it } from 'vitest';
import { tdError } from '../../support/fake-teradatasql.js';
import type { TeradataOnEmbedded } from '../../support/teradata-on-embedded.mjs';
import { demoStoreOnTeradata, populateThroughTeradata } from '../../support/teradata-population.js';
import { storedLineage, type TestDatabase } from '../../support/test-database.js';

/**
 * Faults of the Teradata driver in the middle of a population run, through
 * the real adapter and catalogs (answered by the embedded engine): a
 * transient error (a deadlock) is retried and the run completes; a permanent
 * one fails the run, and a re-run from the watermark ends with exactly the
 * lineage of a run that met no fault.
 */

// The first run of each store covers the whole generated history from its lookback, and moves the watermark; every page is
// a commit (POPULATION_FLUSH_ROWS 0), so a fault lands between commits of a few pages (commits of many: teradata-flushes.spec.ts).
const ENV = { EMBEDDED_DEMO: 'true', POPULATION_BATCH_SIZE: '100', POPULATION_FLUSH_ROWS: '0', POPULATION_LOOKBACK_HOURS: '87600', TERADATA_HOST: 'td.example.com', TERADATA_PASSWORD: 'pw' };
const LOG_ROWS = 600;

const teradataError = (code: number, text: string) => new Error(tdError(code, text));

describe('Teradata driver faults in the middle of a population run', () => {
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.cleanup();
  });

  async function store(): Promise<{ db: TestDatabase; driver: TeradataOnEmbedded }> {
    const made = await demoStoreOnTeradata(LOG_ROWS, 31);
    dbs.push(made.db);
    return made;
  }

  async function populate(driver: TeradataOnEmbedded) {
    return populateThroughTeradata(driver, ENV);
  }

  it('retries a deadlock, fails on a permanent error, and a re-run ends where a clean run does', async () => {
    const clean = await store();
    const cleanRun = await populate(clean.driver);
    expect(cleanRun.run.state).toBe('succeeded');
    expect(cleanRun.run.counts.statementsRead).toBe(LOG_ROWS);
    const expected = await storedLineage(clean.db.port, { links: 'distinct' });
    const writes = clean.driver.recorded.filter((r) => r.name.startsWith('olStore.')).length;
    expect(writes).toBeGreaterThan(20);

    // A deadlock (2631, transient) on a write in the middle of the run: the transaction runs again, the run succeeds.
    const transient = await store();
    let olStatements = 0;
    let thrown = 0;
    transient.driver.fault = (name) => {
      if (!name.startsWith('olStore.')) return undefined;
      olStatements++;
      if (olStatements !== Math.floor(writes / 2)) return undefined;
      thrown++;
      return teradataError(2631, 'Transaction ABORTed due to deadlock.');
    };
    const retried = await populate(transient.driver);
    expect(thrown).toBe(1);
    expect(retried.run.state, retried.run.message ?? '').toBe('succeeded');
    expect(await storedLineage(transient.db.port, { links: 'distinct' })).toEqual(expected);

    // A permanent error (3807: an object missing) on a later batch's first write to the store: the run fails, the
    // batches before it stay. (The double commits each statement as it comes, so the fault hits the batch before
    // it wrote anything, as Teradata's rollback of the failed transaction would leave it.)
    const permanent = await store();
    olStatements = 0;
    let batchesBefore = -1;
    permanent.driver.fault = (name) => {
      if (!name.startsWith('olStore.')) return undefined;
      olStatements++;
      const firstOfBatch = name.endsWith('.apply') && permanent.driver.commits !== batchesBefore;
      if (name.endsWith('.apply')) batchesBefore = permanent.driver.commits;
      return firstOfBatch && olStatements > (writes * 2) / 3 && thrown++ === 1 ? teradataError(3807, "Object 'OL_COLUMN_LINEAGE' does not exist.") : undefined;
    };
    const failed = await populate(permanent.driver);
    expect(thrown).toBe(2);
    expect(failed.run.state).toBe('failed');
    expect(failed.run.message).toMatch(/3807/);
    expect(failed.run.counts.statementsRead).toBeGreaterThan(0);
    expect(failed.run.counts.statementsRead).toBeLessThan(cleanRun.run.counts.statementsRead);
    // Re-run without the fault, from the watermark the failed run left: the lineage of the clean run, nothing twice.
    permanent.driver.fault = undefined;
    const resumed = await populate(permanent.driver);
    expect(resumed.run.state, resumed.run.message ?? '').toBe('succeeded');
    expect(await storedLineage(permanent.db.port, { links: 'distinct' })).toEqual(expected);
  }, 300_000);
});
