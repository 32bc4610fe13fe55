import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POPULATE_COMMAND } from '../../../src/population/population.cli.js';
import { PoolExtractorFactory } from '../../../src/population/pool-extractor.factory.js';
import { PopulationRunsService } from '../../../src/population/population-runs.service.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { BUSY_MACHINE_DEADLINE_MS } from '../../support/busy-machine.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createDemoDatabase, putDictionaryView } from '../../factories/demo-warehouse.factory.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { count } from '../../factories/population-database.factory.js';
import { dbqlEntry, insertDbql } from '../../factories/population-dbql.factory.js';
import { captureOutput } from '../schema/schema-context.js';

/** Long before the demo's DBQL history (November 2026): a view no DBQL window holds. */
const LONG_AGO = new Date('2025-06-01T09:00:00Z');
/** After every demo view's last REPLACE VIEW: a definition changed since the last run. */
const LATER = new Date('2027-01-04T10:00:00Z');
/** The instant the runs stand at: after LATER, so a DBQL window over it has settled. */
const NOW = new Date('2027-02-01T00:00:00Z');

const CONTACTS = 'mart_sales.v_customer_contacts';
const CONTACTS_V1 =
  "REPLACE VIEW mart_sales.v_customer_contacts (customer_id, email, phone) AS LOCKING ROW FOR ACCESS SELECT c.customer_id, c.email, c.phone FROM core.customer c WHERE c.is_active = 'Y';";
const CONTACTS_V2 =
  "REPLACE VIEW mart_sales.v_customer_contacts (customer_id, email_hash, phone) AS LOCKING ROW FOR ACCESS SELECT c.customer_id, c.email_hash, c.phone FROM core.customer c WHERE c.segment_code = 'B2C';";

interface EdgeView {
  readonly edge: string;
  readonly active: string;
}

async function edgesInto(db: TestDatabase, dataset: string): Promise<EdgeView[]> {
  const rows = await db.port.query<{ source_dataset: string; source_field: string; target_field: string; transformation_type: string; transformation_subtype: string; is_active: string }>(
    'SELECT source_dataset, source_field, target_field, transformation_type, transformation_subtype, is_active FROM OL_COLUMN_LINEAGE WHERE target_dataset = ? ORDER BY 1, 2, 3',
    [dataset],
  );
  return rows.map((r) => ({ edge: `${r.source_dataset}.${r.source_field} → ${r.target_field} ${r.transformation_type}/${r.transformation_subtype}`, active: r.is_active }));
}

async function viewsWatermark(db: TestDatabase): Promise<Date | null> {
  const rows = await db.port.query<{ watermark_at: Date }>("SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = 'views'");
  return rows[0]?.watermark_at ?? null;
}

async function newestViewAlteration(db: TestDatabase): Promise<Date> {
  const rows = await db.port.query<{ at: Date }>("SELECT MAX(LastAlterTimeStamp) AS at FROM DBC.TablesV WHERE TableKind = 'V'");
  return rows[0].at;
}

/** A definition longer than RequestText holds: the column that matters comes after the first 12,500 characters. */
function wideView(): string {
  const columns = Array.from({ length: 320 }, (_, i) => `TRIM(c.first_name) || '-${String(i).padStart(3, '0')}' AS name_${String(i).padStart(3, '0')}`);
  return `REPLACE VIEW mart_sales.v_wide AS SELECT ${columns.join(', ')}, c.email AS email_last FROM core.customer c;`;
}

describe('view definitions from the dictionary (medium: demo warehouse, real extraction engine)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  const open = async (env: Record<string, string> = {}): Promise<PopulationTestModule> => {
    ctx = await createPopulationTestModule({ port: db.port, extractor: new PoolExtractorFactory(), realDictionary: true, now: NOW, env: { EMBEDDED_DEMO: 'true', EXTRACTION_DEADLINE_MS: BUSY_MACHINE_DEADLINE_MS, ...env } });
    return ctx;
  };
  const views = (options: { since?: Date; dryRun?: boolean } = {}) => ctx.get(PopulationService).run({ method: 'views', trigger: 'cli', ...options });

  beforeEach(async () => {
    db = await createDemoDatabase({ statements: 120, seed: 5 });
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('a view defined long before the DBQL window: invisible to DBQL alone, its lineage comes from populate --views', async () => {
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_customer_contacts', text: CONTACTS_V1, alteredAt: LONG_AGO });
    await open({ POPULATION_VIEW_DEFINITIONS: 'false' });
    const dbql = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    expect(dbql.run.state).toBe('succeeded');
    expect(dbql.views).toEqual({ read: 0, parsed: 0, failed: 0 });
    expect(await edgesInto(db, CONTACTS)).toEqual([]);

    const out = captureOutput();
    const code = await POPULATE_COMMAND.run(ctx.module, { positionals: [], values: { views: true } }, out);
    expect(code, out.errors.join('\n')).toBe(0);
    expect(out.text()).toMatch(/Population run \S+ \(views\): succeeded/);
    expect(out.text()).toContain('statements read   5 (view definitions)');

    expect(await edgesInto(db, CONTACTS)).toEqual([
      { edge: 'core.customer.customer_id → customer_id DIRECT/IDENTITY', active: 'Y' },
      { edge: 'core.customer.email → email DIRECT/IDENTITY', active: 'Y' },
      { edge: 'core.customer.is_active → * INDIRECT/FILTER', active: 'Y' },
      { edge: 'core.customer.phone → phone DIRECT/IDENTITY', active: 'Y' },
    ]);
    const [run] = (await ctx.get(PopulationRunsService).listRuns()).items;
    expect(run).toMatchObject({ method: 'views', trigger: 'cli', state: 'succeeded', counts: { statementsRead: 5, statementsParsed: 5, statementsFailed: 0 } });
    // The other four views' edges were already there from the DBQL run: the run record says so, as the CLI does.
    const written = /^view definitions: 5 read, 5 parsed, 0 failed; edges: (\d+) new, (\d+) already present$/.exec(run.message ?? '');
    expect(written, run.message ?? 'no message').not.toBeNull();
    expect(Number(written?.[1])).toBe(run.counts.edgesWritten);
    expect(Number(written?.[2])).toBeGreaterThan(0);
    // one OL job for the dictionary's view definitions, one run per view version at its LastAlterTimeStamp
    const olRuns = await db.port.query<{ job: string; event_time: Date; n: number }>(
      "SELECT j.name AS job, MIN(r.event_time) AS event_time, COUNT(*) AS n FROM OL_RUN r JOIN OL_JOB j ON j.job_id = r.job_id WHERE r.run_id LIKE 'view\\_%' ESCAPE '\\' GROUP BY j.name",
    );
    expect(olRuns).toEqual([{ job: 'view-definitions', event_time: LONG_AGO, n: 5 }]);
    const kind = await db.port.query("SELECT source_type FROM OL_DATASET WHERE name = 'mart_sales.v_customer_contacts'");
    expect(kind).toEqual([{ source_type: 'VIEW' }]);
    expect(await viewsWatermark(db)).toEqual(await newestViewAlteration(db));
  }, 120_000);

  it('is idempotent: a re-run (and a re-read of every view with --since) writes nothing new and leaves the watermark', async () => {
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_customer_contacts', text: CONTACTS_V1, alteredAt: LONG_AGO });
    await open();
    const first = await views();
    expect(first.writes.edges.inserted).toBeGreaterThan(0);
    const rowsBefore = await Promise.all(['OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT', 'OL_COLUMN_LINEAGE'].map((t) => count(db, t)));
    const watermark = await viewsWatermark(db);

    const again = await views();
    expect(again.run.state).toBe('succeeded');
    // the views altered at the watermark itself are read again (a page may have ended inside them), nothing else
    expect(again.views.read).toBe(1);
    const everything = await views({ since: new Date('1970-01-01T00:00:00Z') });
    expect(everything.views).toEqual({ read: 5, parsed: 5, failed: 0 });
    for (const summary of [again, everything]) {
      expect(summary.writes.edges.inserted).toBe(0);
      expect(summary.writes.runs.inserted).toBe(0);
      expect(summary.writes.jobs.inserted).toBe(0);
      expect(summary.writes.edgesDeactivated).toBe(0);
    }
    expect(await Promise.all(['OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT', 'OL_COLUMN_LINEAGE'].map((t) => count(db, t)))).toEqual(rowsBefore);
    expect(await viewsWatermark(db)).toEqual(watermark);
  }, 120_000);

  it('a changed definition (new LastAlterTimeStamp and text) deactivates the edges of the old one and adds its own', async () => {
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_customer_contacts', text: CONTACTS_V1, alteredAt: LONG_AGO });
    await open();
    await views();
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_customer_contacts', text: CONTACTS_V2, alteredAt: LATER });

    const changed = await views();
    // the changed view, and the demo view altered at the watermark itself (read again, writing nothing)
    expect(changed.views).toEqual({ read: 2, parsed: 2, failed: 0 });
    expect(changed.writes.edgesDeactivated).toBe(2);
    expect(await edgesInto(db, CONTACTS)).toEqual([
      { edge: 'core.customer.customer_id → customer_id DIRECT/IDENTITY', active: 'Y' },
      { edge: 'core.customer.email → email DIRECT/IDENTITY', active: 'N' },
      { edge: 'core.customer.email_hash → email_hash DIRECT/IDENTITY', active: 'Y' },
      { edge: 'core.customer.is_active → * INDIRECT/FILTER', active: 'N' },
      { edge: 'core.customer.phone → phone DIRECT/IDENTITY', active: 'Y' },
      { edge: 'core.customer.segment_code → * INDIRECT/FILTER', active: 'Y' },
    ]);
    const versions = await db.port.query<{ event_time: Date }>(
      "SELECT r.event_time FROM OL_RUN r JOIN OL_RUN_OUTPUT o ON o.run_id = r.run_id JOIN OL_DATASET d ON d.dataset_id = o.dataset_id WHERE d.name = ? ORDER BY 1",
      [CONTACTS],
    );
    expect(versions.map((v) => v.event_time)).toEqual([LONG_AGO, LATER]);
    expect(await viewsWatermark(db)).toEqual(LATER);
  }, 120_000);

  it('a later REPLACE VIEW in DBQL replaces the edges of a definition read from the dictionary (the same replaced-target path)', async () => {
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_customer_contacts', text: CONTACTS_V1, alteredAt: LONG_AGO });
    await open();
    await views();
    await insertDbql(db.port, [dbqlEntry({ startTime: LATER, statementType: 'Replace View', userName: 'DBA_DEPLOY', defaultDatabase: 'dba_deploy', sql: CONTACTS_V2 })]);

    const dbql = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli', since: LATER, until: new Date(LATER.getTime() + 3_600_000) });
    expect(dbql.run.state).toBe('succeeded');
    expect(dbql.run.counts.statementsParsed).toBe(1);
    const active = (await edgesInto(db, CONTACTS)).filter((e) => e.active === 'Y').map((e) => e.edge);
    expect(active).toEqual([
      'core.customer.customer_id → customer_id DIRECT/IDENTITY',
      'core.customer.email_hash → email_hash DIRECT/IDENTITY',
      'core.customer.phone → phone DIRECT/IDENTITY',
      'core.customer.segment_code → * INDIRECT/FILTER',
    ]);
  }, 120_000);

  it('reads a definition RequestText holds cut at 12,500 characters whole, with SHOW VIEW', async () => {
    const text = wideView();
    expect(text.indexOf('email_last')).toBeGreaterThan(12_500);
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_wide', text, alteredAt: LONG_AGO });
    const stored = await db.port.query<{ n: number }>("SELECT LENGTH(RequestText) AS n FROM DBC.TablesV WHERE TableName = 'v_wide'");
    expect(stored).toEqual([{ n: 12_500 }]);
    await open();

    const summary = await views();
    expect(summary.views).toEqual({ read: 5, parsed: 5, failed: 0 });
    const edges = await edgesInto(db, 'mart_sales.v_wide');
    expect(edges).toContainEqual({ edge: 'core.customer.email → email_last DIRECT/IDENTITY', active: 'Y' });
    expect(edges.filter((e) => e.edge.startsWith('core.customer.first_name → name_'))).toHaveLength(320);
  }, 120_000);

  it('records a definition it cannot use as a failure with its reason, and goes on', async () => {
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_broken', text: 'REPLACE VIEW mart_sales.v_broken AS SELECT FROM WHERE ,,;', alteredAt: LONG_AGO });
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_no_text', text: null, alteredAt: LONG_AGO });
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v\tbad', text: null, alteredAt: LONG_AGO });
    await open();

    const summary = await views();
    expect(summary.run.state).toBe('succeeded');
    expect(summary.run.counts).toMatchObject({ statementsRead: 7, statementsParsed: 4, statementsFailed: 3 });
    const failures = (await ctx.get(PopulationRunsService).getFailures(summary.run.runId)).items;
    expect(failures.map((f) => [f.failureNo, f.queryId, f.reasonCode])).toEqual([
      [1, 'mart_sales.v\tbad', 'VIEW_NAME_INVALID'],
      [2, 'mart_sales.v_broken', 'EXTRACTION_PARSE_ERROR'],
      [3, 'mart_sales.v_no_text', 'VIEW_TEXT_UNAVAILABLE'],
    ]);
    expect(failures[1].sqlExcerpt).toBe('REPLACE VIEW "mart_sales"."v_broken" AS SELECT FROM WHERE ,,;');
    expect(failures[1].reason).toMatch(/^mart_sales\.v_broken: /);
    // the watermark passes them: a failed definition is read again only once it changes
    expect(await viewsWatermark(db)).toEqual(await newestViewAlteration(db));
  }, 120_000);

  it('runs as the first step of every DBQL run, beside the DBQL counts, failures numbered with the run', async () => {
    await putDictionaryView(db.port, { database: 'mart_sales', name: 'v_broken', text: 'REPLACE VIEW mart_sales.v_broken AS SELECT FROM WHERE ,,;', alteredAt: LONG_AGO });
    await open();
    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    expect(summary.run.state).toBe('succeeded');
    expect(summary.views).toEqual({ read: 5, parsed: 4, failed: 1 });
    expect(summary.run.counts.statementsRead).toBe(120);
    expect(summary.run.message).toContain('view definitions: 5 read, 4 parsed, 1 failed');
    const failures = (await ctx.get(PopulationRunsService).getFailures(summary.run.runId, { limit: 500 })).items;
    expect(failures[0]).toMatchObject({ failureNo: 1, queryId: 'mart_sales.v_broken' });
    expect(failures.map((f) => f.failureNo)).toEqual(failures.map((_, i) => i + 1));
    expect(await viewsWatermark(db)).toEqual(await newestViewAlteration(db));
    expect(await count(db, 'OL_RUN')).toBeGreaterThan(4);
  }, 120_000);

  it('a dry run writes no lineage and leaves the watermark; the run is recorded', async () => {
    await open();
    const summary = await views({ dryRun: true });
    expect(summary.run).toMatchObject({ method: 'views', dryRun: true, state: 'succeeded', counts: { statementsRead: 4, statementsParsed: 4 } });
    expect(summary.sampleEdges.length).toBeGreaterThan(0);
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(0);
    expect(await viewsWatermark(db)).toBeNull();
  }, 120_000);

  it('refuses --until for view definitions', async () => {
    await open();
    await expect(ctx.get(PopulationService).run({ method: 'views', trigger: 'cli', until: LATER })).rejects.toThrow(/--until applies to DBQL population only/);
  });
});
