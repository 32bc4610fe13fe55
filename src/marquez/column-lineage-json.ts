import type { CompactLineageGraph } from '../lineage/graph-format.js';
import { fieldNodeId } from '../model/ids.js';

/** Nodes of all the walks, each once, by position: their names and node ids. */
class Nodes {
  readonly ids: string[] = [];
  readonly namespace: string[] = [];
  readonly dataset: string[] = [];
  readonly field: string[] = [];
  private readonly positions = new Map<string, number>();

  /** The position of a node, added on first sight. */
  add(namespace: string, dataset: string, field: string): number {
    const id = fieldNodeId(namespace, dataset, field);
    let at = this.positions.get(id);
    if (at === undefined) {
      at = this.ids.length;
      this.positions.set(id, at);
      this.ids.push(id);
      this.namespace.push(namespace);
      this.dataset.push(dataset);
      this.field.push(field);
    }
    return at;
  }

  get size(): number {
    return this.ids.length;
  }
}

/** Edge columns: ends as node positions, the transformation, the description ('' for none). */
interface Edges {
  readonly source: number[];
  readonly target: number[];
  readonly type: string[];
  readonly subtype: string[];
  readonly description: string[];
}

/** Past the largest node count a pair key can hold (node caps are far below). */
const PAIR = 2 ** 24;

/**
 * Marquez's column lineage answer (`{"graph":[…]}`, and `"asOf"` when
 * asked) of compact walks (format=compact, ADR 0019: what the render threads
 * write from the index), written as JSON text without an object per node,
 * input or edge. One DATASET_FIELD node per field of the walks, merged when
 * several fields were walked; its `inputFields` and `inEdges` are the edges
 * into it, `outEdges` those out of it, each edge (source, target) once, in
 * the order the walks first give it. Nodes are sorted by id; inputs and
 * `inEdges` by the source's id, `outEdges` by the target's, comparing code
 * units. A node's `transformationType` (and `transformationDescription`,
 * when not empty) are its first input's; `fieldType` is '' where the store
 * has none, as Marquez writes an unknown type. Walks of the table graph
 * (nodeType `dataset`) add nothing.
 */
export class ColumnLineage {
  private constructor(
    /** The fields shown, by position (what `json` asks the types of). */
    readonly nodes: Nodes,
    private readonly edges: Edges,
  ) {}

  static of(walks: readonly CompactLineageGraph[]): ColumnLineage {
    const nodes = new Nodes();
    const edges: Edges = { source: [], target: [], type: [], subtype: [], description: [] };
    const seen = new Set<number>();
    for (const walk of walks) {
      if (walk.nodeType !== 'datasetField' || walk.nodes.field === undefined) continue;
      const fields = walk.nodes.field;
      const at = walk.nodes.dataset.map((d, i) => nodes.add(walk.namespaces[walk.datasets.namespace[d]], walk.datasets.name[d], fields[i]));
      for (let k = 0; k + 2 < walk.edges.length; k += 3) {
        const source = at[walk.edges[k]];
        const target = at[walk.edges[k + 1]];
        const pair = source * PAIR + target;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const [type, subtype, description] = walk.edgeKinds[walk.edges[k + 2]];
        edges.source.push(source);
        edges.target.push(target);
        edges.type.push(walk.transformationTypes[type]);
        edges.subtype.push(walk.transformationSubtypes[subtype]);
        edges.description.push(description === null ? '' : walk.strings[description]);
      }
    }
    return new ColumnLineage(nodes, edges);
  }

  /** The answer, with `fieldType(n)` the stored type of node n (null when none). */
  json(fieldType: (node: number) => string | null, asOf?: string): string {
    const { nodes, edges } = this;
    const into: number[][] = Array.from({ length: nodes.size }, () => []);
    const outOf: number[][] = Array.from({ length: nodes.size }, () => []);
    for (let e = 0; e < edges.source.length; e++) {
      into[edges.target[e]].push(e);
      outOf[edges.source[e]].push(e);
    }
    const byId = (a: number, b: number) => (nodes.ids[a] < nodes.ids[b] ? -1 : nodes.ids[a] > nodes.ids[b] ? 1 : 0);
    const text = new JsonText();
    const id = nodes.ids.map((i) => text.of(i));
    const names = nodes.ids.map((_, n) => `"namespace":${text.of(nodes.namespace[n])},"dataset":${text.of(nodes.dataset[n])},"field":${text.of(nodes.field[n])}`);
    const parts: string[] = ['{"graph":['];
    const order = nodes.ids.map((_, n) => n).sort(byId);
    for (let k = 0; k < order.length; k++) {
      const n = order[k];
      // inputs and inEdges: the edges into n by their source's id; outEdges by their target's
      const ins = into[n].sort((a, b) => byId(edges.source[a], edges.source[b]));
      const outs = outOf[n].sort((a, b) => byId(edges.target[a], edges.target[b]));
      parts.push(k === 0 ? '{"id":' : ',{"id":', id[n], ',"type":"DATASET_FIELD","data":{', names[n], ',"fieldType":', text.of(fieldType(n) ?? ''));
      if (ins.length > 0) {
        const first = ins[0];
        if (edges.description[first] !== '') parts.push(',"transformationDescription":', text.of(edges.description[first]));
        parts.push(',"transformationType":', text.of(edges.type[first]));
      }
      parts.push(',"inputFields":[');
      ins.forEach((e, i) => {
        parts.push(i === 0 ? '{' : ',{', names[edges.source[e]]);
        if (edges.description[e] !== '') parts.push(',"transformationDescription":', text.of(edges.description[e]));
        parts.push(',"transformationType":', text.of(edges.type[e]), ',"transformationSubtype":', text.of(edges.subtype[e]), '}');
      });
      parts.push(']},"inEdges":[');
      ins.forEach((e, i) => parts.push(i === 0 ? '{"origin":' : ',{"origin":', id[edges.source[e]], ',"destination":', id[n], '}'));
      parts.push('],"outEdges":[');
      outs.forEach((e, i) => parts.push(i === 0 ? '{"origin":' : ',{"origin":', id[n], ',"destination":', id[edges.target[e]], '}'));
      parts.push(']}');
    }
    parts.push(']');
    if (asOf !== undefined) parts.push(',"asOf":', text.of(asOf));
    parts.push('}');
    return parts.join('');
  }
}

/** Strings as JSON string literals, each written once per answer. */
class JsonText {
  private readonly cache = new Map<string, string>();

  of(value: string): string {
    let json = this.cache.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      this.cache.set(value, json);
    }
    return json;
  }
}
