/**
 * How a lineage graph answer is written (shared by the DTOs, the renderers,
 * the docs and the tests): `json`, one object per node and per edge, as
 * answers have always been; `compact`, each name once and edges as index
 * triples (CompactLineageGraph). `fields` leaves node keys out of either.
 */
export const GRAPH_FORMATS = ['json', 'compact'] as const;

export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The keys of a node of a `json` answer, in the order they are written. */
export const NODE_FIELDS = ['id', 'type', 'namespace', 'dataset', 'field', 'depth'] as const;

export type NodeField = (typeof NODE_FIELDS)[number];

/** Node keys as a bit set (bit i = NODE_FIELDS[i]): what a render job carries to a render thread. */
export type NodeFieldMask = number;

export const ALL_NODE_FIELDS: NodeFieldMask = (1 << NODE_FIELDS.length) - 1;

export function nodeFieldMask(fields: readonly NodeField[] | undefined): NodeFieldMask {
  if (fields === undefined) return ALL_NODE_FIELDS;
  let mask = 0;
  for (const f of fields) mask |= 1 << NODE_FIELDS.indexOf(f);
  return mask;
}

export function hasNodeField(mask: NodeFieldMask, field: NodeField): boolean {
  return (mask & (1 << NODE_FIELDS.indexOf(field))) !== 0;
}

/** The node keys of a mask, in NODE_FIELDS order. */
export function nodeFieldList(mask: NodeFieldMask): NodeField[] {
  return NODE_FIELDS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/**
 * One kind of edge of a compact answer: [transformation type (index into
 * transformationTypes), transformation subtype (index into
 * transformationSubtypes), description (index into strings), confidence,
 * masking]; null where the `json` edge has no such key.
 */
export type CompactEdgeKind = [type: number, subtype: number, description: number | null, confidence: number | null, masking: boolean | null];

/**
 * A lineage graph in the compact form (`format=compact`): every name once,
 * nodes as columns, edges as [source, target, kind] triples of integers.
 * Decoding it gives the `json` answer exactly (the user guide shows how).
 */
export interface CompactLineageGraph {
  readonly format: 'compact';
  readonly root: string;
  readonly direction: string;
  readonly maxDepth: number;
  /** The instant the graph describes, when asked for one (as the json answer's). */
  readonly asOf?: string;
  /** The node keys a `json` answer to the same query carries, in order. */
  readonly fields: NodeField[];
  /** Every node of one answer is of this type: `datasetField` (column lineage) or `dataset` (table lineage). */
  readonly nodeType: 'dataset' | 'datasetField';
  readonly namespaces: string[];
  /** Datasets of the answer, as columns: namespace[i] indexes `namespaces`. */
  readonly datasets: { readonly namespace: number[]; readonly name: string[] };
  /** Nodes as columns, by position: dataset[i] indexes `datasets`; `field` in column graphs only; `depth` unless `fields` leaves it out. */
  readonly nodes: { readonly dataset: number[]; readonly field?: string[]; readonly depth?: number[] };
  readonly transformationTypes: string[];
  readonly transformationSubtypes: string[];
  /** Edge descriptions. */
  readonly strings: string[];
  readonly edgeKinds: CompactEdgeKind[];
  /** Flat triples: source node position, target node position, index into edgeKinds. */
  readonly edges: number[];
  readonly truncated: boolean;
}
