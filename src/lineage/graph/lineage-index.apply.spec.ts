import { describe, expect, it } from 'vitest';
import { expectSameAnswers, fromScratch, NS, universe } from '../../../test/support/lineage-index-answers.js';
import { rng } from '../../common/seeded-random.js';
import { type ChangedEdge, type DatasetLinkInput, edgeRank, LineageIndex } from './lineage-index.js';

/**
 * Property: a snapshot moved forward by apply() answers every walk with the
 * same bytes as an index built from scratch over the same edges and links,
 * whatever the interleaving of adds, deactivations, reactivations, new
 * datasets and fields, and run links that brought it there.
 */

describe('LineageIndex.apply', () => {
  it('answers every walk like an index built from scratch, over random interleavings of adds, deactivations, reactivations and run links', () => {
    let compared = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed);
      const tables = 3 + Math.floor(r() * 10);
      const candidates = universe(r, tables, 2 + Math.floor(r() * 6), 20 + Math.floor(r() * 120));
      const active = new Set<number>();
      const links: DatasetLinkInput[] = [];
      // The start: some of the universe, built whole.
      for (let i = 0; i < candidates.length; i++) if (r() < 0.4) active.add(i);
      let generation = 1;
      let live = fromScratch(generation, candidates, active, links);
      for (let step = 0; step < 15; step++) {
        const touched = new Set<number>();
        const newLinks: DatasetLinkInput[] = [];
        const moves = 1 + Math.floor(r() * 8);
        for (let m = 0; m < moves; m++) {
          const i = Math.floor(r() * candidates.length);
          if (r() < 0.55) active.add(i);
          else active.delete(i);
          touched.add(i);
          if (r() < 0.2) {
            const ta = Math.floor(r() * (tables + 2));
            const tb = Math.floor(r() * (tables + 2));
            // Run links may name datasets no edge has (new ones, past `tables`).
            newLinks.push({ sourceNamespace: NS[0], sourceDataset: `db.t${ta}`, targetNamespace: NS[ta % 2], targetDataset: `db.t${tb}` });
          }
        }
        // Sometimes an edge the log lists twice, or one whose state did not change (idempotence).
        if (r() < 0.3) touched.add(Math.floor(r() * candidates.length));
        const changes: ChangedEdge[] = [...touched].map((i) => ({ edge: candidates[i].edge, rank: candidates[i].rank, active: active.has(i) }));
        if (r() < 0.3 && changes.length > 0) changes.push(changes[0]);
        links.push(...newLinks);
        generation++;
        live = live.apply({ generation, edges: changes, links: newLinks });
        expect(live.generation).toBe(generation);
        const fresh = fromScratch(generation, candidates, active, links);
        compared += expectSameAnswers(live, fresh, candidates, r);
      }
      // A new base from the live state (the background merge) answers the same too.
      const merged = LineageIndex.builder(generation);
      for (const [edge, rank] of live.liveEdges()) merged.addEdge(edge, rank);
      for (const link of live.runLinks()) merged.addLink(link);
      compared += expectSameAnswers(merged.finish(), fromScratch(generation, candidates, active, links), candidates, r);
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('leaves an older snapshot as it was: it answers from its own generation while newer ones apply changes', () => {
    const r = rng(99);
    const candidates = universe(r, 6, 4, 60);
    const active = new Set(candidates.map((_, i) => i).filter(() => r() < 0.5));
    const first = fromScratch(1, candidates, active, []);
    const before = fromScratch(1, candidates, active, []);
    let live = first;
    for (let g = 2; g < 8; g++) {
      const i = Math.floor(r() * candidates.length);
      live = live.apply({ generation: g, edges: [{ edge: candidates[i].edge, rank: candidates[i].rank, active: !active.has(i) }], links: [] });
    }
    expectSameAnswers(first, before, candidates, r);
    expect(() => first.apply({ generation: 9, edges: [], links: [] })).toThrow(/not the newest/);
  });

  it('ranks page keys in the store order: numbers as they are, lineage ids by their leading hex digits', () => {
    expect(edgeRank(42)).toBe(42);
    expect(edgeRank(7n)).toBe(7);
    const ids = ['00ff', '0a00', '9fff', 'a000', 'ffff'].map((p) => p.padEnd(64, '3'));
    const ranks = ids.map(edgeRank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ids.length);
    expect(edgeRank('f'.repeat(64))).toBe(2 ** 52 - 1);
  });
});
