import { describe, expect, it } from 'vitest';
import { randomColumnEdges } from '../../test/factories/random-lineage.factory.js';
import { referenceColumnLineage } from '../../test/support/marquez-column-reference.js';
import { rng } from '../common/seeded-random.js';
import { type CompactLineageGraph, nodeFieldMask } from '../lineage/graph-format.js';
import { graphToCompact } from '../lineage/graph/compact-render.js';
import { LineageIndex } from '../lineage/graph/lineage-index.js';
import { RenderRunner } from '../lineage/graph/render-job.js';
import { walkToGraph } from '../lineage/graph/walk-render.js';
import type { LineageGraph } from '../lineage/lineage.types.js';
import { ColumnLineage } from './column-lineage-json.js';
import { COLUMN_WALK_FIELDS } from './marquez-graph.js';

const NS = 'food_delivery';

/** The answer of `walks`, each field's type by its names. */
function columnLineageJson(walks: readonly CompactLineageGraph[], type: (namespace: string, dataset: string, field: string) => string | null, asOf?: string): string {
  const lineage = ColumnLineage.of(walks);
  const { namespace, dataset, field } = lineage.nodes;
  return lineage.json((n) => type(namespace[n], dataset[n], field[n]), asOf);
}

type GraphNode = { id: string; type: string; data: { fieldType: string; inputFields: unknown[] }; inEdges: { origin: string; destination: string }[]; outEdges: { origin: string; destination: string }[] };

describe('columnLineageJson', () => {
  const f = (dataset: string, field: string, depth = 1) => ({ id: `datasetField:${NS}:${dataset}:${field}`, type: 'datasetField' as const, namespace: NS, dataset, field, depth });
  const walk = (root: ReturnType<typeof f>, nodes: ReturnType<typeof f>[], edges: [ReturnType<typeof f>, ReturnType<typeof f>, string?][]): LineageGraph => ({
    root: root.id,
    direction: 'upstream',
    maxDepth: 2,
    nodes: [{ ...root, depth: 0 }, ...nodes],
    edges: edges.map(([s, t, description]) => ({ source: s.id, target: t.id, transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', ...(description ? { description } : {}) })),
    truncated: false,
  });
  const orderId = f('public.out', 'order_id');
  const placed = f('public.out', 'placed_on');
  const src1 = f('public.orders', 'id');
  const src2 = f('public.status', 'order_id');
  const compact = (w: LineageGraph) => graphToCompact(w, nodeFieldMask(COLUMN_WALK_FIELDS));
  const graph = (
    JSON.parse(
      columnLineageJson(
        [compact(walk(orderId, [src1, src2], [[src2, orderId], [src1, orderId, 'copied']])), compact(walk(placed, [src1], [[src1, placed]]))],
        (_ns, dataset, field) => (dataset === 'public.orders' && field === 'id' ? 'INTEGER' : null),
      ),
    ) as { graph: GraphNode[] }
  ).graph;

  it('merges the walks into one DATASET_FIELD node per field, its inputs from the edges into it', () => {
    expect(graph.map((n) => n.id)).toEqual([orderId.id, placed.id, src1.id, src2.id].sort());
    const node = graph.find((n) => n.id === orderId.id);
    expect(node?.type).toBe('DATASET_FIELD');
    expect(node?.data.inputFields).toEqual([
      { namespace: NS, dataset: 'public.orders', field: 'id', transformationDescription: 'copied', transformationType: 'DIRECT', transformationSubtype: 'IDENTITY' },
      { namespace: NS, dataset: 'public.status', field: 'order_id', transformationType: 'DIRECT', transformationSubtype: 'IDENTITY' },
    ]);
    expect(graph.find((n) => n.id === src1.id)?.outEdges.map((e) => e.destination)).toEqual([orderId.id, placed.id]);
  });

  it('gives each field its stored type, or an empty one', () => {
    expect(graph.find((n) => n.id === src1.id)?.data.fieldType).toBe('INTEGER');
    expect(graph.find((n) => n.id === src2.id)?.data.fieldType).toBe('');
    expect(graph.find((n) => n.id === src2.id)?.data.inputFields).toEqual([]);
  });
});

describe('columnLineageJson from the compact walks a render thread writes', () => {
  it('writes what the plain object oracle writes from the object walks, on random graphs with awkward names, row-level links, several walks merged and asOf', () => {
    const r = rng(53);
    let compared = 0;
    for (let g = 0; g < 25; g++) {
      const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 60), Math.floor(r() * 250)));
      if (index.fieldCount === 0) continue;
      const runner = new RenderRunner(index.view());
      const fields = nodeFieldMask(COLUMN_WALK_FIELDS);
      const objects: LineageGraph[] = [];
      const compacts: CompactLineageGraph[] = [];
      for (let w = 0; w < 1 + Math.floor(r() * 3); w++) {
        const job = { generation: 1, kind: 'field' as const, start: Math.floor(r() * index.fieldCount), root: `root ${g}.${w}`, direction: (['upstream', 'both'] as const)[w % 2], maxDepth: 1 + Math.floor(r() * 5), nodeCap: 10_000, direct: -1 as const, fields };
        const result = runner.walk({ ...job, format: 'compact' });
        objects.push(walkToGraph({ index, kind: job.kind, root: job.root, direction: job.direction, maxDepth: job.maxDepth, result }));
        compacts.push(JSON.parse(runner.run({ ...job, format: 'compact' }).json.toString('utf8')) as CompactLineageGraph);
      }
      const type = (ns: string, ds: string, field: string) => (field.length % 3 === 0 ? null : `T(${ns}|${ds}|${field})`);
      const asOf = g % 2 === 0 ? undefined : `2026-0${1 + (g % 9)}-01T00:00:00Z`;
      const expected = referenceColumnLineage(objects, type, asOf);
      expect(columnLineageJson(compacts, type, asOf)).toBe(expected);
      if (expected.includes('"inputFields":[{')) compared++;
    }
    // the graphs compared do carry input fields (not only lone roots)
    expect(compared).toBeGreaterThan(10);
  });
});
