import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { type AppConfig, buildAppConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { ExtractedEdge } from '../../src/population/extraction/extraction.types.js';
import type { ExtractionOutcome, ExtractionRequest, LineageExtractor } from '../../src/population/lineage-extractor.js';
import { LineageExtractorFactory } from '../../src/population/lineage-extractor.js';
import { PopulationMetadataSource } from '../../src/population/population-metadata.js';
import { PopulationModule } from '../../src/population/population.module.js';
import type { DictionaryColumn } from '../../src/schema/dictionary.repository.js';
import { SchemaModule } from '../../src/schema/schema.module.js';
import { OlStoreWriter } from '../../src/ol-store/ol-store.writer.js';
import { DatabasePort } from '../../src/teradata/database.port.js';
import { TeradataModule } from '../../src/teradata/teradata.module.js';
import type { TestingModule } from '@nestjs/testing';

/** Validated configuration as environment variables would give it (embedded engine, no Redis, no schedule unless asked). */
export function populationTestConfig(env: Record<string, string> = {}): AppConfig {
  const all = { REDIS_ADDR: '', ...env };
  const config = buildAppConfig(
    loadConfig({
      env: {
        EMBEDDED_DATABASE_PATH: ':memory:',
        EMBEDDED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        POPULATION_BATCH_SIZE: '10',
        ...all,
      },
    }),
  );
  // the loader reads an explicitly empty REDIS_ADDR as "default"; here empty means "no Redis"
  if (all.REDIS_ADDR === '') Object.assign(config.redis, { addr: '' });
  return config;
}

/**
 * The extraction boundary for tests of the run machinery: understands
 * `INSERT INTO t (a, b) SELECT x, y FROM s` and `REPLACE VIEW v (a, b) AS
 * SELECT x, y FROM s` (column i of the target from column i of the source),
 * answers EXTRACTION_PARSE_ERROR for text containing BROKEN and
 * EXTRACTION_TIMEOUT for SLOW. Counts the statements it was asked about.
 */
export class ScriptedExtractorFactory extends LineageExtractorFactory {
  requests: ExtractionRequest[] = [];
  opened = 0;
  closed = 0;

  async open(): Promise<LineageExtractor> {
    this.opened++;
    return {
      extract: async (requests) => {
        this.requests.push(...requests);
        return requests.map((r) => scriptedOutcome(r.sql));
      },
      close: async () => {
        this.closed++;
      },
    };
  }
}

export function scriptedOutcome(sql: string): ExtractionOutcome {
  const base = { statementType: null, inTables: [], outTables: [], columnEdges: [], warnings: [] };
  if (/BROKEN/.test(sql)) return { ...base, error: { code: 'EXTRACTION_PARSE_ERROR', message: `Unexpected token near "BROKEN"` } };
  if (/SLOW/.test(sql)) return { ...base, error: { code: 'EXTRACTION_TIMEOUT', message: 'Extraction exceeded its deadline of 5000 ms' } };
  const m = /^\s*(?:INSERT\s+INTO|REPLACE\s+VIEW)\s+([\w.]+)\s*\(([^)]*)\)\s*(?:AS\s+)?SELECT\s+(.+?)\s+FROM\s+([\w.]+)/is.exec(sql);
  if (!m) return { ...base, statementType: 'OTHER' };
  const [, target, targetCols, sourceCols, source] = m;
  const tcols = targetCols.split(',').map((c) => c.trim());
  const scols = sourceCols.split(',').map((c) => c.trim());
  if (scols.length !== tcols.length) return { ...base, statementType: 'OTHER' };
  const edges: ExtractedEdge[] = tcols.map((t, i) => ({
    source: { dataset: source, field: scols[i] },
    target: { dataset: target, field: t },
    transformationType: 'DIRECT',
    transformationSubtype: 'IDENTITY',
    description: null,
    masking: false,
    confidence: 0.9,
  }));
  return { ...base, statementType: /^\s*REPLACE/i.test(sql) ? 'REPLACE_VIEW' : 'INSERT', inTables: [source], outTables: [target], columnEdges: edges };
}

export class StaticMetadataSource extends PopulationMetadataSource {
  constructor(private readonly list: DictionaryColumn[] = []) {
    super();
  }
  async columns(): Promise<readonly DictionaryColumn[]> {
    return this.list;
  }
}

export interface PopulationTestModule {
  readonly module: TestingModule;
  readonly extractor: ScriptedExtractorFactory;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Population as the app wires it, on a given database port: the real
 * services, repositories and writer; the extraction engine behind the
 * scripted boundary unless `extractor` is given.
 */
export async function createPopulationTestModule(options: {
  port: DatabasePort;
  env?: Record<string, string>;
  writer?: new (port: DatabasePort) => OlStoreWriter;
  extractor?: LineageExtractorFactory;
  metadata?: DictionaryColumn[];
  /** Read the dictionary through the Schema module (DictionaryRepository) instead of `metadata`. */
  realDictionary?: boolean;
  app?: boolean;
}): Promise<PopulationTestModule> {
  const config = populationTestConfig(options.env);
  const WriterClass = options.writer ?? OlStoreWriter;
  /** Stands in for TeradataModule: the given port, wherever the database module is imported. */
  @Global()
  @Module({
    providers: [{ provide: DatabasePort, useValue: options.port }],
    exports: [DatabasePort],
  })
  class TestDatabaseModule {}
  const extractor = options.extractor ?? new ScriptedExtractorFactory();
  let builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      TestDatabaseModule,
      ...(options.realDictionary ? [SchemaModule.forRoot({ autoMigrate: false })] : []),
      ...(options.app ? [ScheduleModule.forRoot(), PopulationModule.forApp()] : [PopulationModule.forCli()]),
    ],
  })
    .overrideModule(TeradataModule)
    .useModule(TestDatabaseModule)
    .overrideProvider(OlStoreWriter)
    .useFactory({ factory: () => new WriterClass(options.port) })
    .overrideProvider(LineageExtractorFactory)
    .useValue(extractor);
  if (!options.realDictionary) builder = builder.overrideProvider(PopulationMetadataSource).useValue(new StaticMetadataSource(options.metadata ?? []));
  const module = await builder.compile();
  await module.init();
  return {
    module,
    extractor: extractor as ScriptedExtractorFactory,
    get: (token) => module.get(token as never),
    close: () => module.close(),
  };
}
