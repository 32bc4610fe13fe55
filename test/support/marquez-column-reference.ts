import type { LineageGraph } from '../../src/lineage/lineage.types.js';
import { fieldNodeId } from '../../src/model/ids.js';

interface Edge {
  origin: string;
  destination: string;
}

interface Input {
  namespace: string;
  dataset: string;
  field: string;
  transformationDescription?: string;
  transformationType: string;
  transformationSubtype: string;
}

/**
 * The test oracle for src/marquez/column-lineage-json.ts: Marquez's column
 * lineage answer built plainly as objects from object walks (walkToGraph),
 * then JSON.stringify. One DATASET_FIELD node per field; an edge (source,
 * target) once, in walk order; nodes sorted by id, inputs and inEdges by the
 * source's id, outEdges by the target's; a node's transformation is its
 * first input's.
 */
export function referenceColumnLineage(walks: readonly LineageGraph[], fieldType: (namespace: string, dataset: string, field: string) => string | null, asOf?: string): string {
  const ends = new Map<string, { namespace: string; dataset: string; field: string }>();
  const edges = new Map<string, Edge>();
  const inputs = new Map<string, Input[]>();
  for (const walk of walks) {
    for (const n of walk.nodes) if (n.type === 'datasetField' && n.field !== undefined) ends.set(n.id, { namespace: n.namespace, dataset: n.dataset, field: n.field });
    for (const e of walk.edges) {
      const from = ends.get(e.source);
      const key = `${e.source}\u0000${e.target}`;
      if (!from || !ends.has(e.target) || edges.has(key)) continue;
      edges.set(key, { origin: e.source, destination: e.target });
      const list = inputs.get(e.target) ?? [];
      list.push({ ...from, ...(e.description ? { transformationDescription: e.description } : {}), transformationType: e.transformationType, transformationSubtype: e.transformationSubtype });
      inputs.set(e.target, list);
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const idOf = (f: { namespace: string; dataset: string; field: string }) => fieldNodeId(f.namespace, f.dataset, f.field);
  const graph = [...ends.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([id, f]) => {
      const inputFields = [...(inputs.get(id) ?? [])].sort((a, b) => cmp(idOf(a), idOf(b)));
      const first = inputFields[0];
      const all = [...edges.values()];
      return {
        id,
        type: 'DATASET_FIELD',
        data: {
          ...f,
          fieldType: fieldType(f.namespace, f.dataset, f.field) ?? '',
          ...(first?.transformationDescription ? { transformationDescription: first.transformationDescription } : {}),
          ...(first ? { transformationType: first.transformationType } : {}),
          inputFields,
        },
        inEdges: all.filter((e) => e.destination === id).sort((a, b) => cmp(a.origin, b.origin)),
        outEdges: all.filter((e) => e.origin === id).sort((a, b) => cmp(a.destination, b.destination)),
      };
    });
  return JSON.stringify({ graph, ...(asOf !== undefined ? { asOf } : {}) });
}
