/**
 * The one declaration of every configuration variable. It drives validation
 * (config.loader.ts), `.env.example` and the operations guide's table
 * (config.docs.ts); a test fails if those drift.
 */

export type VariableType = 'string' | 'int' | 'bool' | 'enum' | 'list' | 'cron' | 'host-port' | 'path' | 'trust-proxy' | 'identifier' | 'utc-offset' | 'http-url';

export interface VariableDeclaration {
  readonly name: string;
  readonly type: VariableType;
  readonly description: string;
  /** Default as it would be written in `.env`; undefined = no default. */
  readonly default?: string;
  /** Never printed: not in errors, logs, or `.env.example` values. */
  readonly sensitive?: boolean;
  /** Which module reads it (for the ops guide's "used by" column). */
  readonly usedBy: string;
  /** Required in every setup (conditional requirements live in the loader). */
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** Short note printed in the ops guide's "required" column when conditional. */
  readonly requiredWhen?: string;
}

export const DEPRECATED_ALIASES: Readonly<Record<string, string>> = {
  TD_HOST: 'TERADATA_HOST',
  TD_USER: 'TERADATA_USER',
  TD_PASSWORD: 'TERADATA_PASSWORD',
  TD_DATABASE: 'TERADATA_DATABASE',
  PORT: 'API_PORT',
};

export const VARIABLES: readonly VariableDeclaration[] = [
  // Teradata
  { name: 'TERADATA_HOST', type: 'string', usedBy: 'Teradata', description: 'Teradata host name or IP. Unset = the embedded engine (DuckDB) with the demo warehouse.' },
  { name: 'TERADATA_USER', type: 'string', default: 'demo_user', usedBy: 'Teradata', description: 'Teradata user name.' },
  { name: 'TERADATA_PASSWORD', type: 'string', sensitive: true, usedBy: 'Teradata', requiredWhen: 'with TERADATA_HOST', description: 'Teradata password.' },
  { name: 'TERADATA_DATABASE', type: 'identifier', default: 'demo_user', usedBy: 'Teradata, Schema', description: 'Database holding the OL_* tables.' },
  { name: 'TERADATA_PORT', type: 'int', default: '1025', min: 1, max: 65535, usedBy: 'Teradata', description: 'Teradata port.' },
  { name: 'TERADATA_LOGMECH', type: 'enum', default: 'TD2', values: ['TD2', 'LDAP', 'KRB5', 'TDNEGO', 'BROWSER', 'JWT', 'SECRET'], usedBy: 'Teradata', description: 'Teradata logon mechanism.' },
  { name: 'TERADATA_POOL_SIZE', type: 'int', default: '4', min: 1, max: 64, usedBy: 'Teradata', description: 'Connections in the Teradata pool.' },
  { name: 'TERADATA_CONNECT_TIMEOUT_MS', type: 'int', default: '10000', min: 100, max: 600000, usedBy: 'Teradata', description: 'Time allowed to open a Teradata connection.' },
  { name: 'TERADATA_QUERY_TIMEOUT_S', type: 'int', default: '300', min: 1, max: 86400, usedBy: 'Teradata', description: 'Per-request timeout sent to Teradata (teradatasql request_timeout): a request that runs out of it is aborted and not retried.' },
  { name: 'TERADATA_RETRY_ATTEMPTS', type: 'int', default: '3', min: 0, max: 10, usedBy: 'Teradata', description: 'Retries for transient Teradata errors (2631, 3111, 3120, 3598, 3603, 3897…) and lost connections, with exponential backoff; never for a request that ran out of TERADATA_QUERY_TIMEOUT_S.' },
  {
    name: 'TERADATA_REQUEST_BYTES',
    type: 'int',
    default: '0',
    min: 0,
    max: 7340032,
    usedBy: 'Teradata',
    description:
      'Cap on the row data of one iterated request (a batch of rows sent with one statement). 0 = the limit of the database release read at connect: about 6.3 MB (of the 7 MB request message) and 64,000 rows from Teradata Database 16.00 on, 900,000 bytes and 16,383 rows before it or when DBC.DBCInfoV cannot be read. Set 900000 to keep to 1 MB requests whatever the release (a gateway or driver that refuses larger ones).',
  },
  // Embedded engine
  { name: 'EMBEDDED_DATABASE_PATH', type: 'path', default: './data/lineage.duckdb', usedBy: 'Teradata (embedded)', description: 'File of the embedded engine (DuckDB), used when TERADATA_HOST is unset.' },
  {
    name: 'EMBEDDED_MEMORY_LIMIT_MB',
    type: 'int',
    default: '256',
    min: 64,
    max: 65536,
    usedBy: 'Teradata (embedded)',
    description: "Memory the embedded engine (DuckDB) may use, in MB; it spills to disk beyond this, except its tables' key indexes, which must fit. The largest is OL_RUN's, about 120 bytes per run stored (DBQL population adds one run per write statement: ~180,000 per million DBQL rows of a busy day, ~22 MB): raise it by about 12 MB per 100,000 runs once the store holds more than about a million.",
  },
  {
    name: 'EMBEDDED_CHECKPOINT_MB',
    type: 'int',
    default: '256',
    min: 16,
    max: 65536,
    usedBy: 'Teradata (embedded)',
    description:
      "Size of the embedded engine's write-ahead log, in MB, at which the engine checkpoints (folds the log into the database file) in the commit that passes it; every commit waits while a checkpoint runs (1–3 s on a store of a million edges). The service checkpoints before that, once the log holds 16 MB and nothing has been written for 2 s, so under steady writes this is the ceiling. A larger log is replayed at the next start after a crash.",
  },
  { name: 'EMBEDDED_DEMO', type: 'bool', default: 'true', usedBy: 'Teradata (embedded), Population', description: 'Load the demo warehouse (DBC dictionary + DBQL history) into a new embedded database, and populate lineage from it at first start.' },
  // HTTP
  { name: 'API_PORT', type: 'int', default: '8080', min: 1, max: 65535, usedBy: 'HTTP', description: 'HTTP port.' },
  { name: 'API_KEYS', type: 'list', sensitive: true, usedBy: 'Lineage, Metrics', description: 'Comma-separated API keys. Set = every /api route (and /metrics) needs one; unset = reads open, writes refused.' },
  { name: 'API_BODY_LIMIT_KB', type: 'int', default: '1024', min: 1, max: 102400, usedBy: 'HTTP', description: 'Largest accepted request body, in KiB.' },
  {
    name: 'TRUST_PROXY',
    type: 'trust-proxy',
    default: '',
    usedBy: 'HTTP',
    description:
      'Proxies in front whose X-Forwarded-For/-Proto are believed: empty = none; a number of hops (e.g. 1), or addresses/subnets (e.g. 10.0.0.0/8, loopback). Gives rate limits the real client address and the admin cookie its Secure flag behind a TLS-terminating balancer.',
  },
  { name: 'RATE_LIMIT_TTL_SECONDS', type: 'int', default: '60', min: 1, max: 3600, usedBy: 'HTTP', description: 'Rate-limit window.' },
  {
    name: 'RATE_LIMIT_STORE',
    type: 'enum',
    default: 'memory',
    values: ['memory', 'redis'],
    usedBy: 'HTTP',
    description: 'Where rate-limit windows are counted: memory (each replica on its own) or redis (shared by every replica; needs REDIS_ADDR; counts in memory while Redis is down).',
  },
  { name: 'RATE_LIMIT_MAX', type: 'int', default: '6000', min: 1, max: 10000000, usedBy: 'HTTP', description: 'Requests one client may make per window (/health* exempt).' },
  { name: 'LOG_LEVEL', type: 'enum', default: 'info', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], usedBy: 'all', description: 'Log level.' },
  {
    name: 'LOG_FORMAT',
    type: 'enum',
    default: 'auto',
    values: ['auto', 'json', 'pretty'],
    usedBy: 'all',
    description: 'json: one JSON object per line (for log collectors); pretty: readable lines with local times, coloured unless NO_COLOR is set; auto: pretty when standard output is a terminal, else json.',
  },
  { name: 'NO_COLOR', type: 'string', default: '', usedBy: 'all', description: 'Any value: no colour in readable logs and the start-up banner (https://no-color.org). Colour is only ever used on a terminal.' },
  // Redis / cache
  { name: 'REDIS_ADDR', type: 'host-port', default: 'localhost:6379', usedBy: 'Lineage (cache), Population (lock)', description: 'Redis host:port. Optional: without a reachable Redis the cache is in-process and the run lock is a database row. Empty = do not use Redis.' },
  { name: 'REDIS_PASSWORD', type: 'string', sensitive: true, default: '', usedBy: 'Lineage (cache), Population (lock)', description: 'Redis password.' },
  { name: 'REDIS_DB', type: 'int', default: '0', min: 0, max: 15, usedBy: 'Lineage (cache), Population (lock)', description: 'Redis database number.' },
  { name: 'REDIS_CONNECT_TIMEOUT_MS', type: 'int', default: '500', min: 50, max: 60000, usedBy: 'Lineage (cache)', description: 'Redis connect timeout; a dead Redis means "no cache" after this long, never an error.' },
  { name: 'CACHE_TTL_SECONDS', type: 'int', default: '300', min: 0, max: 86400, usedBy: 'Lineage (cache)', description: 'Lifetime of cached API responses (0 = no response cache).' },
  // Lineage
  { name: 'VALIDATION_MAX_DEPTH_LIMIT', type: 'int', default: '20', min: 1, max: 1000, usedBy: 'Lineage', description: 'Upper bound a caller may ask for as maxDepth.' },
  { name: 'VALIDATION_DEFAULT_MAX_DEPTH', type: 'int', default: '5', min: 1, max: 1000, usedBy: 'Lineage', description: 'maxDepth when the caller gives none.' },
  { name: 'VALIDATION_MIN_MAX_DEPTH', type: 'int', default: '1', min: 0, max: 1000, usedBy: 'Lineage', description: 'Lower bound of maxDepth.' },
  { name: 'LINEAGE_NODE_CAP', type: 'int', default: '5000', min: 10, max: 1000000, usedBy: 'Lineage', description: 'Most nodes one lineage response holds; past it the graph is cut and flagged truncated.' },
  {
    name: 'LINEAGE_INDEX_SNAPSHOT',
    type: 'path',
    default: 'auto',
    usedBy: 'Lineage',
    description:
      "File the lineage index's base is saved to and started from, so a restart reads arrays instead of every edge (auto = beside the embedded database file, none on Teradata; off = never). Only used when it belongs to the same store and the change log still reaches back to it.",
  },
  {
    name: 'LINEAGE_INDEX_SNAPSHOT_MINUTES',
    type: 'int',
    default: '20',
    min: 1,
    max: 1440,
    usedBy: 'Lineage',
    description: 'When the graph changed, a new base is built in the background and saved at most this long after the last snapshot; keep it well under the change log retention (1 hour) so a restart can catch up from the log.',
  },
  {
    name: 'LINEAGE_HISTORY_DAYS',
    type: 'int',
    min: 0,
    max: 36500,
    usedBy: 'Lineage',
    description:
      'Days of lineage history kept: intervals of edges that ended longer ago are deleted once a day (and left out of the index), and asOf, compare and /changes before that horizon answer 400. Unset = everything is kept. Answers within the kept days never change by pruning.',
  },
  { name: 'LINEAGE_RENDER_THREADS', type: 'int', default: '2', min: 0, max: 16, usedBy: 'Lineage', description: 'Threads that walk the lineage index and write answers as JSON, leaving the main thread to HTTP (0 = on the main thread); at most as many as the cores.' },
  {
    name: 'OPENLINEAGE_LENIENT',
    type: 'bool',
    default: 'true',
    usedBy: 'Lineage',
    description:
      'POST /api/v1/lineage accepts what Marquez accepts and the OpenLineage schema refuses (an eventTime without a zone, no schemaURL, a run id that is not a UUID, null lists, facets without _producer/_schemaURL), saying in each result what it normalised; false = the schema as written.',
  },
  {
    name: 'OPENLINEAGE_EVENT_KEEP_KB',
    type: 'int',
    default: '256',
    min: 0,
    max: 16384,
    usedBy: 'Lineage',
    description: 'Ingested events are kept as received (OL_EVENT, GET /api/v1/events/lineage) up to this size in KiB; a larger one keeps its row and size without its text (0 = keep no text).',
  },
  // Population
  { name: 'POPULATION_SCHEDULE', type: 'cron', default: '', usedBy: 'Population', description: 'Cron expression for scheduled DBQL population (e.g. "0 */15 * * * *"); empty = off.' },
  { name: 'POPULATION_BATCH_SIZE', type: 'int', default: '2000', min: 10, max: 100000, usedBy: 'Population', description: 'DBQL rows (or view definitions) read and extracted per batch; each batch is committed on the embedded engine, and on Teradata as POPULATION_FLUSH_ROWS says.' },
  {
    name: 'POPULATION_FLUSH_ROWS',
    type: 'int',
    default: '8000000',
    min: 0,
    max: 20000000,
    usedBy: 'Population',
    description:
      'With the store on Teradata: a DBQL run holds the OL_* rows it extracts (datasets, fields, jobs, runs, run links, edges and their history steps, not the SQL text) over many batches and commits them, with the run record and the watermark, once it holds this many, and at the end of the window. 0 = commit every batch. The default commits about every million DBQL rows of a busy day (each commit has a fixed cost of some 35 statements) and holds up to ~360 MB of heap just before a commit (~45 bytes an entry, measured on the embedded path); each halving halves that and doubles the commits. The embedded engine follows EMBEDDED_POPULATION_FLUSH_ROWS.',
  },
  {
    name: 'EMBEDDED_POPULATION_FLUSH_ROWS',
    type: 'int',
    default: '100000',
    min: 0,
    max: 2000000,
    usedBy: 'Population',
    description:
      'POPULATION_FLUSH_ROWS for the embedded engine: a DBQL run commits the OL_* rows of its batches once it holds this many (about 35 bytes of heap each), and at the end of the window. The default commits every two or three batches of a busy day (each commit has a fixed cost of some 30 statements). 0 = commit every batch.',
  },
  {
    name: 'POPULATION_DICTIONARY_REFRESH_HOURS',
    type: 'int',
    default: '24',
    min: 0,
    max: 720,
    usedBy: 'Population',
    description: "How often a run reads the whole dictionary (DBC.ColumnsV / ColumnsJQV); the runs in between read only the tables and views altered since (LastAlterTimeStamp). 0 = every run reads it whole.",
  },
  { name: 'POPULATION_VIEW_DEFINITIONS', type: 'bool', default: 'true', usedBy: 'Population', description: 'At the start of every DBQL run, read the view definitions altered since the last run from the dictionary (DBC.TablesV, SHOW VIEW) and write their lineage; false = only `populate --views` does.' },
  { name: 'POPULATION_LOOKBACK_HOURS', type: 'int', default: '24', min: 1, max: 87600, usedBy: 'Population', description: 'Window of the first DBQL run when no watermark is stored and --since is not given.' },
  { name: 'POPULATION_DBQL_FLUSH_SECONDS', type: 'int', default: '600', min: 0, max: 86400, usedBy: 'Population', description: "How long DBQL may hold a query's row in its cache before writing it: the system's DBQLFlushRate (Teradata's default is 600 s). A DBQL window ends this long, plus POPULATION_DBQL_MARGIN_SECONDS, before now, so no row is written behind the watermark." },
  { name: 'POPULATION_DBQL_MARGIN_SECONDS', type: 'int', default: '60', min: 0, max: 86400, usedBy: 'Population', description: 'Safety margin added to POPULATION_DBQL_FLUSH_SECONDS (clock differences, a busy flush).' },
  { name: 'POPULATION_DBQL_OVERLAP_SECONDS', type: 'int', default: '300', min: 0, max: 86400, usedBy: 'Population', description: 'Each DBQL run re-reads this much of the log before its watermark (writes are idempotent), so a row written late is still mined.' },
  {
    name: 'POPULATION_DBQL_UTC_OFFSET',
    type: 'utc-offset',
    default: '+00:00',
    usedBy: 'Population',
    description:
      "The clock DBQL stamps its rows with (CollectTimeStamp, StartTime): the Teradata system's time zone as an offset from UTC, e.g. -05:00. DBQL writes the system's local time, not UTC; the DBQL window's end (now less the flush interval) is computed on that clock, so on a system west of UTC no row still in a cache falls behind the watermark.",
  },
  {
    name: 'POPULATION_DBQL_SOURCE',
    type: 'enum',
    default: 'dbc',
    values: ['dbc', 'dbc-views', 'pdcr'],
    usedBy: 'Population',
    description:
      'Where DBQL is read: `dbc` the log tables DBC.DBQLogTbl and DBC.DBQLSQLTbl; `dbc-views` the views DBC.QryLogV and DBC.QryLogSQLV (for a user granted the views only); `pdcr` the PDCR history tables <POPULATION_PDCR_DATABASE>.DBQLogTbl_Hst and DBQLSqlTbl_Hst, filtered on their LogDate partitions too (backfills past DBC\'s daily purge).',
  },
  {
    name: 'POPULATION_DBQL_SLICE_ROWS',
    type: 'int',
    default: '0',
    min: 0,
    max: 5000000,
    usedBy: 'Population',
    description:
      "DBQL log rows a slice read aims at (a slice's CollectTimeStamp width doubles below half of it and halves above twice it). 0 = by engine: 250,000 on Teradata, where each slice read scans DBC.DBQLogTbl whole (its primary index is (ProcID, CollectTimeStamp) and it is not partitioned), so fewer, larger slices cost fewer scans; 50,000 on the embedded engine, where a slice's join is built in memory. The SELECTs' DBQLObjTbl outcomes of a slice are held until the run passes it.",
  },
  { name: 'POPULATION_PDCR_DATABASE', type: 'identifier', default: 'PDCRINFO', usedBy: 'Population', description: 'Database of the PDCR history tables read when POPULATION_DBQL_SOURCE=pdcr.' },
  { name: 'EXTRACTION_WORKERS', type: 'int', default: '2', min: 1, max: 64, usedBy: 'Population', description: 'Worker threads parsing SQL.' },
  { name: 'EXTRACTION_DEADLINE_MS', type: 'int', default: '5000', min: 100, max: 600000, usedBy: 'Population', description: 'Per-statement extraction deadline; a statement past it is recorded as timed out.' },
  // Usage (issue 21)
  { name: 'USAGE_ENABLED', type: 'bool', default: 'true', usedBy: 'Population, Usage', description: 'DBQL runs also mine the SELECT statements and the read side of every DML into daily column usage (who reads which columns, how often); false = SELECTs are tallied and left in DBQL, as before.' },
  {
    name: 'USAGE_SOURCE',
    type: 'enum',
    default: 'auto',
    values: ['auto', 'parse', 'dbqlobj'],
    usedBy: 'Population, Usage',
    description: 'Where the columns a SELECT read come from: parse = the extraction engine parses the SQL; dbqlobj = DBC.DBQLObjTbl (DBQL object logging, `BEGIN QUERY LOGGING WITH OBJECTS`) lists them; auto = DBQLObjTbl when it is readable and holds rows for the window, else parsing.',
  },
  { name: 'USAGE_USER_KEYS', type: 'list', sensitive: true, usedBy: 'Usage', description: 'API keys (each also in API_KEYS) whose callers may see user names in usage answers; every other caller gets counts only. Admin pages always show them.' },
  { name: 'USAGE_UNUSED_DAYS', type: 'int', default: '90', min: 1, max: 3650, usedBy: 'Usage', description: 'Default look-back of the "unused" report: a dataset or field not read for this many days (and with no downstream readers) is a retirement candidate.' },

  // OpenLineage emission
  {
    name: 'OPENLINEAGE_URL',
    type: 'http-url',
    default: '',
    usedBy: 'OpenLineage emission',
    description:
      'Base URL of an OpenLineage consumer (Marquez, another Lineage service…) that every finished population run is sent to as RunEvents with column lineage (docs/openlineage.md); empty = nothing is sent.',
  },
  { name: 'OPENLINEAGE_API_KEY', type: 'string', sensitive: true, default: '', usedBy: 'OpenLineage emission', description: 'Sent to the consumer as `Authorization: Bearer <key>`; empty = no Authorization header.' },
  { name: 'OPENLINEAGE_ENDPOINT', type: 'string', default: 'api/v1/lineage', usedBy: 'OpenLineage emission', description: 'Path of the consumer\'s lineage endpoint, relative to OPENLINEAGE_URL (events are POSTed there as a JSON array).' },
  { name: 'OPENLINEAGE_BATCH_SIZE', type: 'int', default: '100', min: 1, max: 1000, usedBy: 'OpenLineage emission', description: 'Events per POST (a JSON array); this service accepts at most 100 per request.' },
  { name: 'OPENLINEAGE_TIMEOUT_MS', type: 'int', default: '10000', min: 100, max: 600000, usedBy: 'OpenLineage emission', description: 'Time allowed for one POST to the consumer; past it the batch counts as failed and is retried.' },
  {
    name: 'OPENLINEAGE_RETRY_MAX_SECONDS',
    type: 'int',
    default: '300',
    min: 1,
    max: 86400,
    usedBy: 'OpenLineage emission',
    description: 'Longest wait between two attempts to deliver a batch the consumer did not take (the wait starts at 1 s and doubles up to this).',
  },
  { name: 'OPENLINEAGE_POLL_SECONDS', type: 'int', default: '30', min: 1, max: 3600, usedBy: 'OpenLineage emission', description: 'How often the service looks for finished population runs not yet sent (runs of this process are sent as soon as they finish).' },
  // Schema / dictionary
  { name: 'QVCI_CHECK_SCHEDULE', type: 'cron', default: '0 0 * * * *', usedBy: 'Schema', description: 'Cron expression for re-checking QVCI; empty = only at start and on demand.' },
  { name: 'DICTIONARY_INCLUDE_DATABASES', type: 'list', default: '', usedBy: 'Schema, Population', description: 'Comma-separated database name patterns (* and ? wildcards) read from the dictionary; empty = all.' },
  { name: 'DICTIONARY_EXCLUDE_DATABASES', type: 'list', default: '', usedBy: 'Schema, Population', description: 'Patterns excluded from the dictionary, on top of the Teradata system databases (DBC, SYSLIB, TD_SYSFNLIB, …) always excluded.' },
  // Admin
  { name: 'ADMIN_USER', type: 'string', default: 'admin', usedBy: 'Admin', description: 'Admin pages user name.' },
  { name: 'ADMIN_PASSWORD', type: 'string', sensitive: true, usedBy: 'Admin', description: 'Admin pages password; unset = a random one is generated at start and printed once in the log.' },
  { name: 'ADMIN_SESSION_SECRET', type: 'string', sensitive: true, usedBy: 'Admin', description: 'Secret signing admin session cookies (at least 32 characters); unset = random at start (sessions end on restart).' },
  // Operations
  { name: 'CONFIG_FILE', type: 'path', default: 'config.yaml', usedBy: 'Config', description: 'YAML file of VARIABLE: value pairs, read after the environment and .env (read from the environment only).' },
  { name: 'METRICS_ENABLED', type: 'bool', default: 'true', usedBy: 'Metrics', description: 'Serve Prometheus metrics.' },
  { name: 'METRICS_PATH', type: 'string', default: '/metrics', usedBy: 'Metrics', description: 'Path of the Prometheus metrics.' },
  { name: 'SHUTDOWN_TIMEOUT_MS', type: 'int', default: '30000', min: 1000, max: 600000, usedBy: 'HTTP', description: 'Grace period for in-flight requests on SIGTERM/SIGINT.' },
];
