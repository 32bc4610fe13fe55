import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, queryInList, type SqlValue } from '../teradata/database.port.js';
import type { ColumnEdge } from '../model/column-edge.js';
import type { ColumnLineageColumns } from '../ol-store/ol-store.types.js';
import { nameKey } from '../model/ids.js';
import { LineageStatements } from '../teradata/lineage.statements.js';
import { type ChangedEdge, type DatasetLinkInput, edgeRank, type IndexChanges, indexTime, type Span, validitySpan, type WrittenChanges } from './graph/lineage-index.js';

/** How an edge boundary is found again between the index and the store: rank, change, second. */
export function boundaryKey(rank: number, change: string, at: number): string {
  return `${rank}:${change}:${at}`;
}

/** A start or end of an interval as `changedDatasets` and `changedFields` return it, or an edge's (from the index). */
export type ChangeRow = {
  readonly kind: 'edge' | 'dataset' | 'field';
  readonly change: 'added' | 'removed';
  readonly at: Date;
  readonly item_key: string;
  readonly run_id: string | null;
  readonly namespace: string;
  readonly dataset: string;
  readonly field: string | null;
  readonly source_namespace?: string | null;
  readonly source_dataset?: string | null;
  readonly source_field?: string | null;
  readonly transformation_type?: string | null;
  readonly transformation_subtype?: string | null;
  /** An edge's rank in the index (its page key). */
  readonly rank?: number;
};

/** A run as runsById returns it. */
export type ChangeRunRow = {
  readonly run_id: string;
  readonly job_id: string | null;
  readonly event_time: Date | null;
  readonly producer: string | null;
  readonly job_name: string | null;
  readonly job_description: string | null;
};

/** Rows per page of the index's whole read. */
const EDGE_PAGE_ROWS = 20_000;

/** A page of edge slots (one per interval of an edge) with their ranks (the store's page order) and intervals (index seconds). */
export interface RankedEdgePage {
  readonly edges: ColumnEdge[];
  readonly ranks: number[];
  readonly from: number[];
  readonly to: number[];
}

/** The change log's reach: the graph generation, and the generation the log is complete after. */
export interface ChangeLogState {
  readonly generation: number;
  readonly completeAfter: number;
}

/*
 * The read model: stored OL_* things as the lineage API shows them (the
 * store's write rows, ol-store/ol-store.types.ts, are other shapes).
 */

export interface NamespaceRecord {
  readonly namespaceId: string;
  readonly namespaceUri: string;
  readonly description: string | null;
  readonly specVersion: string | null;
  readonly createdAt: Date | null;
}

export interface DatasetRecord {
  readonly datasetId: string;
  readonly namespaceId: string;
  readonly namespace: string;
  readonly name: string;
  readonly description: string | null;
  readonly sourceType: string | null;
  readonly isActive: boolean;
  readonly fieldCount?: number;
}

export interface FieldRecord {
  readonly name: string;
  readonly type: string | null;
  readonly description: string | null;
  readonly ordinal: number | null;
  readonly nullable: boolean | null;
}

export interface JobRecord {
  readonly jobId: string;
  readonly namespaceId: string;
  readonly name: string;
  readonly description: string | null;
  readonly jobType: string | null;
  readonly updatedAt: Date | null;
}

export interface RunRecord {
  readonly runId: string;
  readonly jobId: string;
  readonly eventType: string;
  readonly eventTime: Date | null;
  readonly producer: string | null;
}

export interface DatasetSearch {
  readonly namespaceId?: string;
  /** Lower-case substring of a database, table or column name. */
  readonly q?: string;
  readonly limit: number;
  readonly offset: number;
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An OL_COLUMN_LINEAGE row as the driver returns it. */
type ColumnLineageRow = ColumnLineageColumns & { confidence_score: number | string | null };

/** An edge row's key, page key and latest interval. */
type EdgeStateColumns = { page_key: string | number; lineage_id: string; is_active: string | null; valid_from: Date | null; valid_to: Date | null };

function toEdge(r: ColumnLineageRow): ColumnEdge {
  return {
    sourceNamespace: r.source_namespace,
    sourceDataset: r.source_dataset,
    sourceField: r.source_field,
    targetNamespace: r.target_namespace,
    targetDataset: r.target_dataset,
    targetField: r.target_field,
    transformationType: String(r.transformation_type).trim() === 'INDIRECT' ? 'INDIRECT' : 'DIRECT',
    transformationSubtype: r.transformation_subtype ? String(r.transformation_subtype).trim() : null,
    description: r.transformation_description,
    masking: String(r.masking ?? 'N').trim() === 'Y',
    confidence: r.confidence_score === null ? null : Number(r.confidence_score),
  };
}

type LinkRow = { source_namespace: string; source_dataset: string; target_namespace: string; target_dataset: string; first_run: Date | null };

function toLinks(rows: LinkRow[]): DatasetLinkInput[] {
  return rows.map((r) => ({
    sourceNamespace: r.source_namespace,
    sourceDataset: r.source_dataset,
    targetNamespace: r.target_namespace,
    targetDataset: r.target_dataset,
    from: r.first_run ? indexTime(r.first_run.getTime()) : 0,
  }));
}

/** An edge row's latest interval in index seconds: still true (is_active) → open; an ended one without an end → empty. */
function rowSpan(r: { is_active: string | null; valid_from: Date | null; valid_to: Date | null }): Span {
  return validitySpan(r.valid_from, r.valid_to, String(r.is_active ?? 'N').trim() === 'Y');
}

type HistoryRow = { item_key: string; valid_from: Date | null; valid_to: Date };

/** Earlier intervals by lineage id, in index seconds, by start. */
function historyByEdge(rows: readonly HistoryRow[]): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const r of rows) {
    const id = String(r.item_key).trim();
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push([r.valid_from ? indexTime(r.valid_from.getTime()) : 0, indexTime(r.valid_to.getTime())]);
  }
  for (const list of out.values()) list.sort((a, b) => a[0] - b[0]);
  return out;
}


/** The only place the Lineage module runs SQL; rows become domain types here. */
@Injectable()
export class LineageRepository {

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(LineageStatements) private readonly sql: LineageStatements,
  ) {}

  /** Paging parameters: LIMIT/OFFSET on the embedded engine, a ROW_NUMBER range on Teradata. */
  private page(limit: number, offset: number): number[] {
    return this.database.dialect === 'teradata' ? [offset + 1, offset + limit] : [limit, offset];
  }

  async namespaces(): Promise<NamespaceRecord[]> {
    const rows = await this.database.query<{ namespace_id: string; namespace_uri: string; description: string | null; spec_version: string | null; created_at: Date | null }>(this.sql.namespaces);
    return rows.map((r) => ({ namespaceId: r.namespace_id, namespaceUri: r.namespace_uri, description: r.description, specVersion: r.spec_version, createdAt: r.created_at }));
  }

  private searchParams(search: DatasetSearch): SqlValue[] {
    const ns = search.namespaceId ?? null;
    const pattern = search.q ? likePattern(search.q) : null;
    return [ns, ns, pattern, pattern, pattern, pattern];
  }

  async datasets(search: DatasetSearch): Promise<{ total: number; items: DatasetRecord[] }> {
    const params = this.searchParams(search);
    const [count] = await this.database.query<{ n: number }>(this.sql.datasetsCount, params);
    const rows = await this.database.query<Record<string, unknown>>(this.sql.datasetsPage, [...params, ...this.page(search.limit, search.offset)]);
    return { total: Number(count?.n ?? 0), items: rows.map((r) => this.toDataset(r)) };
  }

  private toDataset(r: Record<string, unknown>): DatasetRecord {
    return {
      datasetId: String(r.dataset_id),
      namespaceId: String(r.namespace_id),
      namespace: String(r.namespace_uri ?? r.namespace_id),
      name: String(r.name),
      description: (r.description as string | null) ?? null,
      sourceType: (r.source_type as string | null) ?? null,
      isActive: String(r.is_active ?? 'Y').trim() === 'Y',
      ...(r.field_count !== undefined ? { fieldCount: Number(r.field_count) } : {}),
    };
  }

  async dataset(namespaceId: string, name: string): Promise<DatasetRecord | null> {
    const rows = await this.database.query<Record<string, unknown>>(this.sql.dataset, [namespaceId, name]);
    return rows[0] ? this.toDataset(rows[0]) : null;
  }

  /** The namespace URIs that hold a dataset of this name, by each namespace's case rule (nameKey). */
  async datasetNamespaces(name: string): Promise<string[]> {
    const given = name.trim();
    const rows = await this.database.query<{ namespace_uri: string; name: string }>(this.sql.datasetNamespaces, [given, given.toLowerCase()]);
    return [...new Set(rows.filter((r) => nameKey(r.namespace_uri, given) === String(r.name).trim()).map((r) => r.namespace_uri))];
  }

  async fields(datasetId: string): Promise<FieldRecord[]> {
    const rows = await this.database.query<{ field_name: string; field_type: string | null; field_description: string | null; ordinal_position: number | null; nullable: string | null }>(
      this.sql.datasetFields,
      [datasetId],
    );
    return rows.map((r) => ({
      name: r.field_name,
      type: r.field_type,
      description: r.field_description,
      ordinal: r.ordinal_position,
      nullable: r.nullable === null ? null : String(r.nullable).trim() === 'Y',
    }));
  }

  async neighbourCounts(datasetId: string): Promise<{ upstream: number; downstream: number }> {
    const [r] = await this.database.query<{ upstream: number; downstream: number }>(this.sql.datasetNeighbours, [datasetId, datasetId]);
    return { upstream: Number(r?.upstream ?? 0), downstream: Number(r?.downstream ?? 0) };
  }

  /**
   * Every interval of every edge true now or ended after `horizon` (older
   * history is not kept: LINEAGE_HISTORY_DAYS), one slot each, in page_key
   * order and, for an edge, by start: one streamed read of the edges handed
   * out EDGE_PAGE_ROWS at a time (memory holds one page of rows), their
   * earlier intervals (few: only edges that ended and came back have any)
   * read first and slotted in before each edge's latest interval.
   */
  async *activeEdgePages(horizon: Date = new Date(0)): AsyncGenerator<RankedEdgePage> {
    const earlier = historyByEdge(await this.database.query<HistoryRow>(this.sql.edgeHistoryAfter, [horizon]));
    for await (const rows of this.database.stream<ColumnLineageRow & EdgeStateColumns>(this.sql.activeEdges, [horizon], EDGE_PAGE_ROWS)) {
      const page: RankedEdgePage = { edges: [], ranks: [], from: [], to: [] };
      for (const r of rows) {
        const edge = toEdge(r);
        const rank = edgeRank(r.page_key);
        for (const [from, to] of [...(earlier.get(String(r.lineage_id).trim()) ?? []), rowSpan(r)]) {
          page.edges.push(edge);
          page.ranks.push(rank);
          page.from.push(from);
          page.to.push(to);
        }
      }
      yield page;
    }
  }

  async datasetLinks(): Promise<DatasetLinkInput[]> {
    return toLinks(await this.database.query<LinkRow>(this.sql.datasetLinks));
  }

  /** The graph generation and how far back the change log reaches (committed state). */
  async changeLogState(): Promise<ChangeLogState> {
    const rows = await this.database.query<{ state_id: number; generation: number | bigint }>(this.sql.changeLogState);
    const of = (id: number) => rows.find((r) => Number(r.state_id) === id);
    const generation = Number(of(1)?.generation ?? 0);
    // Without row 2 (a store set up before the change log) the log reaches nothing: rebuild.
    return { generation, completeAfter: Number(of(2)?.generation ?? generation) };
  }

  /** What the change log says changed after generation `after` up to `upTo`: edges as they stand now, run links. */
  async changesBetween(after: number, upTo: number): Promise<IndexChanges> {
    const keys = await this.database.query<{ change_kind: string; change_key: string }>(this.sql.changedKeys, [after, upTo]);
    const of = (kind: string) => keys.filter((k) => String(k.change_kind).trim() === kind).map((k) => String(k.change_key).trim());
    return this.changesOf({ edges: of('E'), runs: of('R') }, upTo);
  }

  /** Generation `generation`'s changes when its keys are known (a writer of this process): the edges as they stand now (every interval), the runs' links. */
  async changesOf(keys: { readonly edges: readonly string[]; readonly runs: readonly string[] }, generation: number): Promise<IndexChanges> {
    // Three reads at once, each on its own connection (every read is a turn of the event loop, which under read load waits behind the requests
    // queued on it): the edges, their earlier intervals (by the same keys: those of edges not found are not used) and the runs' links.
    const [edges, links] = await Promise.all([this.edgesByKey(keys.edges), queryInList<LinkRow>(this.database, this.sql.runDatasetLinks, keys.runs)]);
    return { generation, edges, links: toLinks(links) };
  }

  /** The edges as they stand now, by lineage id (every interval, with their rank): two reads at once. */
  private async edgesByKey(ids: readonly string[]): Promise<ChangedEdge[]> {
    const [rows, history] = await Promise.all([
      queryInList<ColumnLineageRow & EdgeStateColumns>(this.database, this.sql.edgesById, ids),
      queryInList<HistoryRow>(this.database, this.sql.edgeHistoryOf, ids),
    ]);
    const earlier = historyByEdge(history);
    return rows.map((r) => ({ edge: toEdge(r), rank: edgeRank(r.page_key), spans: [...(earlier.get(String(r.lineage_id).trim()) ?? []), rowSpan(r)] }));
  }

  /**
   * Generation `generation`'s changes from what its writer (this process)
   * wrote: of the edges it created only the ranks are read (nothing on
   * Teradata, where the rank is the lineage id), the others it changed are
   * read back by key, and the runs' links are as written; in rank order as
   * a read of the rows gives them. Undefined when a created edge is not
   * found (removed since): the caller reads the change whole (changesOf).
   */
  async changesWritten(written: WrittenChanges, generation: number): Promise<IndexChanges | undefined> {
    const ids = written.edges.map((w) => w.lineageId);
    const ranks = new Map<string, number>();
    const [rankRows, readBack] = await Promise.all([
      this.sql.edgeRanks === null ? [] : queryInList<{ page_key: string | number | bigint; lineage_id: string }>(this.database, this.sql.edgeRanks, ids),
      this.edgesByKey(written.readBack),
    ]);
    if (this.sql.edgeRanks === null) for (const id of ids) ranks.set(id, edgeRank(id));
    for (const r of rankRows) ranks.set(String(r.lineage_id).trim(), edgeRank(r.page_key));
    const edges: ChangedEdge[] = [...readBack];
    for (const w of written.edges) {
      const rank = ranks.get(w.lineageId);
      if (rank === undefined) return undefined;
      edges.push({ edge: w.edge, rank, spans: w.spans });
    }
    edges.sort((a, b) => a.rank - b.rank);
    return { generation, edges, links: written.links };
  }

  async generation(): Promise<number> {
    const [r] = await this.database.query<{ generation: number | bigint }>(this.sql.generation);
    return Number(r?.generation ?? 0);
  }

  /** What tells this store from another (see LineageStatements.storeIdentity); undefined when the store has no schema history. */
  async storeIdentity(): Promise<string | undefined> {
    const [r] = await this.database.query<{ created: string | null }>(this.sql.storeIdentity);
    return r?.created ? String(r.created).trim() : undefined;
  }

  async jobs(limit: number, offset: number): Promise<{ total: number; items: JobRecord[] }> {
    const [count] = await this.database.query<{ n: number }>(this.sql.jobsCount);
    const rows = await this.database.query<{ job_id: string; namespace_id: string; name: string; description: string | null; job_type: string | null; updated_at: Date | null }>(
      this.sql.jobsPage,
      this.page(limit, offset),
    );
    return {
      total: Number(count?.n ?? 0),
      items: rows.map((r) => ({ jobId: r.job_id, namespaceId: r.namespace_id, name: r.name, description: r.description, jobType: r.job_type, updatedAt: r.updated_at })),
    };
  }

  private toRun(r: { run_id: string; job_id: string; event_type: string; event_time: Date | null; producer: string | null }): RunRecord {
    return { runId: r.run_id, jobId: r.job_id, eventType: String(r.event_type).trim(), eventTime: r.event_time, producer: r.producer };
  }

  async jobExists(jobId: string): Promise<boolean> {
    const rows = await this.database.query<{ job_id: string }>(this.sql.jobExists, [jobId]);
    return rows.length > 0;
  }

  async runs(jobId: string, limit: number, offset: number): Promise<{ total: number; items: RunRecord[] }> {
    const [count] = await this.database.query<{ n: number }>(this.sql.runsCount, [jobId]);
    const rows = await this.database.query<{ run_id: string; job_id: string; event_type: string; event_time: Date | null; producer: string | null }>(this.sql.runsPage, [jobId, ...this.page(limit, offset)]);
    return { total: Number(count?.n ?? 0), items: rows.map((r) => this.toRun(r)) };
  }

  async runsProducingField(namespace: string, dataset: string, field: string): Promise<RunRecord[]> {
    const rows = await this.database.query<{ run_id: string; job_id: string; event_type: string; event_time: Date | null; producer: string | null }>(this.sql.runsProducingField, [namespace, dataset, field]);
    return rows.map((r) => this.toRun(r));
  }

  /** Every start and end of a dataset or field interval in [since, until), with names and runs (see LineageStatements.changedDatasets). */
  async changes(since: Date, until: Date): Promise<ChangeRow[]> {
    const params = [since, until, since, until, since, until, since, until];
    const [datasets, fields] = await Promise.all([this.database.query<ChangeRow>(this.sql.changedDatasets, params), this.database.query<ChangeRow>(this.sql.changedFields, params)]);
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v).trim());
    const tidy = (kind: ChangeRow['kind']) => (r: ChangeRow): ChangeRow => ({
      ...r,
      kind,
      change: String(r.change).trim() === 'removed' ? 'removed' : 'added',
      item_key: String(r.item_key).trim(),
      run_id: text(r.run_id),
    });
    return [...datasets.map(tidy('dataset')), ...fields.map(tidy('field'))];
  }

  /**
   * When edges began or ended in [since, until) and by which run, by rank
   * (the index's: see edgeRank), change and second (index time): what the
   * index's boundaries do not hold.
   */
  async edgeBoundaries(since: Date, until: Date): Promise<Map<string, { at: Date; runId: string | null }>> {
    const rows = await this.database.query<{ page_key: string | number | bigint; change: string; at: Date; run_id: string | null }>(this.sql.edgeBoundaries, [since, until, since, until, since, until, since, until]);
    const out = new Map<string, { at: Date; runId: string | null }>();
    for (const r of rows) out.set(boundaryKey(edgeRank(r.page_key), String(r.change).trim(), indexTime(r.at.getTime())), { at: r.at, runId: r.run_id === null ? null : String(r.run_id).trim() });
    return out;
  }

  /** The runs of those ids, with their jobs' names and descriptions. */
  async runsById(runIds: readonly string[]): Promise<Map<string, ChangeRunRow>> {
    const rows = await queryInList<ChangeRunRow>(this.database, this.sql.runsById, runIds);
    return new Map(rows.map((r) => [String(r.run_id).trim(), r]));
  }

  async counts(): Promise<{ namespaces: number; datasets: number; fields: number; edges: number }> {
    const [r] = await this.database.query<{ namespaces: number; datasets: number; fields: number; edges: number }>(this.sql.counts);
    return { namespaces: Number(r?.namespaces ?? 0), datasets: Number(r?.datasets ?? 0), fields: Number(r?.fields ?? 0), edges: Number(r?.edges ?? 0) };
  }
}
