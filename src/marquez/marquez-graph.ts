import { datasetNodeId, fieldNodeId } from '../model/ids.js';
import type { LineageGraph } from '../lineage/lineage.types.js';
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

/** Input fields ordered by their node id (code units, as nodes and edges are), each id built once. */
function byNodeId<T extends { namespace: string; dataset: string; field: string }>(list: T[]): T[] {
  if (list.length < 2) return list;
  return list
    .map((f) => ({ f, key: fieldNodeId(f.namespace, f.dataset, f.field) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((k) => k.f);
}

/**
 * Column lineage: one DATASET_FIELD node per field of the walks (merged when
 * several fields were walked), its inputs from the edges into it. `fieldType`
 * of a field by `datasetField` node id ('' when the store has none, as Marquez
 * writes an unknown type).
 */
export function columnLineageGraph(walks: readonly LineageGraph[], fieldType: (namespace: string, dataset: string, field: string) => string | null) {
  const nodes = new Map<string, MarquezNode<'DATASET_FIELD', ColumnNodeData>>();
  const edges = new Map<string, GraphEdge>();
  const inputs = new Map<string, ColumnNodeData['inputFields']>();
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
      const list = inputs.get(e.target) ?? [];
      list.push({ ...from, ...(e.description ? { transformationDescription: e.description } : {}), transformationType: e.transformationType, transformationSubtype: e.transformationSubtype });
      inputs.set(e.target, list);
    }
  }
  for (const [id, f] of ends) {
    const fieldInputs = byNodeId(inputs.get(id) ?? []);
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
