import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../../src/schema/migration-files.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * V0008 on a store written before it (schema 1.6.0): the intervals are
 * filled from what the store knew, as the migration's header says it
 * assumes (ADR 0024).
 */

const NS = 'teradata://upgrade:1025';
const T = (hours: number) => new Date(Date.UTC(2026, 0, 1, hours));

describe('V0008 on a store of schema 1.6.0', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
    for (const m of readMigrations('embedded').filter((x) => x.version < 8)) for (const s of m.statements) await db.port.execute(s);
    const exec = (sql: string, params: unknown[] = []) => db.port.execute(sql, params as never);
    await exec('INSERT INTO OL_NAMESPACE (namespace_id, namespace_uri) VALUES (?, ?)', [NS, NS]);
    for (const name of ['db.src', 'db.view', 'db.other', 'db.dictionary_only']) await exec('INSERT INTO OL_DATASET (dataset_id, namespace_id, name) VALUES (?, ?, ?)', [`${NS}/${name}`, NS, name]);
    for (const [ds, f] of [['db.src', 'a'], ['db.src', 'b'], ['db.view', 'x'], ['db.dictionary_only', 'z']]) await exec('INSERT INTO OL_DATASET_FIELD (field_id, dataset_id, field_name) VALUES (?, ?, ?)', [`${NS}/${ds}/${f}`, `${NS}/${ds}`, f]);
    // Two definitions of db.view: the first (run 1, 01:00) produced a → x, the second (run 2, 05:00) b → x, which is active.
    await exec("INSERT INTO OL_RUN (run_id, job_id, event_type, event_time) VALUES ('dbql_1', 'j', 'COMPLETE', ?), ('dbql_2', 'j', 'COMPLETE', ?), ('dbql_3', 'j', 'COMPLETE', ?)", [T(1), T(5), T(7)]);
    await exec("INSERT INTO OL_RUN_INPUT VALUES ('dbql_1', ?), ('dbql_2', ?)", [`${NS}/db.src`, `${NS}/db.src`]);
    await exec("INSERT INTO OL_RUN_OUTPUT VALUES ('dbql_1', ?), ('dbql_2', ?)", [`${NS}/db.view`, `${NS}/db.view`]);
    const edge = (id: string, run: string | null, from: string, to: string, active: string, discovered: Date) =>
      exec("INSERT INTO OL_COLUMN_LINEAGE (lineage_id, run_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, discovered_at, is_active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'DIRECT', ?, ?)", [
        id,
        run,
        NS,
        from.split('.').slice(0, 2).join('.'),
        from.split('.')[2],
        NS,
        to.split('.').slice(0, 2).join('.'),
        to.split('.')[2],
        discovered,
        active,
      ]);
    await edge('old', 'dbql_1', 'db.src.a', 'db.view.x', 'N', T(10));
    await edge('new', 'dbql_2', 'db.src.b', 'db.view.x', 'Y', T(10));
    // an inactive edge nothing later explains, and one with no run (a manual edge)
    await edge('lonely', 'dbql_3', 'db.src.a', 'db.other.y', 'N', T(10));
    await edge('manual', null, 'db.src.b', 'db.other.y', 'Y', T(9));
    for (const m of readMigrations('embedded').filter((x) => x.version === 8)) for (const s of m.statements) await db.port.execute(s);
  });
  afterEach(() => db.cleanup());

  it('dates each edge from its first run, ends an inactive one at the next definition of its target, and leaves what it cannot date empty', async () => {
    const rows = await db.port.query('SELECT lineage_id, valid_from, valid_to, opened_by, closed_by FROM OL_COLUMN_LINEAGE ORDER BY lineage_id');
    expect(rows).toEqual([
      // no later run wrote an edge still active into db.other: an empty interval (in no answer as of any instant)
      { lineage_id: 'lonely', valid_from: T(7), valid_to: T(7), opened_by: 'dbql_3', closed_by: null },
      { lineage_id: 'manual', valid_from: T(9), valid_to: null, opened_by: null, closed_by: null },
      { lineage_id: 'new', valid_from: T(5), valid_to: null, opened_by: 'dbql_2', closed_by: null },
      // ended by the run of the edge that replaced it (its closing run is not known)
      { lineage_id: 'old', valid_from: T(1), valid_to: T(5), opened_by: 'dbql_1', closed_by: null },
    ]);
  });

  it('dates a field from its first edge, a dataset from its first run or field, and leaves the dictionary’s alone undated', async () => {
    const fields = await db.port.query('SELECT field_name, valid_from, valid_to FROM OL_DATASET_FIELD ORDER BY field_id');
    expect(fields).toEqual([
      { field_name: 'z', valid_from: null, valid_to: null },
      { field_name: 'a', valid_from: T(1), valid_to: null },
      { field_name: 'b', valid_from: T(5), valid_to: null },
      { field_name: 'x', valid_from: T(1), valid_to: null },
    ]);
    const datasets = await db.port.query('SELECT name, valid_from FROM OL_DATASET ORDER BY name');
    expect(datasets).toEqual([
      { name: 'db.dictionary_only', valid_from: null },
      { name: 'db.other', valid_from: null },
      { name: 'db.src', valid_from: T(1) },
      { name: 'db.view', valid_from: T(1) },
    ]);
    expect(await db.port.query("SELECT schema_version FROM OL_SCHEMA_VERSION WHERE version_id = 8")).toEqual([{ schema_version: '1.7.0' }]);
  });
});
