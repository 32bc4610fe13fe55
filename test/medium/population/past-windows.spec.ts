import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoolExtractorFactory } from '../../../src/population/pool-extractor.factory.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { BUSY_MACHINE_DEADLINE_MS } from '../../support/busy-machine.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { type DbqlEntry, dbqlEntry, insertDbql } from '../../factories/population-dbql.factory.js';

/**
 * Population over a window in the past places every interval at the
 * statements' own StartTimes, not at the time of the run (ADR 0024): a view
 * redefined twice, a table dropped and created again (CREATE TABLE … AS), a
 * volatile chain; read in one run, and read as a later window first and then
 * the earlier one (a past window populated after a later one). Real
 * extraction engine.
 */

const DAY = new Date('2026-01-10T08:00:00Z');
const at = (minutes: number) => new Date(DAY.getTime() + minutes * 60_000);
const ETL = { userName: 'ETL_BATCH', defaultDatabase: 'sales' };
/** Both stores' runs: small batches, DBQL only, a deadline a busy machine does not reach. */
const RUN_ENV = { POPULATION_BATCH_SIZE: '10', POPULATION_VIEW_DEFINITIONS: 'false', EXTRACTION_DEADLINE_MS: BUSY_MACHINE_DEADLINE_MS };

/** The history: each statement at its minute of DAY. */
function history(): DbqlEntry[] {
  const e = (minute: number, statementType: string, sql: string, sessionId = 500 + minute) => dbqlEntry({ ...ETL, startTime: at(minute), statementType, sql, sessionId });
  return [
    // a view defined, then redefined twice
    e(0, 'Replace View', 'REPLACE VIEW sales.v_report (amount, region) AS SELECT o.amount, s.region FROM sales.orders o JOIN sales.stores s ON s.store_id = o.store_id'),
    e(60, 'Replace View', 'REPLACE VIEW sales.v_report (amount, region) AS SELECT o.net_amount, s.region FROM sales.orders o JOIN sales.stores s ON s.store_id = o.store_id'),
    e(120, 'Replace View', 'REPLACE VIEW sales.v_report (amount) AS SELECT m.total FROM sales.monthly m'),
    // a table created from one source, dropped, and created again from another
    e(10, 'Create Table', 'CREATE TABLE sales.snapshot AS (SELECT c.customer_id, c.segment FROM sales.customers c) WITH DATA'),
    e(70, 'Drop Table', 'DROP TABLE sales.snapshot'),
    e(80, 'Create Table', 'CREATE TABLE sales.snapshot AS (SELECT p.customer_id, p.tier AS segment FROM sales.profiles p) WITH DATA'),
    // a volatile chain in one session: the final table is loaded from the raw one through vt_stage, which is never a dataset
    e(30, 'Create Table', 'CREATE VOLATILE TABLE vt_stage AS (SELECT r.k, r.v FROM sales.raw r) WITH DATA ON COMMIT PRESERVE ROWS', 900),
    e(31, 'Insert', 'INSERT INTO sales.final (k, v) SELECT k, v FROM vt_stage', 900),
    e(32, 'Drop Table', 'DROP TABLE vt_stage', 900),
  ];
}

type Interval = { edge: string; from: string; to: string | null; opened: string | null; closed: string | null };

/** Every interval of every edge (its row's and its earlier ones), by edge then start; instants as minutes of DAY. */
async function intervals(db: TestDatabase): Promise<Interval[]> {
  const minute = (d: Date | null) => (d === null ? null : `+${(d.getTime() - DAY.getTime()) / 60_000}`);
  const rows = await db.port.query<{ edge: string; valid_from: Date; valid_to: Date | null; opened: string | null; closed: string | null }>(
    `SELECT source_dataset || '.' || source_field || ' -> ' || target_dataset || '.' || target_field AS edge, valid_from, CASE WHEN is_active = 'Y' THEN NULL ELSE valid_to END AS valid_to, opened_by AS opened, closed_by AS closed FROM OL_COLUMN_LINEAGE
     UNION ALL
     SELECT l.source_dataset || '.' || l.source_field || ' -> ' || l.target_dataset || '.' || l.target_field, h.valid_from, h.valid_to, h.opened_by, h.closed_by FROM OL_LINEAGE_HISTORY h JOIN OL_COLUMN_LINEAGE l ON l.lineage_id = h.item_key WHERE h.item_kind = 'E'`,
  );
  return rows
    .map((r) => ({ edge: r.edge, from: minute(r.valid_from) as string, to: minute(r.valid_to), opened: r.opened, closed: r.closed }))
    .sort((a, b) => a.edge.localeCompare(b.edge) || Number(a.from) - Number(b.from));
}

/** What was true at each minute, edge by edge: the form two stores that hold the same history agree on, however their intervals are cut. */
async function truth(db: TestDatabase): Promise<string[]> {
  const all = await intervals(db);
  const out: string[] = [];
  for (let m = -1; m <= 130; m++) {
    const edges = all.filter((i) => Number(i.from) <= m && (i.to === null || m < Number(i.to))).map((i) => i.edge);
    out.push(`+${m}: ${[...new Set(edges)].sort().join(' | ')}`);
  }
  return out;
}

describe('population over past windows (real extraction engine)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
    await insertDbql(db.port, history());
    ctx = await createPopulationTestModule({ port: db.port, extractor: new PoolExtractorFactory(), env: RUN_ENV });
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  const run = (since: Date, until: Date) => ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since, until });
  const window = { since: at(-5), until: at(200) };

  it('places intervals at the statements’ times: a view redefined twice, a table dropped and created again, a volatile chain', async () => {
    const summary = await run(window.since, window.until);
    expect(summary.run.state).toBe('succeeded');
    const got = await intervals(db);
    const of = (edge: string) => got.filter((i) => i.edge === edge).map(({ from, to }) => `${from}..${to ?? 'now'}`);
    // The view: first definition from minute 0 to its redefinition at 60, the second to 120, the third since.
    expect(of('sales.orders.amount -> sales.v_report.amount')).toEqual(['+0..+60']);
    expect(of('sales.orders.net_amount -> sales.v_report.amount')).toEqual(['+60..+120']);
    expect(of('sales.monthly.total -> sales.v_report.amount')).toEqual(['+120..now']);
    // region came with the first two definitions (the join's row-level edges too) and went with the third
    expect(of('sales.stores.region -> sales.v_report.region')).toEqual(['+0..+120']);
    // The table: created at 10 from customers, dropped at 70, created again at 80 from profiles.
    expect(of('sales.customers.segment -> sales.snapshot.segment')).toEqual(['+10..+70']);
    expect(of('sales.profiles.tier -> sales.snapshot.segment')).toEqual(['+80..now']);
    // The volatile chain: raw to final from the INSERT at 31, through vt_stage (never a dataset); dropping vt_stage ends nothing.
    expect(of('sales.raw.k -> sales.final.k')).toEqual(['+31..now']);
    expect(got.some((i) => i.edge.includes('vt_stage'))).toBe(false);
    // Each end names the statement that made it: the redefinitions' and the drop's DBQL runs.
    const runAt = async (minute: number) => (await db.port.query<{ run_id: string }>('SELECT run_id FROM OL_RUN WHERE event_time = ?', [at(minute)]))[0]?.run_id;
    expect(got.find((i) => i.edge === 'sales.orders.amount -> sales.v_report.amount')).toMatchObject({ opened: await runAt(0), closed: await runAt(60) });
    expect(got.find((i) => i.edge === 'sales.customers.segment -> sales.snapshot.segment')?.closed).toBe(await runAt(70));
    // The dataset dropped and created again: its earlier interval kept, the row's from the second creation on.
    const snapshot = await db.port.query<{ valid_from: Date; valid_to: Date | null }>("SELECT valid_from, valid_to FROM OL_DATASET WHERE name = 'sales.snapshot'");
    expect(snapshot).toEqual([{ valid_from: at(80), valid_to: null }]);
    const earlier = await db.port.query<{ valid_from: Date; valid_to: Date }>("SELECT valid_from, valid_to FROM OL_LINEAGE_HISTORY WHERE item_kind = 'D' AND item_key LIKE '%/sales.snapshot'");
    expect(earlier).toEqual([{ valid_from: at(10), valid_to: at(70) }]);
    // Nothing is dated at the run's own time.
    const runTimes = await db.port.query<{ n: number }>('SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE valid_from > ? OR valid_to > ?', [at(200), at(200)]);
    expect(Number(runTimes[0].n)).toBe(0);
  }, 120_000);

  it('a past window read after a later one ends with the same history as reading them in time order', async () => {
    await run(at(65), window.until);
    await run(window.since, at(65));
    const late = await truth(db);
    const inOrder = await createPopulationDatabase();
    const other = await createPopulationTestModule({ port: inOrder.port, extractor: new PoolExtractorFactory(), env: RUN_ENV });
    try {
      await insertDbql(inOrder.port, history());
      await other.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: window.since, until: window.until });
      expect(late).toEqual(await truth(inOrder));
    } finally {
      await other.close();
      await inOrder.cleanup();
    }
  }, 120_000);

  it('reading a window again changes no interval', async () => {
    await run(window.since, window.until);
    const first = await intervals(db);
    await run(window.since, window.until);
    expect(await intervals(db)).toEqual(first);
  }, 120_000);
});
