import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DictionaryRepository } from '../../../src/schema/dictionary.repository.js';
import { DEMO_AMPS, demoTableStatistics } from '../../../src/teradata/embedded/demo/demo-statistics.js';
import { DEMO_WAREHOUSE } from '../../../src/teradata/embedded/demo/demo-warehouse.js';
import { createDemoDatabase } from '../../factories/demo-warehouse.factory.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createSchemaContext, type SchemaContext } from './schema-context.js';

/** The explorer's detail panel reads: statistics (TablesV, TableSizeV, StatsV) and DDL (SHOW TABLE / SHOW VIEW), on the demo's emulated DBC. */
describe('table statistics and DDL from the dictionary (demo warehouse)', () => {
  let db: TestDatabase;
  let ctx: SchemaContext;
  let dictionary: DictionaryRepository;
  const table = DEMO_WAREHOUSE.tables.find((t) => t.database === 'core' && t.name === 'sales_order');
  const view = DEMO_WAREHOUSE.tables.find((t) => t.kind === 'V');

  beforeAll(async () => {
    db = await createDemoDatabase({ statements: 50 });
    ctx = await createSchemaContext({ port: db.port, autoMigrate: false });
    dictionary = ctx.get(DictionaryRepository);
  });

  afterAll(async () => {
    await ctx?.close();
    await db?.cleanup();
  });

  it('a table: its row count from DBC.StatsV, its space summed over the AMPs of DBC.TableSizeV, its dates and creator from DBC.TablesV', async () => {
    if (!table) throw new Error('the demo has core.sales_order');
    const rows = await db.port.query<{ perm: number; peak: number; amps: number }>(
      "SELECT SUM(CurrentPerm) AS perm, SUM(PeakPerm) AS peak, COUNT(*) AS amps FROM DBC.TableSizeV WHERE DatabaseName = 'core' AND TableName = 'sales_order'",
    );
    const stats = await dictionary.tableStatistics('CORE', 'Sales_Order');
    expect(stats).toMatchObject({ database: 'core', table: 'sales_order', kind: 'TABLE', creator: 'DBA_DEPLOY', amps: DEMO_AMPS, comment: table.comment });
    expect(stats?.currentPermBytes).toBe(Number(rows[0].perm));
    expect(stats?.peakPermBytes).toBe(Number(rows[0].peak));
    expect(stats?.peakPermBytes).toBeGreaterThan(stats?.currentPermBytes ?? Infinity);
    expect(stats?.rowCount).toBe(demoTableStatistics(table, stats?.createdAt as Date)?.rowCount);
    expect(stats?.statisticsCollectedAt?.getTime()).toBeGreaterThan(stats?.createdAt?.getTime() ?? Infinity);

    const ddl = await dictionary.ddl('core', 'sales_order', 'TABLE');
    expect(ddl).toMatch(/^CREATE MULTISET TABLE core\.sales_order ,FALLBACK ,\n/);
    for (const c of table.columns) expect(ddl).toContain(`      ${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}`);
    expect(ddl).toMatch(new RegExp(`PRIMARY INDEX \\( ${table.columns[0].name} \\);$`));
  });

  it('a view: no space and no statistics, its text as DDL', async () => {
    if (!view) throw new Error('the demo has views');
    const stats = await dictionary.tableStatistics(view.database, view.name);
    expect(stats).toMatchObject({ kind: 'VIEW', currentPermBytes: null, peakPermBytes: null, amps: null, rowCount: null });
    expect(await dictionary.ddl(view.database, view.name, 'VIEW')).toBe(view.definition);
  });

  it('an object the dictionary does not know: no statistics, no DDL', async () => {
    expect(await dictionary.tableStatistics('core', 'no_such_table')).toBeNull();
    expect(await dictionary.ddl('core', 'no_such_table', 'TABLE')).toBeNull();
  });
});
