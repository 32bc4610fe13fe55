import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConfig } from '../../config/app-config.js';
import type { ChangesPage } from '../../lineage/lineage.types.js';
import { PopulationRunsService } from '../../population/population-runs.service.js';
import type { PopulationRun } from '../../population/population.types.js';
import {
  AdminCacheSource,
  AdminLineageSource,
  AdminQvciSource,
  AdminSchemaSource,
  type CacheStateView,
  type LineageCounts,
  type QvciView,
  type SchemaStatusView,
} from '../admin.sources.js';
import { type IngestionStats, IngestionStatsReader } from './ingestion-stats.reader.js';

/** A part of the dashboard: its data, or why it could not be read (the rest of the page still renders). */
export type Section<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface DashboardData {
  readonly database: { readonly engine: 'teradata' | 'embedded'; readonly host?: string; readonly port: number; readonly database: string; readonly demo?: boolean };
  readonly schema: Section<SchemaStatusView>;
  readonly qvci: Section<QvciView>;
  readonly cache: Section<CacheStateView>;
  readonly counts: Section<LineageCounts>;
  readonly recentRuns: Section<readonly PopulationRun[]>;
  readonly ingestion: Section<IngestionStats>;
  /** Lineage changes of the DASHBOARD_CHANGE_DAYS days up to now. */
  readonly changes: Section<ChangesPage>;
}

export const DASHBOARD_RUNS = 10;
/** The dashboard's lineage changes: this many days up to now, the first DASHBOARD_CHANGES of them listed. */
export const DASHBOARD_CHANGE_DAYS = 7;
export const DASHBOARD_CHANGES = 10;

async function section<T>(work: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Gathers what the dashboard shows; each part fails on its own. */
@Injectable()
export class AdminDashboardService {
  constructor(
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
    @Inject(AdminSchemaSource) private readonly schema: AdminSchemaSource,
    @Inject(AdminQvciSource) private readonly qvci: AdminQvciSource,
    @Inject(AdminCacheSource) private readonly cache: AdminCacheSource,
    @Inject(AdminLineageSource) private readonly lineage: AdminLineageSource,
    @Inject(PopulationRunsService) private readonly runs: PopulationRunsService,
    @Inject(IngestionStatsReader) private readonly ingestion: IngestionStatsReader,
  ) {}

  async load(now: Date = new Date()): Promise<DashboardData> {
    const since = new Date(now.getTime() - DASHBOARD_CHANGE_DAYS * 24 * 3600 * 1000);
    const [schema, qvci, cache, counts, recentRuns, ingestion, changes] = await Promise.all([
      section(() => this.schema.status()),
      section(() => this.qvci.current()),
      section(() => this.cache.state()),
      section(() => this.lineage.counts()),
      section(async () => (await this.runs.listRuns({ limit: DASHBOARD_RUNS })).items),
      section(() => this.ingestion.read()),
      section(() => this.lineage.changes(since, now, DASHBOARD_CHANGES)),
    ]);
    const db = this.database;
    return { database: { engine: db.engine, host: db.host, port: db.port, database: db.database, demo: db.embeddedDemo }, schema, qvci, cache, counts, recentRuns, ingestion, changes };
  }
}
