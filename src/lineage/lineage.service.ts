import { csvLine } from '../common/csv.js';
import { Injectable } from '@nestjs/common';
import { LineageConfig } from '../config/app-config.js';
import { datasetNodeId, fieldNodeId, nameKey, namespaceId as toNamespaceId, parseNodeId, type ParsedNodeId } from '../model/ids.js';
import type { TransformationType } from '../model/transformation.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import type { LineageQueryDto } from './dto/lineage-query.dto.js';
import { graphToCompact } from './graph/compact-render.js';
import { FieldTypeTable } from './graph/field-types.js';
import { indexTime, type LineageIndex, PRESENT } from './graph/lineage-index.js';
import { type GraphFormat, type NodeField, nodeFieldMask, type NodeFieldMask } from './graph-format.js';
import type { ChangeRun, ChangesPage, GraphNode, LineageChange, LineageDirection, LineageGraph, LineageGraphEdge } from './lineage.types.js';
import type { RenderJob } from './graph/render-job.js';
import { asOfText, walkToGraph, withNodeFields } from './graph/walk-render.js';
import { GraphRenderPool } from './graph-render.pool.js';
import { LineageCacheService } from './lineage-cache.service.js';
import { LineageIndexService } from './lineage-index.service.js';
import { LineageIndexNotReadyError, LineageInvalidQueryError, LineageNodeNotFoundError } from './lineage.errors.js';
import { boundaryKey, type ChangeRow, type DatasetRecord, LineageRepository, type NamespaceRecord } from './lineage.repository.js';

export interface ResolvedQuery {
  readonly root: ParsedNodeId;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  readonly transformationType?: TransformationType;
  /** The instant walked: PRESENT, or index seconds (asOf, to the second). */
  readonly at: number;
}

/** How a graph answer is written (GET …/lineage `format` and `fields`). */
export interface GraphAnswer {
  readonly format?: GraphFormat;
  readonly fields?: readonly NodeField[];
}

/** A window of changes asked for: [since, until), optionally around one dataset or field of it. */
export interface ChangesQuery {
  readonly since: string;
  /** Default: now. */
  readonly until?: string;
  readonly namespace?: string;
  readonly dataset?: string;
  /** Needs `dataset`. */
  readonly field?: string;
  /** Default 100; undefined with `all`. */
  readonly limit?: number;
  readonly offset?: number;
}

/** A field by its names, as a column-lineage answer asks its stored type. */
export interface FieldName {
  readonly namespace: string;
  readonly dataset: string;
  readonly field: string;
}

/** Tries at writing a column-lineage answer while the types it shows are read in: the last counts a "no type" of an earlier generation. */
const COLUMN_LINEAGE_ATTEMPTS = 3;

/** Characters of a run's statement a change carries. */
const STATEMENT_EXCERPT = 300;

export interface ImpactResult {
  readonly root: string;
  readonly maxDepth: number;
  /** The instant the analysis describes, when asked for one (asOf). */
  readonly asOf?: string;
  readonly truncated: boolean;
  readonly total: number;
  readonly byDepth: { key: string; count: number }[];
  readonly byDatabase: { key: string; count: number }[];
  readonly nodes: GraphNode[];
}

/** A node's names as stored: by its namespace's case rule (`teradata://` folds case, others keep it). */
function keyed(node: ParsedNodeId): ParsedNodeId {
  const { namespace } = node;
  return node.field === undefined
    ? { type: node.type, namespace, dataset: nameKey(namespace, node.dataset) }
    : { type: node.type, namespace, dataset: nameKey(namespace, node.dataset), field: nameKey(namespace, node.field) };
}

/** Use cases of the read side: namespaces, datasets, lineage graphs, impact. */
@Injectable()
export class LineageService {
  /** Stored field types that column-lineage answers show, beside the index (see columnLineageJson). */
  private readonly fieldTypes = new FieldTypeTable();

  constructor(
    private readonly repository: LineageRepository,
    private readonly indexes: LineageIndexService,
    private readonly renderer: GraphRenderPool,
    private readonly cache: LineageCacheService,
    private readonly config: LineageConfig,
    private readonly metrics: LineageMetrics,
  ) {}

  namespaces(): Promise<NamespaceRecord[]> {
    return this.repository.namespaces();
  }

  private namespaceList?: { generation: number; rows: Promise<NamespaceRecord[]> };

  /** Namespaces change only with the graph: read once per generation known here (a write of this process starts a new one), not once per request. */
  private knownNamespaces(): Promise<NamespaceRecord[]> {
    const generation = this.indexes.known();
    if (!this.namespaceList || this.namespaceList.generation !== generation) {
      const rows = this.repository.namespaces();
      this.namespaceList = { generation, rows };
      rows.catch(() => (this.namespaceList = undefined));
    }
    return this.namespaceList.rows;
  }

  /**
   * A namespace URI from a URI or an id. When none is given: the only
   * namespace there is or, with several (ingested events bring their own),
   * the only one that holds `dataset`.
   */
  async resolveNamespace(namespace?: string, dataset?: string): Promise<string> {
    const all = await this.knownNamespaces();
    if (namespace) {
      const found = all.find((n) => n.namespaceUri === namespace || n.namespaceId === namespace);
      if (!found) throw new LineageNodeNotFoundError(`Namespace "${namespace}"`);
      return found.namespaceUri;
    }
    if (all.length === 1) return all[0].namespaceUri;
    if (all.length === 0) throw new LineageNodeNotFoundError('Any namespace (no lineage has been populated yet)');
    const holding = dataset ? await this.repository.datasetNamespaces(dataset) : [];
    if (holding.length === 1) return holding[0];
    if (dataset && holding.length === 0) throw new LineageNodeNotFoundError(`Dataset "${dataset}" in any namespace`);
    if (holding.length > 1) throw new LineageInvalidQueryError(`namespace is required when there are several holding "${dataset}": ${holding.join(', ')}`);
    throw new LineageInvalidQueryError(`namespace is required when there are several: ${all.map((n) => n.namespaceUri).join(', ')}`);
  }

  async datasets(search: { q?: string; namespace?: string; limit?: number; offset?: number }) {
    const limit = search.limit ?? 50;
    const offset = search.offset ?? 0;
    const namespaceUri = search.namespace ? await this.resolveNamespace(search.namespace) : undefined;
    const page = await this.repository.datasets({ namespaceId: namespaceUri ? toNamespaceId(namespaceUri) : undefined, q: search.q?.toLowerCase(), limit, offset });
    return {
      total: page.total,
      limit,
      offset,
      items: page.items.map((d) => this.summary(d)),
    };
  }

  private summary(d: DatasetRecord) {
    return {
      datasetId: d.datasetId,
      namespace: d.namespace,
      name: d.name,
      sourceType: d.sourceType,
      description: d.description,
      ...(d.fieldCount !== undefined ? { fieldCount: d.fieldCount } : {}),
      nodeId: datasetNodeId(d.namespace, d.name),
    };
  }

  async dataset(name: string, namespace?: string) {
    const ns = await this.resolveNamespace(namespace, name);
    const row = await this.repository.dataset(toNamespaceId(ns), nameKey(ns, name));
    if (!row) throw new LineageNodeNotFoundError(`Dataset "${name}" in ${ns}`);
    const [fields, counts] = await Promise.all([this.repository.fields(row.datasetId), this.repository.neighbourCounts(row.datasetId)]);
    return {
      ...this.summary(row),
      fieldCount: fields.length,
      fields: fields.map((f) => ({ ...f, nodeId: fieldNodeId(row.namespace, row.name, f.name) })),
      upstreamDatasets: counts.upstream,
      downstreamDatasets: counts.downstream,
    };
  }

  /** Validates direction and depth and finds the root node. */
  async resolve(query: LineageQueryDto, defaultDirection: LineageDirection = 'both'): Promise<ResolvedQuery> {
    const { minMaxDepth, maxDepthLimit, defaultMaxDepth } = this.config;
    const maxDepth = query.maxDepth ?? defaultMaxDepth;
    if (!Number.isInteger(maxDepth) || maxDepth < minMaxDepth || maxDepth > maxDepthLimit) {
      throw new LineageInvalidQueryError(`maxDepth must be between ${minMaxDepth} and ${maxDepthLimit}, got ${query.maxDepth}`);
    }
    let root: ParsedNodeId | null;
    if (query.nodeId) {
      const parsed = parseNodeId(query.nodeId);
      if (!parsed) throw new LineageInvalidQueryError('nodeId must look like dataset:<namespace>:<database.table> or datasetField:<namespace>:<database.table>:<field>');
      root = keyed(parsed);
    } else if (query.dataset) {
      const namespace = await this.resolveNamespace(query.namespace, query.dataset);
      root = keyed(query.field ? { type: 'datasetField', namespace, dataset: query.dataset, field: query.field } : { type: 'dataset', namespace, dataset: query.dataset });
    } else {
      throw new LineageInvalidQueryError('give nodeId, or dataset (and field)');
    }
    return { root, direction: query.direction ?? defaultDirection, maxDepth, transformationType: query.transformationType, at: this.instant(query.asOf) };
  }

  /**
   * The instant an `asOf` (or `compare`) names, as the index walks it: index
   * seconds (ADR 0024), or PRESENT when none is given. 400 when it is not a
   * date-time, or before the history kept (LINEAGE_HISTORY_DAYS).
   */
  instant(text: string | undefined, name = 'asOf'): number {
    if (text === undefined) return PRESENT;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new LineageInvalidQueryError(`${name} must be an ISO 8601 date-time such as 2026-11-18T09:00:00Z, got "${text}"`);
    const horizon = this.indexes.horizonDate();
    if (ms < horizon.getTime()) {
      throw new LineageInvalidQueryError(`${name} ${text} is before the lineage history kept (LINEAGE_HISTORY_DAYS=${this.config.historyDays}: from ${horizon.toISOString()} on)`);
    }
    return indexTime(ms);
  }

  /** The instant an answer to `asOf` describes (ISO 8601, to the second), for its Lineage-As-Of header; undefined for the present. */
  describedInstant(asOf: string | undefined): string | undefined {
    return asOfText(this.instant(asOf));
  }

  private cacheKey(kind: string, q: ResolvedQuery): string {
    return `lineage:${kind}:${this.indexes.generation()}:${q.root.type}:${q.root.namespace}:${q.root.dataset}:${q.root.field ?? ''}:${q.direction}:${q.maxDepth}:${q.transformationType ?? ''}:${this.config.nodeCap}${q.at === PRESENT ? '' : `:at${q.at}`}`;
  }

  /** The lineage graph of a field or dataset (what the export controller and admin pages call too). */
  async graphFor(query: LineageQueryDto): Promise<LineageGraph> {
    await this.indexes.ready();
    const resolved = await this.resolve(query);
    const compute = () =>
      this.compute(resolved, (index, job) => {
        const result = this.renderer.walkHere(index, job);
        return { out: walkToGraph({ index, kind: job.kind, root: job.root, direction: job.direction, maxDepth: job.maxDepth, at: job.at ?? PRESENT, result }), nodes: result.nodes.length };
      }, (g) => g);
    return this.cache.wrap(this.cacheKey('graph', resolved), compute);
  }

  /**
   * The lineage at `query.asOf` (or now) and at `compare` together: nodes and
   * edges found at one instant only carry `diff`, `added` when only the
   * later instant has them, `removed` when only the earlier one does (the
   * admin explorer's compare view and GET …/fields/{field}/lineage?compare=).
   * The later instant's nodes and edges come first, in its walk order, then
   * those only the earlier one has; a node keeps its depth on the side that
   * has it (the later one when both do).
   */
  async compareGraph(query: LineageQueryDto, compare: string): Promise<LineageGraph> {
    const at = this.instant(query.asOf);
    const other = this.instant(compare, 'compare');
    const [mine, theirs] = await Promise.all([this.graphFor(query), this.graphFor({ ...query, asOf: asOfText(other) ?? new Date().toISOString() })]);
    const rank = (t: number) => (t === PRESENT ? Number.POSITIVE_INFINITY : t);
    const laterIsMine = rank(at) >= rank(other);
    const [later, earlier] = laterIsMine ? [mine, theirs] : [theirs, mine];
    const edgeKey = (e: LineageGraphEdge) => `${e.source}\u0001${e.target}\u0001${e.transformationType}\u0001${e.transformationSubtype}`;
    const same = rank(at) === rank(other);
    const earlierNodes = new Set(earlier.nodes.map((n) => n.id));
    const laterNodes = new Set(later.nodes.map((n) => n.id));
    const earlierEdges = new Set(earlier.edges.map(edgeKey));
    const laterEdges = new Set(later.edges.map(edgeKey));
    const nodes: GraphNode[] = [
      ...later.nodes.map((n) => (same || earlierNodes.has(n.id) ? n : { ...n, diff: 'added' as const })),
      ...(same ? [] : earlier.nodes.filter((n) => !laterNodes.has(n.id)).map((n) => ({ ...n, diff: 'removed' as const }))),
    ];
    const edges: LineageGraphEdge[] = [
      ...later.edges.map((e) => (same || earlierEdges.has(edgeKey(e)) ? e : { ...e, diff: 'added' as const })),
      ...(same ? [] : earlier.edges.filter((e) => !laterEdges.has(edgeKey(e))).map((e) => ({ ...e, diff: 'removed' as const }))),
    ];
    const asOf = asOfText(at);
    return {
      root: mine.root,
      direction: mine.direction,
      maxDepth: mine.maxDepth,
      ...(asOf ? { asOf } : {}),
      compare: asOfText(other) ?? new Date().toISOString(),
      nodes,
      edges,
      truncated: mine.truncated || theirs.truncated,
    };
  }

  /**
   * The same graph as UTF-8 JSON bytes: what the REST endpoints send, in the
   * `json` form (as graphFor's objects, with only the node keys asked for)
   * or the `compact` one. Walked and written straight from the index on a
   * render thread (GraphRenderPool).
   */
  async graphJson(query: LineageQueryDto, answer: GraphAnswer = {}): Promise<Buffer> {
    await this.indexes.ready();
    const resolved = await this.resolve(query);
    const format = answer.format ?? 'json';
    const fields = nodeFieldMask(answer.fields);
    const compute = () =>
      this.compute(
        resolved,
        async (index, job) => {
          const rendered = await this.renderer.render(index, { ...job, format, fields });
          return { out: rendered.json, nodes: rendered.nodes };
        },
        (g) => Buffer.from(JSON.stringify(format === 'compact' ? graphToCompact(g, fields) : withNodeFields(g, fields))),
      );
    if (!this.cache.enabled) return compute();
    // Cache stores hold strings well (Redis, in-process alike); bytes are made again on a hit.
    const text = await this.cache.wrap(this.cacheKey(answerKind(format, fields), resolved), async () => (await compute()).toString('utf8'));
    return Buffer.from(text, 'utf8');
  }

  /**
   * Marquez's column lineage of one field (GET /api/v1/column-lineage),
   * or of it and `also` (other fields of its dataset: the walks from each,
   * merged, as for a `dataset:` node), walked and written on a render thread
   * like graphJson, each field with
   * its stored type from a table beside the index (FieldTypeTable): the
   * types it does not hold yet are read with `readTypes` (entry i: field i's
   * type, null for none) and the answer written again. Undefined when the
   * root (or a field of `also`) has no lineage in the index, or when the
   * types could not be held (a rebuild renumbering fields between tries):
   * the caller writes the answer another way (graphJson's compact walks).
   */
  async columnLineageJson(query: LineageQueryDto, readTypes: (fields: FieldName[]) => Promise<readonly (string | null)[]>, also: readonly string[] = []): Promise<Buffer | undefined> {
    await this.indexes.ready();
    const resolved = await this.resolve(query);
    return this.compute<Buffer | undefined>(
      resolved,
      async (index, job) => {
        const { root, at } = resolved;
        const starts = [job.start, ...also.map((f) => index.fieldId(root.namespace, root.dataset, nameKey(root.namespace, f), at))];
        if (starts.some((s) => s < 0)) return { out: undefined, nodes: 0 };
        const { base } = index.view();
        for (let attempt = 1; attempt <= COLUMN_LINEAGE_ATTEMPTS; attempt++) {
          const types = this.fieldTypes.view(base, index.fieldCount);
          const rendered = await this.renderer.render(index, { ...job, ...(starts.length > 1 ? { starts } : {}), format: 'column-lineage', types, staleNone: attempt === COLUMN_LINEAGE_ATTEMPTS });
          if (!rendered.unheld) return { out: rendered.json, nodes: rendered.nodes };
          const names = Array.from(rendered.unheld, (f) => ({ namespace: index.fieldNamespace(f), dataset: index.fieldDataset(f), field: index.fieldName(f) }));
          await this.fieldTypes.fill(base, rendered.unheld, index.generation, () => readTypes(names));
          this.metrics.fieldTypesBytes.set(this.fieldTypes.allocatedBytes);
        }
        return { out: undefined, nodes: 0 };
      },
      () => undefined,
    );
  }

  /**
   * The newest graph generation this process knows (LineageIndexService.known):
   * what caches of store reads key on, so they start over with a write of
   * this process before its index apply ends.
   */
  knownGeneration(): number {
    return this.indexes.known();
  }

  /** Gives an answer's buffer back for reuse once it has been sent (see GraphRenderPool.release). */
  releaseJson(json: Buffer): void {
    this.renderer.release(json);
  }

  /** From the index when the root is in it; otherwise the root alone (or 404). 503 while the index is not built yet. */
  private async compute<T>(
    q: ResolvedQuery,
    fromIndex: (index: LineageIndex, job: RenderJob) => { out: T; nodes: number } | Promise<{ out: T; nodes: number }>,
    fromGraph: (g: LineageGraph) => T,
  ): Promise<T> {
    const started = performance.now();
    const index = this.indexes.current();
    if (!index) throw new LineageIndexNotReadyError();
    const job = this.jobFor(index, q);
    let answer: { out: T; nodes: number };
    if (job) {
      answer = await fromIndex(index, job);
    } else {
      const graph = await this.notInIndex(q);
      answer = { out: fromGraph(graph), nodes: graph.nodes.length };
    }
    const kind = q.root.type === 'datasetField' ? 'column' : 'table';
    this.metrics.traversalDuration.observe({ kind }, (performance.now() - started) / 1000);
    this.metrics.traversalNodes.observe({ kind }, answer.nodes);
    return answer.out;
  }

  private async ensureExists(root: ParsedNodeId): Promise<void> {
    const ds = await this.repository.dataset(toNamespaceId(root.namespace), root.dataset);
    if (!ds) throw new LineageNodeNotFoundError(`Dataset "${root.dataset}" in ${root.namespace}`);
    if (root.type === 'datasetField') {
      const fields = await this.repository.fields(ds.datasetId);
      if (!fields.some((f) => nameKey(root.namespace, f.name) === root.field)) throw new LineageNodeNotFoundError(`Field "${root.dataset}.${root.field}" in ${root.namespace}`);
    }
  }

  /** The walk to do from the root, or undefined when the root has no lineage in the index. */
  private jobFor(index: LineageIndex, q: ResolvedQuery): RenderJob | undefined {
    const { root } = q;
    // Written as json with every node key unless graphJson asks otherwise.
    const common = { generation: index.generation, direction: q.direction, maxDepth: q.maxDepth, nodeCap: this.config.nodeCap, format: 'json' as const, fields: nodeFieldMask(undefined), at: q.at };
    if (root.type === 'datasetField') {
      const start = index.fieldId(root.namespace, root.dataset, root.field as string, q.at);
      if (start < 0) return undefined;
      const direct = q.transformationType === undefined ? -1 : q.transformationType === 'DIRECT' ? 1 : 0;
      return { ...common, kind: 'field', start, root: fieldNodeId(root.namespace, root.dataset, root.field as string), direct };
    }
    const start = index.datasetId(root.namespace, root.dataset, q.at);
    if (start < 0) return undefined;
    return { ...common, kind: 'dataset', start, root: datasetNodeId(root.namespace, root.dataset), direct: -1 };
  }

  /** A node the index has no edge for: the root alone when it exists, 404 otherwise. */
  private async notInIndex(q: ResolvedQuery): Promise<LineageGraph> {
    await this.ensureExists(q.root);
    const { root } = q;
    const node: GraphNode =
      root.type === 'datasetField'
        ? { id: fieldNodeId(root.namespace, root.dataset, root.field as string), type: 'datasetField', namespace: root.namespace, dataset: root.dataset, field: root.field, depth: 0 }
        : { id: datasetNodeId(root.namespace, root.dataset), type: 'dataset', namespace: root.namespace, dataset: root.dataset, depth: 0 };
    const asOf = asOfText(q.at);
    return { root: node.id, direction: q.direction, maxDepth: q.maxDepth, ...(asOf ? { asOf } : {}), nodes: [node], edges: [], truncated: false };
  }

  /** Everything downstream of a field or dataset, with totals per depth and per database. */
  async impact(query: LineageQueryDto): Promise<ImpactResult> {
    const graph = await this.graphFor({ ...query, direction: 'downstream' });
    const impacted = graph.nodes.filter((n) => n.depth > 0);
    const count = (keyOf: (n: GraphNode) => string) => {
      const m = new Map<string, number>();
      for (const n of impacted) m.set(keyOf(n), (m.get(keyOf(n)) ?? 0) + 1);
      return [...m].map(([key, c]) => ({ key, count: c })).sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
    };
    return {
      root: graph.root,
      maxDepth: graph.maxDepth,
      ...(graph.asOf ? { asOf: graph.asOf } : {}),
      truncated: graph.truncated,
      total: impacted.length,
      byDepth: count((n) => String(n.depth)),
      byDatabase: count((n) => n.dataset.split('.')[0]),
      nodes: impacted,
    };
  }

  /**
   * What changed in [since, until) (ADR 0024): edges, datasets and fields
   * added (their interval began) or removed (it ended), oldest first, with
   * the run responsible; around one dataset (its edges either way, its
   * fields) or one field of it (its edges either way) when asked. An item
   * that ended and began again at the same instant (two intervals meeting)
   * did not change. `all`: every change, unpaged (CSV).
   */
  async changes(query: ChangesQuery, all = false): Promise<ChangesPage> {
    const sinceMs = Date.parse(query.since);
    const untilMs = query.until === undefined ? Date.now() : Date.parse(query.until);
    if (Number.isNaN(sinceMs)) throw new LineageInvalidQueryError(`since must be an ISO 8601 date-time such as 2026-11-16T00:00:00Z, got "${query.since}"`);
    if (Number.isNaN(untilMs)) throw new LineageInvalidQueryError(`until must be an ISO 8601 date-time such as 2026-11-23T00:00:00Z, got "${query.until}"`);
    if (untilMs <= sinceMs) throw new LineageInvalidQueryError(`until (${new Date(untilMs).toISOString()}) must be after since (${new Date(sinceMs).toISOString()})`);
    const horizon = this.indexes.horizonDate();
    if (sinceMs < horizon.getTime()) throw new LineageInvalidQueryError(`since ${query.since} is before the lineage history kept (LINEAGE_HISTORY_DAYS=${this.config.historyDays}: from ${horizon.toISOString()} on)`);
    if (query.field !== undefined && query.dataset === undefined) throw new LineageInvalidQueryError('field needs dataset: the changes of a field of which dataset?');
    const around = query.dataset === undefined ? undefined : await this.around(query.namespace, query.dataset, query.field);
    // Edges from the index (every interval is a slot there: no scan of every edge of the store), datasets and fields from the store.
    await this.indexes.ready();
    const index = this.indexes.current();
    if (!index) throw new LineageIndexNotReadyError();
    const boundaries = index.boundaries(indexTime(sinceMs), indexTime(untilMs));
    // The exact instants and runs of the edges' boundaries, read while the rest is worked out (a read that reads no names).
    const exactRead = boundaries.length > 0 ? this.repository.edgeBoundaries(new Date(sinceMs), new Date(untilMs)) : Promise.resolve(new Map<string, { at: Date; runId: string | null }>());
    exactRead.catch(() => undefined);
    const edges = boundaries.map((b): ChangeRow => {
      const [edge, rank] = index.slotEdge(b.slot);
      return {
        kind: 'edge',
        change: b.change,
        at: new Date(b.at * 1000),
        item_key: `${rank}\u0001${edge.sourceNamespace}\u0001${edge.sourceDataset}\u0001${edge.sourceField}\u0001${edge.targetNamespace}\u0001${edge.targetDataset}\u0001${edge.targetField}`,
        run_id: null,
        namespace: edge.targetNamespace,
        dataset: edge.targetDataset,
        field: edge.targetField,
        source_namespace: edge.sourceNamespace,
        source_dataset: edge.sourceDataset,
        source_field: edge.sourceField,
        transformation_type: edge.transformationType,
        transformation_subtype: edge.transformationSubtype,
        rank,
      };
    });
    const rows = withoutContinuations([...edges, ...(await this.repository.changes(new Date(sinceMs), new Date(untilMs)))]).filter((r) => around === undefined || around(r));
    const names = new Map(rows.map((r) => [r, changeName(r)] as const));
    rows.sort(
      (a, b) =>
        Math.floor(a.at.getTime() / 1000) - Math.floor(b.at.getTime() / 1000) ||
        (a.change === b.change ? 0 : a.change === 'removed' ? -1 : 1) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        compareText(names.get(a) as string, names.get(b) as string),
    );
    const count = (kind: ChangeRow['kind']) => ({ added: rows.filter((r) => r.kind === kind && r.change === 'added').length, removed: rows.filter((r) => r.kind === kind && r.change === 'removed').length });
    const limit = all ? rows.length : (query.limit ?? 100);
    const offset = all ? 0 : (query.offset ?? 0);
    let page = rows.slice(offset, offset + limit);
    // The page's edges: their exact instants and runs, from a read of the window's boundaries that reads no names.
    if (page.some((r) => r.kind === 'edge')) {
      const exact = await exactRead;
      page = page.map((r) => {
        if (r.kind !== 'edge') return r;
        const found = exact.get(boundaryKey(r.rank as number, r.change, Math.floor(r.at.getTime() / 1000)));
        return found ? { ...r, at: found.at, run_id: found.runId } : r;
      });
    }
    const runs = await this.repository.runsById([...new Set(page.map((r) => r.run_id).filter((r): r is string => r !== null))]);
    const runOf = (id: string | null): ChangeRun | null => {
      const r = id === null ? undefined : runs.get(id);
      if (!r || id === null) return id === null ? null : { runId: id, jobId: null, jobName: null, eventTime: null, producer: null, statement: null };
      const statement = r.job_description === null ? null : String(r.job_description).replace(/\s+/g, ' ').trim().slice(0, STATEMENT_EXCERPT);
      return { runId: id, jobId: r.job_id, jobName: r.job_name, eventTime: r.event_time ? r.event_time.toISOString() : null, producer: r.producer, statement };
    };
    return {
      since: new Date(sinceMs).toISOString(),
      until: new Date(untilMs).toISOString(),
      total: rows.length,
      limit,
      offset,
      summary: { edges: count('edge'), datasets: count('dataset'), fields: count('field') },
      items: page.map((r) => toChange(r, runOf(r.run_id))),
    };
  }

  /** Which changes concern a dataset (its edges either way, its fields, itself) or one field of it (its edges either way, itself). */
  private async around(namespace: string | undefined, dataset: string, field: string | undefined): Promise<(r: ChangeRow) => boolean> {
    const ns = await this.resolveNamespace(namespace, dataset);
    const ds = nameKey(ns, dataset);
    const f = field === undefined ? undefined : nameKey(ns, field);
    await this.ensureExists(f === undefined ? { type: 'dataset', namespace: ns, dataset: ds } : { type: 'datasetField', namespace: ns, dataset: ds, field: f });
    const at = (n: string | null | undefined, d: string | null | undefined, x: string | null | undefined) => n === ns && d === ds && (f === undefined || x === f);
    return (r) => {
      if (r.kind === 'dataset') return f === undefined && at(r.namespace, r.dataset, null);
      if (r.kind === 'field') return at(r.namespace, r.dataset, r.field);
      return at(r.namespace, r.dataset, r.field) || at(r.source_namespace, r.source_dataset, r.source_field);
    };
  }

  jobs(limit = 50, offset = 0) {
    return this.repository.jobs(limit, offset).then((p) => ({ ...p, limit, offset }));
  }

  /** Runs of a job, newest first; 404 for a job the store does not hold (as for a dataset). */
  async runs(jobId: string, limit = 50, offset = 0) {
    if (!(await this.repository.jobExists(jobId))) throw new LineageNodeNotFoundError(`Job "${jobId}"`);
    const page = await this.repository.runs(jobId, limit, offset);
    return { ...page, limit, offset };
  }

  /** Runs that wrote lineage into a field; 404 for a dataset or field the store does not hold (as for its lineage). */
  async runsForField(dataset: string, field: string, namespace?: string) {
    const ns = await this.resolveNamespace(namespace, dataset);
    const key = { dataset: nameKey(ns, dataset), field: nameKey(ns, field) };
    await this.ensureExists({ type: 'datasetField', namespace: ns, ...key });
    return this.repository.runsProducingField(ns, key.dataset, key.field);
  }

  counts() {
    return this.repository.counts();
  }
}

const KIND_ORDER: Readonly<Record<ChangeRow['kind'], number>> = { dataset: 0, field: 1, edge: 2 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A change's names, for a stable order among changes of one instant. */
function changeName(r: ChangeRow): string {
  return [r.namespace, r.dataset, r.field ?? '', r.source_namespace ?? '', r.source_dataset ?? '', r.source_field ?? '', r.transformation_type ?? '', r.transformation_subtype ?? ''].join('\u0001');
}

/** Without the end and start of an item at one instant: two of its intervals meeting (it held across), not a change. */
function withoutContinuations(rows: readonly ChangeRow[]): ChangeRow[] {
  const key = (r: ChangeRow) => `${r.kind}\u0001${r.item_key}\u0001${r.at.getTime()}`;
  const ends = new Set(rows.filter((r) => r.change === 'removed').map(key));
  const starts = new Set(rows.filter((r) => r.change === 'added').map(key));
  return rows.filter((r) => !(r.change === 'removed' ? starts.has(key(r)) : ends.has(key(r))));
}

function toChange(r: ChangeRow, run: ChangeRun | null): LineageChange {
  const base = { at: r.at.toISOString(), change: r.change, kind: r.kind, namespace: r.namespace, dataset: r.dataset };
  if (r.kind === 'dataset') return { ...base, nodeId: datasetNodeId(r.namespace, r.dataset), run };
  const field = String(r.field);
  if (r.kind === 'field') return { ...base, field, nodeId: fieldNodeId(r.namespace, r.dataset, field), run };
  const source = { namespace: String(r.source_namespace), dataset: String(r.source_dataset), field: String(r.source_field) };
  return {
    ...base,
    field,
    nodeId: fieldNodeId(r.namespace, r.dataset, field),
    source: { ...source, nodeId: fieldNodeId(source.namespace, source.dataset, source.field) },
    transformationType: String(r.transformation_type).trim(),
    transformationSubtype: r.transformation_subtype === null || r.transformation_subtype === undefined ? null : String(r.transformation_subtype).trim(),
    run,
  };
}

/** CSV of a window's changes: one row per change, its run and statement beside it. */
export function changesCsv(page: ChangesPage): string {
  const lines = ['at,change,kind,namespace,dataset,field,source_namespace,source_dataset,source_field,transformation_type,transformation_subtype,run_id,job_name,run_event_time,producer,statement'];
  for (const c of page.items) {
    lines.push(
      csvLine([
        c.at,
        c.change,
        c.kind,
        c.namespace,
        c.dataset,
        c.field ?? '',
        c.source?.namespace ?? '',
        c.source?.dataset ?? '',
        c.source?.field ?? '',
        c.transformationType ?? '',
        c.transformationSubtype ?? '',
        c.run?.runId ?? '',
        c.run?.jobName ?? '',
        c.run?.eventTime ?? '',
        c.run?.producer ?? '',
        c.run?.statement ?? '',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The cache key part of an answer's form: `json` as before for the default, so existing entries stay valid. */
function answerKind(format: GraphFormat, fields: NodeFieldMask): string {
  return format === 'json' && fields === nodeFieldMask(undefined) ? 'json' : `${format}:${fields}`;
}

/** CSV of an impact analysis: one row per impacted node. */
export function impactCsv(impact: ImpactResult): string {
  const lines = ['node_id,type,namespace,dataset,field,depth'];
  for (const n of impact.nodes) lines.push(csvLine([n.id, n.type, n.namespace, n.dataset, n.field ?? '', String(n.depth)]));
  return `${lines.join('\n')}\n`;
}
