import { describe, expect, it } from 'vitest';
import { teradataStatements } from '../../test/support/teradata-statements.js';
import { tableColumns } from '../../test/support/migration-columns.js';
import { readMigrations } from './migration-files.js';

/** Column → declared type of every OL_* table, from the Teradata migrations (`VARCHAR(512) CHARACTER SET UNICODE`, `TIMESTAMP(0)`…). */
function declaredColumns(): Map<string, Map<string, string>> {
  return tableColumns(readMigrations('teradata'));
}

/**
 * The casts of the statements writing one table: `CAST(? AS <type>) AS
 * <column>` (MERGE INTO / INSERT … SELECT) or `INSERT INTO t (<columns>)
 * VALUES (CAST(? AS <type>), …)`. A staging table's values are checked
 * against the OL_* table it stages for (their columns are the same: see
 * migration-files.spec.ts).
 */
const declaredTables = declaredColumns();
const casts = teradataStatements().flatMap(({ name, sql }) => {
  const target = /^(?:MERGE|INSERT)\s+INTO\s+(OL_[A-Z_]+)/.exec(sql)?.[1];
  if (!target) return [];
  // a staging table that stands for no OL_* table (OL_STAGE_VALIDITY) is checked against its own declaration
  const table = declaredTables.has(target.replace(/^OL_STAGE_/, 'OL_')) ? target.replace(/^OL_STAGE_/, 'OL_') : target;
  const values = /^INSERT\s+INTO\s+\w+ \(([a-z_, ]+)\) VALUES \((.*)\)$/.exec(sql);
  // Plain `?` markers in VALUES take the column's own type on assignment: nothing to check.
  if (values && !values[2].includes('CAST(')) return [];
  if (values) {
    const columns = values[1].split(', ');
    const types = [...values[2].matchAll(/CAST\(\? AS (.+?)\)(?:, |$)/g)].map((m) => m[1]);
    return columns.map((column, i) => ({ statement: name, table, column, type: types[i] }));
  }
  return [...sql.matchAll(/CAST\(\? AS (.+?)\) AS ([a-z_]+)/g)].map((m) => ({ statement: name, table, column: m[2], type: m[1] }));
});

describe('values bound for OL_* columns are cast to the column as declared', () => {
  const declared = declaredTables;

  it('finds the casts of the writers', () => {
    expect(casts.length).toBeGreaterThanOrEqual(60);
    expect(new Set(casts.map((c) => c.table))).toEqual(new Set(['OL_NAMESPACE', 'OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT', 'OL_COLUMN_LINEAGE', 'OL_WATERMARK', 'OL_LOCK', 'OL_GRAPH_CHANGE', 'OL_LINEAGE_HISTORY', 'OL_FIELD_USAGE_DAY', 'OL_DATASET_USAGE_DAY', 'OL_USAGE_COVERAGE', 'OL_STAGE_VALIDITY']));
  });

  // Teradata mode truncates a longer string without a word, and a CAST without CHARACTER SET takes the user's default (often LATIN: 6706 on other names).
  it.each(casts.map((c) => [`${c.statement}: ${c.table}.${c.column}`, c] as const))('%s', (_name, c) => {
    expect(c.type).toBe(declared.get(c.table)?.get(c.column));
  });
});
