import { datasetNodeId, fieldNodeId } from '../model/ids.js';
import type { CompactLineageGraph, NodeField } from '../lineage/graph-format.js';
import { type DatasetShape, type JobShape, jobNodeIdOf } from './marquez-shapes.js';
import type { IoRecord } from './marquez.types.js';

/**
 * Pure: Marquez's LineageGraph (`{ graph: [{ id, type, data, inEdges,
 * outEdges }] }`) from what the index walk and the metadata reads found.
 * Nodes are sorted by id, edges by their other end, so the same graph is
 * always written the same way.
 */

interface GraphEdge {
  readonly origin: string;
  readonly destination: string;
}

export interface MarquezNode<T extends string, D> {
  readonly id: string;
  readonly type: T;
  readonly data: D;
  readonly inEdges: GraphEdge[];
  readonly outEdges: GraphEdge[];
}

function connect<N extends { id: string; inEdges: GraphEdge[]; outEdges: GraphEdge[] }>(nodes: Map<string, N>, edges: Iterable<GraphEdge>): N[] {
  for (const e of edges) {
    const from = nodes.get(e.origin);
    const to = nodes.get(e.destination);
    if (!from || !to) continue;
    from.outEdges.push(e);
    to.inEdges.push(e);
  }
  const byOther = (key: 'origin' | 'destination') => (a: GraphEdge, b: GraphEdge) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
  const sorted = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const n of sorted) {
    n.inEdges.sort(byOther('origin'));
    n.outEdges.sort(byOther('destination'));
  }
  return sorted;
}

export interface TableGraphInput {
  /** Datasets to show (those the walk reached and those the jobs read or wrote), in Marquez's Dataset shape. */
  readonly datasets: readonly DatasetShape[];
  /** Jobs in the Job shape, each with its datasets (`io`, ownerId = the job's id) through `jobId`. */
  readonly jobs: readonly { readonly jobId: string; readonly shape: JobShape }[];
  readonly io: readonly IoRecord[];
}

/** Table lineage: DATASET nodes, and between them the JOB nodes whose runs read (dataset → job) and wrote (job → dataset) them. */
export function tableLineageGraph(input: TableGraphInput) {
  type Node = MarquezNode<'DATASET', DatasetShape> | MarquezNode<'JOB', JobShape>;
  const nodes = new Map<string, Node>();
  for (const d of input.datasets) nodes.set(datasetNodeId(d.namespace, d.name), { id: datasetNodeId(d.namespace, d.name), type: 'DATASET', data: d, inEdges: [], outEdges: [] });
  const jobNode = new Map<string, string>();
  for (const j of input.jobs) {
    const id = jobNodeIdOf(j.shape.namespace, j.shape.name);
    jobNode.set(j.jobId, id);
    nodes.set(id, { id, type: 'JOB', data: j.shape, inEdges: [], outEdges: [] });
  }
  const edges: GraphEdge[] = [];
  for (const io of input.io) {
    const job = jobNode.get(io.ownerId);
    if (!job) continue;
    const dataset = datasetNodeId(io.namespace, io.name);
    edges.push(io.direction === 'input' ? { origin: dataset, destination: job } : { origin: job, destination: dataset });
  }
  return { graph: connect(nodes, edges) };
}

/** Marquez's ColumnLineageNodeData: a field, its type, and the fields it is computed from. */
export interface ColumnNodeData {
  readonly namespace: string;
  readonly dataset: string;
  readonly field: string;
  readonly fieldType: string;
  readonly transformationDescription?: string;
  readonly transformationType?: string;
  readonly inputFields: {
    readonly namespace: string;
    readonly dataset: string;
    readonly field: string;
    readonly transformationDescription?: string;
    readonly transformationType: string;
    readonly transformationSubtype: string;
  }[];
}

/** What column lineage reads of a walk: its nodes and edges (a LineageGraph is one). */
export interface ColumnWalk {
  readonly nodes: readonly { readonly id: string; readonly type: 'dataset' | 'datasetField'; readonly namespace: string; readonly dataset: string; readonly field?: string }[];
  readonly edges: readonly { readonly source: string; readonly target: string; readonly transformationType: string; readonly transformationSubtype: string; readonly description?: string }[];
}

/** The node keys a column walk is asked with: every one but depth, which Marquez does not show. */
export const COLUMN_WALK_FIELDS: readonly NodeField[] = ['id', 'type', 'namespace', 'dataset', 'field'];

/**
 * A walk from its compact answer (format=compact, ADR 0019), as the render
 * threads write it straight from the index: node ids rebuilt from the names
 * as ids are made, edge kinds looked up in the answer's tables.
 */
export function columnWalkOf(doc: CompactLineageGraph): ColumnWalk {
  const fields = doc.nodes.field ?? [];
  const nodes = doc.nodes.dataset.map((d, i) => {
    const namespace = doc.namespaces[doc.datasets.namespace[d]];
    const dataset = doc.datasets.name[d];
    return doc.nodeType === 'datasetField'
      ? { id: fieldNodeId(namespace, dataset, fields[i]), type: 'datasetField' as const, namespace, dataset, field: fields[i] }
      : { id: datasetNodeId(namespace, dataset), type: 'dataset' as const, namespace, dataset };
  });
  const edges: ColumnWalk['edges'][number][] = [];
  for (let k = 0; k + 2 < doc.edges.length; k += 3) {
    const [type, subtype, description] = doc.edgeKinds[doc.edges[k + 2]];
    edges.push({
      source: nodes[doc.edges[k]].id,
      target: nodes[doc.edges[k + 1]].id,
      transformationType: doc.transformationTypes[type],
      transformationSubtype: doc.transformationSubtypes[subtype],
      ...(description === null ? {} : { description: doc.strings[description] }),
    });
  }
  return { nodes, edges };
}

/** Inputs ordered by their node id (code units, as nodes and edges are). */
function byId<T>(list: { id: string; input: T }[]): T[] {
  if (list.length > 1) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return list.map((k) => k.input);
}

/**
 * Column lineage: one DATASET_FIELD node per field of the walks (merged when
 * several fields were walked), its inputs from the edges into it. `fieldType`
 * of a field by `datasetField` node id ('' when the store has none, as Marquez
 * writes an unknown type).
 */
export function columnLineageGraph(walks: readonly ColumnWalk[], fieldType: (namespace: string, dataset: string, field: string) => string | null) {
  const nodes = new Map<string, MarquezNode<'DATASET_FIELD', ColumnNodeData>>();
  const edges = new Map<string, GraphEdge>();
  /** Per target: its inputs, each beside its node id (what they are ordered by). */
  const inputs = new Map<string, { id: string; input: ColumnNodeData['inputFields'][number] }[]>();
  const ends = new Map<string, { namespace: string; dataset: string; field: string }>();
  for (const walk of walks) {
    for (const n of walk.nodes) {
      if (n.type !== 'datasetField' || n.field === undefined) continue;
      ends.set(n.id, { namespace: n.namespace, dataset: n.dataset, field: n.field });
    }
    for (const e of walk.edges) {
      const key = `${e.source}\u0000${e.target}`;
      const from = ends.get(e.source);
      if (edges.has(key) || !from || !ends.has(e.target)) continue;
      edges.set(key, { origin: e.source, destination: e.target });
      let list = inputs.get(e.target);
      if (!list) inputs.set(e.target, (list = []));
      const input = e.description
        ? { ...from, transformationDescription: e.description, transformationType: e.transformationType, transformationSubtype: e.transformationSubtype }
        : { ...from, transformationType: e.transformationType, transformationSubtype: e.transformationSubtype };
      list.push({ id: e.source, input });
    }
  }
  for (const [id, f] of ends) {
    const fieldInputs = byId(inputs.get(id) ?? []);
    const first = fieldInputs[0];
    const data: ColumnNodeData = {
      ...f,
      fieldType: fieldType(f.namespace, f.dataset, f.field) ?? '',
      ...(first?.transformationDescription ? { transformationDescription: first.transformationDescription } : {}),
      ...(first ? { transformationType: first.transformationType } : {}),
      inputFields: fieldInputs,
    };
    nodes.set(id, { id, type: 'DATASET_FIELD', data, inEdges: [], outEdges: [] });
  }
  return { graph: connect(nodes, edges.values()) };
}
