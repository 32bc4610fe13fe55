import type { DbqlSource } from '../../src/config/app-config.js';
import type { DatabaseNameLists } from '../../src/teradata/dictionary.statements.js';
import { TERADATA_DICTIONARY } from '../../src/teradata/sql/teradata/dictionary.sql.js';
import { TERADATA_INGESTION } from '../../src/teradata/sql/teradata/ingestion.sql.js';
import { TERADATA_LINEAGE } from '../../src/teradata/sql/teradata/lineage.sql.js';
import { TERADATA_MARQUEZ } from '../../src/teradata/sql/teradata/marquez.sql.js';
import { TERADATA_OL_STORE } from '../../src/teradata/sql/teradata/ol-store.sql.js';
import { TERADATA_OPENLINEAGE_EMIT } from '../../src/teradata/sql/teradata/openlineage-emit.sql.js';
import { TERADATA_POPULATION } from '../../src/teradata/sql/teradata/population.sql.js';
import { DATABASE_VERSION, SESSION_TIME_ZONE_UTC } from '../../src/teradata/sql/teradata/session.sql.js';
import { TERADATA_SCHEMA } from '../../src/teradata/sql/teradata/schema.sql.js';
import { TERADATA_USAGE } from '../../src/teradata/sql/teradata/usage.sql.js';

export interface NamedStatement {
  /** `catalog.statement`, e.g. `lineage.edgesInto`. */
  readonly name: string;
  readonly sql: string;
}

const CATALOGS: Record<string, object> = {
  lineage: TERADATA_LINEAGE,
  marquez: TERADATA_MARQUEZ,
  population: TERADATA_POPULATION,
  olStore: TERADATA_OL_STORE,
  ingestion: TERADATA_INGESTION,
  openLineageEmit: TERADATA_OPENLINEAGE_EMIT,
  schema: TERADATA_SCHEMA,
  dictionary: TERADATA_DICTIONARY,
  usage: TERADATA_USAGE,
};

/** Entries of the catalogs that are functions, each with the statements it can build (or none: not SQL). */
const NAME_LISTS: DatabaseNameLists[] = [
  { include: 0, exclude: 0 },
  { include: 2, exclude: 1 },
];
/** Every DBQL source (POPULATION_DBQL_SOURCE), PDCR in its default database. */
export const DBQL_SOURCES: readonly DbqlSource[] = [
  { kind: 'dbc', pdcrDatabase: 'PDCRINFO' },
  { kind: 'dbc-views', pdcrDatabase: 'PDCRINFO' },
  { kind: 'pdcr', pdcrDatabase: 'PDCRINFO' },
];
const BUILDERS: Record<string, () => NamedStatement[]> = {
  'population.dbqlFirstCollect': () => DBQL_SOURCES.map((source) => ({ name: `population.dbqlFirstCollect(${source.kind})`, sql: TERADATA_POPULATION.dbqlFirstCollect(source) })),
  'population.dbqlSlice': () =>
    DBQL_SOURCES.flatMap((source) => [false, true].map((selects) => ({ name: `population.dbqlSlice(${source.kind}${selects ? ', selects' : ''})`, sql: TERADATA_POPULATION.dbqlSlice(source, { selects }).sql }))),
  'population.dbqlNextCollect': () => DBQL_SOURCES.map((source) => ({ name: `population.dbqlNextCollect(${source.kind})`, sql: TERADATA_POPULATION.dbqlNextCollect(source).sql })),
  'olStore.setValidities': () => {
    const v = TERADATA_OL_STORE.setValidities;
    if (v.kind !== 'staged') return [];
    return [
      { name: 'olStore.setValidities.stage', sql: v.stage },
      { name: 'olStore.setValidities.clear', sql: v.clear },
      ...Object.entries(v.apply).map(([kind, sql]) => ({ name: `olStore.setValidities.apply${kind}`, sql })),
    ];
  },
  'population.dbqlSelectObjects': () => DBQL_SOURCES.map((source) => ({ name: `population.dbqlSelectObjects(${source.kind})`, sql: TERADATA_POPULATION.dbqlSelectObjects(source).sql })),
  // how dbqlObjects binds its query ids ('in'): not SQL
  'population.dbqlObjectIds': () => [],
  'population.dbqlObjects': () => DBQL_SOURCES.map((source) => ({ name: `population.dbqlObjects(${source.kind})`, sql: TERADATA_POPULATION.dbqlObjects(source) })),
  'usage.impactReaders': () => (['fields', 'datasets'] as const).map((level) => ({ name: `usage.impactReaders.${level}`, sql: TERADATA_USAGE.impactReaders[level] })),
  'schema.existingTablesParams': () => [],
  'dictionary.columns': () =>
    (['ColumnsJQV', 'ColumnsV'] as const).flatMap((view) =>
      NAME_LISTS.flatMap((n) =>
        [false, true].map((altered) => ({ name: `dictionary.columns(${view}, ${n.include} included, ${n.exclude} excluded${altered ? ', altered since' : ''})`, sql: TERADATA_DICTIONARY.columns(view, n, altered) })),
      ),
    ),
  // SHOW VIEW "db"."v": polyglot 0.12 reads only one bare name after SHOW VIEW; src/schema/teradata-statements.parse.spec.ts checks it apart
  'dictionary.showView': () => [],
  // SHOW TABLE "db"."t": the same gap as SHOW VIEW, checked apart in the same spec
  'dictionary.showTable': () => [],
  'dictionary.tables': () => NAME_LISTS.map((n) => ({ name: `dictionary.tables(${n.include} included, ${n.exclude} excluded)`, sql: TERADATA_DICTIONARY.tables(n) })),
};

/** An entry made of statements (a staged bulk insert: stage, apply, clear…), with at most a `kind` tag beside them. */
function isStatementGroup(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * Every statement the Teradata adapter can send from the Teradata catalogs
 * (function-valued entries with each shape they build) and the session
 * statement it sends at logon. Throws on a function-valued entry nobody
 * listed, so a new one cannot slip past the tests that use this list.
 */
export function teradataStatements(): NamedStatement[] {
  const out: NamedStatement[] = [];
  for (const [catalog, entries] of Object.entries(CATALOGS)) {
    for (const [key, value] of Object.entries(entries)) {
      const name = `${catalog}.${key}`;
      if (BUILDERS[name]) out.push(...BUILDERS[name]());
      // a statement this dialect does without (lineage.edgeRanks: the rank is the lineage id)
      else if (value === null) continue;
      else if (typeof value === 'string') out.push({ name, sql: value });
      else if (isStatementGroup(value)) out.push(...Object.entries(value).filter(([part]) => part !== 'kind').map(([part, sql]) => ({ name: `${name}.${part}`, sql })));
      else throw new Error(`teradataStatements: ${name} is not a string; list the statements it builds in BUILDERS`);
    }
  }
  out.push({ name: 'session.timeZone', sql: SESSION_TIME_ZONE_UTC }, { name: 'session.version', sql: DATABASE_VERSION });
  return out;
}
