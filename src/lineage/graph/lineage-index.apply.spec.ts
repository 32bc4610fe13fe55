import { describe, expect, it } from 'vitest';
import { expectSameAnswers, fromScratch, instantsOf, NS, randomSpans, universe } from '../../../test/support/lineage-index-answers.js';
import { rng } from '../../common/seeded-random.js';
import { type ChangedEdge, type DatasetLinkInput, edgeRank, LineageIndex, OVERLAY_FOLD, PRESENT, type Span } from './lineage-index.js';

/**
 * Property: a snapshot moved forward by apply() answers every walk, now and
 * as of any instant, with the same bytes as an index built from scratch
 * over the same edges, intervals and links, whatever the interleaving of
 * new edges, ended and resumed intervals, new datasets and fields, and run
 * links that brought it there.
 */

/** A few instants to compare at: the present and some where an interval starts or ends, or just before. */
function sample(r: () => number, history: ReadonlyMap<number, readonly Span[]>): number[] {
  const all = instantsOf(history).filter((t) => t !== PRESENT);
  return [PRESENT, ...Array.from({ length: Math.min(5, all.length) }, () => all[Math.floor(r() * all.length)])];
}

/**
 * The starts and ends of intervals an index finds in a few windows
 * (boundaries(), which /changes reads) are those of the history: by edge
 * rank, change and instant.
 */
function expectBoundaries(index: LineageIndex, history: ReadonlyMap<number, readonly Span[]>, candidates: readonly { rank: number }[], r: () => number): void {
  const instants = instantsOf(history).filter((t) => t !== PRESENT);
  const windows: [number, number][] = [[0, 0xffff_ffff], ...Array.from({ length: 4 }, (): [number, number] => {
    const [a, b] = [instants[Math.floor(r() * instants.length)] ?? 0, instants[Math.floor(r() * instants.length)] ?? 0].sort((x, y) => x - y);
    return [a, b + 1];
  })];
  for (const [from, until] of windows) {
    const expected: string[] = [];
    for (const [i, spans] of history)
      for (const [f, t] of spans) {
        if (t <= f) continue;
        if (f >= from && f < until) expected.push(`${candidates[i].rank} added ${f}`);
        if (t !== 0xffff_ffff && t >= from && t < until) expected.push(`${candidates[i].rank} removed ${t}`);
      }
    const got = index.boundaries(from, until).map((b) => `${index.slotEdge(b.slot)[1]} ${b.change} ${b.at}`);
    expect(got.sort(), `boundaries in [${from}, ${until})`).toEqual(expected.sort());
  }
}

/** Runs the property over seeds [from, to]: how many answers it compared. */
function applyAndCompare([from, to]: [number, number]): number {
  let compared = 0;
  for (let seed = from; seed <= to; seed++) {
    const r = rng(seed);
    const tables = 3 + Math.floor(r() * 10);
    const candidates = universe(r, tables, 2 + Math.floor(r() * 6), 20 + Math.floor(r() * 120));
    const history = new Map<number, Span[]>();
    const links: DatasetLinkInput[] = [];
    // The start: some of the universe, built whole.
    for (let i = 0; i < candidates.length; i++) if (r() < 0.4) history.set(i, randomSpans(r));
    let generation = 1;
    let live = fromScratch(generation, candidates, history, links);
    expectBoundaries(live, history, candidates, r);
    // One runner moved from snapshot to snapshot, as a render thread's is (what it learnt of the base carries over).
    const carry = {};
    for (let step = 0; step < 15; step++) {
      const touched = new Set<number>();
      const newLinks: DatasetLinkInput[] = [];
      const moves = 1 + Math.floor(r() * 8);
      for (let m = 0; m < moves; m++) {
        const i = Math.floor(r() * candidates.length);
        const before = history.get(i) ?? [];
        // An interval ends, one starts or resumes, or the history is another altogether.
        const x = r();
        if (x < 0.3 && before.length > 0 && before[before.length - 1][1] === 0xffff_ffff) history.set(i, [...before.slice(0, -1), [before[before.length - 1][0], before[before.length - 1][0] + 1 + Math.floor(r() * 300)]]);
        else if (x < 0.5) history.set(i, [...before.filter(([, t]) => t < 2500), [2500 + step * 10, 0xffff_ffff]]);
        else if (x < 0.6) history.delete(i);
        else history.set(i, randomSpans(r));
        touched.add(i);
        if (r() < 0.2) {
          const ta = Math.floor(r() * (tables + 2));
          const tb = Math.floor(r() * (tables + 2));
          // Run links may name datasets no edge has (new ones, past `tables`), and come with when their first run ran.
          newLinks.push({ sourceNamespace: NS[0], sourceDataset: `db.t${ta}`, targetNamespace: NS[ta % 2], targetDataset: `db.t${tb}`, from: 1000 + Math.floor(r() * 1000) });
        }
      }
      // Sometimes an edge the log lists twice, or one whose intervals did not change (idempotence).
      if (r() < 0.3) touched.add(Math.floor(r() * candidates.length));
      const changes: ChangedEdge[] = [...touched].map((i) => ({ edge: candidates[i].edge, rank: candidates[i].rank, spans: history.get(i) ?? [] }));
      if (r() < 0.3 && changes.length > 0) changes.push(changes[0]);
      links.push(...newLinks);
      generation++;
      live = live.apply({ generation, edges: changes, links: newLinks });
      expect(live.generation).toBe(generation);
      const fresh = fromScratch(generation, candidates, history, links);
      compared += expectSameAnswers(live, fresh, candidates, r, sample(r, history), carry);
      expectBoundaries(live, history, candidates, r);
    }
    // A new base from the live state (the background merge) answers the same too.
    const merged = LineageIndex.builder(generation);
    for (const [edge, rank, from, to] of live.slots()) merged.addEdge(edge, rank, from, to);
    for (const link of live.runLinks()) merged.addLink(link);
    const mergedIndex = merged.finish();
    compared += expectSameAnswers(mergedIndex, fromScratch(generation, candidates, history, links), candidates, r, sample(r, history));
    expectBoundaries(mergedIndex, history, candidates, r);
  }
  return compared;
}

describe('LineageIndex.apply', () => {
  it('answers every walk, now and as of any instant, like an index built from scratch, over random interleavings of new, ended and resumed edges and run links', () => {
    expect(applyAndCompare([1, 12])).toBeGreaterThan(1000);
  });

  it('answers the same when its overlay folds its recent lists into the older layer every few snapshots (as a large overlay does)', () => {
    const fold = { ...OVERLAY_FOLD };
    try {
      Object.assign(OVERLAY_FOLD, { minimum: 2, perRootEntry: 0.5 });
      expect(applyAndCompare([13, 22])).toBeGreaterThan(1000);
    } finally {
      Object.assign(OVERLAY_FOLD, fold);
    }
  });

  it('leaves an older snapshot as it was: it answers from its own generation while newer ones apply changes', () => {
    const r = rng(99);
    const candidates = universe(r, 6, 4, 60);
    const history = new Map<number, Span[]>();
    for (let i = 0; i < candidates.length; i++) if (r() < 0.5) history.set(i, randomSpans(r));
    const first = fromScratch(1, candidates, history, []);
    const before = fromScratch(1, candidates, history, []);
    let live = first;
    for (let g = 2; g < 8; g++) {
      const i = Math.floor(r() * candidates.length);
      live = live.apply({ generation: g, edges: [{ edge: candidates[i].edge, rank: candidates[i].rank, spans: randomSpans(r) }], links: [] });
    }
    expectSameAnswers(first, before, candidates, r, sample(r, history));
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
