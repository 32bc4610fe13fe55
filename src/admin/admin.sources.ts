import type { ChangesPage, LineageDirection, LineageGraph } from '../lineage/lineage.types.js';

/**
 * What the admin pages read from the Schema and Lineage modules, as small
 * view-side contracts (abstract classes are their own DI tokens). The
 * admin module binds each to an adapter over the module's real service
 * (`admin-schema.sources.ts`, `admin-lineage.sources.ts`), so presenters
 * and their tests depend on these shapes only.
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
  /** The lineage as of this instant (ISO 8601 date or date-time); absent: now. */
  readonly asOf?: string;
  /** Another instant to compare with: the graph holds both, nodes and edges at one of them only marked `diff`. */
  readonly compare?: string;
}

export interface ExportedGraph {
  readonly contentType: string;
  readonly extension: string;
  readonly body: string;
}

export interface LineageCounts {
  readonly namespaces: number;
  readonly datasets: number;
  readonly fields: number;
  readonly edges: number;
}

/** A dataset as the detail panel shows it: its fields with types. */
export interface DatasetDetailView {
  readonly namespace: string;
  readonly name: string;
  readonly sourceType: string | null;
  readonly description: string | null;
  readonly fields: readonly { readonly name: string; readonly type: string | null; readonly nullable: boolean | null; readonly description: string | null }[];
}

/** A run that wrote lineage into a field (a DBQL statement or an ingested event). */
export interface WritingRunView {
  readonly runId: string;
  readonly jobId: string;
  readonly eventType: string;
  readonly eventTime: Date | null;
  readonly producer: string | null;
}

export abstract class AdminLineageSource {
  /** One dataset with its fields; LINEAGE_NODE_NOT_FOUND when the store does not hold it. */
  abstract dataset(name: string, namespace: string): Promise<DatasetDetailView>;
  /** How many namespaces the store holds (names are shown with their namespace when there is more than one). */
  abstract namespaceCount(): Promise<number>;
  /** Runs that wrote lineage into a field, newest first. */
  abstract runsForField(dataset: string, field: string, namespace: string): Promise<readonly WritingRunView[]>;
  /** Datasets whose name contains `q` (case-insensitive), with their field names. */
  abstract searchDatasets(q: string, limit: number): Promise<readonly DatasetHit[]>;
  abstract graph(query: ExplorerQuery): Promise<LineageGraph>;
  abstract formats(): readonly string[];
  abstract export(query: ExplorerQuery, format: string): Promise<ExportedGraph>;
  /** Namespaces, datasets, fields and active edges in the store (dashboard). */
  abstract counts(): Promise<LineageCounts>;
  /** What changed in the lineage in [since, until): totals by kind and the first `limit` changes (dashboard). */
  abstract changes(since: Date, until: Date, limit: number): Promise<ChangesPage>;
}

export interface CacheStateView {
  readonly kind: 'redis' | 'in-process';
  readonly state: 'up' | 'down' | 'unknown' | 'not-configured';
  readonly detail: string;
}

export abstract class AdminCacheSource {
  abstract state(): Promise<CacheStateView>;
}
