import { describe, expect, it } from 'vitest';
import { randomColumnEdges } from '../../../test/factories/random-lineage.factory.js';
import { referenceColumnLineage } from '../../../test/support/marquez-column-reference.js';
import { rng } from '../../common/seeded-random.js';
import type { ColumnEdge } from '../../model/column-edge.js';
import { ALL_NODE_FIELDS } from '../graph-format.js';
import type { LineageDirection } from '../lineage.types.js';
import { FieldTypeTable, fieldTypeOf, NO_TYPE, UNHELD } from './field-types.js';
import { indexTime, LineageIndex, PRESENT } from './lineage-index.js';
import { type RenderJob, RenderRunner } from './render-job.js';
import { asOfText, walkToGraph } from './walk-render.js';

/** A field's stored type in these tests: none for a third of them, else one that names it (awkward names make awkward types). */
const typeOf = (ns: string, ds: string, field: string) => (field.length % 3 === 0 ? null : `T(${ns}|${ds}|${field})`);

/** A table holding every field's type (typeOf) at `generation`. */
async function allTypes(index: LineageIndex, generation: number): Promise<FieldTypeTable> {
  const table = new FieldTypeTable();
  const { base } = index.view();
  table.view(base, index.fieldCount);
  const fields = Int32Array.from({ length: index.fieldCount }, (_, f) => f);
  await table.fill(base, fields, generation, async (fs) => Array.from(fs, (f) => typeOf(index.fieldNamespace(f), index.fieldDataset(f), index.fieldName(f))));
  return table;
}

function job(index: LineageIndex, table: FieldTypeTable, start: number, direction: LineageDirection, maxDepth: number, more: Partial<RenderJob> = {}): RenderJob {
  return { generation: 1, kind: 'field', start, root: 'r', direction, maxDepth, nodeCap: 10_000, direct: -1, format: 'column-lineage', fields: ALL_NODE_FIELDS, types: table.view(index.view().base, index.fieldCount), ...more };
}

/** What the plain oracle writes for the same walk. */
function expected(index: LineageIndex, runner: RenderRunner, j: RenderJob): string {
  const result = runner.walk(j);
  const graph = walkToGraph({ index, kind: 'field', root: j.root, direction: j.direction, maxDepth: j.maxDepth, at: j.at ?? PRESENT, result });
  return referenceColumnLineage([graph], typeOf, asOfText(j.at));
}

describe('walkToColumnLineage (through RenderRunner, format column-lineage)', () => {
  it("writes what the plain object oracle writes, on random graphs with awkward names, row-level links, duplicate pairs, both directions and asOf", async () => {
    const r = rng(71);
    let compared = 0;
    for (let g = 0; g < 30; g++) {
      const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 60), Math.floor(r() * 250)));
      if (index.fieldCount === 0) continue;
      const table = await allTypes(index, 1);
      const runner = new RenderRunner(index.view());
      for (const direction of ['upstream', 'both', 'downstream'] as const) {
        // an instant after the build: the same edges, and the answer says asOf
        const at = r() < 0.3 ? indexTime(Date.now() + 60_000) : undefined;
        const j = job(index, table, Math.floor(r() * index.fieldCount), direction, 1 + Math.floor(r() * 5), at === undefined ? {} : { at });
        const out = runner.run(j);
        expect(out.unheld).toBeUndefined();
        const want = expected(index, runner, j);
        expect(out.json.toString('utf8')).toBe(want);
        if (want.includes('"inputFields":[{')) compared++;
      }
    }
    // the walks compared do carry input fields (not only lone roots)
    expect(compared).toBeGreaterThan(20);
  });

  it('writes the walks from several fields merged (a dataset node) as the oracle merges the object walks', async () => {
    const r = rng(83);
    let compared = 0;
    for (let g = 0; g < 25; g++) {
      const index = LineageIndex.build(1, randomColumnEdges(r, 10 + Math.floor(r() * 60), Math.floor(r() * 250)));
      if (index.fieldCount < 2) continue;
      const table = await allTypes(index, 1);
      const runner = new RenderRunner(index.view());
      const starts = Array.from({ length: 2 + Math.floor(r() * 4) }, () => Math.floor(r() * index.fieldCount));
      const direction = (['upstream', 'both'] as const)[g % 2];
      const j = job(index, table, starts[0], direction, 1 + Math.floor(r() * 4), { starts, nodeCap: r() < 0.2 ? 3 : 10_000 });
      const graphs = starts.map((start) => {
        const result = runner.walk({ ...j, start });
        return walkToGraph({ index, kind: 'field', root: j.root, direction, maxDepth: j.maxDepth, result });
      });
      const want = referenceColumnLineage(graphs, typeOf);
      const out = runner.run(j);
      expect(out.json.toString('utf8')).toBe(want);
      expect(out.nodes).toBe(new Set(graphs.flatMap((x) => x.nodes.map((n) => n.id))).size);
      if (want.includes('"inputFields":[{')) compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('sorts by whole ids where one dataset id head starts another (colons in names), and where two datasets share a head', async () => {
    const edge = (sns: string, sds: string, sf: string, tns: string, tds: string, tf: string, description: string | null = null): ColumnEdge => ({
      sourceNamespace: sns, sourceDataset: sds, sourceField: sf, targetNamespace: tns, targetDataset: tds, targetField: tf,
      transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', description, masking: false, confidence: null,
    });
    // "datasetField:a:b:" starts "datasetField:a:b:x:", and field "z" sorts after "x:y" only as a whole id; a:b + c and a + b:c share a head
    const index = LineageIndex.build(1, [
      edge('a', 'b', 'z', 'out', 't', 'c', 'copied'),
      edge('a', 'b:x', 'y', 'out', 't', 'c'),
      // an empty description is written as none, the node's own (its first input's) too
      edge('a', 'b', 'a', 'out', 't', 'c', ''),
      edge('a:b', 'c', 'f', 'out', 't', 'c'),
      edge('a', 'b:c', 'e', 'out', 't', 'c'),
    ]);
    const table = await allTypes(index, 1);
    const runner = new RenderRunner(index.view());
    const j = job(index, table, index.fieldId('out', 't', 'c'), 'upstream', 2);
    const json = runner.run(j).json.toString('utf8');
    expect(json).toBe(expected(index, runner, j));
    const ids = (JSON.parse(json) as { graph: { id: string }[] }).graph.map((n) => n.id);
    expect(ids).toEqual(['datasetField:a:b:a', 'datasetField:a:b:c:e', 'datasetField:a:b:c:f', 'datasetField:a:b:x:y', 'datasetField:a:b:z', 'datasetField:out:t:c']);
  });

  it('reports the fields whose types it does not hold, and writes once they are held; a "no type" holds for its generation only', async () => {
    const r = rng(5);
    const index = LineageIndex.build(1, randomColumnEdges(r, 40, 200));
    const { base } = index.view();
    const runner = new RenderRunner(index.view());
    const start = index.fieldId(index.fieldNamespace(0), index.fieldDataset(0), index.fieldName(0));
    const table = new FieldTypeTable();
    const first = runner.run(job(index, table, start, 'both', 3));
    const reached = runner.walk(job(index, table, start, 'both', 3)).nodes;
    expect(first.json.length).toBe(0);
    expect([...(first.unheld ?? [])].sort((a, b) => a - b)).toEqual([...reached].sort((a, b) => a - b));

    // types read at generation 1
    await table.fill(base, first.unheld ?? [], 1, async (fs) => Array.from(fs, (f) => typeOf(index.fieldNamespace(f), index.fieldDataset(f), index.fieldName(f))));
    const j = job(index, table, start, 'both', 3);
    expect(runner.run(j).json.toString('utf8')).toBe(expected(index, runner, j));

    // at generation 2, the fields read as having no type are asked again (a write may have given them one); the others are held
    const none = reached.filter((f) => typeOf(index.fieldNamespace(f), index.fieldDataset(f), index.fieldName(f)) === null);
    expect(none.length).toBeGreaterThan(0);
    const later = runner.run(job(index, table, start, 'both', 3, { generation: 2 }));
    expect([...(later.unheld ?? [])].sort((a, b) => a - b)).toEqual([...none].sort((a, b) => a - b));
    // unless an earlier generation's "no type" is allowed to count
    expect(runner.run(job(index, table, start, 'both', 3, { generation: 2, staleNone: true })).json.toString('utf8')).toBe(expected(index, runner, j));
  });
});

describe('FieldTypeTable', () => {
  it('keeps codes as fields grow, starts over for a new base, and drops a read that a new base overtook', async () => {
    const table = new FieldTypeTable();
    const read = (type: string) => async (fs: ArrayLike<number>) => Array.from(fs, () => type);
    const v1 = table.view(1, 10);
    await table.fill(1, [3], 7, read('INTEGER'));
    expect(v1.codes[3]).toBe(1);
    // more fields than the codes hold: a larger table, with what was held
    const grown = table.view(1, v1.codes.length + 10);
    expect(grown.codes.length).toBeGreaterThan(v1.codes.length);
    expect(grown.codes[3]).toBe(1);
    await table.fill(1, [v1.codes.length + 5], 7, read('DATE'));
    expect(grown.codes[v1.codes.length + 5]).toBe(2);
    // a "no type" is the generation it was read at, negated
    await table.fill(1, [4], 7, async () => [null]);
    expect(grown.codes[4]).toBe(-8);
    // a view is a prefix of the names: one taken before a name was added says the type is not held (a render thread then asks again)
    const field = v1.codes.length + 5;
    expect(fieldTypeOf(grown, field, 7)).toBe(UNHELD);
    const now = table.view(1, 10);
    expect(fieldTypeOf(now, field, 7)).toBe(1);
    expect(Buffer.from(now.names.bytes).toString('utf8')).toBe('INTEGERDATE');
    expect(fieldTypeOf(now, 4, 7)).toBe(NO_TYPE);
    expect(fieldTypeOf(now, 4, 8)).toBe(UNHELD);
    expect(fieldTypeOf(now, 4, 8, true)).toBe(NO_TYPE);
    // a rebuild numbers fields afresh
    const next = table.view(2, 10);
    expect(next.codes[3]).toBe(0);
    // a read for the old base that finishes after the new base took over is not kept
    await table.fill(1, [5], 7, read('TEXT'));
    expect(table.view(2, 10).codes[5]).toBe(0);
  });
});
