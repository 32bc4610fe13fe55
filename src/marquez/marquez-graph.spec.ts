import { describe, expect, it } from 'vitest';
import { tableLineageGraph } from './marquez-graph.js';
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
