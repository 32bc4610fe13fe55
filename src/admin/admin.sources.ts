import type { LineageDirection, LineageGraph } from '../lineage/graph/lineage-graph.js';
import { AdminSourceUnavailableError } from './admin.errors.js';

/**
 * What the admin pages read from the Schema and Lineage modules, as small
 * view-side contracts (abstract classes are their own DI tokens). The
 * admin module binds each to an adapter over the module's real service;
 * a contract whose module is not part of this build is bound to an
 * "unavailable" stand-in and its page says so (503) instead of failing.
 */

export interface SchemaTableView {
  readonly name: string;
  readonly present: boolean;
}

export interface MigrationView {
  readonly version: string;
  readonly description: string;
  readonly appliedAt?: Date | null;
}

export interface SchemaStatusView {
  readonly engine: 'teradata' | 'embedded';
  readonly tables: readonly SchemaTableView[];
  readonly version: string | null;
  readonly appliedMigrations: readonly MigrationView[];
  readonly pendingMigrations: readonly MigrationView[];
}

export interface SchemaSetupView {
  readonly applied: readonly string[];
  readonly ddl: string;
  readonly alreadyUpToDate: boolean;
}

export abstract class AdminSchemaSource {
  abstract status(): Promise<SchemaStatusView>;
  abstract setup(options: { dryRun: boolean }): Promise<SchemaSetupView>;
}

export type QvciStateName = 'enabled' | 'disabled' | 'unknown';

export interface QvciView {
  readonly state: QvciStateName;
  readonly checkedAt: Date | null;
  /** The query that was tried. */
  readonly query: string | null;
  /** Database error code of the check (9719 = QVCI disabled). */
  readonly errorCode: number | null;
  /** What the check saw, in words. */
  readonly detail: string | null;
}

export abstract class AdminQvciSource {
  abstract current(): Promise<QvciView>;
  abstract recheck(): Promise<QvciView>;
}

export interface DatasetHit {
  readonly namespace: string;
  readonly name: string;
  readonly fields: readonly string[];
}

export interface ExplorerQuery {
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
}

export interface ExportedGraph {
  readonly contentType: string;
  readonly extension: string;
  readonly body: string;
}

export abstract class AdminLineageSource {
  /** Datasets whose name contains `q` (case-insensitive), with their field names. */
  abstract searchDatasets(q: string, limit: number): Promise<readonly DatasetHit[]>;
  abstract graph(query: ExplorerQuery): Promise<LineageGraph>;
  abstract formats(): readonly string[];
  abstract export(query: ExplorerQuery, format: string): Promise<ExportedGraph>;
}

export interface CacheStateView {
  readonly kind: 'redis' | 'in-process';
  readonly state: 'up' | 'down' | 'unknown' | 'not-configured';
  readonly detail: string;
}

export abstract class AdminCacheSource {
  abstract state(): Promise<CacheStateView>;
}

const NOT_IN_BUILD = 'its module is not part of this build yet';

export class UnavailableSchemaSource extends AdminSchemaSource {
  status(): Promise<SchemaStatusView> {
    return Promise.reject(new AdminSourceUnavailableError('Schema status', NOT_IN_BUILD));
  }
  setup(): Promise<SchemaSetupView> {
    return Promise.reject(new AdminSourceUnavailableError('Schema setup', NOT_IN_BUILD));
  }
}

export class UnavailableQvciSource extends AdminQvciSource {
  current(): Promise<QvciView> {
    return Promise.reject(new AdminSourceUnavailableError('QVCI detection', NOT_IN_BUILD));
  }
  recheck(): Promise<QvciView> {
    return this.current();
  }
}

export class UnavailableLineageSource extends AdminLineageSource {
  searchDatasets(): Promise<readonly DatasetHit[]> {
    return Promise.reject(new AdminSourceUnavailableError('Lineage search', NOT_IN_BUILD));
  }
  graph(): Promise<LineageGraph> {
    return Promise.reject(new AdminSourceUnavailableError('The lineage graph', NOT_IN_BUILD));
  }
  formats(): readonly string[] {
    return [];
  }
  export(): Promise<ExportedGraph> {
    return Promise.reject(new AdminSourceUnavailableError('Lineage export', NOT_IN_BUILD));
  }
}

/** Until the lineage cache reports its own state: what the configuration says. */
export class ConfiguredCacheSource extends AdminCacheSource {
  constructor(private readonly redis: { readonly enabled: boolean; readonly addr: string }) {
    super();
  }
  state(): Promise<CacheStateView> {
    if (!this.redis.enabled) return Promise.resolve({ kind: 'in-process', state: 'not-configured', detail: 'Redis not configured (REDIS_ADDR empty): in-process cache' });
    return Promise.resolve({ kind: 'redis', state: 'unknown', detail: `Redis at ${this.redis.addr} (configured; live state not reported)` });
  }
}
