import { csvLine } from '../common/csv.js';
import { Injectable } from '@nestjs/common';
import { LineageConfig } from '../config/app-config.js';
import { datasetNodeId, fieldNodeId, nameKey, namespaceId as toNamespaceId, parseNodeId, type ParsedNodeId } from '../model/ids.js';
import type { TransformationType } from '../model/transformation.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import type { LineageQueryDto } from './dto/lineage-query.dto.js';
import { graphToCompact } from './graph/compact-render.js';
import type { LineageIndex } from './graph/lineage-index.js';
import { type GraphFormat, type NodeField, nodeFieldMask, type NodeFieldMask } from './graph-format.js';
import type { GraphNode, LineageDirection, LineageGraph } from './lineage.types.js';
import type { RenderJob } from './graph/render-job.js';
import { walkToGraph, withNodeFields } from './graph/walk-render.js';
import { GraphRenderPool } from './graph-render.pool.js';
import { LineageCacheService } from './lineage-cache.service.js';
import { LineageIndexService } from './lineage-index.service.js';
import { LineageIndexNotReadyError, LineageInvalidQueryError, LineageNodeNotFoundError } from './lineage.errors.js';
import { type DatasetRecord, LineageRepository, type NamespaceRecord } from './lineage.repository.js';

export interface ResolvedQuery {
  readonly root: ParsedNodeId;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  readonly transformationType?: TransformationType;
}

/** How a graph answer is written (GET …/lineage `format` and `fields`). */
export interface GraphAnswer {
  readonly format?: GraphFormat;
  readonly fields?: readonly NodeField[];
}

export interface ImpactResult {
  readonly root: string;
  readonly maxDepth: number;
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

  /** Namespaces change only with the graph: read once per generation, not once per request. */
  private knownNamespaces(): Promise<NamespaceRecord[]> {
    const generation = this.indexes.generation();
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
    return { root, direction: query.direction ?? defaultDirection, maxDepth, transformationType: query.transformationType };
  }

  private cacheKey(kind: string, q: ResolvedQuery): string {
    return `lineage:${kind}:${this.indexes.generation()}:${q.root.type}:${q.root.namespace}:${q.root.dataset}:${q.root.field ?? ''}:${q.direction}:${q.maxDepth}:${q.transformationType ?? ''}:${this.config.nodeCap}`;
  }

  /** The lineage graph of a field or dataset (what the export controller and admin pages call too). */
  async graphFor(query: LineageQueryDto): Promise<LineageGraph> {
    await this.indexes.ready();
    const resolved = await this.resolve(query);
    const compute = () =>
      this.compute(resolved, (index, job) => {
        const result = this.renderer.walkHere(index, job);
        return { out: walkToGraph({ index, kind: job.kind, root: job.root, direction: job.direction, maxDepth: job.maxDepth, result }), nodes: result.nodes.length };
      }, (g) => g);
    return this.cache.wrap(this.cacheKey('graph', resolved), compute);
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
    const common = { generation: index.generation, direction: q.direction, maxDepth: q.maxDepth, nodeCap: this.config.nodeCap, format: 'json' as const, fields: nodeFieldMask(undefined) };
    if (root.type === 'datasetField') {
      const start = index.fieldId(root.namespace, root.dataset, root.field as string);
      if (start < 0) return undefined;
      const direct = q.transformationType === undefined ? -1 : q.transformationType === 'DIRECT' ? 1 : 0;
      return { ...common, kind: 'field', start, root: fieldNodeId(root.namespace, root.dataset, root.field as string), direct };
    }
    const start = index.datasetId(root.namespace, root.dataset);
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
    return { root: node.id, direction: q.direction, maxDepth: q.maxDepth, nodes: [node], edges: [], truncated: false };
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
      truncated: graph.truncated,
      total: impacted.length,
      byDepth: count((n) => String(n.depth)),
      byDatabase: count((n) => n.dataset.split('.')[0]),
      nodes: impacted,
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
