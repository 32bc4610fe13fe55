import { afterEach, describe, expect, it } from 'vitest';
import { PopulationService } from '../../../src/population/population.service.js';
import type { Row, SqlValue } from '../../../src/teradata/database.port.js';
import { loadDemoWarehouse } from '../../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';

describe('the dictionary read incrementally between runs (medium, demo DBC)', () => {
  let db: TestDatabase | undefined;
  let ctx: PopulationTestModule | undefined;
  afterEach(async () => {
    await ctx?.close();
    await db?.cleanup();
  });

  it('reads every column once, then only the tables altered since, and writes the new column of an altered table', async () => {
    db = await createPopulationDatabase();
    await loadDemoWarehouse(db.port, { statements: 40, seed: 3 });
    // the column rows each dictionary read returns
    const reads: number[] = [];
    const port = db.port;
    const counting = new Proxy(port, {
      get(target, key, receiver) {
        if (key !== 'stream') return Reflect.get(target, key, receiver) as unknown;
        return async function* (sql: string, params: readonly SqlValue[], batchRows?: number): AsyncGenerator<Row[]> {
          const dictionary = /FROM DBC\.Columns/.test(sql);
          if (dictionary) reads.push(0);
          for await (const rows of target.stream(sql, params, batchRows)) {
            if (dictionary) reads[reads.length - 1] += rows.length;
            yield rows;
          }
        };
      },
    });
    ctx = await createPopulationTestModule({ port: counting, realDictionary: true, env: { EMBEDDED_DEMO: 'true' } });
    const population = ctx.get(PopulationService);

    const first = await population.run({ method: 'dbql', trigger: 'cli' });
    expect(first.run.state).toBe('succeeded');
    // one whole read: every column of the demo's databases
    expect(reads).toHaveLength(1);
    const [{ n: demoColumns }] = await port.query<{ n: number }>("SELECT COUNT(*) AS n FROM DBC.ColumnsTbl c JOIN DBC.TablesV t USING (DatabaseName, TableName) WHERE t.TableKind IN ('T', 'O', 'V') AND c.DatabaseName <> 'DBC'");
    expect(reads[0]).toBe(Number(demoColumns));
    expect(first.writes.fields.inserted).toBeGreaterThan(0);

    // a table gains a column, three hours after the newest alteration the first run saw
    await port.execute(
      "UPDATE DBC.TablesV SET LastAlterTimeStamp = (SELECT MAX(LastAlterTimeStamp) FROM DBC.TablesV) + INTERVAL 3 HOUR WHERE DatabaseName = 'core' AND TableName = 'customer'",
    );
    await port.execute(
      "INSERT INTO DBC.ColumnsTbl SELECT DatabaseName, TableName, 'loyalty_tier', 'CV', 20, NULL, NULL, 'Y', MAX(ColumnId) + 1, NULL, false FROM DBC.ColumnsTbl WHERE DatabaseName = 'core' AND TableName = 'customer' GROUP BY 1, 2",
    );
    const second = await population.run({ method: 'dbql', trigger: 'cli' });
    expect(second.run.state).toBe('succeeded');
    const [{ n: customerColumns }] = await port.query<{ n: number }>("SELECT COUNT(*) AS n FROM DBC.ColumnsTbl WHERE DatabaseName = 'core' AND TableName = 'customer'");
    // the second read: the altered table, and the few objects altered within the hour before the first read's newest alteration
    expect(reads).toHaveLength(2);
    expect(reads[1]).toBeGreaterThanOrEqual(Number(customerColumns));
    expect(reads[1]).toBeLessThan(reads[0] / 4);
    expect(second.writes.fields.inserted).toBe(1);
    expect(second.writes.fields.inserted + second.writes.fields.present).toBe(reads[1]);
    expect(await port.query("SELECT field_name FROM OL_DATASET_FIELD WHERE field_name = 'loyalty_tier'")).toEqual([{ field_name: 'loyalty_tier' }]);
  }, 120_000);
});
