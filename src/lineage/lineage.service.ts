import { Injectable } from '@nestjs/common';
import { LineageConfig } from '../config/app-config.js';
import { namespaceId as toNamespaceId } from '../common/ol-ids.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import type { LineageQueryDto } from './dto/lineage-query.dto.js';
import { LineageIndex, type IndexEdgeInput, SUBTYPES } from './graph/lineage-index.js';
import { datasetNodeId, fieldNodeId, type GraphEdge, type GraphNode, type LineageDirection, type LineageGraph } from './graph/lineage-graph.js';
import { parseNodeId, type ParsedNodeId } from './graph/node-id.js';
import { walk } from './graph/traverse.js';
import { LineageCacheService } from './lineage-cache.service.js';
import { LineageIndexService } from './lineage-index.service.js';
import { LineageInvalidQueryError, LineageNodeNotFoundError } from './lineage.errors.js';
import { type DatasetRow, LineageRepository, type NamespaceRow } from './lineage.repository.js';

export interface ResolvedQuery {
  readonly root: ParsedNodeId;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  readonly transformationType?: 'DIRECT' | 'INDIRECT';
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

/** Use cases of the read side: namespaces, datasets, lineage graphs, impact. */
@Injectable()
export class LineageService {
  constructor(
    private readonly repository: LineageRepository,
    private readonly indexes: LineageIndexService,
    private readonly cache: LineageCacheService,
    private readonly config: LineageConfig,
    private readonly metrics: LineageMetrics,
  ) {}

  namespaces(): Promise<NamespaceRow[]> {
    return this.repository.namespaces();
  }

  private namespaceList?: { generation: number; rows: Promise<NamespaceRow[]> };

  /** Namespaces change only with the graph: read once per generation, not once per request. */
  private knownNamespaces(): Promise<NamespaceRow[]> {
    const generation = this.indexes.generation();
    if (!this.namespaceList || this.namespaceList.generation !== generation) {
      const rows = this.repository.namespaces();
      this.namespaceList = { generation, rows };
      rows.catch(() => (this.namespaceList = undefined));
    }
    return this.namespaceList.rows;
  }

  /** A namespace URI from a URI or an id; the only one when none is given. */
  async resolveNamespace(namespace?: string): Promise<string> {
    const all = await this.knownNamespaces();
    if (namespace) {
      const found = all.find((n) => n.namespaceUri === namespace || n.namespaceId === namespace);
      if (!found) throw new LineageNodeNotFoundError(`Namespace "${namespace}"`);
      return found.namespaceUri;
    }
    if (all.length === 1) return all[0].namespaceUri;
    if (all.length === 0) throw new LineageNodeNotFoundError('Any namespace (no lineage has been populated yet)');
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

  private summary(d: DatasetRow) {
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
    const ns = await this.resolveNamespace(namespace);
    const row = await this.repository.dataset(toNamespaceId(ns), name.toLowerCase());
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
      root = parseNodeId(query.nodeId);
      if (!root) throw new LineageInvalidQueryError('nodeId must look like dataset:<namespace>:<database.table> or datasetField:<namespace>:<database.table>:<field>');
    } else if (query.dataset) {
      const namespace = await this.resolveNamespace(query.namespace);
      root = query.field
        ? { type: 'datasetField', namespace, dataset: query.dataset.toLowerCase(), field: query.field.toLowerCase() }
        : { type: 'dataset', namespace, dataset: query.dataset.toLowerCase() };
    } else {
      throw new LineageInvalidQueryError('give nodeId, or dataset (and field)');
    }
    return { root, direction: query.direction ?? defaultDirection, maxDepth, transformationType: query.transformationType };
  }

  /** The lineage graph of a field or dataset (what the export controller and admin pages call too). */
  async graphFor(query: LineageQueryDto): Promise<LineageGraph> {
    const resolved = await this.resolve(query);
    const key = `lineage:graph:${this.indexes.generation()}:${resolved.root.type}:${resolved.root.namespace}:${resolved.root.dataset}:${resolved.root.field ?? ''}:${resolved.direction}:${resolved.maxDepth}:${resolved.transformationType ?? ''}:${this.config.nodeCap}`;
    return this.cache.wrap(key, () => this.compute(resolved));
  }

  private async compute(q: ResolvedQuery): Promise<LineageGraph> {
    const started = performance.now();
    const index = this.indexes.current();
    const kind = q.root.type === 'datasetField' ? 'column' : 'table';
    const graph = index ? await this.fromIndex(index, q) : await this.fromDatabase(q);
    this.metrics.traversalDuration.observe({ kind }, (performance.now() - started) / 1000);
    this.metrics.traversalNodes.observe({ kind }, graph.nodes.length);
    return graph;
  }

  private async ensureExists(q: ResolvedQuery): Promise<void> {
    const ds = await this.repository.dataset(toNamespaceId(q.root.namespace), q.root.dataset);
    if (!ds) throw new LineageNodeNotFoundError(`Dataset "${q.root.dataset}" in ${q.root.namespace}`);
    if (q.root.type === 'datasetField') {
      const fields = await this.repository.fields(ds.datasetId);
      if (!fields.some((f) => f.name.toLowerCase() === q.root.field)) throw new LineageNodeNotFoundError(`Field "${q.root.dataset}.${q.root.field}" in ${q.root.namespace}`);
    }
  }

  private async fromIndex(index: LineageIndex, q: ResolvedQuery): Promise<LineageGraph> {
    const { root } = q;
    if (root.type === 'datasetField') {
      const start = index.fieldId(root.namespace, root.dataset, root.field as string);
      const rootId = fieldNodeId(root.namespace, root.dataset, root.field as string);
      if (start < 0) {
        await this.ensureExists(q);
        return { root: rootId, direction: q.direction, maxDepth: q.maxDepth, nodes: [{ id: rootId, type: 'datasetField', namespace: root.namespace, dataset: root.dataset, field: root.field, depth: 0 }], edges: [], truncated: false };
      }
      const wanted = q.transformationType === undefined ? undefined : q.transformationType === 'DIRECT' ? 1 : 0;
      const result = walk(start, index.forward, index.backward, q.direction, q.maxDepth, this.config.nodeCap, wanted === undefined ? undefined : (e) => index.edgeDirect[e] === wanted);
      const id = (n: number) => fieldNodeId(index.fieldNamespace[n], index.fieldDataset[n], index.fieldName[n]);
      const nodes: GraphNode[] = result.nodes.map((n) => ({ id: id(n.id), type: 'datasetField', namespace: index.fieldNamespace[n.id], dataset: index.fieldDataset[n.id], field: index.fieldName[n.id], depth: n.depth }));
      const kept = new Set(result.nodes.map((n) => n.id));
      const edges: GraphEdge[] = [];
      for (const [e, from, to] of result.links) {
        if (!kept.has(from) || !kept.has(to)) continue;
        const confidence = index.edgeConfidence[e];
        edges.push({
          source: id(from),
          target: id(to),
          transformationType: index.edgeDirect[e] ? 'DIRECT' : 'INDIRECT',
          transformationSubtype: SUBTYPES[index.edgeSubtype[e]],
          description: index.string(index.edgeDescription[e]),
          confidence: Number.isNaN(confidence) ? undefined : Math.round(confidence * 100) / 100,
          masking: index.edgeMasking[e] === 1,
        });
      }
      return { root: rootId, direction: q.direction, maxDepth: q.maxDepth, nodes, edges, truncated: result.truncated };
    }
    const start = index.datasetId(root.namespace, root.dataset);
    const rootId = datasetNodeId(root.namespace, root.dataset);
    if (start < 0) {
      await this.ensureExists(q);
      return { root: rootId, direction: q.direction, maxDepth: q.maxDepth, nodes: [{ id: rootId, type: 'dataset', namespace: root.namespace, dataset: root.dataset, depth: 0 }], edges: [], truncated: false };
    }
    const result = walk(start, index.datasetForward, index.datasetBackward, q.direction, q.maxDepth, this.config.nodeCap);
    const id = (n: number) => datasetNodeId(index.datasetNamespace[n], index.datasetName[n]);
    const kept = new Set(result.nodes.map((n) => n.id));
    return {
      root: rootId,
      direction: q.direction,
      maxDepth: q.maxDepth,
      nodes: result.nodes.map((n) => ({ id: id(n.id), type: 'dataset', namespace: index.datasetNamespace[n.id], dataset: index.datasetName[n.id], depth: n.depth })),
      edges: result.links
        .filter(([, from, to]) => kept.has(from) && kept.has(to))
        .map(([, from, to]) => ({ source: id(from), target: id(to), transformationType: 'DIRECT', transformationSubtype: 'TRANSFORMATION', description: 'table-level lineage' })),
      truncated: result.truncated,
    };
  }

  /** Bounded hop-by-hop queries while the index warms up (column graphs; tables need the index). */
  private async fromDatabase(q: ResolvedQuery): Promise<LineageGraph> {
    await this.ensureExists(q);
    const { root } = q;
    if (root.type === 'dataset') {
      const rootId = datasetNodeId(root.namespace, root.dataset);
      return { root: rootId, direction: q.direction, maxDepth: q.maxDepth, nodes: [{ id: rootId, type: 'dataset', namespace: root.namespace, dataset: root.dataset, depth: 0 }], edges: [], truncated: true };
    }
    const edges: IndexEdgeInput[] = [];
    const seenEdges = new Set<string>();
    const depth = new Map<string, number>();
    const key = (ns: string, ds: string, f: string) => `${ns}\u0001${ds}\u0001${f}`;
    depth.set(key(root.namespace, root.dataset, root.field as string), 0);
    let truncated = false;
    for (const dir of q.direction === 'both' ? (['upstream', 'downstream'] as const) : [q.direction]) {
      let frontier = [[root.namespace, root.dataset, root.field as string]];
      for (let d = 1; d <= q.maxDepth && frontier.length > 0 && !truncated; d++) {
        const next: string[][] = [];
        for (const [ns, ds, f] of frontier) {
          const found = dir === 'downstream' ? await this.repository.edgesFrom(ns, ds, f) : await this.repository.edgesInto(ns, ds, f);
          for (const e of found) {
            if (q.transformationType && e.transformationType !== q.transformationType) continue;
            const other = dir === 'downstream' ? [e.targetNamespace, e.targetDataset, e.targetField] : [e.sourceNamespace, e.sourceDataset, e.sourceField];
            const k = key(other[0], other[1], other[2]);
            if (!depth.has(k)) {
              if (depth.size >= this.config.nodeCap) {
                truncated = true;
                continue;
              }
              depth.set(k, d);
              next.push(other);
            }
            const ek = `${key(e.sourceNamespace, e.sourceDataset, e.sourceField)}>${key(e.targetNamespace, e.targetDataset, e.targetField)}>${e.transformationSubtype}`;
            if (!seenEdges.has(ek)) {
              seenEdges.add(ek);
              edges.push(e);
            }
          }
        }
        frontier = next;
      }
    }
    const nodes: GraphNode[] = [...depth].map(([k, d]) => {
      const [ns, ds, f] = k.split('\u0001');
      return { id: fieldNodeId(ns, ds, f), type: 'datasetField', namespace: ns, dataset: ds, field: f, depth: d };
    });
    const known = new Set(nodes.map((n) => n.id));
    return {
      root: fieldNodeId(root.namespace, root.dataset, root.field as string),
      direction: q.direction,
      maxDepth: q.maxDepth,
      nodes,
      edges: edges
        .map((e) => ({
          source: fieldNodeId(e.sourceNamespace, e.sourceDataset, e.sourceField),
          target: fieldNodeId(e.targetNamespace, e.targetDataset, e.targetField),
          transformationType: e.transformationType === 'INDIRECT' ? ('INDIRECT' as const) : ('DIRECT' as const),
          transformationSubtype: e.transformationSubtype ?? 'IDENTITY',
          description: e.description ?? undefined,
          confidence: e.confidence ?? undefined,
          masking: e.masking,
        }))
        .filter((e) => known.has(e.source) && known.has(e.target)),
      truncated,
    };
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

  runs(jobId: string, limit = 50, offset = 0) {
    return this.repository.runs(jobId, limit, offset).then((p) => ({ ...p, limit, offset }));
  }

  async runsForField(dataset: string, field: string, namespace?: string) {
    const ns = await this.resolveNamespace(namespace);
    return this.repository.runsProducingField(ns, dataset.toLowerCase(), field.toLowerCase());
  }

  counts() {
    return this.repository.counts();
  }
}

/** CSV of an impact analysis: one row per impacted node. */
export function impactCsv(impact: ImpactResult): string {
  // Quoted as needed, and a leading = + - @ neutralised so a spreadsheet does not run it as a formula.
  const esc = (raw: string) => {
    const s = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = ['node_id,type,namespace,dataset,field,depth'];
  for (const n of impact.nodes) lines.push([n.id, n.type, n.namespace, n.dataset, n.field ?? '', String(n.depth)].map(esc).join(','));
  return `${lines.join('\n')}\n`;
}
