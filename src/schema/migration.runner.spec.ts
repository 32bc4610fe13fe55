import { describe, expect, it } from 'vitest';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePermissionError, DatabaseQueryError } from '../teradata/database.errors.js';
import { DatabasePort } from '../teradata/database.port.js';
import { type Migration, splitStatements } from './migration-files.js';
import { MigrationRunner, planMigrations, renderPlan } from './migration.runner.js';
import { SchemaSetupError } from './schema.errors.js';

const m1: Migration = {
  version: 1,
  schemaVersion: '1.0.0',
  description: 'First',
  file: 'V0001__first.sql',
  statements: ['CREATE TABLE OL_A (a INTEGER)', 'CREATE TABLE OL_B (b INTEGER)', "INSERT INTO OL_SCHEMA_VERSION VALUES (1, '2-0-2', '1.0.0', CURRENT_TIMESTAMP, 'First')"],
};
const m2: Migration = {
  version: 2,
  schemaVersion: '1.1.0',
  description: 'Second',
  file: 'V0002__second.sql',
  statements: ['CREATE TABLE OL_C (c INTEGER)', "INSERT INTO OL_SCHEMA_VERSION VALUES (2, '2-0-2', '1.1.0', CURRENT_TIMESTAMP, 'Second')"],
};

describe('planMigrations', () => {
  it('plans every migration on an empty database, all statements run', () => {
    const plan = planMigrations([m1, m2], new Set(), new Set());
    expect(plan.map((p) => p.migration.version)).toEqual([1, 2]);
    expect(plan.every((p) => !p.partial && p.statements.every((s) => s.action === 'run'))).toBe(true);
  });

  it('plans nothing when every version is recorded', () => {
    expect(planMigrations([m1, m2], new Set([1, 2]), new Set(['OL_A', 'OL_B', 'OL_C']))).toEqual([]);
  });

  it('plans only the unrecorded migrations, skipping CREATE TABLE of tables an interrupted attempt left', () => {
    const plan = planMigrations([m1, m2], new Set([1]), new Set(['OL_A', 'OL_B', 'OL_C']));
    expect(plan).toHaveLength(1);
    expect(plan[0].partial).toBe(true);
    expect(plan[0].statements.map((s) => s.action)).toEqual(['skip', 'run']);
  });
});

describe('renderPlan', () => {
  it('renders the statements that will run, ;-terminated, which split back into the same statements', () => {
    const ddl = renderPlan(planMigrations([m1, m2], new Set(), new Set()));
    expect(splitStatements(ddl)).toEqual([...m1.statements, ...m2.statements]);
    expect(ddl).toContain('-- V0001__first.sql: First (schema 1.0.0)');
  });

  it('shows skipped statements as comments only', () => {
    const ddl = renderPlan(planMigrations([m1], new Set(), new Set(['OL_A'])));
    expect(splitStatements(ddl)).toEqual(m1.statements.slice(1));
    expect(ddl).toContain('-- skipped, OL_A already exists: CREATE TABLE OL_A (a INTEGER)');
  });

  it('is empty for an empty plan', () => {
    expect(renderPlan([])).toBe('');
  });
});

describe('MigrationRunner on Teradata errors', () => {
  /** Strict fake at the port boundary: every execute fails with the scripted Teradata error; anything else is unexpected. */
  class FailingPort extends DatabasePort {
    readonly dialect = 'teradata' as const;
    readonly executed: string[] = [];
    constructor(private readonly error: Error) {
      super();
    }
    async execute(sql: string): Promise<number> {
      this.executed.push(sql);
      throw this.error;
    }
    query(): Promise<never> {
      throw new Error('unexpected query');
    }
    batch(): Promise<never> {
      throw new Error('unexpected batch');
    }
    transaction(): Promise<never> {
      throw new Error('unexpected transaction');
    }
    ping(): Promise<never> {
      throw new Error('unexpected ping');
    }
    poolStats() {
      return { inUse: 0, waiting: 0, size: 1 };
    }
    async close(): Promise<void> {}
  }

  const config = Object.assign(new DatabaseConfig(), { host: 'td.example', user: 'lineage_svc', database: 'demo_user' });

  it.each([
    [3524, 'Teradata error 3524: lineage_svc has no CREATE TABLE right on demo_user: ask a DBA to GRANT CREATE TABLE ON demo_user TO lineage_svc'],
    [3802, 'Teradata error 3802: database demo_user does not exist'],
  ])('reports error %i in one readable line with the code, and stops at the first statement', async (code, expected) => {
    const port = new FailingPort(new DatabasePermissionError(`[Teradata Database] [Error ${code}] refused`, code));
    const runner = new MigrationRunner(port, config);
    const error = await runner.apply(planMigrations([m1], new Set(), new Set())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaSetupError);
    expect((error as SchemaSetupError).message).toContain(expected);
    expect((error as SchemaSetupError).message).not.toContain('\n');
    expect((error as SchemaSetupError).dbCode).toBe(code);
    expect(port.executed).toEqual([m1.statements[0]]);
  });

  it('tolerates "table already exists" (3803) and goes on', async () => {
    const port = new FailingPort(new DatabaseQueryError("[Teradata Database] [Error 3803] Table 'OL_A' already exists.", 3803));
    const runner = new MigrationRunner(port, config);
    // every CREATE fails with 3803; the version INSERT then fails with the same error, which is not a duplicate row: setup stops there
    const error = await runner.apply(planMigrations([m1], new Set(), new Set())).catch((e: unknown) => e);
    expect(port.executed).toEqual(m1.statements);
    expect((error as SchemaSetupError).code).toBe('SCHEMA_SETUP_FAILED');
  });

  it('tolerates "index does not exist" (3526) on a DROP INDEX an interrupted attempt already ran', async () => {
    const m3: Migration = {
      version: 3,
      schemaVersion: '1.2.0',
      description: 'Third',
      file: 'V0003__third.sql',
      statements: ['DROP INDEX (transformation_type) ON OL_COLUMN_LINEAGE', "INSERT INTO OL_SCHEMA_VERSION VALUES (3, '2-0-2', '1.2.0', CURRENT_TIMESTAMP, 'Third')"],
    };
    const port = new FailingPort(new DatabaseQueryError('[Teradata Database] [Error 3526] The specified index does not exist.', 3526));
    const error = await new MigrationRunner(port, config).apply(planMigrations([m3], new Set([1, 2]), new Set())).catch((e: unknown) => e);
    // the DROP INDEX error is tolerated; the version INSERT then fails with the same error, which is not a duplicate row
    expect(port.executed).toEqual(m3.statements);
    expect((error as SchemaSetupError).code).toBe('SCHEMA_SETUP_FAILED');
  });
});

