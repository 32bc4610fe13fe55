import { afterEach, describe, expect, it } from 'vitest';
import { PopulationService } from '../../../src/population/population.service.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlSequence, insertDbql } from '../../factories/population-dbql.factory.js';

const DAY = new Date('2026-01-10T08:00:00Z');
const WINDOW = { since: new Date('2026-01-10T00:00:00Z'), until: new Date('2026-01-11T00:00:00Z') };

/** The same edges offered by statements in different batches (two targets, each written ten times). */
const HISTORY = dbqlSequence(20, DAY, (i) => ({ sql: `INSERT INTO sales.t${i % 2} (a, b) SELECT x, y FROM sales.s` }));

describe('population summary counts (medium)', () => {
  const dbs: TestDatabase[] = [];
  let ctx: PopulationTestModule | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
    for (const db of dbs.splice(0)) await db.cleanup();
  });

  async function summaries(batchSize: string): Promise<{ first: unknown; again: unknown }> {
    const db = await createPopulationDatabase();
    dbs.push(db);
    await insertDbql(db.port, HISTORY);
    ctx = await createPopulationTestModule({ port: db.port, env: { POPULATION_BATCH_SIZE: batchSize } });
    const population = ctx.get(PopulationService);
    const counts = async () => {
      const { writes } = await population.run({ method: 'dbql', trigger: 'cli', ...WINDOW });
      return { edges: writes.edges, datasets: writes.datasets, fields: writes.fields, jobs: writes.jobs };
    };
    const first = await counts();
    const again = await counts();
    await ctx.close();
    ctx = undefined;
    return { first, again };
  }

  it('"already present" counts each row once per run, the same whatever the batches', async () => {
    const one = await summaries('10');
    const all = await summaries('100');
    // a clean store: 4 edges new, none present (per batch, the second batch re-offers edges the run itself inserted)
    expect(one.first).toMatchObject({ edges: { inserted: 4, present: 0 } });
    // the same window again: every edge was there before the run, each counted once
    expect(one.again).toMatchObject({ edges: { inserted: 0, present: 4 } });
    expect(all).toEqual(one);
  });
});
