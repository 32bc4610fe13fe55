import { describe, expect, it } from 'vitest';
import { SYSTEM_DATABASES } from '../teradata/dictionary.statements.js';
import { databaseFilter, databaseNameLists, readableType } from './dictionary.repository.js';

describe('readableType', () => {
  it.each([
    [['CV', 100, null, null], 'VARCHAR(100)'],
    [['CF', 1, null, null], 'CHAR(1)'],
    [['I ', 4, null, null], 'INTEGER'],
    [['I1', 1, null, null], 'BYTEINT'],
    [['I2', 2, null, null], 'SMALLINT'],
    [['I8', 8, null, null], 'BIGINT'],
    [['D', 8, 18, 2], 'DECIMAL(18,2)'],
    [['N', 16, 12, 4], 'NUMBER(12,4)'],
    [['N', 16, -128, -128], 'NUMBER'],
    [['F', 8, null, null], 'FLOAT'],
    [['DA', 4, null, null], 'DATE'],
    [['TS', 26, null, 6], 'TIMESTAMP(6)'],
    [['TS', 19, null, 0], 'TIMESTAMP(0)'],
    [['AT', 15, null, 6], 'TIME(6)'],
    [['SZ', 32, null, 6], 'TIMESTAMP(6) WITH TIME ZONE'],
    [['BF', 16, null, null], 'BYTE(16)'],
    [['BV', 64, null, null], 'VARBYTE(64)'],
    [['CO', 2097088000, null, null], 'CLOB'],
    [['JN', 16000, null, null], 'JSON'],
    [['PD', 8, null, null], 'PERIOD(DATE)'],
    [['++', null, null, null], '++'],
    [[null, null, null, null], null],
    [['  ', null, null, null], null],
  ] as const)('%j → %s', (args, expected) => {
    expect(readableType(...(args as unknown as Parameters<typeof readableType>))).toBe(expected);
  });
});

describe('readableType of character columns: DBC.ColumnsV reports ColumnLength in bytes', () => {
  it.each([
    [['CV', 200, null, null, 2], 'VARCHAR(100)'],
    [['CF', 20, null, null, 2], 'CHAR(10)'],
    [['CV', 64, null, null, 4], 'VARCHAR(32)'],
    [['CV', 100, null, null, 1], 'VARCHAR(100)'],
    [['CV', 100, null, null, 3], 'VARCHAR(100)'],
    [['CV', 100, null, null, null], 'VARCHAR(100)'],
    [['I', 4, null, null, null], 'INTEGER'],
  ] as const)('%j → %s', (args, expected) => {
    expect(readableType(...(args as unknown as Parameters<typeof readableType>))).toBe(expected);
  });
});

describe('databaseNameLists (the part of the database filter a dictionary read can do in SQL)', () => {
  it('sends plain names, lower-case: the include list, and the plain names of the exclude list', () => {
    expect(databaseNameLists([' Core ', 'MART_Sales', ''], ['Tmp', '*_finance'])).toEqual({ include: ['core', 'mart_sales'], exclude: ['tmp'] });
  });

  it('sends no include list when one include is a pattern (only the rows read can be matched against it)', () => {
    expect(databaseNameLists(['core', 'mart_*'], [])).toEqual({ include: [], exclude: [] });
    expect(databaseNameLists(['stg_cr?'], ['x'])).toEqual({ include: [], exclude: ['x'] });
  });
});

describe('databaseFilter', () => {
  it('always excludes the Teradata system databases, whatever the case and the include patterns', () => {
    const keep = databaseFilter(['*'], []);
    for (const name of ['DBC', 'dbc', 'SYSLIB', 'SystemFe', 'TD_SYSFNLIB', 'SYSUDTLIB', 'Sys_Calendar', 'TDStats', 'SYSBAR', 'SYSSPATIAL', 'SQLJ', 'SysAdmin', 'TDQCD', 'TDMaps', 'TD_SERVER_DB', 'dbcmngr', 'LockLogShredder', 'SYSJDBC', 'SYSUIF', 'TD_SYSGPL', 'TD_SYSXML', 'TDPUSER', 'console', 'Crashdumps', 'External_AP', 'PUBLIC', 'All', 'Default', 'EXTUSER']) {
      expect(SYSTEM_DATABASES.map((d) => d.toLowerCase())).toContain(name.toLowerCase());
      expect(keep(name)).toBe(false);
    }
    expect(keep('core')).toBe(true);
  });

  it('keeps everything else when no pattern is given', () => {
    const keep = databaseFilter([], []);
    expect(['core', 'mart_sales', 'stg_crm'].map(keep)).toEqual([true, true, true]);
  });

  it('applies include patterns with * and ?, case-insensitive, then exclude patterns', () => {
    const keep = databaseFilter(['mart_*', 'CORE', 'stg_cr?'], ['*_finance']);
    expect(keep('mart_sales')).toBe(true);
    expect(keep('MART_SALES')).toBe(true);
    expect(keep('core')).toBe(true);
    expect(keep('stg_crm')).toBe(true);
    expect(keep('stg_sales')).toBe(false);
    expect(keep('mart_finance')).toBe(false);
    expect(keep('core_archive')).toBe(false);
  });

  it('treats regular-expression characters in patterns literally', () => {
    const keep = databaseFilter(['a.b'], []);
    expect(keep('a.b')).toBe(true);
    expect(keep('axb')).toBe(false);
  });

  it('ignores names padded with blanks as Teradata returns them', () => {
    expect(databaseFilter(['core'], [])('core      ')).toBe(true);
    expect(databaseFilter([], [])('DBC   ')).toBe(false);
  });
});
