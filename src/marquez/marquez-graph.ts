import { datasetNodeId } from '../model/ids.js';
import type { NodeField } from '../lineage/graph-format.js';
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

/** The node keys a column walk is asked with: every one but depth, which Marquez does not show. */
export const COLUMN_WALK_FIELDS: readonly NodeField[] = ['id', 'type', 'namespace', 'dataset', 'field'];
