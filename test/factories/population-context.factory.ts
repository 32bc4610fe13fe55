import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { type AppConfig, buildAppConfig } from '../../src/config/app-config.js';
import { Clock } from '../../src/common/clock.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { ExtractedEdge } from '../../src/population/extraction/extraction.types.js';
import type { ExtractionOutcome, ExtractionRequest, LineageExtractor } from '../../src/population/lineage-extractor.js';
import { LineageExtractorFactory } from '../../src/population/lineage-extractor.js';
import { OlStoreWriter } from '../../src/ol-store/ol-store.writer.js';
import { PopulationMetadataSource } from '../../src/population/population-metadata.js';
import { PopulationModule, PopulationTriggersModule } from '../../src/population/population.module.js';
import type { DictionaryColumn, ViewDefinition } from '../../src/schema/dictionary.repository.js';
import { DatabasePort } from '../../src/teradata/database.port.js';
import { OlStoreStatements } from '../../src/teradata/ol-store.statements.js';
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
        // the run machinery's tests are about lineage; usage has its own (test/medium/population/usage-aggregation.spec.ts)
        USAGE_ENABLED: 'false',
        QVCI_CHECK_SCHEDULE: '',
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

/** A dictionary of the given columns and no views (tests of DBQL runs that are not about views). */
export class StaticMetadataSource extends PopulationMetadataSource {
  constructor(private readonly list: DictionaryColumn[] = []) {
    super();
  }
  async columns(): Promise<readonly DictionaryColumn[]> {
    return this.list;
  }
  /** A static dictionary never changes: everything on a whole read, nothing altered since. */
  async columnsAlteredSince(since: Date | null): Promise<{ columns: readonly DictionaryColumn[]; newest: Date | null }> {
    return since === null ? { columns: this.list, newest: new Date(0) } : { columns: [], newest: null };
  }
  async *viewDefinitions(): AsyncGenerator<readonly ViewDefinition[]> {
    // no views
  }
  async viewText(): Promise<string | null> {
    return null;
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
  writer?: new (port: DatabasePort, sql: OlStoreStatements) => OlStoreWriter;
  extractor?: LineageExtractorFactory;
  metadata?: DictionaryColumn[];
  /** Read the dictionary through the Schema module (DictionaryRepository) instead of `metadata`. */
  realDictionary?: boolean;
  app?: boolean;
  /** The instant the run believes it is (default: the system clock). */
  now?: Date;
}): Promise<PopulationTestModule> {
  const config = populationTestConfig(options.env);
  const extractor = options.extractor ?? new ScriptedExtractorFactory();
  let builder = Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), ...(options.app ? [ScheduleModule.forRoot(), PopulationTriggersModule] : [PopulationModule])],
  })
    // the test owns the port (the database module closes only a port it opened)
    .overrideProvider(DatabasePort)
    .useValue(options.port)
    .overrideProvider(LineageExtractorFactory)
    .useValue(extractor);
  const WriterClass = options.writer;
  if (WriterClass) {
    builder = builder
      .overrideProvider(OlStoreWriter)
      .useFactory({ factory: (port: DatabasePort, sql: OlStoreStatements) => new WriterClass(port, sql), inject: [DatabasePort, OlStoreStatements] });
  }
  const now = options.now;
  if (now) builder = builder.overrideProvider(Clock).useValue({ now: () => new Date(now) });
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
