import { describe, expect, it } from 'vitest';
import type { DbqlSource } from '../../config/app-config.js';
import { dbqlTables } from '../population.statements.js';
import { EMBEDDED_POPULATION } from './embedded/population.sql.js';
import { TERADATA_POPULATION } from './teradata/population.sql.js';

const SOURCES: readonly DbqlSource[] = [
  { kind: 'dbc', pdcrDatabase: 'PDCRINFO' },
  { kind: 'dbc-views', pdcrDatabase: 'PDCRINFO' },
  { kind: 'pdcr', pdcrDatabase: 'PDCR_HIST' },
];
const BOUNDS = {
  textFrom: new Date('2026-03-01T23:50:00Z'),
  textUntil: new Date('2026-03-02T01:10:00Z'),
  start: new Date('2026-03-02T00:00:00Z'),
  end: new Date('2026-03-02T01:00:00Z'),
};

describe('the DBQL read of each source (POPULATION_DBQL_SOURCE)', () => {
  for (const [dialect, catalog] of [['teradata', TERADATA_POPULATION], ['embedded', EMBEDDED_POPULATION]] as const) {
    it.each(SOURCES.map((s) => [s.kind, s] as const))(`${dialect}: %s reads its own tables and binds one value per marker`, (_kind, source) => {
      const { log, text } = dbqlTables(source);
      const read = catalog.dbqlSlice(source);
      expect(read.sql).toContain(`FROM ${log} l`);
      expect(read.sql).toContain(`LEFT JOIN ${text} s`);
      expect(read.sql.match(/\?/g)).toHaveLength(read.params(BOUNDS).length);
      expect(catalog.dbqlFirstCollect(source)).toMatch(new RegExp(`FROM ${log.replace('.', '\\.')}$`));
      // the objects of the slice's SELECTs: the log joined to its object table, one value per marker
      const objects = catalog.dbqlSelectObjects(source);
      expect(objects.sql).toContain(`FROM ${log} l\nJOIN ${dbqlTables(source).objects} o`);
      expect(objects.sql.match(/\?/g)).toHaveLength(objects.params(BOUNDS).length);
    });
  }

  it('names the tables of each source', () => {
    expect(SOURCES.map(dbqlTables)).toEqual([
      { log: 'DBC.DBQLogTbl', text: 'DBC.DBQLSQLTbl', objects: 'DBC.DBQLObjTbl', logDate: false },
      { log: 'DBC.QryLogV', text: 'DBC.QryLogSQLV', objects: 'DBC.QryLogObjectsV', logDate: false },
      { log: 'PDCR_HIST.DBQLogTbl_Hst', text: 'PDCR_HIST.DBQLSqlTbl_Hst', objects: 'PDCR_HIST.DBQLObjTbl_Hst', logDate: true },
    ]);
  });

  it('on PDCR, bounds every range by LogDate as well, a day either side, so the read touches a few partitions', () => {
    const read = TERADATA_POPULATION.dbqlSlice(SOURCES[2]);
    expect(read.sql.match(/\b[ls]\.LogDate BETWEEN CAST\(\? AS DATE\) AND CAST\(\? AS DATE\)/g)).toHaveLength(3);
    const params = read.params(BOUNDS) as Date[];
    const day = 86_400_000;
    expect(params.map((d) => d.toISOString())).toEqual(
      [BOUNDS.textFrom, BOUNDS.textUntil, new Date(BOUNDS.textFrom.getTime() - day), new Date(BOUNDS.textUntil.getTime() + day), BOUNDS.start, BOUNDS.end, new Date(BOUNDS.start.getTime() - day), new Date(BOUNDS.end.getTime() + day), BOUNDS.start, BOUNDS.end, new Date(BOUNDS.start.getTime() - day), new Date(BOUNDS.end.getTime() + day)].map((d) => d.toISOString()),
    );
    expect(TERADATA_POPULATION.dbqlSlice(SOURCES[0]).sql).not.toContain('LogDate');
    // the objects' read: the object rows' range (the slice widened) then the log's, each with its days
    const objects = TERADATA_POPULATION.dbqlSelectObjects(SOURCES[2]);
    expect(objects.sql.match(/\b[lo]\.LogDate BETWEEN CAST\(\? AS DATE\) AND CAST\(\? AS DATE\)/g)).toHaveLength(2);
    expect((objects.params(BOUNDS) as Date[]).map((d) => d.toISOString())).toEqual(params.slice(0, 8).map((d) => d.toISOString()));
    expect(objects.sql).toMatch(/^LOCKING ROW FOR ACCESS\n/);
  });
});
