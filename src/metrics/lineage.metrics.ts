import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the database pool reports on each scrape (DatabasePort.poolStats()). */
export type PoolStatsSource = () => { inUse: number; waiting: number; size: number };

/**
 * Every Prometheus metric the service exposes, in one registry. Modules
 * inject this class and record what ops ask about ("statements parsed",
 * "edges written"); gauges that are read on scrape register a collector.
 */
@Injectable()
export class LineageMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'lineage_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'lineage_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly traversalDuration = new Histogram({
    name: 'lineage_traversal_duration_seconds',
    help: 'Lineage graph walk duration by kind (column, table, impact)',
    labelNames: ['kind'] as const,
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly traversalNodes = new Histogram({
    name: 'lineage_traversal_nodes',
    help: 'Nodes returned by a lineage graph walk',
    labelNames: ['kind'] as const,
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });
  readonly cacheHits = new Counter({ name: 'lineage_cache_hits_total', help: 'Lineage responses served from the cache', registers: [this.registry] });
  readonly cacheMisses = new Counter({ name: 'lineage_cache_misses_total', help: 'Lineage responses computed (not in the cache)', registers: [this.registry] });
  readonly populationRuns = new Counter({
    name: 'lineage_population_runs_total',
    help: 'Population runs finished, by state and method',
    labelNames: ['state', 'method'] as const,
    registers: [this.registry],
  });
  readonly populationStatements = new Counter({
    name: 'lineage_population_statements_total',
    help: 'DBQL statements by outcome: read, skipped, parsed, failed, timed_out',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly populationEdgesWritten = new Counter({ name: 'lineage_population_edges_written_total', help: 'Column lineage edges written by population runs', registers: [this.registry] });
  readonly populationRunDuration = new Histogram({
    name: 'lineage_population_run_duration_seconds',
    help: 'Duration of population runs',
    labelNames: ['method'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  readonly watermarkAge = new Gauge({
    name: 'lineage_population_watermark_age_seconds',
    help: 'Age of the DBQL watermark (how far behind population is); -1 when none is stored',
    registers: [this.registry],
  });
  readonly openLineageEmitEvents = new Counter({
    name: 'lineage_openlineage_emit_events_total',
    help: 'OpenLineage events sent to OPENLINEAGE_URL, by outcome: delivered, rejected (refused by the consumer as invalid; not sent again)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly openLineageEmitFailures = new Counter({
    name: 'lineage_openlineage_emit_failures_total',
    help: 'POSTs of OpenLineage events that failed (consumer down, timed out, 5xx, 401/403, 429); each is retried with back-off',
    registers: [this.registry],
  });
  readonly openLineageEmitPendingRuns = new Gauge({
    name: 'lineage_openlineage_emit_pending_runs',
    help: 'Finished population runs whose OpenLineage events are not yet all delivered',
    registers: [this.registry],
  });
  readonly openLineageEmitUndelivered = new Gauge({
    name: 'lineage_openlineage_emit_undelivered_events',
    help: 'OpenLineage events of the batch the sender is retrying (0 while delivery flows)',
    registers: [this.registry],
  });
  private poolStats?: PoolStatsSource;
  readonly databasePool = new Gauge({
    name: 'lineage_database_pool_connections',
    help: 'Database pool connections by state (in_use, waiting, size)',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: () => this.collectPoolStats(),
  });
  readonly databaseErrors = new Counter({
    name: 'lineage_database_query_errors_total',
    help: 'Database query errors by Teradata error code (or "none")',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly qvciState = new Gauge({
    name: 'lineage_qvci_state',
    help: 'QVCI state: 1 for the current state (enabled, disabled, unknown), 0 for the others',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly indexEdges = new Gauge({ name: 'lineage_index_edges', help: 'Active column edges in the in-memory lineage index', registers: [this.registry] });
  readonly indexFields = new Gauge({ name: 'lineage_index_fields', help: 'Fields in the in-memory lineage index', registers: [this.registry] });
  readonly indexBytes = new Gauge({ name: 'lineage_index_bytes', help: 'Bytes of the lineage index arrays and name tables (shared with render threads)', registers: [this.registry] });
  readonly fieldTypesBytes = new Gauge({ name: 'lineage_field_types_bytes', help: 'Bytes of the field types kept beside the lineage index for Marquez column-lineage answers (4 a field, allocated when the first answer asks)', registers: [this.registry] });
  readonly indexGeneration = new Gauge({ name: 'lineage_index_generation', help: 'Graph generation the lineage index was built from (-1 while the first build runs)', registers: [this.registry] });
  readonly indexBuildSeconds = new Gauge({ name: 'lineage_index_build_seconds', help: 'How long the last lineage index build took (whole from the store, or a merge of the overlay into a new base)', registers: [this.registry] });
  readonly indexSnapshotGeneration = new Gauge({ name: 'lineage_index_snapshot_generation', help: 'Graph generation of the last lineage index snapshot saved (LINEAGE_INDEX_SNAPSHOT)', registers: [this.registry] });
  readonly indexBuilds = new Counter({
    name: 'lineage_index_builds_total',
    help: 'Lineage index builds, by reason: start (first build from the store), snapshot (read from the snapshot file at start), fallback (the change log did not reach back far enough), merge (overlay folded into a new base in memory)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly indexChangesApplied = new Counter({ name: 'lineage_index_changes_applied_total', help: 'Change-log entries (edges and run links) the lineage index applied', registers: [this.registry] });
  readonly indexApplySeconds = new Gauge({ name: 'lineage_index_apply_seconds', help: 'How long the last change-log apply took (read and apply)', registers: [this.registry] });
  readonly indexVisibleSeconds = new Histogram({
    name: 'lineage_index_visible_seconds',
    help: 'Seconds from a commit by a writer of this process (an OpenLineage ingestion group, a population batch) until the lineage index serves it',
    labelNames: ['writer'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly indexOverlayEntries = new Gauge({ name: 'lineage_index_overlay_entries', help: 'Edges added and list entries patched since the lineage index base was built (folded into a new base past a share of the base)', registers: [this.registry] });

  constructor() {
    this.indexGeneration.set(-1);
    collectDefaultMetrics({ register: this.registry, prefix: 'lineage_' });
    this.setQvciState('unknown');
    this.watermarkAge.set(-1);
  }

  /** The pool gauge is read on scrape from this source (bound by the database module to DatabasePort.poolStats()). */
  readPoolStatsFrom(source: PoolStatsSource): void {
    this.poolStats = source;
  }

  private collectPoolStats(): void {
    if (!this.poolStats) return;
    try {
      const { inUse, waiting, size } = this.poolStats();
      this.databasePool.set({ state: 'in_use' }, inUse);
      this.databasePool.set({ state: 'waiting' }, waiting);
      this.databasePool.set({ state: 'size' }, size);
    } catch {
      // A closed or failing pool must not break the scrape; the gauge keeps its last values.
    }
  }

  /** Records one finished HTTP request; `route` is the route template (bounded cardinality), never the raw URL. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  setQvciState(state: 'enabled' | 'disabled' | 'unknown'): void {
    for (const s of ['enabled', 'disabled', 'unknown'] as const) this.qvciState.set({ state: s }, s === state ? 1 : 0);
  }
}
