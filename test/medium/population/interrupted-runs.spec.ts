import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createClient } from '@redis/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopulationLockRepository } from '../../../src/population/population-lock.repository.js';
import { PopulationRunRepository } from '../../../src/population/population-run.repository.js';
import { PopulationRunsService } from '../../../src/population/population-runs.service.js';
import { PopulationService } from '../../../src/population/population.service.js';
import { PopulationStartup } from '../../../src/population/population.startup.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { count, createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlSequence, insertDbql } from '../../factories/population-dbql.factory.js';

const OLD_DAY = new Date('2025-03-01T06:00:00Z');
const REDIS = { REDIS_ADDR: '127.0.0.1:6379', REDIS_DB: '6' };

/** The process id of a process that ran on this host and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}

async function redisKey(key: string, value?: string): Promise<string | null> {
  const client = createClient({ socket: { host: '127.0.0.1', port: 6379 }, database: 6 });
  await client.connect();
  if (value !== undefined) await client.set(key, value, { expiration: { type: 'PX', value: 60_000 } });
  const now = await client.get(key);
  await client.close();
  return now;
}

/** A run row left 'running' by `runner`, its last heartbeat `heartbeatAgoMs` ago. */
async function leftRunning(ctx: PopulationTestModule, runner: string, options: { trigger?: 'startup' | 'cli'; heartbeatAgoMs?: number; dryRun?: boolean } = {}): Promise<string> {
  const runId = randomUUID();
  await ctx.get(PopulationRunRepository).insertRun({
    runId,
    trigger: options.trigger ?? 'cli',
    method: 'dbql',
    dryRun: options.dryRun ?? false,
    windowSince: null,
    windowUntil: null,
    startedAt: new Date(Date.now() - (options.heartbeatAgoMs ?? 0)),
    runner,
  });
  return runId;
}

describe('runs left running by a runner that is gone (medium)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;

  beforeEach(async () => {
    db = await createPopulationDatabase();
  });
  afterEach(async () => {
    await ctx?.close();
    await db.cleanup();
  });

  it('a first-start demo run killed midway is marked interrupted and resumed at the next start', async () => {
    await insertDbql(db.port, dbqlSequence(6, OLD_DAY, (i) => ({ sql: `INSERT INTO sales.t${i % 2} (a) SELECT a${i} FROM sales.s` })));
    ctx = await createPopulationTestModule({ port: db.port });
    const killed = await leftRunning(ctx, `${hostname()}:${deadPid()}`, { trigger: 'startup' });
    await ctx.close();

    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { EMBEDDED_DEMO: 'true' } });
    const runId = await ctx.get(PopulationStartup).pending;
    expect(runId).not.toBeNull();
    await ctx.get(PopulationService).idle();
    const runs = ctx.get(PopulationRunsService);
    const before = (await runs.getRun(killed)).run;
    expect(before.state).toBe('failed');
    expect(before.message).toMatch(/^interrupted: its runner .* is no longer running/);
    expect((await runs.getRun(runId as string)).run).toMatchObject({ trigger: 'startup', state: 'succeeded' });
    expect(await count(db, 'OL_COLUMN_LINEAGE')).toBe(6);
  });

  it('a first-start demo run stopped (cancelled) by SIGTERM is redone at the next start; a succeeded one is not', async () => {
    await insertDbql(db.port, dbqlSequence(4, OLD_DAY, (i) => ({ sql: `INSERT INTO sales.t (a) SELECT a${i} FROM sales.s` })));
    ctx = await createPopulationTestModule({ port: db.port });
    const cancelled = await leftRunning(ctx, `${hostname()}:${process.pid}`, { trigger: 'startup' });
    await db.port.execute("UPDATE OL_POPULATION_RUN SET state = 'cancelled' WHERE run_id = ?", [cancelled]);
    await ctx.close();

    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { EMBEDDED_DEMO: 'true' } });
    expect(await ctx.get(PopulationStartup).pending).not.toBeNull();
    await ctx.get(PopulationService).idle();
    await ctx.close();

    ctx = await createPopulationTestModule({ port: db.port, app: true, env: { EMBEDDED_DEMO: 'true' } });
    expect(await ctx.get(PopulationStartup).pending).toBeNull();
    expect(await count(db, 'OL_POPULATION_RUN')).toBe(2);
  });

  it('a run whose process on this host died is marked interrupted by the next run at once, and the Redis lock it held is freed', async () => {
    await insertDbql(db.port, dbqlSequence(2, OLD_DAY, () => ({})));
    ctx = await createPopulationTestModule({ port: db.port, env: { ...REDIS, POPULATION_LOOKBACK_HOURS: '87600' } });
    const dead = `${hostname()}:${deadPid()}`;
    const key = ctx.get(PopulationLockRepository).redisKey();
    await redisKey(key, `${dead}|${new Date().toISOString()}|${randomUUID()}`);
    const orphan = await leftRunning(ctx, dead);

    const summary = await ctx.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
    expect(summary.run.state).toBe('succeeded');
    const runs = ctx.get(PopulationRunsService);
    expect((await runs.getRun(orphan)).run.state).toBe('failed');
    expect((await runs.listRuns()).items.filter((r) => r.state === 'running')).toEqual([]);
    expect(await redisKey(key)).toBeNull();
  });

  it('a run of another host is interrupted once its lock expired (no heartbeat for the lock TTL), not while it beats', async () => {
    ctx = await createPopulationTestModule({ port: db.port });
    const silent = await leftRunning(ctx, 'other-host:41', { heartbeatAgoMs: 90_000 });
    const beating = await leftRunning(ctx, 'other-host:42', { heartbeatAgoMs: 1_000, dryRun: true });
    const alive = await leftRunning(ctx, `${hostname()}:${process.ppid}`);

    expect(await ctx.get(PopulationService).interruptOrphanedRuns()).toBe(1);
    const runs = ctx.get(PopulationRunsService);
    expect((await runs.getRun(silent)).run.message).toMatch(/^interrupted: its runner other-host:41 sent no heartbeat for 90 s/);
    expect((await runs.getRun(beating)).run.state).toBe('running');
    expect((await runs.getRun(alive)).run.state).toBe('running');
  });
});
