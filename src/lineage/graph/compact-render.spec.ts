import { describe, expect, it } from 'vitest';
import { randomColumnEdges } from '../../../test/factories/random-lineage.factory.js';
import { decodeCompactGraph } from '../../../test/support/compact-graph.js';
import { rng } from '../../common/seeded-random.js';
import type { ColumnEdge } from '../../model/column-edge.js';
import { ALL_NODE_FIELDS, type CompactLineageGraph, NODE_FIELDS, nodeFieldMask, type NodeFieldMask } from '../graph-format.js';
import type { LineageGraph } from '../lineage.types.js';
import { graphToCompact } from './compact-render.js';
import { LineageIndex } from './lineage-index.js';
import { type RenderJob, RenderRunner } from './render-job.js';
import { ROW_LEVEL_EDGE, walkToGraph, withNodeFields } from './walk-render.js';

/** A random non-empty set of node keys, or all of them half the time. */
function randomFields(r: () => number): NodeFieldMask {
  if (r() < 0.5) return ALL_NODE_FIELDS;
  const keep = NODE_FIELDS.filter(() => r() < 0.5);
  return nodeFieldMask(keep.length > 0 ? keep : ['id']);
}

/** Random graphs, walks of both kinds in every direction at random depths, caps and filters, with the jobs to render them. */
function* randomWalks(seed: number, graphs: number): Generator<{ index: LineageIndex; runner: RenderRunner; job: Omit<RenderJob, 'format'> }> {
  const r = rng(seed);
  for (let g = 0; g < graphs; g++) {
    const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 80), Math.floor(r() * 300)));
    if (index.fieldCount === 0) continue;
    const runner = new RenderRunner(index.view());
    for (const kind of ['field', 'dataset'] as const) {
      const count = kind === 'field' ? index.fieldCount : index.datasetCount;
      for (const direction of ['upstream', 'downstream', 'both'] as const) {
        const direct = kind === 'field' && r() < 0.2 ? (r() < 0.5 ? 1 : 0) : -1;
        yield {
          index,
          runner,
          job: { generation: 1, kind, start: Math.floor(r() * count), root: `root "${g}"`, direction, maxDepth: 1 + Math.floor(r() * 6), nodeCap: r() < 0.2 ? 3 : 10_000, direct, fields: randomFields(r) },
        };
      }
    }
  }
}

describe('walkToCompact (through RenderRunner)', () => {
  it('decodes to the json answer byte for byte, on random graphs with row-level fields, awkward names and fields= subsets', () => {
    let rowLevel = 0;
    for (const { runner, job } of randomWalks(31, 30)) {
      const json = runner.run({ ...job, format: 'json' }).json.toString('utf8');
      const compact = runner.run({ ...job, format: 'compact' });
      const decoded = decodeCompactGraph(JSON.parse(compact.json.toString('utf8')) as CompactLineageGraph);
      expect(JSON.stringify(decoded)).toBe(json);
      expect(compact.nodes).toBe((JSON.parse(json) as LineageGraph).nodes.length);
      if (json.includes('"ROW_LEVEL"')) rowLevel++;
    }
    // The generator does make graphs with row-level links (what the round trip must carry too).
    expect(rowLevel).toBeGreaterThan(5);
  });

  it('writes exactly JSON.stringify of graphToCompact over the object graph (the tables in order of first use)', () => {
    for (const { index, runner, job } of randomWalks(37, 20)) {
      const result = runner.walk({ ...job, format: 'compact' });
      const graph = walkToGraph({ index, kind: job.kind, root: job.root, direction: job.direction, maxDepth: job.maxDepth, result });
      expect(runner.run({ ...job, format: 'compact' }).json.toString('utf8')).toBe(JSON.stringify(graphToCompact(graph, job.fields)));
    }
  });

  it('names every namespace, dataset and description once, and edges as integer triples', () => {
    const NS = 'td://h:1025';
    const edge = (source: string, target: string, subtype: string, description: string | null): ColumnEdge => ({
      sourceNamespace: NS, sourceDataset: 'stg.orders', sourceField: source, targetNamespace: NS, targetDataset: 'dw.sales', targetField: target,
      transformationType: subtype === 'FILTER' ? 'INDIRECT' : 'DIRECT', transformationSubtype: subtype, description, masking: false, confidence: subtype === 'FILTER' ? null : 0.95,
    });
    const index = LineageIndex.build(1, [edge('amount', 'total', 'AGGREGATION', 'SUM(amount)'), edge('amount', 'net', 'AGGREGATION', 'SUM(amount)'), edge('status', '*', 'FILTER', null)]);
    const runner = new RenderRunner(index.view());
    const out = runner.run({ generation: 1, kind: 'field', start: index.fieldId(NS, 'dw.sales', 'total'), root: `datasetField:${NS}:dw.sales:total`, direction: 'upstream', maxDepth: 3, nodeCap: 100, direct: -1, format: 'compact', fields: nodeFieldMask(['id', 'depth']) });
    expect(JSON.parse(out.json.toString('utf8'))).toEqual({
      format: 'compact',
      root: `datasetField:${NS}:dw.sales:total`,
      direction: 'upstream',
      maxDepth: 3,
      fields: ['id', 'depth'],
      nodeType: 'datasetField',
      namespaces: [NS],
      datasets: { namespace: [0, 0], name: ['dw.sales', 'stg.orders'] },
      nodes: { dataset: [0, 1, 0, 1], field: ['total', 'amount', '*', 'status'], depth: [0, 1, 1, 2] },
      transformationTypes: ['DIRECT', 'INDIRECT'],
      transformationSubtypes: ['IDENTITY', 'TRANSFORMATION', 'AGGREGATION', 'JOIN', 'FILTER', 'GROUP_BY', 'SORT', 'WINDOW', 'CONDITIONAL', 'ROW_LEVEL'],
      strings: ['SUM(amount)', ROW_LEVEL_EDGE.description],
      edgeKinds: [
        [0, 2, 0, 0.95, false],
        [1, 9, 1, null, false],
        [1, 4, null, null, false],
      ],
      edges: [1, 0, 0, 2, 0, 1, 3, 2, 2],
      truncated: false,
    });
  });

  it('is a fraction of the json answer on a wide graph', () => {
    // 6 layers of 40 tables of 8 columns; each column fed by 5 columns of the layer before.
    const r = rng(5);
    const edges: ColumnEdge[] = [];
    for (let layer = 1; layer < 6; layer++)
      for (let t = 0; t < 40; t++)
        for (let c = 0; c < 8; c++)
          for (let k = 0; k < 5; k++)
            edges.push({
              sourceNamespace: 'teradata://warehouse:1025', sourceDataset: `layer${layer - 1}.t${Math.floor(r() * 40)}`, sourceField: `c${Math.floor(r() * 8)}`,
              targetNamespace: 'teradata://warehouse:1025', targetDataset: `layer${layer}.t${t}`, targetField: `c${c}`,
              transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', description: null, masking: false, confidence: 1,
            });
    const index = LineageIndex.build(1, edges);
    const runner = new RenderRunner(index.view());
    const job = { generation: 1, kind: 'field' as const, start: index.fieldId('teradata://warehouse:1025', 'layer5.t0', 'c0'), root: 'r', direction: 'upstream' as const, maxDepth: 5, nodeCap: 10_000, direct: -1 as const, fields: ALL_NODE_FIELDS };
    const json = runner.run({ ...job, format: 'json' });
    const compact = runner.run({ ...job, format: 'compact' });
    expect(json.nodes).toBeGreaterThan(500);
    expect(compact.json.length * 8).toBeLessThan(json.json.length);
  });
});

describe('graphToCompact (answers not rendered from the index)', () => {
  it('decodes to the json answer for graphs with subtypes and types outside the vocabulary, edges without description, confidence or masking', () => {
    const node = (dataset: string, field: string, depth: number) => ({ id: `datasetField:ns:${dataset}:${field}`, type: 'datasetField' as const, namespace: 'ns', dataset, field, depth });
    const graph: LineageGraph = {
      root: 'datasetField:ns:db.t:x',
      direction: 'upstream',
      maxDepth: 2,
      nodes: [node('db.t', 'x', 0), node('db.s', 'y', 1), node('db.s', '*', 1)],
      edges: [
        { source: 'datasetField:ns:db.s:y', target: 'datasetField:ns:db.t:x', transformationType: 'DIRECT', transformationSubtype: 'VENDOR_SPECIFIC', masking: true },
        { source: 'datasetField:ns:db.s:*', target: 'datasetField:ns:db.t:x', transformationType: 'INDIRECT', transformationSubtype: 'FILTER', description: 'WHERE y > 0', confidence: 0.5 },
      ],
      truncated: true,
    };
    for (const fields of [ALL_NODE_FIELDS, nodeFieldMask(['field']), nodeFieldMask(['depth', 'namespace'])]) {
      const compact = graphToCompact(graph, fields);
      expect(JSON.stringify(decodeCompactGraph(JSON.parse(JSON.stringify(compact)) as CompactLineageGraph))).toBe(JSON.stringify(withNodeFields(graph, fields)));
    }
    expect(graphToCompact(graph, ALL_NODE_FIELDS).transformationSubtypes.at(-1)).toBe('VENDOR_SPECIFIC');
  });
});
