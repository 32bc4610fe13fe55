import { describe, expect, it } from 'vitest';
import { rng } from '../../common/seeded-random.js';
import { randomColumnEdges } from '../../../test/factories/random-lineage.factory.js';
import { fieldNodeId } from '../../model/ids.js';
import { TRANSFORMATION_SUBTYPES } from '../../model/transformation.js';
import { ALL_NODE_FIELDS, NODE_FIELDS, nodeFieldMask } from '../graph-format.js';
import { LineageIndex } from './lineage-index.js';
import { walk } from './traverse.js';
import { type RenderJob, RenderRunner } from './render-job.js';
import { walkToGraph, withNodeFields } from './walk-render.js';

describe('walkToJson (through RenderRunner)', () => {
  it('writes exactly what JSON.stringify writes for the object graph, on random graphs with awkward names', () => {
    const r = rng(11);
    for (let g = 0; g < 25; g++) {
      const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 80), Math.floor(r() * 300)));
      if (index.fieldCount === 0) continue;
      const runner = new RenderRunner(index.view());
      for (const kind of ['field', 'dataset'] as const) {
        const count = kind === 'field' ? index.fieldCount : index.datasetCount;
        const [forward, backward] = kind === 'field' ? [index.forward, index.backward] : [index.datasetForward, index.datasetBackward];
        for (const direction of ['upstream', 'downstream', 'both'] as const) {
          const start = Math.floor(r() * count);
          const cap = r() < 0.3 ? 3 : 10_000;
          const job: RenderJob = { generation: 1, kind, start, root: `root "${start}"`, direction, maxDepth: 1 + Math.floor(r() * 6), nodeCap: cap, direct: -1, format: 'json', fields: ALL_NODE_FIELDS };
          // The runner is reused across walks (visit stamps), as on a render thread.
          const out = runner.run(job);
          const result = walk(start, forward, backward, direction, job.maxDepth, cap, undefined, undefined, kind === 'field' ? index.fieldRowLevel : undefined);
          const json = out.json.toString('utf8');
          expect(json).toBe(JSON.stringify(walkToGraph({ index, kind, root: job.root, direction, maxDepth: job.maxDepth, result })));
          expect(out.nodes).toBe(result.nodes.length);
          expect(() => JSON.parse(json)).not.toThrow();
        }
      }
    }
  });

  it('leaves out the node keys fields= does not name, exactly as the object graph without them, edges unchanged', () => {
    const r = rng(23);
    for (let g = 0; g < 15; g++) {
      const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 60), Math.floor(r() * 200)));
      if (index.fieldCount === 0) continue;
      const runner = new RenderRunner(index.view());
      for (const kind of ['field', 'dataset'] as const) {
        const count = kind === 'field' ? index.fieldCount : index.datasetCount;
        for (const direction of ['upstream', 'downstream', 'both'] as const) {
          // A random non-empty subset of the node keys.
          const keep = NODE_FIELDS.filter(() => r() < 0.5);
          const fields = nodeFieldMask(keep.length > 0 ? keep : ['depth']);
          const job: RenderJob = { generation: 1, kind, start: Math.floor(r() * count), root: 'root', direction, maxDepth: 1 + Math.floor(r() * 5), nodeCap: 10_000, direct: -1, format: 'json', fields };
          const result = runner.walk(job);
          const graph = walkToGraph({ index, kind, root: job.root, direction, maxDepth: job.maxDepth, result });
          expect(runner.run(job).json.toString('utf8')).toBe(JSON.stringify(withNodeFields(graph, fields)));
        }
      }
    }
  });

  it('renders nodes with typed ids and edges with their transformation', () => {
    const index = LineageIndex.build(3, [
      { sourceNamespace: 'td://h:1025', sourceDataset: 'stg.orders', sourceField: 'amount', targetNamespace: 'td://h:1025', targetDataset: 'dw.sales', targetField: 'total', transformationType: 'DIRECT', transformationSubtype: 'AGGREGATION', description: 'SUM(amount)', masking: false, confidence: 0.95 },
    ]);
    const start = index.fieldId('td://h:1025', 'dw.sales', 'total');
    const out = new RenderRunner(index.view()).run({ generation: 3, kind: 'field', start, root: 'datasetField:td://h:1025:dw.sales:total', direction: 'upstream', maxDepth: 3, nodeCap: 100, direct: -1, format: 'json', fields: ALL_NODE_FIELDS });
    const graph = JSON.parse(out.json.toString('utf8'));
    expect(graph).toEqual({
      root: 'datasetField:td://h:1025:dw.sales:total',
      direction: 'upstream',
      maxDepth: 3,
      nodes: [
        { id: 'datasetField:td://h:1025:dw.sales:total', type: 'datasetField', namespace: 'td://h:1025', dataset: 'dw.sales', field: 'total', depth: 0 },
        { id: 'datasetField:td://h:1025:stg.orders:amount', type: 'datasetField', namespace: 'td://h:1025', dataset: 'stg.orders', field: 'amount', depth: 1 },
      ],
      edges: [
        { source: 'datasetField:td://h:1025:stg.orders:amount', target: 'datasetField:td://h:1025:dw.sales:total', transformationType: 'DIRECT', transformationSubtype: 'AGGREGATION', description: 'SUM(amount)', confidence: 0.95, masking: false },
      ],
      truncated: false,
    });
  });

  it('answers every subtype of the vocabulary as stored, one outside it as TRANSFORMATION and a missing one as IDENTITY', () => {
    const stored = [...TRANSFORMATION_SUBTYPES, 'SOMETHING_NEW', null];
    const index = LineageIndex.build(
      1,
      stored.map((subtype, i) => ({ sourceNamespace: 'ns', sourceDataset: 'db.s', sourceField: `c${i}`, targetNamespace: 'ns', targetDataset: 'db.t', targetField: 'x', transformationType: 'DIRECT', transformationSubtype: subtype, description: null, masking: false, confidence: 1 })),
    );
    const start = index.fieldId('ns', 'db.t', 'x');
    const out = new RenderRunner(index.view()).run({ generation: 1, kind: 'field', start, root: 'x', direction: 'upstream', maxDepth: 1, nodeCap: 100, direct: -1, format: 'json', fields: ALL_NODE_FIELDS });
    const graph = JSON.parse(out.json.toString('utf8')) as { edges: { source: string; transformationSubtype: string }[] };
    const bySource = new Map(graph.edges.map((e) => [e.source, e.transformationSubtype]));
    expect(stored.map((_, i) => bySource.get(fieldNodeId('ns', 'db.s', `c${i}`)))).toEqual([...TRANSFORMATION_SUBTYPES, 'TRANSFORMATION', 'IDENTITY']);
  });
});
