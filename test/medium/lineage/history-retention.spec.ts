import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rng } from '../../../src/common/seeded-random.js';
import { ALL_NODE_FIELDS } from '../../../src/lineage/graph-format.js';
import { indexTime, LineageIndex } from '../../../src/lineage/graph/lineage-index.js';
import { type RenderJob, RenderRunner } from '../../../src/lineage/graph/render-job.js';
import { LineageRepository } from '../../../src/lineage/lineage.repository.js';
import { lineageId } from '../../../src/model/ids.js';
import type { EdgeRow, HistoryStep } from '../../../src/ol-store/ol-store.types.js';
import { OlStoreWriter, targetKey } from '../../../src/ol-store/ol-store.writer.js';
import { EMBEDDED_LINEAGE } from '../../../src/teradata/sql/embedded/lineage.sql.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * LINEAGE_HISTORY_DAYS (ADR 0024): pruning deletes only what ended before
 * the horizon, so every answer as of an instant from the horizon on — walks
 * of the index built from the store, and the changes of any window after
 * it — is the same before and after.
 */

const NS = 'teradata://retention:1025';
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const TABLES = ['db.a', 'db.b', 'db.c', 'db.d', 'db.e'];

function edge(source: [string, string], target: [string, string], runId: string): EdgeRow {
  const key = { sourceNamespace: NS, sourceDataset: source[0], sourceField: source[1], targetNamespace: NS, targetDataset: target[0], targetField: target[1], transformationType: 'DIRECT' as const, transformationSubtype: 'IDENTITY' };
  return { ...key, lineageId: lineageId(key), runId, description: null, masking: false, confidence: 1 };
}

async function indexOf(repository: LineageRepository, horizon: Date): Promise<LineageIndex> {
  const builder = LineageIndex.builder(1);
  for await (const page of repository.activeEdgePages(horizon)) page.edges.forEach((e, i) => builder.addEdge(e, page.ranks[i], page.from[i], page.to[i]));
  return builder.finish();
}

/** Every column walk of the index as of `at`, as sets (node ids with depths, edges): what must not change. */
function answers(index: LineageIndex, at: number): string[] {
  const runner = new RenderRunner(index.view());
  const out: string[] = [];
  for (const ds of TABLES) {
    for (const f of ['c0', 'c1', 'c2', 'c3']) {
      const start = index.fieldId(NS, ds, f, at);
      if (start < 0) continue;
      for (const direction of ['upstream', 'downstream'] as const) {
        const job: RenderJob = { generation: 1, kind: 'field', start, root: `${ds}.${f}`, direction, maxDepth: 10, nodeCap: 10_000, direct: -1, format: 'json', fields: ALL_NODE_FIELDS, at };
        const g = JSON.parse(runner.run(job).json.toString()) as { nodes: { id: string; depth: number }[]; edges: unknown[] };
        out.push(`${ds}.${f} ${direction}: ${g.nodes.map((n) => `${n.id}@${n.depth}`).sort().join(' ')} / ${g.edges.map((e) => JSON.stringify(e)).sort().join(' ')}`);
      }
    }
  }
  return out;
}

describe('lineage history retention', () => {
  let db: TestDatabase;
  let writer: OlStoreWriter;
  let repository: LineageRepository;

  beforeEach(async () => {
    db = await createTestDatabase();
    writer = new OlStoreWriter(db.port, EMBEDDED_OL_STORE);
    repository = new LineageRepository(db.port, EMBEDDED_LINEAGE);
  });
  afterEach(() => db.cleanup());

  it('pruning what ended before the horizon changes no answer as of an instant from the horizon on', async () => {
    const r = rng(20);
    // A year of statements: writes adding edges, definitions replacing a table's edges, now and then a drop.
    for (let k = 0; k < 120; k++) {
      const at = new Date(NOW - 365 * DAY + k * 3 * DAY);
      const runId = `dbql_${k}`;
      const target = TABLES[Math.floor(r() * TABLES.length)];
      const edges = Array.from({ length: 1 + Math.floor(r() * 4) }, () => edge([TABLES[Math.floor(r() * TABLES.length)], `c${Math.floor(r() * 4)}`], [target, `c${Math.floor(r() * 4)}`], runId));
      const x = r();
      const step: HistoryStep = {
        at,
        runId,
        edges: edges.map((e) => e.lineageId),
        datasets: [],
        fields: [],
        replaced: x < 0.4 ? [{ target: targetKey(NS, target), keep: new Set(edges.map((e) => e.lineageId)) }] : [],
        dropped: x > 0.95 ? [{ datasetId: `${NS}/${target}`, target: targetKey(NS, target) }] : [],
      };
      await db.port.transaction((tx) => writer.writeBatch({ namespaces: [], datasets: [], fields: [], jobs: [], runs: [], runInputs: [], runOutputs: [], edges, replacedTargets: [], steps: [step] }, tx));
    }
    const horizon = new Date(NOW - 90 * DAY);
    const instants = [indexTime(horizon.getTime()), ...Array.from({ length: 12 }, () => indexTime(horizon.getTime() + Math.floor(r() * 90 * DAY)))];
    const before = await indexOf(repository, new Date(0));
    const expected = instants.map((at) => answers(before, at));
    const changesBefore = await repository.changes(horizon, new Date(NOW));
    const ended = await db.port.query<{ n: number }>("SELECT COUNT(*) AS n FROM OL_COLUMN_LINEAGE WHERE is_active = 'N' AND valid_to < ?", [horizon]);
    expect(Number(ended[0].n)).toBeGreaterThan(0);

    const deleted = await writer.pruneHistory(horizon);
    expect(deleted.edges).toBe(Number(ended[0].n));
    const after = await indexOf(repository, horizon);
    expect(after.slotCount).toBeLessThan(before.slotCount);
    expect(instants.map((at) => answers(after, at))).toEqual(expected);
    // The index built without a horizon answers the same too (the store holds nothing older now).
    const whole = await indexOf(repository, new Date(0));
    expect(instants.map((at) => answers(whole, at))).toEqual(expected);
    const sorted = (rows: Awaited<ReturnType<LineageRepository['changes']>>) => rows.map((c) => `${c.at.toISOString()} ${c.change} ${c.kind} ${c.item_key}`).sort();
    expect(sorted(await repository.changes(horizon, new Date(NOW)))).toEqual(sorted(changesBefore));
    expect(expected.flat().length).toBeGreaterThan(20);
  });
});
