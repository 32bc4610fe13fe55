import { HealthIndicatorService } from '@nestjs/terminus';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DictionaryRepository } from '../../../src/schema/dictionary.repository.js';
import { SCHEMA_COMMAND } from '../../../src/schema/schema.cli.js';
import { QvciHealthIndicator } from '../../../src/schema/schema.health.js';
import { QvciService } from '../../../src/schema/qvci.service.js';
import { DEMO_WAREHOUSE } from '../../../src/teradata/embedded/demo/demo-warehouse.js';
import { setDemoQvci } from '../../support/demo-qvci.js';
import { createDemoDatabase } from '../../factories/demo-warehouse.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { captureOutput, createSchemaContext, type SchemaContext } from './schema-context.js';

describe('QVCI and the dictionary on the demo warehouse', () => {
  let db: TestDatabase;
  let ctx: SchemaContext | undefined;

  beforeAll(async () => {
    db = await createDemoDatabase({ statements: 200 });
  });

  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
    await setDemoQvci(db.port, true);
  });

  afterAll(async () => {
    await db.cleanup();
  });

  const open = async (env: Record<string, string> = {}) => {
    ctx = await createSchemaContext({ port: db.port, autoMigrate: false, env });
    return ctx;
  };

  it('compares DBC names case-blind, as Teradata does (NOT CASESPECIFIC): a view found by any spelling of its name', async () => {
    const c = await open();
    const view = DEMO_WAREHOUSE.tables.find((t) => t.definition);
    if (!view) throw new Error('the demo warehouse has views');
    const dictionary = c.get(DictionaryRepository);
    const exact = await dictionary.viewText(view.database, view.name);
    expect(exact).toContain('VIEW');
    expect(await dictionary.viewText(view.database.toUpperCase(), view.name.toUpperCase())).toBe(exact);
  });

  it('QVCI enabled: the probe answers; view columns come with their types', async () => {
    const c = await open();
    const status = await c.get(QvciService).recheck();
    expect(status).toMatchObject({ state: 'enabled', query: 'SELECT * FROM DBC.ColumnsJQV LIMIT 1', errorCode: null });
    const columns = await c.get(DictionaryRepository).columns();
    const ytd = columns.filter((col) => col.database === 'mart_finance' && col.table === 'v_revenue_ytd');
    expect(ytd.map(({ column, type, ordinal, kind }) => ({ column, type, ordinal, kind }))).toEqual([
      { column: 'channel_code', type: 'VARCHAR(10)', ordinal: 1, kind: 'VIEW' },
      { column: 'fiscal_year', type: 'SMALLINT', ordinal: 2, kind: 'VIEW' },
      { column: 'revenue_ytd_eur', type: 'DECIMAL(18,2)', ordinal: 3, kind: 'VIEW' },
    ]);
  });

  it('QVCI disabled (the demo switch makes ColumnsJQV fail with 9719): the state says so and view column types are unknown', async () => {
    await setDemoQvci(db.port, false);
    const c = await open();
    const status = await c.get(QvciService).recheck();
    expect(status.state).toBe('disabled');
    expect(status.errorCode).toBe(9719);
    expect(status.detail).toContain('9719');
    const columns = await c.get(DictionaryRepository).columns();
    const view = columns.filter((col) => col.kind === 'VIEW');
    expect(view.length).toBeGreaterThan(0);
    expect(view.every((col) => col.type === null)).toBe(true);
    const table = columns.find((col) => col.database === 'core' && col.table === 'sales_order' && col.column === 'net_amount');
    expect(table).toEqual({ database: 'core', table: 'sales_order', column: 'net_amount', type: 'DECIMAL(18,2)', ordinal: 14, nullable: true, kind: 'TABLE' });
  });

  it('a re-check sees QVCI switched on again', async () => {
    await setDemoQvci(db.port, false);
    const c = await open();
    expect((await c.get(QvciService).current()).state).toBe('disabled');
    await setDemoQvci(db.port, true);
    expect((await c.get(QvciService).current()).state).toBe('disabled');
    expect((await c.get(QvciService).recheck()).state).toBe('enabled');
  });

  it('the qvci health indicator is up whatever the state, with state, evidence, time and hint', async () => {
    await setDemoQvci(db.port, false);
    const c = await open();
    const health = new QvciHealthIndicator(new HealthIndicatorService(), c.get(QvciService));
    const result = await health.isHealthy();
    expect(result.qvci).toMatchObject({ status: 'up', state: 'disabled', errorCode: 9719 });
    expect(result.qvci.hint).toContain('M internal 551=false');
    expect(new Date(result.qvci.checkedAt).getTime()).not.toBeNaN();
  });

  it('`schema qvci` prints the state and its evidence', async () => {
    await setDemoQvci(db.port, false);
    const c = await open();
    const out = captureOutput();
    expect(await SCHEMA_COMMAND.run(c.module, { positionals: ['qvci'], values: {} }, out)).toBe(0);
    expect(out.lines[0]).toBe('QVCI: disabled');
    expect(out.text()).toContain('Query: SELECT * FROM DBC.ColumnsJQV LIMIT 1');
    expect(out.text()).toContain('9719');
  });

  it('reads every demo column in one go, ordered by database, table, ordinal, and indexes them by db.table', async () => {
    const c = await open();
    const columns = await c.get(DictionaryRepository).columns();
    expect(columns).toHaveLength(DEMO_WAREHOUSE.tables.reduce((n, t) => n + t.columns.length, 0));
    const keys = columns.map((col) => `${col.database}\u0000${col.table}\u0000${String(col.ordinal).padStart(4, '0')}`);
    expect(keys).toEqual([...keys].sort());
    const byTable = await c.get(DictionaryRepository).columnsByTable();
    expect(byTable.size).toBe(DEMO_WAREHOUSE.tables.length);
    const customer = DEMO_WAREHOUSE.tables.find((t) => t.database === 'core' && t.name === 'customer');
    expect(byTable.get('core.customer')).toEqual(customer?.columns.map((col) => col.name));
  });

  it('lists tables and views with kind, comment and view definitions', async () => {
    const c = await open();
    const repo = c.get(DictionaryRepository);
    const tables = await repo.tables();
    expect(tables).toHaveLength(DEMO_WAREHOUSE.tables.length);
    expect(tables.find((t) => t.table === 'customer' && t.database === 'core')).toEqual({
      database: 'core',
      table: 'customer',
      kind: 'TABLE',
      comment: 'Integrated customer',
      definition: null,
    });
    expect(tables.filter((t) => t.kind === 'VIEW').every((t) => /^REPLACE VIEW /.test(t.definition ?? ''))).toBe(true);
    expect(await repo.databases()).toEqual([...DEMO_WAREHOUSE.databases].sort());
  });

  it('reads view definitions page by page, oldest alteration first, from a given LastAlterTimeStamp on', async () => {
    const repo = (await open()).get(DictionaryRepository);
    const pages = [];
    for await (const page of repo.viewDefinitions(null, 2)) pages.push(page);
    const views = pages.flat();
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    expect(views.map((v) => `${v.database}.${v.view}`).sort()).toEqual(
      DEMO_WAREHOUSE.tables.filter((t) => t.kind === 'V').map((t) => `${t.database}.${t.name}`).sort(),
    );
    expect(views.every((v) => v.complete && /^REPLACE VIEW /.test(v.requestText ?? ''))).toBe(true);
    const times = views.map((v) => v.lastAlteredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // the demo history replaced each view: the dictionary shows the last REPLACE VIEW's time, not the creation
    expect(times.every((t) => t > new Date('2026-01-05T08:00:00Z').getTime())).toBe(true);

    const newest = views[views.length - 1];
    const since = [];
    for await (const page of repo.viewDefinitions(newest.lastAlteredAt, 2)) since.push(...page);
    expect(since.map((v) => v.view)).toEqual(views.filter((v) => v.lastAlteredAt >= newest.lastAlteredAt).map((v) => v.view));
  });

  it('filters databases: system databases never, include and exclude patterns', async () => {
    await db.port.execute("INSERT INTO DBC.TablesV (DatabaseName, TableName, TableKind) VALUES ('DBC', 'TablesV', 'V'), ('SYSLIB', 'sys_t', 'T')");
    await db.port.execute(
      "INSERT INTO DBC.ColumnsTbl (DatabaseName, TableName, ColumnName, ColumnType, ColumnLength, Nullable, ColumnId, IsViewColumn) VALUES ('SYSLIB', 'sys_t', 'x', 'I', 4, 'Y', 1025, false)",
    );
    try {
      const all = await open();
      expect(await all.get(DictionaryRepository).databases()).not.toContain('SYSLIB');
      expect((await all.get(DictionaryRepository).columns()).some((col) => col.database === 'SYSLIB')).toBe(false);
      await all.close();

      const marts = await open({ DICTIONARY_INCLUDE_DATABASES: 'MART_*,core,SYSLIB', DICTIONARY_EXCLUDE_DATABASES: '*_fin?nce' });
      expect(await marts.get(DictionaryRepository).databases()).toEqual(['core', 'mart_sales']);
      const databases = new Set((await marts.get(DictionaryRepository).columns()).map((col) => col.database));
      expect([...databases].sort()).toEqual(['core', 'mart_sales']);
    } finally {
      await db.port.execute("DELETE FROM DBC.TablesV WHERE DatabaseName IN ('DBC', 'SYSLIB')");
      await db.port.execute("DELETE FROM DBC.ColumnsTbl WHERE DatabaseName = 'SYSLIB'");
    }
  });
});

describe('QVCI without a dictionary to ask', () => {
  it('is unknown, not a crash, when DBC.ColumnsJQV cannot be read', async () => {
    const db = await createTestDatabase({ migrate: false });
    const ctx = await createSchemaContext({ port: db.port, autoMigrate: false });
    try {
      const status = await ctx.get(QvciService).recheck();
      expect(status.state).toBe('unknown');
      expect(status.detail).toMatch(/ColumnsJQV/);
      expect(status.hint).toMatch(/SELECT/);
    } finally {
      await ctx.close();
      await db.cleanup();
    }
  });
});
