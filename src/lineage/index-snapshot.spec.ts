import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectSameAnswers, fromScratch, instantsOf, NS, randomSpans, universe } from '../../test/support/lineage-index-answers.js';
import { rng } from '../common/seeded-random.js';
import { type ChangedEdge, type DatasetLinkInput, LineageIndex, type Span } from './graph/lineage-index.js';
import { openSnapshot, SnapshotUnusableError, writeSnapshot } from './index-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'lineage-index-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function roundTrip(index: LineageIndex, file: string, store = 'store-1'): Promise<LineageIndex> {
  await writeSnapshot(file, store, index.base());
  const opened = await openSnapshot(file);
  if (!opened) throw new Error('snapshot not written');
  expect(opened.header).toMatchObject({ store, generation: index.generation });
  return LineageIndex.fromBase(await opened.read());
}

describe('lineage index snapshot', () => {
  it('restores a base that answers every walk as the index it was written from, and moves forward by apply() as that index does', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const tables = 3 + Math.floor(r() * 10);
      const candidates = universe(r, tables, 2 + Math.floor(r() * 6), 20 + Math.floor(r() * 150));
      const history = new Map<number, Span[]>();
      for (let i = 0; i < candidates.length; i++) if (r() < 0.5) history.set(i, randomSpans(r));
      const links: DatasetLinkInput[] = [];
      for (let i = 0; i < 4; i++) links.push({ sourceNamespace: NS[0], sourceDataset: `db.t${Math.floor(r() * (tables + 2))}`, targetNamespace: NS[i % 2], targetDataset: `db.t${Math.floor(r() * (tables + 2))}`, from: 1000 + Math.floor(r() * 900) });
      const built = fromScratch(7, candidates, history, links);
      const restored = await roundTrip(built, join(dir, `seed-${seed}.index`));
      expect(restored.generation).toBe(7);
      const instants = () => {
        const all = instantsOf(history);
        return [-1, ...Array.from({ length: 4 }, () => all[Math.floor(r() * all.length)])];
      };
      compared += expectSameAnswers(restored, built, candidates, r, instants());
      // Changes applied to the restored base and to a build from scratch of the result agree.
      let live = restored;
      let generation = 7;
      for (let step = 0; step < 5; step++) {
        const changes: ChangedEdge[] = [];
        for (let m = 0; m < 1 + Math.floor(r() * 6); m++) {
          const i = Math.floor(r() * candidates.length);
          if (r() < 0.8) history.set(i, randomSpans(r));
          else history.delete(i);
          changes.push({ edge: candidates[i].edge, rank: candidates[i].rank, spans: history.get(i) ?? [] });
        }
        const newLinks: DatasetLinkInput[] = r() < 0.5 ? [{ sourceNamespace: NS[1], sourceDataset: `db.t${tables + 3}`, targetNamespace: NS[0], targetDataset: 'db.t0' }] : [];
        links.push(...newLinks);
        live = live.apply({ generation: ++generation, edges: changes, links: newLinks });
        compared += expectSameAnswers(live, fromScratch(generation, candidates, history, links), candidates, r, instants());
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('keeps names and descriptions in any script, and an empty index', async () => {
    const edge = {
      sourceNamespace: 'teradata://td:1025',
      sourceDataset: 'vertrieb.kunden_ü',
      sourceField: 'name "quoted" \\ tab\t',
      targetNamespace: 'postgres://db:5432',
      targetDataset: '销售.订单',
      targetField: 'émoji 🎉',
      transformationType: 'DIRECT' as const,
      transformationSubtype: 'IDENTITY' as const,
      description: 'CASE WHEN x = "y" THEN 1 END — ok',
      masking: true,
      confidence: 0.5,
    };
    const built = LineageIndex.build(3, [edge]);
    const restored = await roundTrip(built, join(dir, 'names.index'));
    expect([...restored.slots()]).toEqual([...built.slots()]);
    expect(restored.fieldId('postgres://db:5432', '销售.订单', 'émoji 🎉')).toBeGreaterThanOrEqual(0);
    const empty = await roundTrip(LineageIndex.build(0, []), join(dir, 'empty.index'));
    expect(empty.activeEdgeCount).toBe(0);
  });

  it('refuses to describe a snapshot that changes were applied to (only a base as built is written)', () => {
    const index = LineageIndex.build(1, []);
    const next = index.apply({ generation: 2, edges: [], links: [{ sourceNamespace: NS[0], sourceDataset: 'a', targetNamespace: NS[0], targetDataset: 'b' }] });
    expect(() => next.base()).toThrow(/not a base as built/);
  });

  it('answers no snapshot for a missing file, and says why a file cannot be used: another format, cut short, trailing bytes', async () => {
    expect(await openSnapshot(join(dir, 'missing.index'))).toBeUndefined();
    const file = join(dir, 'broken.index');
    await writeSnapshot(file, 'store-1', LineageIndex.build(1, []).base());
    const whole = readFileSync(file);
    writeFileSync(file, Buffer.concat([Buffer.from('NOTINDEX'), whole.subarray(8)]));
    await expect(openSnapshot(file)).rejects.toThrow(SnapshotUnusableError);
    writeFileSync(file, whole.subarray(0, whole.length - 3));
    await expect(openSnapshot(file)).rejects.toThrow(/header describes/);
    writeFileSync(file, Buffer.concat([whole, Buffer.from([1])]));
    await expect(openSnapshot(file)).rejects.toThrow(/header describes/);
    writeFileSync(file, whole.subarray(0, 5));
    await expect(openSnapshot(file)).rejects.toThrow(/not a lineage index snapshot/);
  });
});
