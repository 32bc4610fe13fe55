import type { Provider } from '@nestjs/common';
import { DatabasePort } from '../database.port.js';
import { DictionaryStatements } from '../dictionary.statements.js';
import { IngestionStatements } from '../ingestion.statements.js';
import { LineageStatements } from '../lineage.statements.js';
import { MarquezStatements } from '../marquez.statements.js';
import { OlStoreStatements } from '../ol-store.statements.js';
import { OpenLineageEmitStatements } from '../openlineage-emit.statements.js';
import { PopulationStatements } from '../population.statements.js';
import { SchemaStatements } from '../schema.statements.js';
import { UsageStatements } from '../usage.statements.js';
import { EMBEDDED_DICTIONARY } from './embedded/dictionary.sql.js';
import { EMBEDDED_INGESTION } from './embedded/ingestion.sql.js';
import { EMBEDDED_LINEAGE } from './embedded/lineage.sql.js';
import { EMBEDDED_MARQUEZ } from './embedded/marquez.sql.js';
import { EMBEDDED_OL_STORE } from './embedded/ol-store.sql.js';
import { EMBEDDED_OPENLINEAGE_EMIT } from './embedded/openlineage-emit.sql.js';
import { EMBEDDED_POPULATION } from './embedded/population.sql.js';
import { EMBEDDED_SCHEMA } from './embedded/schema.sql.js';
import { EMBEDDED_USAGE } from './embedded/usage.sql.js';
import { TERADATA_DICTIONARY } from './teradata/dictionary.sql.js';
import { TERADATA_INGESTION } from './teradata/ingestion.sql.js';
import { TERADATA_LINEAGE } from './teradata/lineage.sql.js';
import { TERADATA_MARQUEZ } from './teradata/marquez.sql.js';
import { TERADATA_OL_STORE } from './teradata/ol-store.sql.js';
import { TERADATA_OPENLINEAGE_EMIT } from './teradata/openlineage-emit.sql.js';
import { TERADATA_POPULATION } from './teradata/population.sql.js';
import { TERADATA_SCHEMA } from './teradata/schema.sql.js';
import { TERADATA_USAGE } from './teradata/usage.sql.js';

/**
 * One provider per statement catalog: the catalog class (`LineageStatements`,
 * …) is its own DI token, and the database module hands every repository the
 * implementation of the engine it opened. Nothing above the port chooses a
 * dialect; this is the only place both dialects' statements meet.
 */
function catalog<T>(token: abstract new () => T, byDialect: { teradata: T; embedded: T }): Provider {
  return { provide: token, inject: [DatabasePort], useFactory: (database: DatabasePort): T => byDialect[database.dialect] };
}

export const STATEMENT_CATALOGS: readonly Provider[] = [
  catalog(DictionaryStatements, { teradata: TERADATA_DICTIONARY, embedded: EMBEDDED_DICTIONARY }),
  catalog(IngestionStatements, { teradata: TERADATA_INGESTION, embedded: EMBEDDED_INGESTION }),
  catalog(LineageStatements, { teradata: TERADATA_LINEAGE, embedded: EMBEDDED_LINEAGE }),
  catalog(MarquezStatements, { teradata: TERADATA_MARQUEZ, embedded: EMBEDDED_MARQUEZ }),
  catalog(OlStoreStatements, { teradata: TERADATA_OL_STORE, embedded: EMBEDDED_OL_STORE }),
  catalog(OpenLineageEmitStatements, { teradata: TERADATA_OPENLINEAGE_EMIT, embedded: EMBEDDED_OPENLINEAGE_EMIT }),
  catalog(PopulationStatements, { teradata: TERADATA_POPULATION, embedded: EMBEDDED_POPULATION }),
  catalog(SchemaStatements, { teradata: TERADATA_SCHEMA, embedded: EMBEDDED_SCHEMA }),
  catalog(UsageStatements, { teradata: TERADATA_USAGE, embedded: EMBEDDED_USAGE }),
];

/** The catalog tokens, for the module's exports. */
export const STATEMENT_CATALOG_TOKENS = [DictionaryStatements, IngestionStatements, LineageStatements, MarquezStatements, OlStoreStatements, OpenLineageEmitStatements, PopulationStatements, SchemaStatements, UsageStatements] as const;
