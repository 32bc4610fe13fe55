import type { CompactLineageGraph } from '../../src/lineage/graph-format.js';

/**
 * A client's decoder of the compact lineage answer (format=compact): builds
 * the json answer's object, keys in the same order, so that
 * JSON.stringify(decodeCompactGraph(c)) is the json answer byte for byte.
 * The user guide shows the same decoder.
 */
export function decodeCompactGraph(c: CompactLineageGraph): object {
  const ids = c.nodes.dataset.map((d, i) => {
    const id = `${c.nodeType}:${c.namespaces[c.datasets.namespace[d]]}:${c.datasets.name[d]}`;
    return c.nodes.field ? `${id}:${c.nodes.field[i]}` : id;
  });
  const nodes = ids.map((id, i) => {
    const d = c.nodes.dataset[i];
    const all: Record<string, unknown> = {
      id,
      type: c.nodeType,
      namespace: c.namespaces[c.datasets.namespace[d]],
      dataset: c.datasets.name[d],
      field: c.nodes.field?.[i],
      depth: c.nodes.depth?.[i],
    };
    const node: Record<string, unknown> = {};
    for (const key of c.fields) if (all[key] !== undefined) node[key] = all[key];
    return node;
  });
  const edges = [];
  for (let i = 0; i < c.edges.length; i += 3) {
    const [type, subtype, description, confidence, masking] = c.edgeKinds[c.edges[i + 2]];
    const edge: Record<string, unknown> = {
      source: ids[c.edges[i]],
      target: ids[c.edges[i + 1]],
      transformationType: c.transformationTypes[type],
      transformationSubtype: c.transformationSubtypes[subtype],
    };
    if (description !== null) edge.description = c.strings[description];
    if (confidence !== null) edge.confidence = confidence;
    if (masking !== null) edge.masking = masking;
    edges.push(edge);
  }
  return { root: c.root, direction: c.direction, maxDepth: c.maxDepth, nodes, edges, truncated: c.truncated };
}
