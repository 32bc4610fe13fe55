import { describe, expect, it } from 'vitest';
import { rng } from '../../common/seeded-random.js';
import type { TransformationType } from '../../model/transformation.js';
import { LineageIndex } from './lineage-index.js';
import { walk, WalkScratch } from './traverse.js';

/** The obvious reference: repeated relaxation over the edge list, no CSR. */
function naive(edges: [number, number][], start: number, direction: 'upstream' | 'downstream', maxDepth: number): Map<number, number> {
  const depth = new Map<number, number>([[start, 0]]);
  for (let d = 1; d <= maxDepth; d++) {
    for (const [s, t] of edges) {
      const [from, to] = direction === 'downstream' ? [s, t] : [t, s];
      if (depth.get(from) === d - 1 && !depth.has(to)) depth.set(to, d);
    }
  }
  return depth;
}

function indexOf(edges: [number, number][]): LineageIndex {
  return LineageIndex.build(
    1,
    edges.map(([s, t]) => ({
      sourceNamespace: 'ns',
      sourceDataset: `db.t${s % 7}`,
      sourceField: `f${s}`,
      targetNamespace: 'ns',
      targetDataset: `db.t${t % 7}`,
      targetField: `f${t}`,
      transformationType: 'DIRECT',
      transformationSubtype: 'IDENTITY',
      description: null,
      masking: false,
      confidence: 1,
    })),
  );
}

describe('walk', () => {
  it('matches a naive reference on random graphs with cycles, in both directions and at every depth', () => {
    const r = rng(7);
    for (let g = 0; g < 30; g++) {
      const n = 5 + Math.floor(r() * 60);
      const m = Math.floor(r() * n * 3);
      const edges: [number, number][] = [];
      for (let i = 0; i < m; i++) edges.push([Math.floor(r() * n), Math.floor(r() * n)]);
      const index = indexOf(edges);
      const scratch = new WalkScratch(index.fieldCount);
      for (const direction of ['upstream', 'downstream', 'both'] as const) {
        for (const maxDepth of [1, 2, 5, 50]) {
          const startField = edges.length > 0 ? edges[Math.floor(r() * edges.length)][0] : 0;
          if (edges.length === 0) continue;
          const start = index.fieldId('ns', `db.t${startField % 7}`, `f${startField}`);
          // One scratch shared by every walk over the index, as the service does.
          const got = walk(start, index.forward, index.backward, direction, maxDepth, 1_000_000, undefined, scratch);
          // Both ways: the downstream walk's nodes at their depths, then the upstream walk's others.
          const expected =
            direction === 'both'
              ? new Map([...naive(edges, startField, 'upstream', maxDepth), ...naive(edges, startField, 'downstream', maxDepth)])
              : naive(edges, startField, direction, maxDepth);
          const gotByName = new Map(got.nodes.map((id, p) => [Number(index.fieldName(id).slice(1)), got.depths[p]]));
          expect(gotByName).toEqual(expected);
          expect(got.truncated).toBe(false);
          // Every reported link is a real edge between two result nodes, crossed in its stored direction, once.
          const reported = new Set<number>();
          for (let i = 0; i < got.links.length; i += 3) {
            const [e, from, to] = got.links.slice(i, i + 3);
            expect(reported.has(e)).toBe(false);
            reported.add(e);
            expect([got.nodes[from], got.nodes[to]]).toEqual([index.edgeSource[e], index.edgeTarget[e]]);
          }
          // …and every edge the walk crossed (its near end reached before the last hop) is reported.
          for (const way of direction === 'both' ? (['upstream', 'downstream'] as const) : [direction]) {
            const depths = naive(edges, startField, way, maxDepth);
            const near = (e: number) => (way === 'downstream' ? index.edgeSource[e] : index.edgeTarget[e]);
            for (let e = 0; e < index.edgeCount; e++) {
              const d = depths.get(Number(index.fieldName(near(e)).slice(1)));
              if (d !== undefined && d < maxDepth) expect(reported.has(e)).toBe(true);
            }
          }
        }
      }
    }
  });

  it('stops at the node cap and says so', () => {
    const edges: [number, number][] = Array.from({ length: 100 }, (_, i) => [0, i + 1]);
    const index = indexOf(edges);
    const got = walk(index.fieldId('ns', 'db.t0', 'f0'), index.forward, index.backward, 'downstream', 5, 10);
    expect(got.nodes).toHaveLength(10);
    expect(got.truncated).toBe(true);
    // Links to nodes left out by the cap are left out too.
    expect(got.links).toHaveLength(9 * 3);
  });

  it('terminates on a cycle and reports each crossed edge once', () => {
    const index = indexOf([
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
    const got = walk(index.fieldId('ns', 'db.t1', 'f1'), index.forward, index.backward, 'both', 20, 100);
    expect(got.nodes.map((id) => index.fieldName(id)).sort()).toEqual(['f1', 'f2', 'f3']);
    expect(got.links).toHaveLength(3 * 3);
  });

  it('skips edges the filter rejects', () => {
    const index = indexOf([
      [1, 2],
      [2, 3],
    ]);
    const blocked = index.edgeSource.findIndex((s, i) => index.fieldName(s) === 'f2' && index.fieldName(index.edgeTarget[i]) === 'f3');
    const got = walk(index.fieldId('ns', 'db.t1', 'f1'), index.forward, index.backward, 'downstream', 5, 100, (e) => e !== blocked);
    expect(got.nodes.map((id) => index.fieldName(id))).toEqual(['f1', 'f2']);
  });

  it('follows row-level edges upstream: a column is decided by what decides the rows of its dataset', () => {
    const edge = (s: string, t: string, type: TransformationType = 'DIRECT', subtype = 'IDENTITY') => {
      const [sd, sf] = [s.slice(0, s.lastIndexOf('.')), s.slice(s.lastIndexOf('.') + 1)];
      const [td, tf] = [t.slice(0, t.lastIndexOf('.')), t.slice(t.lastIndexOf('.') + 1)];
      return { sourceNamespace: 'ns', sourceDataset: sd, sourceField: sf, targetNamespace: 'ns', targetDataset: td, targetField: tf, transformationType: type, transformationSubtype: subtype, description: null, masking: false, confidence: 1 };
    };
    const index = LineageIndex.build(1, [edge('db.a.x', 'db.t.y'), edge('db.f.flag', 'db.t.*', 'INDIRECT', 'FILTER'), edge('db.g.k', 'db.f.flag')]);
    const name = (n: number) => `${index.fieldDataset(n)}.${index.fieldName(n)}`;
    const y = index.fieldId('ns', 'db.t', 'y');
    const star = index.fieldId('ns', 'db.t', '*');
    expect(index.fieldRowLevel.up[y]).toBe(star);
    expect(index.fieldRowLevel.up[star]).toBe(-1);
    const up = walk(y, index.forward, index.backward, 'upstream', 5, 100, undefined, undefined, index.fieldRowLevel);
    expect(up.nodes.map(name)).toEqual(['db.t.y', 'db.a.x', 'db.t.*', 'db.f.flag', 'db.g.k']);
    expect(up.depths).toEqual([0, 1, 1, 2, 3]);
    // The row-level link is numbered after the real edges and runs from `*` to the column.
    const rowLevel = [];
    for (let i = 0; i < up.links.length; i += 3) if (up.links[i] >= index.edgeCount) rowLevel.push([up.links[i] - index.edgeCount, name(up.nodes[up.links[i + 1]]), name(up.nodes[up.links[i + 2]])]);
    expect(rowLevel).toEqual([[y, 'db.t.*', 'db.t.y']]);
    // Downstream, a filter column reaches the `*`, and through it every column of the table (the same link, same id).
    const down = walk(index.fieldId('ns', 'db.f', 'flag'), index.forward, index.backward, 'downstream', 5, 100, undefined, undefined, index.fieldRowLevel);
    expect(down.nodes.map(name)).toEqual(['db.f.flag', 'db.t.*', 'db.t.y']);
    expect(down.depths).toEqual([0, 1, 2]);
    const fanned = [];
    for (let i = 0; i < down.links.length; i += 3) if (down.links[i] >= index.edgeCount) fanned.push([down.links[i] - index.edgeCount, name(down.nodes[down.links[i + 1]]), name(down.nodes[down.links[i + 2]])]);
    expect(fanned).toEqual([[y, 'db.t.*', 'db.t.y']]);
    // With the row-level links left out (DIRECT only), neither way crosses them.
    const directOnly = walk(y, index.forward, index.backward, 'upstream', 5, 100, (e) => e < index.edgeCount && index.edgeDirect[e] === 1, undefined, index.fieldRowLevel);
    expect(directOnly.nodes.map(name)).toEqual(['db.t.y', 'db.a.x']);
  });
});
