import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaService } from '../../../src/schema/schema.service.js';
import { isDemoLoaded } from '../../../src/teradata/embedded/demo/demo-warehouse.loader.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { createSchemaContext } from './schema-context.js';

describe('SchemaModule start-up on the embedded engine', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterEach(async () => {
    await db.cleanup();
  });

  it('autoMigrate: true applies the pending migrations at init', async () => {
    const ctx = await createSchemaContext({ port: db.port, autoMigrate: true });
    const status = await ctx.get(SchemaService).status();
    await ctx.close();
    expect(status.version).toBe('1.3.0');
    expect(status.tables.every((t) => t.present)).toBe(true);
  });

  it('autoMigrate: false (the schema CLI) leaves the schema alone', async () => {
    const ctx = await createSchemaContext({ port: db.port, autoMigrate: false });
    const status = await ctx.get(SchemaService).status();
    await ctx.close();
    expect(status.version).toBeNull();
  });

  it('EMBEDDED_DEMO loads the demo warehouse into a new database once, whichever context opens it first', async () => {
    const cli = await createSchemaContext({ port: db.port, autoMigrate: false, env: { EMBEDDED_DEMO: 'true' } });
    await cli.close();
    expect(await isDemoLoaded(db.port)).toBe(true);
    const count = async () => Number((await db.port.query<{ n: number }>('SELECT COUNT(*) AS n FROM DBC.DBQLogTbl'))[0].n);
    const loaded = await count();
    expect(loaded).toBeGreaterThanOrEqual(500);
    const service = await createSchemaContext({ port: db.port, autoMigrate: true, env: { EMBEDDED_DEMO: 'true' } });
    await service.close();
    expect(await count()).toBe(loaded);
  });

  it('EMBEDDED_DEMO=false loads no demo', async () => {
    const ctx = await createSchemaContext({ port: db.port, autoMigrate: true, env: { EMBEDDED_DEMO: 'false' } });
    await ctx.close();
    expect(await isDemoLoaded(db.port)).toBe(false);
  });
});
