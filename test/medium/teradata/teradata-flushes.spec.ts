import { afterEach, describe, expect, it } from 'vitest';
import { tdError } from '../../support/fake-teradatasql.js';
import type { TeradataOnEmbedded } from '../../support/teradata-on-embedded.mjs';
import { demoStoreOnTeradata, populateThroughTeradata } from '../../support/teradata-population.js';
import { storedLineage, type TestDatabase } from '../../support/test-database.js';

/**
 * On the Teradata store a DBQL run holds the rows of many pages and commits
 * them together (POPULATION_FLUSH_ROWS), with the run record and the
 * watermark: through the real adapter and catalogs, each statement answered
 * by the embedded engine (ADR 0018, "Commits decoupled from pages").
 */

// The first run of each store covers the whole generated history from its lookback and moves the watermark; usage on, so counting once is checked too.
const ENV = {
  EMBEDDED_DEMO: 'true',
  POPULATION_BATCH_SIZE: '100',
  POPULATION_LOOKBACK_HOURS: '87600',
  USAGE_ENABLED: 'true',
  TERADATA_HOST: 'td.example.com',
  TERADATA_PASSWORD: 'pw',
};
const LOG_ROWS = 1_200;

const teradataError = (code: number, text: string) => new Error(tdError(code, text));

/** The DBQL watermarks a run moved, in order (each in the transaction of a commit of DBQL pages, or the window's end). */
function dbqlWatermarks(driver: TeradataOnEmbedded): Date[] {
  return driver.recorded.filter((r) => r.name === 'population.upsertWatermark' && (r.params as unknown[])[0] === 'dbql').map((r) => (r.params as unknown[])[1] as Date);
}

describe('DBQL population on the Teradata store: many pages per commit', () => {
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.cleanup();
  });

  async function store(): Promise<{ db: TestDatabase; driver: TeradataOnEmbedded }> {
    const made = await demoStoreOnTeradata(LOG_ROWS, 29);
    dbs.push(made.db);
    return made;
  }

  async function populate(driver: TeradataOnEmbedded, flushRows: number) {
    return populateThroughTeradata(driver, { ...ENV, POPULATION_FLUSH_ROWS: String(flushRows) });
  }

  it('commits the whole window once when it holds fewer rows than the bound: the same store, in a fraction of the statements', async () => {
    const perPage = await store();
    const paged = await populate(perPage.driver, 0);
    expect(paged.run.state, paged.run.message ?? '').toBe('succeeded');
    expect(paged.run.counts.statementsRead).toBe(LOG_ROWS);
    // 0: every page is its own commit
    const pageCommits = dbqlWatermarks(perPage.driver).length;
    expect(pageCommits).toBeGreaterThan(5);

    const held = await store();
    const once = await populate(held.driver, 20_000_000);
    expect(once.run.state, once.run.message ?? '').toBe('succeeded');
    expect(once.run.counts).toEqual(paged.run.counts);
    expect(await storedLineage(held.db.port, { usage: true })).toEqual(await storedLineage(perPage.db.port, { usage: true }));
    // one commit of DBQL pages, which moves the watermark to the window's end
    expect(dbqlWatermarks(held.driver)).toEqual([once.run.windowUntil]);
    // the run record is written in that commit, not per page (a heartbeat may add one, the run's start and end add theirs)
    expect(held.driver.count('population.updateRunProgress')).toBeLessThan(perPage.driver.count('population.updateRunProgress') - pageCommits + 3);
    // once the log is read, the OL_* writes are those of one batch: each of the eight tables merged at most once
    const dbqlPart = (d: TeradataOnEmbedded) => d.recorded.slice(d.recorded.findIndex((r) => r.name === 'population.dbqlSlice'));
    const merges = (d: TeradataOnEmbedded) => dbqlPart(d).filter((r) => r.name.startsWith('olStore.') && r.name.endsWith('.apply')).length;
    expect(merges(held.driver)).toBeLessThanOrEqual(8);
    expect(merges(perPage.driver)).toBeGreaterThan(8);
    // what a commit costs (the log's reads are the same either way)
    const writes = (d: TeradataOnEmbedded) => dbqlPart(d).filter((r) => !r.name.startsWith('population.dbql')).length;
    expect(writes(held.driver)).toBeLessThan(writes(perPage.driver) / 2);
    // DBQL object logging is read with each slice (its SELECTs joined in SQL), not per page of query ids
    for (const d of [held.driver, perPage.driver]) {
      expect(d.count('population.dbqlSelectObjects')).toBe(d.count('population.dbqlSlice'));
      expect(d.count('population.dbqlSelectObjects')).toBeGreaterThan(0);
      expect(d.count('population.dbqlObjects')).toBe(0);
    }
    expect(held.driver.unparsed).toEqual([]);
  }, 300_000);

  it('a failure between commits leaves the store as of the last one; the next run mines every row exactly once', async () => {
    const clean = await store();
    const cleanRun = await populate(clean.driver, 20_000_000);
    expect(cleanRun.run.state).toBe('succeeded');
    const expected = await storedLineage(clean.db.port, { usage: true });
    expect(Number(expected.counts.reads)).toBeGreaterThan(0);

    // a bound that a few pages fill: several commits in the window
    const bound = 400;
    const probe = await store();
    const probed = await populate(probe.driver, bound);
    expect(probed.run.state).toBe('succeeded');
    const commits = dbqlWatermarks(probe.driver).length;
    expect(commits).toBeGreaterThanOrEqual(3);
    expect(await storedLineage(probe.db.port, { usage: true })).toEqual(expected);

    // A permanent error (3807) on the first statement of the second commit of DBQL pages: that commit writes nothing (the
    // double commits each statement as it comes, so the fault comes before any of its writes), the run fails.
    const failing = await store();
    let thrown = 0;
    failing.driver.fault = (name) => {
      if (thrown > 0 || !name.startsWith('olStore.') || dbqlWatermarks(failing.driver).length !== 1) return undefined;
      thrown++;
      return teradataError(3807, "Object 'OL_COLUMN_LINEAGE' does not exist.");
    };
    const failed = await populate(failing.driver, bound);
    expect(thrown).toBe(1);
    expect(failed.run.state).toBe('failed');
    expect(failed.run.message).toMatch(/3807/);
    // the run record and the watermark stand where the first commit left them
    const [first] = dbqlWatermarks(failing.driver);
    const [stored] = await failing.db.port.query<{ at: Date }>("SELECT watermark_at AS at FROM OL_WATERMARK WHERE watermark_name = 'dbql'");
    expect(new Date(stored.at).getTime()).toBe(first.getTime());
    expect(failed.run.counts.statementsRead).toBeGreaterThan(0);
    expect(failed.run.counts.statementsRead).toBeLessThan(LOG_ROWS);

    // the next run starts from that watermark (re-reading the overlap): the store of the clean run, nothing twice, usage counted once
    failing.driver.fault = undefined;
    const resumed = await populate(failing.driver, bound);
    expect(resumed.run.state, resumed.run.message ?? '').toBe('succeeded');
    expect(await storedLineage(failing.db.port, { usage: true })).toEqual(expected);
  }, 300_000);
});
