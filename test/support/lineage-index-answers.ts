import { expect } from 'vitest';
import { ALL_NODE_FIELDS, GRAPH_FORMATS } from '../../src/lineage/graph-format.js';
import { type DatasetLinkInput, LineageIndex, OPEN, PRESENT, type Span } from '../../src/lineage/graph/lineage-index.js';
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

/**
 * When each candidate edge was true (index seconds), by candidate: a set of
 * candidates stands for each one true since ever (what an index without
 * history holds).
 */
export type History = ReadonlyMap<number, readonly Span[]> | ReadonlySet<number>;

export function spansOf(history: History, i: number): readonly Span[] {
  if (history instanceof Set) return history.has(i) ? [[0, OPEN]] : [];
  return (history as ReadonlyMap<number, readonly Span[]>).get(i) ?? [];
}

/** The instants a history's walks are compared at: the present, and each instant an interval starts or ends at, and one second before it. */
export function instantsOf(history: History): number[] {
  if (history instanceof Set) return [PRESENT];
  const out = new Set<number>([PRESENT]);
  for (const spans of (history as ReadonlyMap<number, readonly Span[]>).values()) {
    for (const [f, t] of spans) for (const x of [f, f - 1, t, t - 1]) if (x >= 0 && x < OPEN) out.add(x);
  }
  return [...out];
}

/** 0 to 3 disjoint intervals between 1,000 and 2,000 (the last one sometimes still true): a random history of one edge. */
export function randomSpans(r: () => number): Span[] {
  const n = Math.floor(r() * 4);
  const cuts = Array.from({ length: 2 * n }, () => 1000 + Math.floor(r() * 1000)).sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let k = 0; k < n; k++) {
    const [f, t] = [cuts[2 * k], cuts[2 * k + 1]];
    if (t > f && (spans.length === 0 || f > spans[spans.length - 1][1])) spans.push([f, t]);
  }
  if (spans.length > 0 && r() < 0.5) spans[spans.length - 1] = [spans[spans.length - 1][0], OPEN];
  return spans;
}

export function fromScratch(generation: number, candidates: readonly Candidate[], history: History, links: readonly DatasetLinkInput[]): LineageIndex {
  const builder = LineageIndex.builder(generation);
  const slots = candidates.flatMap((c, i) => spansOf(history, i).map(([from, to]) => ({ c, from, to }))).sort((a, b) => a.c.rank - b.c.rank || a.from - b.from);
  for (const { c, from, to } of slots) builder.addEdge(c.edge, c.rank, from, to);
  for (const l of links) builder.addLink(l);
  return builder.finish();
}

const fieldKey = (ns: string, ds: string, f: string) => `${ns}\u0001${ds}\u0001${f}`;

/**
 * Every walk from every field and dataset of the universe, rendered as JSON,
 * both indexes, at each instant; they must agree byte for byte. `carry`: the
 * live index's runner is made from the one it holds (an earlier snapshot's,
 * as a render thread's is: what it learnt of the base, such as which links
 * are open, carries over), and left there for the next call.
 */
export function expectSameAnswers(live: LineageIndex, fresh: LineageIndex, candidates: readonly Candidate[], r: () => number, instants: readonly number[] = [PRESENT], carry?: { runner?: RenderRunner }): number {
  const fields = new Map<string, [string, string, string]>();
  const datasets = new Map<string, [string, string]>();
  for (const { edge: e } of candidates) {
    fields.set(fieldKey(e.sourceNamespace, e.sourceDataset, e.sourceField), [e.sourceNamespace, e.sourceDataset, e.sourceField]);
    fields.set(fieldKey(e.targetNamespace, e.targetDataset, e.targetField), [e.targetNamespace, e.targetDataset, e.targetField]);
    datasets.set(fieldKey(e.sourceNamespace, e.sourceDataset, ''), [e.sourceNamespace, e.sourceDataset]);
    datasets.set(fieldKey(e.targetNamespace, e.targetDataset, ''), [e.targetNamespace, e.targetDataset]);
  }
  const liveRunner = new RenderRunner(live.view(), carry?.runner);
  if (carry) carry.runner = liveRunner;
  const freshRunner = new RenderRunner(fresh.view());
  let compared = 0;
  const compare = (kind: 'field' | 'dataset', liveStart: number, freshStart: number, root: string, at: number) => {
    expect(liveStart < 0, `${root} at ${at}`).toBe(freshStart < 0);
    if (freshStart < 0) return;
    for (const direction of ['upstream', 'downstream', 'both'] as const) {
      const maxDepth = [1, 2, 4, 20][Math.floor(r() * 4)];
      const nodeCap = r() < 0.2 ? 3 : 10_000;
      const direct = kind === 'dataset' ? -1 : ([-1, -1, 0, 1] as const)[Math.floor(r() * 4)];
      for (const format of GRAPH_FORMATS) {
        const job = (start: number, generation: number): RenderJob => ({ generation, kind, start, root, direction, maxDepth, nodeCap, direct, format, fields: ALL_NODE_FIELDS, at });
        const a = liveRunner.run(job(liveStart, live.generation)).json.toString('utf8');
        const b = freshRunner.run(job(freshStart, fresh.generation)).json.toString('utf8');
        expect(a).toBe(b);
      }
      compared++;
    }
  };
  for (const at of instants) {
    for (const [ns, ds, f] of fields.values()) compare('field', live.fieldId(ns, ds, f, at), fresh.fieldId(ns, ds, f, at), `${ds}.${f}`, at);
    for (const [ns, ds] of datasets.values()) compare('dataset', live.datasetId(ns, ds, at), fresh.datasetId(ns, ds, at), ds, at);
  }
  expect(live.activeEdgeCount).toBe(fresh.activeEdgeCount);
  expect(live.slotCount).toBe(fresh.edgeCount);
  expect(live.liveFieldCount).toBe(fresh.liveFieldCount);
  return compared;
}

