import type { GraphNode, LineageGraph, LineageGraphEdge } from '../lineage.types.js';

/**
 * Pure helpers shared by the exporters: a deterministic order of nodes and
 * edges, safe positional ids (`n0`, `n1`…) so no name ever becomes syntax,
 * and the grouping of field nodes by their dataset.
 */

export interface ExportNode {
  /** Positional, format-safe id: `n<index>` in sorted order. */
  readonly key: string;
  readonly node: GraphNode;
  /** What a picture shows: the field name, or `database.table` for a dataset node. */
  readonly label: string;
}

export interface ExportEdge {
  readonly sourceKey: string;
  readonly targetKey: string;
  readonly edge: LineageGraphEdge;
}

export interface ExportDataset {
  /** Positional, format-safe id: `d<index>` in sorted order. */
  readonly key: string;
  readonly namespace: string;
  readonly dataset: string;
  readonly fields: readonly ExportNode[];
}

export interface PreparedGraph {
  readonly graph: LineageGraph;
  readonly nodes: readonly ExportNode[];
  readonly edges: readonly ExportEdge[];
  /** Every dataset a node belongs to, in sorted order (from dataset nodes and field nodes). */
  readonly datasets: readonly ExportDataset[];
  /** True when the graph holds field nodes (column lineage), false for table lineage. */
  readonly fieldLevel: boolean;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function nodeLabel(node: GraphNode): string {
  return node.type === 'datasetField' ? (node.field ?? node.id) : node.dataset;
}

/** `DIRECT/IDENTITY`, `INDIRECT/FILTER`… */
export function transformationLabel(edge: LineageGraphEdge): string {
  return edge.transformationSubtype ? `${edge.transformationType}/${edge.transformationSubtype}` : edge.transformationType;
}

function datasetKeyOf(namespace: string, dataset: string): string {
  return `${namespace}\u0000${dataset}`;
}

/**
 * Orders nodes by id and edges by (source, target, type, subtype) so the same
 * graph always exports to the same bytes, whatever order the walk found it in.
 * Edges whose ends are not nodes of the graph are dropped.
 */
export function prepareGraph(graph: LineageGraph): PreparedGraph {
  const sortedNodes = [...new Map(graph.nodes.map((n) => [n.id, n])).values()].sort((a, b) => compare(a.id, b.id));
  const nodes: ExportNode[] = sortedNodes.map((node, i) => ({ key: `n${i}`, node, label: nodeLabel(node) }));
  const keyOf = new Map(nodes.map((n) => [n.node.id, n.key]));
  const edges: ExportEdge[] = [];
  const seen = new Set<string>();
  const sortedEdges = [...graph.edges].sort(
    (a, b) =>
      compare(a.source, b.source) ||
      compare(a.target, b.target) ||
      compare(a.transformationType, b.transformationType) ||
      compare(String(a.transformationSubtype ?? ''), String(b.transformationSubtype ?? '')),
  );
  for (const edge of sortedEdges) {
    const sourceKey = keyOf.get(edge.source);
    const targetKey = keyOf.get(edge.target);
    if (!sourceKey || !targetKey) continue;
    const identity = `${edge.source}\u0000${edge.target}\u0000${edge.transformationType}\u0000${edge.transformationSubtype}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    edges.push({ sourceKey, targetKey, edge });
  }
  const groups = new Map<string, { namespace: string; dataset: string; fields: ExportNode[] }>();
  for (const n of nodes) {
    const k = datasetKeyOf(n.node.namespace, n.node.dataset);
    let group = groups.get(k);
    if (!group) {
      group = { namespace: n.node.namespace, dataset: n.node.dataset, fields: [] };
      groups.set(k, group);
    }
    if (n.node.type === 'datasetField') group.fields.push(n);
  }
  const datasets = [...groups.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, g], i) => ({ key: `d${i}`, namespace: g.namespace, dataset: g.dataset, fields: g.fields }));
  return { graph, nodes, edges, datasets, fieldLevel: nodes.some((n) => n.node.type === 'datasetField') };
}

/** Line breaks and other control characters become spaces: a name is always one line of text. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** Drops lone surrogates (invalid in XML and UTF-8) and keeps everything else. */
export function wellFormedUnicode(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
