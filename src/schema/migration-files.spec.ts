import { describe, expect, it } from 'vitest';
import { tableColumns } from '../../test/support/migration-columns.js';
import { describeStatement, MigrationFileError, parseMigration, readMigrations, splitStatements, tablesCreatedBy } from './migration-files.js';

describe('splitStatements', () => {
  it('splits at semicolons that end a line, dropping comments', () => {
    const text = `-- header\nCREATE TABLE A (x INTEGER);\n/* block; comment */\nINSERT INTO A VALUES (1); -- trailing\n\nSELECT 1\nFROM A;`;
    expect(splitStatements(text)).toEqual(['CREATE TABLE A (x INTEGER)', 'INSERT INTO A VALUES (1)', 'SELECT 1\nFROM A']);
  });

  it('keeps semicolons inside quotes, comments and in the middle of a line', () => {
    const text = `INSERT INTO A VALUES ('a;\nb', "c;\n");\nSELECT 'x' AS y; SELECT 2;\nSELECT 3 -- not; the end\n;`;
    expect(splitStatements(text)).toEqual([`INSERT INTO A VALUES ('a;\nb', "c;\n")`, "SELECT 'x' AS y; SELECT 2", 'SELECT 3']);
  });

  it('gives nothing for a text of comments only', () => {
    expect(splitStatements('-- only\n/* comments */\n')).toEqual([]);
  });
});

const header = (v: number, sv: string) => `-- version: ${v}\n-- schema_version: ${sv}\n-- description: Test migration\n`;

describe('parseMigration', () => {
  it('reads the header and the statements', () => {
    const m = parseMigration(
      'V0003__test.sql',
      `${header(3, '1.2.0')}CREATE TABLE OL_T (a INTEGER);\nINSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)\nVALUES (3, '2-0-2', '1.2.0', CURRENT_TIMESTAMP, 'Test migration');\n`,
    );
    expect(m).toMatchObject({ version: 3, schemaVersion: '1.2.0', description: 'Test migration', file: 'V0003__test.sql' });
    expect(m.statements).toHaveLength(2);
  });

  it('refuses a header that does not match the file name, a missing header, a migration that does not record itself', () => {
    const record = (v: number, sv: string) => `INSERT INTO OL_SCHEMA_VERSION VALUES (${v}, '2-0-2', '${sv}', CURRENT_TIMESTAMP, 'x');\n`;
    expect(() => parseMigration('V0004__x.sql', `${header(3, '1.2.0')}${record(3, '1.2.0')}`)).toThrow(MigrationFileError);
    expect(() => parseMigration('V0003__x.sql', `-- version: 3\n${record(3, '1.2.0')}`)).toThrow(/schema_version/);
    expect(() => parseMigration('V0003__x.sql', `${header(3, '1.2.0')}CREATE TABLE OL_T (a INTEGER);\n`)).toThrow(/OL_SCHEMA_VERSION/);
    expect(() => parseMigration('V0003__x.sql', `${header(3, '1.2.0')}${record(3, '1.1.0')}`)).toThrow(/OL_SCHEMA_VERSION/);
  });
});

describe('describeStatement', () => {
  it.each([
    ['CREATE MULTISET TABLE OL_RUN, NO FALLBACK (a INTEGER)', 'create-table', 'OL_RUN'],
    ['CREATE TABLE ol_run (a INTEGER)', 'create-table', 'OL_RUN'],
    ['CREATE INDEX ix_a ON OL_RUN (a)', 'create-index', 'OL_RUN'],
    ['CREATE INDEX ix_a (a) ON OL_RUN', 'create-index', 'OL_RUN'],
    ['DROP INDEX (transformation_type) ON OL_COLUMN_LINEAGE', 'drop-index', 'OL_COLUMN_LINEAGE'],
    ['ALTER TABLE OL_COLUMN_LINEAGE ADD valid_from TIMESTAMP(6)', 'add-column', 'OL_COLUMN_LINEAGE'],
    ['ALTER TABLE OL_DATASET ADD COLUMN valid_to TIMESTAMP', 'add-column', 'OL_DATASET'],
    ['ALTER TABLE OL_RUN_INPUT_V6 RENAME TO OL_RUN_INPUT', 'other', null],
    ["INSERT INTO OL_GRAPH_STATE VALUES (1, 0, CURRENT_TIMESTAMP)", 'insert', 'OL_GRAPH_STATE'],
    ['COMMENT ON TABLE OL_RUN IS \'x\'', 'other', null],
  ])('%s', (sql, kind, table) => {
    expect(describeStatement(sql)).toEqual({ kind, table });
  });
});

describe('the shipped migrations', () => {
  const teradata = readMigrations('teradata');
  const embedded = readMigrations('embedded');

  it('have the same versions, schema versions and descriptions in both dialects', () => {
    const shape = (ms: typeof teradata) => ms.map(({ version, schemaVersion, description }) => ({ version, schemaVersion, description }));
    expect(shape(embedded)).toEqual(shape(teradata));
    expect(shape(teradata).slice(0, 4)).toEqual([
      { version: 1, schemaVersion: '1.0.0', description: 'Initial OpenLineage schema' },
      { version: 2, schemaVersion: '1.1.0', description: 'Population runs, failures, watermarks, locks, graph generation' },
      { version: 3, schemaVersion: '1.2.0', description: 'Drop the secondary index on OL_COLUMN_LINEAGE.transformation_type' },
      { version: 4, schemaVersion: '1.3.0', description: 'Graph change log for the live lineage index' },
    ]);
  });

  it('create the nine OL_* tables of SPEC in V0001 and the five operations tables in V0002, in both dialects', () => {
    for (const ms of [teradata, embedded]) {
      expect(tablesCreatedBy([ms[0]])).toEqual([
        'OL_NAMESPACE',
        'OL_DATASET',
        'OL_DATASET_FIELD',
        'OL_JOB',
        'OL_RUN',
        'OL_RUN_INPUT',
        'OL_RUN_OUTPUT',
        'OL_COLUMN_LINEAGE',
        'OL_SCHEMA_VERSION',
      ]);
      expect(tablesCreatedBy([ms[1]])).toEqual(['OL_POPULATION_RUN', 'OL_POPULATION_FAILURE', 'OL_WATERMARK', 'OL_LOCK', 'OL_GRAPH_STATE']);
    }
  });

  it('declare the same columns, in the same order, for each table in both dialects', () => {
    // a table rebuilt under a new name and renamed back (embedded V0006) ends with the copy's columns; ALTER TABLE … ADD appends
    const byTable = (ms: typeof teradata) => Object.fromEntries([...tableColumns(ms)].map(([table, columns]) => [table, [...columns.keys()]]));
    // Teradata's staging tables (V0005) have no embedded counterpart: the embedded writer needs none.
    const td = Object.fromEntries(Object.entries(byTable(teradata)).filter(([table]) => !table.startsWith('OL_STAGE_')));
    expect(byTable(embedded)).toEqual(td);
    expect(td.OL_COLUMN_LINEAGE).toEqual([
      'lineage_id',
      'run_id',
      'source_namespace',
      'source_dataset',
      'source_field',
      'target_namespace',
      'target_dataset',
      'target_field',
      'transformation_type',
      'transformation_subtype',
      'transformation_description',
      'masking',
      'confidence_score',
      'discovered_at',
      'is_active',
      'valid_from',
      'valid_to',
      'opened_by',
      'closed_by',
    ]);
  });

  it('leave the same tables in both dialects, a rebuilt table in its place (Teradata has its staging tables besides)', () => {
    expect(tablesCreatedBy(embedded)).toEqual(tablesCreatedBy(teradata).filter((t) => !t.startsWith('OL_STAGE_')));
    expect(tablesCreatedBy(embedded).slice(0, 9)).toEqual(tablesCreatedBy([embedded[0]]));
  });

  it('leave the embedded run links without a key (DuckDB holds a key index whole in memory) and every other OL_* key in place', () => {
    const keyed = (ms: typeof embedded) => {
      const keys = new Map<string, boolean>();
      for (const statement of ms.flatMap((m) => m.statements)) {
        const { kind, table } = describeStatement(statement);
        const renamed = /^ALTER TABLE (\w+) RENAME TO (\w+)$/i.exec(statement.trim());
        if (kind === 'create-table' && table) keys.set(table, /PRIMARY KEY/i.test(statement));
        else if (renamed) {
          keys.set(renamed[2].toUpperCase(), keys.get(renamed[1].toUpperCase()) ?? false);
          keys.delete(renamed[1].toUpperCase());
        }
        else if (/^DROP TABLE (\w+)$/i.test(statement.trim())) keys.delete(/^DROP TABLE (\w+)$/i.exec(statement.trim())?.[1].toUpperCase() ?? '');
      }
      return keys;
    };
    const embeddedKeys = keyed(embedded);
    expect(embeddedKeys.get('OL_RUN_INPUT')).toBe(false);
    expect(embeddedKeys.get('OL_RUN_OUTPUT')).toBe(false);
    for (const table of ['OL_NAMESPACE', 'OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_COLUMN_LINEAGE']) expect(embeddedKeys.get(table), table).toBe(true);
    expect([...embeddedKeys.keys()].filter((t) => t.endsWith('_V6'))).toEqual([]);
  });

  it('give each OL_* table the writer inserts into a Teradata staging table with its columns and types, keyed like it', () => {
    const created = teradata.flatMap((m) => m.statements).filter((s) => describeStatement(s).kind === 'create-table');
    const columns = tableColumns(teradata);
    const definition = (table: string) => {
      const statement = created.find((s) => describeStatement(s).table === table);
      if (!statement) return undefined;
      const key = /PRIMARY INDEX \(([^)]*)\)/.exec(statement)?.[1];
      return { columns: [...(columns.get(table) ?? [])].map(([name, type]) => `${name} ${type}`), key };
    };
    const staged = created.map((s) => describeStatement(s).table as string).filter((t) => t.startsWith('OL_STAGE_'));
    expect(staged).toEqual(['OL_STAGE_NAMESPACE', 'OL_STAGE_DATASET', 'OL_STAGE_DATASET_FIELD', 'OL_STAGE_JOB', 'OL_STAGE_RUN', 'OL_STAGE_RUN_INPUT', 'OL_STAGE_RUN_OUTPUT', 'OL_STAGE_COLUMN_LINEAGE', 'OL_STAGE_VALIDITY']);
    for (const stage of staged) {
      expect(created.find((s) => describeStatement(s).table === stage)).toMatch(/^CREATE GLOBAL TEMPORARY MULTISET TABLE \w+, NO FALLBACK, NO LOG \([\s\S]*\) PRIMARY INDEX \([a-z_, ]+\)\nON COMMIT DELETE ROWS$/);
      if (stage === 'OL_STAGE_VALIDITY') continue;
      expect(definition(stage), stage).toEqual(definition(stage.replace('OL_STAGE_', 'OL_')));
    }
  });

  it('give the staged interval updates (V0010) the key and interval columns of the tables they update', () => {
    const columns = tableColumns(teradata);
    const validity = columns.get('OL_STAGE_VALIDITY') ?? new Map<string, string>();
    for (const [table, key] of [['OL_COLUMN_LINEAGE', 'lineage_id'], ['OL_DATASET', 'dataset_id'], ['OL_DATASET_FIELD', 'field_id']] as const) {
      for (const column of ['valid_from', 'valid_to', 'opened_by', 'closed_by']) expect(validity.get(column), `${table}.${column}`).toBe(columns.get(table)?.get(column));
      // the longest key of the three fits
      expect(Number(/VARCHAR\((\d+)\)/.exec(validity.get('item_key') ?? '')?.[1])).toBeGreaterThanOrEqual(Number(/VARCHAR\((\d+)\)/.exec(columns.get(table)?.get(key) ?? '')?.[1]));
    }
  });
});
