import { SchedulerRegistry } from '@nestjs/schedule';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopulationLockRepository } from '../../../src/population/population-lock.repository.js';
import { PopulationRunsService } from '../../../src/population/population-runs.service.js';
import { POPULATION_CRON_JOB, PopulationScheduler } from '../../../src/population/population.scheduler.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { PopulationStartup } from '../../../src/population/population.startup.js';
import { loadDemoWarehouse } from '../../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { count, createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlSequence, insertDbql } from '../../factories/population-dbql.factory.js';

/** A history well older than POPULATION_LOOKBACK_HOURS, as the demo's is. */
const OLD_DAY = new Date('2025-03-01T06:00:00Z');

describe('population triggers (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('registers the cron job from POPULATION_SCHEDULE at boot', async () => {
    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { POPULATION_SCHEDULE: '0 */15 * * * *' } });
    const registry = ctx.get(SchedulerRegistry);
    expect([...registry.getCronJobs().keys()]).toEqual([POPULATION_CRON_JOB]);
    expect(registry.getCronJob(POPULATION_CRON_JOB).cronTime.source).toBe('0 */15 * * * *');
  });

  it('registers no job when POPULATION_SCHEDULE is empty', async () => {
    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { POPULATION_SCHEDULE: '' } });
    expect(ctx.get(SchedulerRegistry).getCronJobs().size).toBe(0);
  });

  it('a scheduled tick runs DBQL population with trigger "schedule", and a tick finding the lock held is skipped', async () => {
    await insertDbql(db.port, dbqlSequence(4, OLD_DAY, (i) => ({ sql: `INSERT INTO sales.t (a) SELECT a${i} FROM sales.s` })));
    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { POPULATION_LOOKBACK_HOURS: '87600' } });
    const scheduler = ctx.get(PopulationScheduler);
    await scheduler.tick();
    const runs = await ctx.get(PopulationRunsService).listRuns();
    expect(runs.items.map((r) => [r.trigger, r.state, r.counts.statementsRead])).toEqual([['schedule', 'succeeded', 4]]);
    const held = await ctx.get(PopulationLockRepository).acquire('replica-a:1', 60_000);
    await expect(scheduler.tick()).resolves.toBeUndefined();
    expect((await ctx.get(PopulationRunsService).listRuns()).total).toBe(1);
    await held.release();
  });

  it('on a new embedded demo database, the first start populates the whole demo history once, in the background', async () => {
    await insertDbql(db.port, dbqlSequence(12, OLD_DAY, (i) => ({ sql: `INSERT INTO sales.t${i % 3} (a) SELECT a${i} FROM sales.s` })));
    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { EMBEDDED_DEMO: 'true' } });
    const runId = await ctx.get(PopulationStartup).pending;
    expect(runId).not.toBeNull();
    await ctx.get(PopulationService).idle();
    const run = (await ctx.get(PopulationRunsService).getRun(runId as string)).run;
    expect(run).toMatchObject({ trigger: 'startup', method: 'dbql', state: 'succeeded' });
    expect(run.counts.statementsRead).toBe(12);
    // the window starts at the first row DBQL logged (its CollectTimeStamp: 10 minutes after the first start here)
    expect(run.windowSince?.toISOString()).toBe(new Date(OLD_DAY.getTime() + 600_000).toISOString());
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(12);
    await ctx.close();

    // a second start finds a recorded run and does not populate again
    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { EMBEDDED_DEMO: 'true' } });
    expect(await ctx.get(PopulationStartup).pending).toBeNull();
    expect(await count(db, 'OL_POPULATION_RUN')).toBe(1);
  });

  it('on a fresh database with the demo warehouse loaded, the start-up run reads the whole demo history', async () => {
    await loadDemoWarehouse(db.port, { statements: 400, seed: 7 });
    const first = await db.port.query<{ first_collect: Date; last_collect: Date; n: number }>(
      'SELECT MIN(CollectTimeStamp) AS first_collect, MAX(CollectTimeStamp) AS last_collect, COUNT(*) AS n FROM DBC.DBQLogTbl',
    );
    const now = new Date(first[0].last_collect.getTime() + 86_400_000);
    ctx = await createPopulationTestModule({ port: db.port, app: true, now, env: { EMBEDDED_DEMO: 'true', POPULATION_BATCH_SIZE: '100' } });
    const runId = await ctx.get(PopulationStartup).pending;
    await ctx.get(PopulationService).idle();
    const run = (await ctx.get(PopulationRunsService).getRun(runId as string)).run;
    expect(run).toMatchObject({ trigger: 'startup', state: 'succeeded' });
    expect(run.windowSince?.toISOString()).toBe(first[0].first_collect.toISOString());
    expect(run.counts.statementsRead).toBe(Number(first[0].n));
    const watermark = await db.port.query<{ watermark_at: Date }>("SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = 'dbql'");
    // read to its end, the window moves the watermark to its end: now less the flush interval and the margin (600 + 60 s)
    expect(watermark[0].watermark_at.toISOString()).toBe(new Date(now.getTime() - 660_000).toISOString());
  });

  it('does not populate at start-up when the demo is off', async () => {
    await insertDbql(db.port, dbqlSequence(2, OLD_DAY, () => ({})));
    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { EMBEDDED_DEMO: 'false' } });
    expect(await ctx.get(PopulationStartup).pending).toBeNull();
    expect(await count(db, 'OL_POPULATION_RUN')).toBe(0);
  });
});
