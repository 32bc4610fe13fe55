import { describe, expect, it } from 'vitest';
import { type Migration, splitStatements } from './migration-files.js';
import { planMigrations, renderPlan } from './migration.runner.js';

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
