import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import type { LoadedConfig } from './config.loader.js';

/** Typed slices of the validated configuration; each class is its own DI token. */
export class DatabaseConfig {
  /** Undefined = the embedded engine. */
  host?: string;
  user: string;
  password?: string;
  database: string;
  port: number;
  logmech: string;
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutS: number;
  retryAttempts: number;
  /** TERADATA_REQUEST_BYTES: a cap on the row data of one iterated request (0: the database release's limit). */
  requestBytes: number;
  embeddedPath: string;
  /** DuckDB's memory_limit for the embedded engine, MB. */
  embeddedMemoryLimitMb: number;
  /** DuckDB's checkpoint_threshold for the embedded engine, MB: the ceiling past quiet checkpoints (CheckpointPolicy). */
  embeddedCheckpointMb: number;
  embeddedDemo: boolean;
  get engine(): 'teradata' | 'embedded' {
    return this.host ? 'teradata' : 'embedded';
  }
  private storeKeyValue?: string;
  /**
   * A short key naming the lineage store (the Teradata database, or the
   * embedded file): keys in a shared Redis (cache, lock, rate limits) carry
   * it, so deployments sharing a Redis never mix two stores.
   */
  get storeKey(): string {
    if (this.storeKeyValue === undefined) {
      const store =
        this.engine === 'embedded'
          ? `embedded:${this.embeddedPath === ':memory:' ? `memory:${randomUUID()}` : resolve(this.embeddedPath)}`
          : `teradata:${this.host}:${this.port}/${this.database}`.toLowerCase();
      this.storeKeyValue = createHash('sha256').update(store).digest('hex').slice(0, 16);
    }
    return this.storeKeyValue;
  }
  /** OpenLineage namespace URI of the warehouse lineage is mined from. */
  get namespaceUri(): string {
    return this.host ? `teradata://${this.host}:${this.port}` : 'teradata://demo-warehouse:1025';
  }
}

export class HttpConfig {
  port: number;
  /** Express's `trust proxy`: false (none), a hop count, or addresses/subnets. */
  trustProxy: false | number | readonly string[];
  apiKeys: readonly string[];
  bodyLimitKb: number;
  rateLimitTtlSeconds: number;
  rateLimitMax: number;
  rateLimitStore: 'memory' | 'redis';
  logLevel: string;
  /** LOG_FORMAT: auto is decided where the log is written (a terminal: pretty). */
  logFormat: 'auto' | 'json' | 'pretty';
  /** NO_COLOR set: never colour, even on a terminal. */
  noColor: boolean;
  shutdownTimeoutMs: number;
  metricsEnabled: boolean;
  metricsPath: string;
}

export class RedisConfig {
  /** Empty = Redis disabled. */
  addr: string;
  password: string;
  db: number;
  connectTimeoutMs: number;
  cacheTtlSeconds: number;
  get enabled(): boolean {
    return this.addr !== '';
  }
}

export class LineageConfig {
  maxDepthLimit: number;
  defaultMaxDepth: number;
  minMaxDepth: number;
  nodeCap: number;
  /** Render threads asked for (0 = walk and render on the main thread). */
  renderThreads: number;
  /** Cores this process may use (os.availableParallelism()): render threads stay one fewer. */
  cores: number;
  /** Where the index's base is saved and started from; '' = no snapshot (LINEAGE_INDEX_SNAPSHOT). */
  indexSnapshotPath: string;
  /** A new snapshot at most this long after the last one when the graph changed. */
  indexSnapshotMinutes: number;
  /** Days of history kept (LINEAGE_HISTORY_DAYS); undefined = everything. */
  historyDays?: number;
  /** POST /api/v1/lineage normalises what Marquez accepts and the schema refuses (lenient-event.ts). */
  openLineageLenient: boolean;
  /** Largest event kept as received in OL_EVENT, in KiB. */
  openLineageEventKeepKb: number;
}

/** The DBQL tables a run reads (POPULATION_DBQL_SOURCE); `pdcrDatabase` is a validated plain name. */
export interface DbqlSource {
  readonly kind: 'dbc' | 'dbc-views' | 'pdcr';
  readonly pdcrDatabase: string;
}

export class PopulationConfig {
  schedule: string;
  batchSize: number;
  /** Teradata store: OL_* rows a DBQL run holds before it commits them (0 = every batch). */
  flushRows: number;
  /** The same on the embedded engine. */
  embeddedFlushRows: number;
  lookbackHours: number;
  /** DBQLFlushRate of the system: DBQL writes a cached row at most this long after collecting it. */
  dbqlFlushSeconds: number;
  dbqlMarginSeconds: number;
  /** Re-read before the watermark each run. */
  dbqlOverlapSeconds: number;
  /** Minutes east of UTC of the clock DBQL stamps its rows with (the system's time zone). */
  dbqlUtcOffsetMinutes: number;
  /** Where DBQL is read: the DBC tables, their QryLog views, or the PDCR history tables (in `pdcrDatabase`). */
  dbqlSource: DbqlSource;
  /** POPULATION_DBQL_SLICE_ROWS: log rows a DBQL slice aims at (0: the engine's default, see DbqlRepository). */
  dbqlSliceRows: number;
  /** Mine the view definitions altered since the last run at the start of each DBQL run. */
  viewDefinitions: boolean;
  /** Hours between whole reads of the dictionary; the runs in between read what was altered (0 = always whole). */
  dictionaryRefreshHours: number;
  extractionWorkers: number;
  extractionDeadlineMs: number;
}

/** Column usage (USAGE_*, issue 21). */
export class UsageConfig {
  /** DBQL runs mine SELECTs and read sides into daily usage. */
  enabled: boolean;
  source: 'auto' | 'parse' | 'dbqlobj';
  /** API keys whose callers may see user names. */
  userKeys: readonly string[];
  unusedDays: number;
}

export class SchemaConfig {
  qvciCheckSchedule: string;
  includeDatabases: readonly string[];
  excludeDatabases: readonly string[];
}

export class AdminConfig {
  user: string;
  /** Undefined = generated at start. */
  password?: string;
  sessionSecret?: string;
}

/** Where and how population runs are sent as OpenLineage events (OPENLINEAGE_*); `url` empty = emission off. */
export class OpenLineageEmitConfig {
  url: string;
  /** Empty = no Authorization header. */
  apiKey: string;
  endpoint: string;
  batchSize: number;
  timeoutMs: number;
  retryMaxSeconds: number;
  pollSeconds: number;
  get enabled(): boolean {
    return this.url !== '';
  }
  /** The URL events are POSTed to: the endpoint path resolved against the base URL (as a directory). */
  get target(): string {
    const base = this.url.endsWith('/') ? this.url : `${this.url}/`;
    return new URL(this.endpoint.replace(/^\/+/, ''), base).toString();
  }
}

export interface AppConfig {
  readonly database: DatabaseConfig;
  readonly http: HttpConfig;
  readonly redis: RedisConfig;
  readonly lineage: LineageConfig;
  readonly population: PopulationConfig;
  readonly schema: SchemaConfig;
  readonly admin: AdminConfig;
  readonly openLineageEmit: OpenLineageEmitConfig;
  readonly usage: UsageConfig;
  readonly warnings: readonly string[];
}

/** LINEAGE_INDEX_SNAPSHOT resolved: auto = beside the embedded database file (none for an in-memory one or on Teradata), off = none. */
function snapshotPath(setting: string, teradataHost: string | undefined, embeddedPath: string): string {
  if (setting.toLowerCase() === 'off') return '';
  if (setting.toLowerCase() !== 'auto') return resolve(setting);
  return teradataHost !== undefined || embeddedPath === ':memory:' ? '' : `${resolve(embeddedPath)}.index`;
}

function make<T extends object>(cls: new () => T, fields: Partial<T>): T {
  return Object.assign(new cls(), fields);
}

export function buildAppConfig(loaded: LoadedConfig): AppConfig {
  const v = loaded.values;
  const str = (k: string) => v[k] as string;
  const optional = (k: string) => ((v[k] as string | undefined) === '' ? undefined : (v[k] as string | undefined));
  const num = (k: string) => v[k] as number;
  const bool = (k: string) => v[k] as boolean;
  const list = (k: string) => (v[k] as readonly string[] | undefined) ?? [];
  return {
    database: make(DatabaseConfig, {
      host: optional('TERADATA_HOST'),
      user: str('TERADATA_USER'),
      password: optional('TERADATA_PASSWORD'),
      database: str('TERADATA_DATABASE'),
      port: num('TERADATA_PORT'),
      logmech: str('TERADATA_LOGMECH'),
      poolSize: num('TERADATA_POOL_SIZE'),
      connectTimeoutMs: num('TERADATA_CONNECT_TIMEOUT_MS'),
      queryTimeoutS: num('TERADATA_QUERY_TIMEOUT_S'),
      retryAttempts: num('TERADATA_RETRY_ATTEMPTS'),
      requestBytes: num('TERADATA_REQUEST_BYTES'),
      embeddedPath: str('EMBEDDED_DATABASE_PATH'),
      embeddedMemoryLimitMb: num('EMBEDDED_MEMORY_LIMIT_MB'),
      embeddedCheckpointMb: num('EMBEDDED_CHECKPOINT_MB'),
      embeddedDemo: bool('EMBEDDED_DEMO'),
    }),
    http: make(HttpConfig, {
      port: num('API_PORT'),
      apiKeys: list('API_KEYS'),
      bodyLimitKb: num('API_BODY_LIMIT_KB'),
      trustProxy: v.TRUST_PROXY === '' || v.TRUST_PROXY === undefined ? false : (v.TRUST_PROXY as number | readonly string[]),
      rateLimitTtlSeconds: num('RATE_LIMIT_TTL_SECONDS'),
      rateLimitMax: num('RATE_LIMIT_MAX'),
      rateLimitStore: str('RATE_LIMIT_STORE') as 'memory' | 'redis',
      logLevel: str('LOG_LEVEL'),
      logFormat: str('LOG_FORMAT') as 'auto' | 'json' | 'pretty',
      noColor: (str('NO_COLOR') ?? '') !== '',
      shutdownTimeoutMs: num('SHUTDOWN_TIMEOUT_MS'),
      metricsEnabled: bool('METRICS_ENABLED'),
      metricsPath: str('METRICS_PATH'),
    }),
    redis: make(RedisConfig, {
      addr: str('REDIS_ADDR') ?? '',
      password: str('REDIS_PASSWORD') ?? '',
      db: num('REDIS_DB'),
      connectTimeoutMs: num('REDIS_CONNECT_TIMEOUT_MS'),
      cacheTtlSeconds: num('CACHE_TTL_SECONDS'),
    }),
    lineage: make(LineageConfig, {
      maxDepthLimit: num('VALIDATION_MAX_DEPTH_LIMIT'),
      defaultMaxDepth: num('VALIDATION_DEFAULT_MAX_DEPTH'),
      minMaxDepth: num('VALIDATION_MIN_MAX_DEPTH'),
      nodeCap: num('LINEAGE_NODE_CAP'),
      renderThreads: num('LINEAGE_RENDER_THREADS'),
      cores: availableParallelism(),
      indexSnapshotPath: snapshotPath(str('LINEAGE_INDEX_SNAPSHOT'), optional('TERADATA_HOST'), str('EMBEDDED_DATABASE_PATH')),
      indexSnapshotMinutes: num('LINEAGE_INDEX_SNAPSHOT_MINUTES'),
      historyDays: v.LINEAGE_HISTORY_DAYS === undefined || v.LINEAGE_HISTORY_DAYS === '' ? undefined : num('LINEAGE_HISTORY_DAYS'),
      openLineageLenient: bool('OPENLINEAGE_LENIENT'),
      openLineageEventKeepKb: num('OPENLINEAGE_EVENT_KEEP_KB'),
    }),
    population: make(PopulationConfig, {
      schedule: str('POPULATION_SCHEDULE') ?? '',
      batchSize: num('POPULATION_BATCH_SIZE'),
      flushRows: num('POPULATION_FLUSH_ROWS'),
      embeddedFlushRows: num('EMBEDDED_POPULATION_FLUSH_ROWS'),
      lookbackHours: num('POPULATION_LOOKBACK_HOURS'),
      dbqlFlushSeconds: num('POPULATION_DBQL_FLUSH_SECONDS'),
      dbqlMarginSeconds: num('POPULATION_DBQL_MARGIN_SECONDS'),
      dbqlOverlapSeconds: num('POPULATION_DBQL_OVERLAP_SECONDS'),
      dbqlUtcOffsetMinutes: num('POPULATION_DBQL_UTC_OFFSET'),
      dbqlSource: { kind: str('POPULATION_DBQL_SOURCE') as DbqlSource['kind'], pdcrDatabase: str('POPULATION_PDCR_DATABASE') },
      dbqlSliceRows: num('POPULATION_DBQL_SLICE_ROWS'),
      viewDefinitions: bool('POPULATION_VIEW_DEFINITIONS'),
      dictionaryRefreshHours: num('POPULATION_DICTIONARY_REFRESH_HOURS'),
      extractionWorkers: num('EXTRACTION_WORKERS'),
      extractionDeadlineMs: num('EXTRACTION_DEADLINE_MS'),
    }),
    schema: make(SchemaConfig, {
      qvciCheckSchedule: str('QVCI_CHECK_SCHEDULE') ?? '',
      includeDatabases: list('DICTIONARY_INCLUDE_DATABASES'),
      excludeDatabases: list('DICTIONARY_EXCLUDE_DATABASES'),
    }),
    admin: make(AdminConfig, {
      user: str('ADMIN_USER'),
      password: optional('ADMIN_PASSWORD'),
      sessionSecret: optional('ADMIN_SESSION_SECRET'),
    }),
    openLineageEmit: make(OpenLineageEmitConfig, {
      url: str('OPENLINEAGE_URL') ?? '',
      apiKey: str('OPENLINEAGE_API_KEY') ?? '',
      endpoint: str('OPENLINEAGE_ENDPOINT'),
      batchSize: num('OPENLINEAGE_BATCH_SIZE'),
      timeoutMs: num('OPENLINEAGE_TIMEOUT_MS'),
      retryMaxSeconds: num('OPENLINEAGE_RETRY_MAX_SECONDS'),
      pollSeconds: num('OPENLINEAGE_POLL_SECONDS'),
    }),
    usage: make(UsageConfig, {
      enabled: bool('USAGE_ENABLED'),
      source: str('USAGE_SOURCE') as UsageConfig['source'],
      userKeys: list('USAGE_USER_KEYS'),
      unusedDays: num('USAGE_UNUSED_DAYS'),
    }),
    warnings: loaded.warnings,
  };
}

/** Values that must never reach a log line or a response. */
export function secretValues(config: AppConfig): string[] {
  return [config.database.password, config.redis.password, config.admin.password, config.admin.sessionSecret, config.openLineageEmit.apiKey, ...config.http.apiKeys, ...config.usage.userKeys].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
