import { HealthIndicatorService } from '@nestjs/terminus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrations, splitStatements } from '../../../src/schema/migration-files.js';
import { SCHEMA_COMMAND } from '../../../src/schema/schema.cli.js';
import { SchemaHealthIndicator } from '../../../src/schema/schema.health.js';
import { SchemaService } from '../../../src/schema/schema.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { captureOutput, createSchemaContext, type SchemaContext } from './schema-context.js';

const ALL_TABLES = [
  'OL_NAMESPACE',
  'OL_DATASET',
  'OL_DATASET_FIELD',
  'OL_JOB',
  'OL_RUN',
  'OL_RUN_INPUT',
  'OL_RUN_OUTPUT',
  'OL_COLUMN_LINEAGE',
  'OL_SCHEMA_VERSION',
  'OL_POPULATION_RUN',
  'OL_POPULATION_FAILURE',
  'OL_WATERMARK',
  'OL_LOCK',
  'OL_GRAPH_STATE',
  'OL_GRAPH_CHANGE',
  'OL_EVENT',
  'OL_LINEAGE_HISTORY',
];

/** The shipped migrations: what a setup applies, and the version it ends at. */
const SHIPPED = readMigrations('embedded');
const VERSIONS = SHIPPED.map((m) => m.schemaVersion);
const LATEST = VERSIONS[VERSIONS.length - 1];

async function tablesInDatabase(db: TestDatabase): Promise<string[]> {
  const rows = await db.port.query<{ name: string }>("SELECT upper(table_name) AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
  return rows.map((r) => r.name);
}

async function versionRows(db: TestDatabase) {
  return db.port.query<{ version_id: number; openlineage_spec_version: string; schema_version: string; description: string; applied_at: Date }>(
    'SELECT version_id, openlineage_spec_version, schema_version, description, applied_at FROM OL_SCHEMA_VERSION ORDER BY version_id',
  );
}

describe('schema setup and status on the embedded engine', () => {
  let db: TestDatabase;
  let ctx: SchemaContext;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
    ctx = await createSchemaContext({ port: db.port, autoMigrate: false });
  });

  afterEach(async () => {
    await ctx.close();
    await db.cleanup();
  });

  it('on a fresh file: status shows every table missing, no version and every migration pending', async () => {
    const status = await ctx.get(SchemaService).status();
    expect(status.engine).toBe('embedded');
    expect(status.tables.map((t) => t.name)).toEqual(ALL_TABLES);
    expect(status.tables.every((t) => !t.present)).toBe(true);
    expect(status.version).toBeNull();
    expect(status.appliedMigrations).toEqual([]);
    expect(status.pendingMigrations.map((m) => m.version)).toEqual(VERSIONS);
  });

  it('setup creates every table and records every version; status then shows them', async () => {
    const before = Date.now();
    const result = await ctx.get(SchemaService).setup({ dryRun: false });
    expect(result.alreadyUpToDate).toBe(false);
    expect(result.applied).toHaveLength(SHIPPED.length);
    expect(await tablesInDatabase(db)).toEqual([...ALL_TABLES].sort());
    const rows = await versionRows(db);
    expect(rows.map(({ version_id, openlineage_spec_version, schema_version, description }) => ({ version_id, openlineage_spec_version, schema_version, description })).slice(0, 4)).toEqual([
      { version_id: 1, openlineage_spec_version: '2-0-2', schema_version: '1.0.0', description: 'Initial OpenLineage schema' },
      { version_id: 2, openlineage_spec_version: '2-0-2', schema_version: '1.1.0', description: 'Population runs, failures, watermarks, locks, graph generation' },
      { version_id: 3, openlineage_spec_version: '2-0-2', schema_version: '1.2.0', description: 'Drop the secondary index on OL_COLUMN_LINEAGE.transformation_type' },
      { version_id: 4, openlineage_spec_version: '2-0-2', schema_version: '1.3.0', description: 'Graph change log for the live lineage index' },
    ]);
    expect(rows.map((r) => r.version_id)).toEqual(SHIPPED.map((m) => m.version));
    expect(rows[0].applied_at.getTime()).toBeGreaterThan(before - 24 * 3_600_000);
    expect(await db.port.query('SELECT state_id, generation FROM OL_GRAPH_STATE ORDER BY state_id')).toEqual([
      { state_id: 1, generation: 0 },
      { state_id: 2, generation: 0 },
    ]);

    const status = await ctx.get(SchemaService).status();
    expect(status.tables.every((t) => t.present)).toBe(true);
    expect(status.version).toBe(LATEST);
    expect(status.pendingMigrations).toEqual([]);
    expect(status.appliedMigrations.map((m) => m.description)).toEqual(SHIPPED.map((m) => m.description));
  });

  it('applies the SPEC defaults', async () => {
    await ctx.get(SchemaService).setup({ dryRun: false });
    await db.port.execute("INSERT INTO OL_NAMESPACE (namespace_id, namespace_uri) VALUES ('ns', 'teradata://h:1025')");
    await db.port.execute(
      "INSERT INTO OL_COLUMN_LINEAGE (lineage_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type) VALUES ('l', 'ns', 'a.b', 'c', 'ns', 'd.e', 'f', 'DIRECT')",
    );
    await db.port.execute("INSERT INTO OL_POPULATION_RUN (run_id, trigger_source, method, state, started_at) VALUES ('r', 'cli', 'dbql', 'running', CURRENT_TIMESTAMP)");
    expect(await db.port.query('SELECT spec_version, created_at IS NOT NULL AS has_created FROM OL_NAMESPACE')).toEqual([{ spec_version: '2-0-2', has_created: true }]);
    expect(await db.port.query('SELECT masking, is_active, run_id FROM OL_COLUMN_LINEAGE')).toEqual([{ masking: 'N', is_active: 'Y', run_id: null }]);
    expect(await db.port.query('SELECT dry_run, statements_read, edges_written FROM OL_POPULATION_RUN')).toEqual([{ dry_run: 'N', statements_read: 0, edges_written: 0 }]);
    await expect(db.port.execute("INSERT INTO OL_NAMESPACE (namespace_id, namespace_uri) VALUES ('ns', 'x')")).rejects.toThrow(/Duplicate key|constraint/i);
  });

  it('a second setup applies nothing and says so', async () => {
    await ctx.get(SchemaService).setup({ dryRun: false });
    const again = await ctx.get(SchemaService).setup({ dryRun: false });
    expect(again).toEqual({ applied: [], ddl: '', alreadyUpToDate: true });
    expect(await versionRows(db)).toHaveLength(SHIPPED.length);
    expect(await db.port.query('SELECT COUNT(*) AS n FROM OL_GRAPH_STATE')).toEqual([{ n: 2 }]);
  });

  it('a dry run returns exactly the statements of the migration files and changes nothing', async () => {
    const result = await ctx.get(SchemaService).setup({ dryRun: true });
    expect(result.applied).toEqual([]);
    expect(result.alreadyUpToDate).toBe(false);
    expect(splitStatements(result.ddl)).toEqual(readMigrations('embedded').flatMap((m) => m.statements));
    expect(await tablesInDatabase(db)).toEqual([]);
  });

  it('a dry run after V0001 returns only the later migrations', async () => {
    const [v1, ...later] = readMigrations('embedded');
    for (const s of v1.statements) await db.port.execute(s);
    const result = await ctx.get(SchemaService).setup({ dryRun: true });
    expect(splitStatements(result.ddl)).toEqual(later.flatMap((m) => m.statements));
    expect((await ctx.get(SchemaService).status()).pendingMigrations.map((m) => m.file)).toEqual(later.map((m) => m.file));
    expect(later.map((m) => m.file).slice(0, 2)).toEqual(['V0002__operations.sql', 'V0003__teradata_at_scale.sql']);
  });

  it('completes a partially applied migration: tables left by an interrupted attempt, version row missing', async () => {
    const [v1] = readMigrations('embedded');
    // the first three tables were created, then the attempt stopped
    for (const s of v1.statements.slice(0, 3)) await db.port.execute(s);
    await db.port.execute("INSERT INTO OL_NAMESPACE (namespace_id, namespace_uri) VALUES ('kept', 'teradata://h:1025')");
    const dry = await ctx.get(SchemaService).setup({ dryRun: true });
    expect(dry.ddl).toContain('-- skipped, OL_NAMESPACE already exists');
    const result = await ctx.get(SchemaService).setup({ dryRun: false });
    expect(result.applied).toHaveLength(SHIPPED.length);
    expect(await tablesInDatabase(db)).toEqual([...ALL_TABLES].sort());
    expect((await versionRows(db)).map((r) => r.version_id)).toEqual(SHIPPED.map((m) => m.version));
    expect(await db.port.query('SELECT namespace_id FROM OL_NAMESPACE')).toEqual([{ namespace_id: 'kept' }]);
    expect((await ctx.get(SchemaService).setup({ dryRun: false })).alreadyUpToDate).toBe(true);
  });

  it('completes a migration whose seed row is already there (tolerates the duplicate)', async () => {
    const [v1, v2] = readMigrations('embedded');
    for (const s of v1.statements) await db.port.execute(s);
    // V0002 ran up to its last statement: tables and the OL_GRAPH_STATE row exist, the version row does not
    for (const s of v2.statements.slice(0, -1)) await db.port.execute(s);
    await ctx.get(SchemaService).setup({ dryRun: false });
    expect((await versionRows(db)).map((r) => r.schema_version)).toEqual(VERSIONS);
    expect(await db.port.query('SELECT state_id, generation FROM OL_GRAPH_STATE ORDER BY state_id')).toEqual([
      { state_id: 1, generation: 0 },
      { state_id: 2, generation: 0 },
    ]);
  });

  it('V0004 starts the change log at the generation the store had: an index built before it rebuilds whole', async () => {
    const [v1, v2, v3] = readMigrations('embedded');
    for (const s of [...v1.statements, ...v2.statements, ...v3.statements]) await db.port.execute(s);
    await db.port.execute('UPDATE OL_GRAPH_STATE SET generation = 41 WHERE state_id = 1');
    await ctx.get(SchemaService).setup({ dryRun: false });
    expect(await db.port.query('SELECT state_id, generation FROM OL_GRAPH_STATE ORDER BY state_id')).toEqual([
      { state_id: 1, generation: 41 },
      { state_id: 2, generation: 41 },
    ]);
    expect(await db.port.query('SELECT COUNT(*) AS n FROM OL_GRAPH_CHANGE')).toEqual([{ n: 0 }]);
  });

  it('schema health is down with the setup command while tables are missing, up with the version after setup', async () => {
    const health = new SchemaHealthIndicator(new HealthIndicatorService(), ctx.get(SchemaService));
    const down = await health.isHealthy();
    expect(down.schema.status).toBe('down');
    expect(String((down.schema as { message?: string }).message)).toContain('npm run lineage -- schema setup --openlineage');
    await ctx.get(SchemaService).setup({ dryRun: false });
    const up = await health.isHealthy('schema');
    expect(up.schema).toMatchObject({ status: 'up', version: LATEST });
  });
});

describe('schema CLI command', () => {
  let db: TestDatabase;
  let ctx: SchemaContext;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
    ctx = await createSchemaContext({ port: db.port, autoMigrate: false });
  });

  afterEach(async () => {
    await ctx.close();
    await db.cleanup();
  });

  const run = async (positionals: string[], values: Record<string, boolean> = {}) => {
    const out = captureOutput();
    const code = await SCHEMA_COMMAND.run(ctx.module, { positionals, values }, out);
    return { code, out };
  };

  it('status lists missing tables and pending migrations, exit code 3', async () => {
    const { code, out } = await run(['status']);
    expect(code).toBe(3);
    expect(out.text()).toContain('Schema version: none');
    expect(out.lines).toContain('  MISSING  OL_COLUMN_LINEAGE');
    expect(out.text()).toContain(`Pending migrations: ${SHIPPED.length}`);
  });

  it('setup --dry-run prints the DDL and creates nothing', async () => {
    const { code, out } = await run(['setup'], { 'dry-run': true, openlineage: true });
    expect(code).toBe(0);
    expect(splitStatements(out.text())).toEqual(readMigrations('embedded').flatMap((m) => m.statements));
    expect(await tablesInDatabase(db)).toEqual([]);
  });

  it('setup --openlineage-only creates the OL_* tables (and no LIN_* tables); a second setup says it is up to date', async () => {
    const first = await run(['setup'], { 'openlineage-only': true });
    expect(first.code).toBe(0);
    expect(first.out.text()).toContain('Applied V0001__ol_schema.sql');
    expect(await tablesInDatabase(db)).toEqual([...ALL_TABLES].sort());
    const second = await run(['setup'], { openlineage: true });
    expect(second.out.lines[0]).toBe('Schema is up to date: nothing to do.');
    const status = await run(['status']);
    expect(status.code).toBe(0);
    expect(status.out.text()).toContain(`Schema version: ${LATEST}`);
    expect(status.out.text()).toContain('Pending migrations: none');
  });

  it('an unknown subcommand prints the usage, exit code 2', async () => {
    const { code, out } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(out.errors.join('\n')).toContain('Usage: npm run lineage -- schema');
  });
});
