import { describe, expect, it } from 'vitest';
import { randomColumnEdges } from '../../../test/factories/random-lineage.factory.js';
import { rng } from '../../common/seeded-random.js';
import type { ColumnEdge } from '../../model/column-edge.js';
import { ALL_NODE_FIELDS } from '../graph-format.js';
import { type DatasetLinkInput, LineageIndex, OPEN, PRESENT, type Span } from './lineage-index.js';
import { type RenderJob, RenderRunner } from './render-job.js';

/**
 * Property (ADR 0024): a walk as of an instant over the index that holds
 * every interval of every edge finds what the obvious reference finds: the
 * edge list filtered to the edges true at that instant (and the run links
 * whose first run ran by then), built into an index of its own, walked now.
 * Random graphs (awkward names, `*` fields and their row-level links, cycles)
 * with random histories; every start, direction and depth; the nodes with
 * their depths and the edges with their attributes must be the same (lists
 * may differ in order: the reference does not hold the other intervals).
 */

/** 0 to 3 disjoint intervals in [100, 400) (the last one sometimes still true). */
function spans(r: () => number): Span[] {
  const n = Math.floor(r() * 4);
  const cuts = Array.from({ length: 2 * n }, () => 100 + Math.floor(r() * 300)).sort((a, b) => a - b);
  const out: Span[] = [];
  for (let k = 0; k < n; k++) if (cuts[2 * k + 1] > cuts[2 * k] && (out.length === 0 || cuts[2 * k] > out[out.length - 1][1])) out.push([cuts[2 * k], cuts[2 * k + 1]]);
  if (out.length > 0 && r() < 0.5) out[out.length - 1] = [out[out.length - 1][0], OPEN];
  return out;
}

const holds = ([f, t]: Span, at: number) => (at === PRESENT ? t === OPEN : f <= at && at < t);

/** The answer as sets: nodes with their depths, edges with their attributes, and whether it was cut. */
function canonical(json: Buffer): { nodes: string[]; edges: string[]; truncated: boolean } {
  const g = JSON.parse(json.toString('utf8')) as { nodes: { id: string; depth: number }[]; edges: unknown[]; truncated: boolean };
  return { nodes: g.nodes.map((n) => `${n.id} @${n.depth}`).sort(), edges: g.edges.map((e) => JSON.stringify(e)).sort(), truncated: g.truncated };
}

describe('walks as of an instant', () => {
  it('find what the edge list filtered by interval, then walked, finds: random graphs with random histories', () => {
    let compared = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const r = rng(1000 + seed);
      const edges: ColumnEdge[] = randomColumnEdges(r, 8 + Math.floor(r() * 30), 10 + Math.floor(r() * 80));
      const history = edges.map(() => spans(r));
      const datasets = [...new Set(edges.flatMap((e) => [`${e.sourceNamespace}\u0001${e.sourceDataset}`, `${e.targetNamespace}\u0001${e.targetDataset}`]))];
      const links: DatasetLinkInput[] = Array.from({ length: Math.floor(r() * 4) }, () => {
        const [a, b] = [datasets[Math.floor(r() * datasets.length)], datasets[Math.floor(r() * datasets.length)]].map((d) => d.split('\u0001'));
        return { sourceNamespace: a[0], sourceDataset: a[1], targetNamespace: b[0], targetDataset: b[1], from: 100 + Math.floor(r() * 300) };
      });
      // The index of every interval: slots in (rank, start) order, as the store gives them.
      const all = LineageIndex.builder(1);
      for (const [rank, e] of edges.entries()) for (const [f, t] of history[rank]) all.addEdge(e, rank, f, t);
      for (const l of links) all.addLink(l);
      const index = all.finish();
      const runner = new RenderRunner(index.view());
      const instants = [PRESENT, 99, ...Array.from({ length: 8 }, () => 100 + Math.floor(r() * 310))];
      for (const at of instants) {
        // The reference: the edges true at `at`, as if they were all there is, walked now.
        const ref = LineageIndex.builder(1);
        for (const [rank, e] of edges.entries()) if (history[rank].some((s) => holds(s, at))) ref.addEdge(e, rank);
        for (const l of links) if (at === PRESENT || (l.from ?? 0) <= at) ref.addLink({ ...l, from: 0 });
        const reference = ref.finish();
        const refRunner = new RenderRunner(reference.view());
        const roots = new Map<string, ['field' | 'dataset', string, string, string]>();
        for (const e of edges) {
          roots.set(`f${e.sourceNamespace}\u0001${e.sourceDataset}\u0001${e.sourceField}`, ['field', e.sourceNamespace, e.sourceDataset, e.sourceField]);
          roots.set(`f${e.targetNamespace}\u0001${e.targetDataset}\u0001${e.targetField}`, ['field', e.targetNamespace, e.targetDataset, e.targetField]);
          roots.set(`d${e.targetNamespace}\u0001${e.targetDataset}`, ['dataset', e.targetNamespace, e.targetDataset, '']);
          roots.set(`d${e.sourceNamespace}\u0001${e.sourceDataset}`, ['dataset', e.sourceNamespace, e.sourceDataset, '']);
        }
        for (const [kind, ns, ds, f] of roots.values()) {
          const start = kind === 'field' ? index.fieldId(ns, ds, f, at) : index.datasetId(ns, ds, at);
          const refStart = kind === 'field' ? reference.fieldId(ns, ds, f) : reference.datasetId(ns, ds);
          expect(start >= 0, `${kind} ${ds}.${f} at ${at}`).toBe(refStart >= 0);
          if (start < 0) continue;
          for (const direction of ['upstream', 'downstream', 'both'] as const) {
            const maxDepth = [1, 2, 3, 20][Math.floor(r() * 4)];
            const direct = kind === 'dataset' ? -1 : ([-1, -1, 0, 1] as const)[Math.floor(r() * 4)];
            const job = (s: number, walkAt: number): RenderJob => ({ generation: 1, kind, start: s, root: `${ds}.${f}`, direction, maxDepth, nodeCap: 100_000, direct, format: 'json', fields: ALL_NODE_FIELDS, at: walkAt });
            const got = canonical(runner.run(job(start, at)).json);
            const expected = canonical(refRunner.run(job(refStart, PRESENT)).json);
            expect(got, `${kind} ${ds}.${f} ${direction} ${maxDepth} at ${at}`).toEqual(expected);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
