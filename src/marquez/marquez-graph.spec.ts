import { describe, expect, it } from 'vitest';
import type { LineageGraph } from '../lineage/lineage.types.js';
import { randomColumnEdges } from '../../test/factories/random-lineage.factory.js';
import { rng } from '../common/seeded-random.js';
import { type CompactLineageGraph, nodeFieldMask } from '../lineage/graph-format.js';
import { LineageIndex } from '../lineage/graph/lineage-index.js';
import { RenderRunner } from '../lineage/graph/render-job.js';
import { walkToGraph } from '../lineage/graph/walk-render.js';
import { type ColumnWalk, COLUMN_WALK_FIELDS, columnLineageGraph, columnWalkOf, tableLineageGraph } from './marquez-graph.js';
import { datasetShape, jobShape } from './marquez-shapes.js';
import type { IoRecord, JobRecord } from './marquez.types.js';

const NS = 'food_delivery';
const ds = (name: string) =>
  datasetShape({ datasetId: `${NS}/${name}`, namespaceId: NS, namespace: NS, name, description: null, sourceType: 'TABLE', createdAt: null, updatedAt: null, isActive: true }, []);
const job = (name: string): JobRecord => ({ jobId: `${NS}/${name}`, namespaceId: NS, namespace: NS, name, description: null, jobType: null, createdAt: null, updatedAt: null });
const io = (jobName: string, direction: IoRecord['direction'], name: string): IoRecord => ({ ownerId: `${NS}/${jobName}`, direction, namespace: NS, name });

describe('tableLineageGraph', () => {
  const records = [io('load', 'input', 'public.a'), io('load', 'output', 'public.b'), io('report', 'input', 'public.b'), io('ghost', 'output', 'public.a'), io('report', 'output', 'public.elsewhere')];
  const graph = tableLineageGraph({
    datasets: [ds('public.b'), ds('public.a')],
    jobs: [job('report'), job('load')].map((j) => ({ jobId: j.jobId, shape: jobShape(j, records.filter((r) => r.ownerId === j.jobId)) })),
    io: records,
  }).graph;

  it('puts each job between the datasets it reads and writes, sorted by id', () => {
    expect(graph.map((n) => [n.id, n.type])).toEqual([
      [`dataset:${NS}:public.a`, 'DATASET'],
      [`dataset:${NS}:public.b`, 'DATASET'],
      [`job:${NS}:load`, 'JOB'],
      [`job:${NS}:report`, 'JOB'],
    ]);
    const load = graph.find((n) => n.id === `job:${NS}:load`);
    expect(load?.inEdges).toEqual([{ origin: `dataset:${NS}:public.a`, destination: `job:${NS}:load` }]);
    expect(load?.outEdges).toEqual([{ origin: `job:${NS}:load`, destination: `dataset:${NS}:public.b` }]);
  });

  it('drops edges to nodes it does not show (a job it was not given, a dataset it has no record of)', () => {
    const a = graph.find((n) => n.id === `dataset:${NS}:public.a`);
    expect(a?.inEdges).toEqual([]);
    const report = graph.find((n) => n.id === `job:${NS}:report`);
    expect(report?.outEdges).toEqual([]);
    const all = (key: 'inEdges' | 'outEdges') => graph.flatMap((n) => n[key].map((e) => `${e.origin}>${e.destination}`)).sort();
    expect(all('inEdges')).toEqual(all('outEdges'));
  });
});

describe('columnLineageGraph', () => {
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
  const graph = columnLineageGraph(
    [walk(orderId, [src1, src2], [[src2, orderId], [src1, orderId, 'copied']]), walk(placed, [src1], [[src1, placed]])],
    (_ns, dataset, field) => (dataset === 'public.orders' && field === 'id' ? 'INTEGER' : null),
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

describe('columnWalkOf (the compact answer a render thread writes, read back for column lineage)', () => {
  it('gives the same Marquez column graph as the object walk, on random graphs with awkward names, row-level links and several walks merged', () => {
    const r = rng(53);
    let compared = 0;
    for (let g = 0; g < 25; g++) {
      const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 60), Math.floor(r() * 250)));
      if (index.fieldCount === 0) continue;
      const runner = new RenderRunner(index.view());
      const fields = nodeFieldMask(COLUMN_WALK_FIELDS);
      const objects: LineageGraph[] = [];
      const compacts: ColumnWalk[] = [];
      for (let w = 0; w < 1 + Math.floor(r() * 3); w++) {
        const job = { generation: 1, kind: 'field' as const, start: Math.floor(r() * index.fieldCount), root: `root ${g}.${w}`, direction: (['upstream', 'both'] as const)[w % 2], maxDepth: 1 + Math.floor(r() * 5), nodeCap: 10_000, direct: -1 as const, fields };
        const result = runner.walk({ ...job, format: 'compact' });
        objects.push(walkToGraph({ index, kind: job.kind, root: job.root, direction: job.direction, maxDepth: job.maxDepth, result }));
        compacts.push(columnWalkOf(JSON.parse(runner.run({ ...job, format: 'compact' }).json.toString('utf8')) as CompactLineageGraph));
      }
      const type = (ns: string, ds: string, field: string) => (field.length % 3 === 0 ? null : `T(${ns}|${ds}|${field})`);
      const expected = JSON.stringify(columnLineageGraph(objects, type));
      expect(JSON.stringify(columnLineageGraph(compacts, type))).toBe(expected);
      if (expected.includes('"inputFields":[{')) compared++;
    }
    // the graphs compared do carry input fields (not only lone roots)
    expect(compared).toBeGreaterThan(10);
  });
});
