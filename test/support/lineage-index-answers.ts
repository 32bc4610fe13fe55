import { expect } from 'vitest';
import { ALL_NODE_FIELDS, GRAPH_FORMATS } from '../../src/lineage/graph-format.js';
import { type DatasetLinkInput, LineageIndex } from '../../src/lineage/graph/lineage-index.js';
import { type RenderJob, RenderRunner } from '../../src/lineage/graph/render-job.js';
import type { ColumnEdge } from '../../src/model/column-edge.js';

/**
 * Random lineage universes and the check that two lineage indexes answer
 * every walk with the same bytes (the index's property tests: apply, merge,
 * snapshot).
 */

export const NS = ['teradata://td:1025', 'teradata://other:1025'];

export interface Candidate {
  readonly edge: ColumnEdge;
  readonly rank: number;
}

export function universe(r: () => number, tables: number, columns: number, size: number): Candidate[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const end = () => {
    const t = Math.floor(r() * tables);
    return { ns: NS[t % 5 === 0 ? 1 : 0], ds: `db.t${t}`, f: r() < 0.15 ? '*' : `c${Math.floor(r() * columns)}` };
  };
  const ranks = new Set<number>();
  const out: Candidate[] = [];
  while (out.length < size) {
    const rank = Math.floor(r() * 1e9);
    if (ranks.has(rank)) continue;
    ranks.add(rank);
    const s = end();
    const t = end();
    out.push({
      rank,
      edge: {
        sourceNamespace: s.ns,
        sourceDataset: s.ds,
        sourceField: s.f,
        targetNamespace: t.ns,
        targetDataset: t.ds,
        targetField: t.f,
        transformationType: r() < 0.3 ? 'INDIRECT' : 'DIRECT',
        transformationSubtype: pick(['IDENTITY', 'TRANSFORMATION', 'AGGREGATION', 'FILTER', 'JOIN', 'SOMETHING_NEW']),
        description: r() < 0.5 ? null : pick(['a', 'b "quoted"', 'ünï']),
        masking: r() < 0.1,
        confidence: r() < 0.2 ? null : Math.round(r() * 100) / 100,
      },
    });
  }
  return out;
}

export function fromScratch(generation: number, candidates: readonly Candidate[], active: ReadonlySet<number>, links: readonly DatasetLinkInput[]): LineageIndex {
  const builder = LineageIndex.builder(generation);
  const live = candidates.filter((_, i) => active.has(i)).sort((a, b) => a.rank - b.rank);
  for (const c of live) builder.addEdge(c.edge, c.rank);
  for (const l of links) builder.addLink(l);
  return builder.finish();
}

const fieldKey = (ns: string, ds: string, f: string) => `${ns}\u0001${ds}\u0001${f}`;

/** Every walk from every field and dataset of the universe, rendered as JSON, both indexes; they must agree byte for byte. */
export function expectSameAnswers(live: LineageIndex, fresh: LineageIndex, candidates: readonly Candidate[], r: () => number): number {
  const fields = new Map<string, [string, string, string]>();
  const datasets = new Map<string, [string, string]>();
  for (const { edge: e } of candidates) {
    fields.set(fieldKey(e.sourceNamespace, e.sourceDataset, e.sourceField), [e.sourceNamespace, e.sourceDataset, e.sourceField]);
    fields.set(fieldKey(e.targetNamespace, e.targetDataset, e.targetField), [e.targetNamespace, e.targetDataset, e.targetField]);
    datasets.set(fieldKey(e.sourceNamespace, e.sourceDataset, ''), [e.sourceNamespace, e.sourceDataset]);
    datasets.set(fieldKey(e.targetNamespace, e.targetDataset, ''), [e.targetNamespace, e.targetDataset]);
  }
  const liveRunner = new RenderRunner(live.view());
  const freshRunner = new RenderRunner(fresh.view());
  let compared = 0;
  const compare = (kind: 'field' | 'dataset', liveStart: number, freshStart: number, root: string) => {
    expect(liveStart < 0).toBe(freshStart < 0);
    if (freshStart < 0) return;
    for (const direction of ['upstream', 'downstream', 'both'] as const) {
      const maxDepth = [1, 2, 4, 20][Math.floor(r() * 4)];
      const nodeCap = r() < 0.2 ? 3 : 10_000;
      const direct = kind === 'dataset' ? -1 : ([-1, -1, 0, 1] as const)[Math.floor(r() * 4)];
      for (const format of GRAPH_FORMATS) {
        const job = (start: number, generation: number): RenderJob => ({ generation, kind, start, root, direction, maxDepth, nodeCap, direct, format, fields: ALL_NODE_FIELDS });
        const a = liveRunner.run(job(liveStart, live.generation)).json.toString('utf8');
        const b = freshRunner.run(job(freshStart, fresh.generation)).json.toString('utf8');
        expect(a).toBe(b);
      }
      compared++;
    }
  };
  for (const [ns, ds, f] of fields.values()) compare('field', live.fieldId(ns, ds, f), fresh.fieldId(ns, ds, f), `${ds}.${f}`);
  for (const [ns, ds] of datasets.values()) compare('dataset', live.datasetId(ns, ds), fresh.datasetId(ns, ds), ds);
  expect(live.activeEdgeCount).toBe(fresh.edgeCount);
  expect(live.liveFieldCount).toBe(fresh.fieldCount);
  return compared;
}

