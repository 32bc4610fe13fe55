import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineageConfig } from '../../../src/config/app-config.js';
import { ALL_NODE_FIELDS } from '../../../src/lineage/graph-format.js';
import { LineageIndex } from '../../../src/lineage/graph/lineage-index.js';
import { RenderRunner } from '../../../src/lineage/graph/render-job.js';
import { LineageIndexService } from '../../../src/lineage/lineage-index.service.js';
import { LineageRepository } from '../../../src/lineage/lineage.repository.js';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { lineageId } from '../../../src/model/ids.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import type { EdgeRow, LineageBatch } from '../../../src/ol-store/ol-store.types.js';
import { EMBEDDED_LINEAGE } from '../../../src/teradata/sql/embedded/lineage.sql.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * A restart of the lineage index from its snapshot file: used when it is of
 * the same store and the change log reaches back to it (then the changes
 * since are applied), refused otherwise (another store, a store restored
 * behind it, a log pruned past it, a damaged file) with a whole build; in
 * every case the index answers as one built whole from the store.
 */

const NS = 'teradata://td-snapshot:1025';

function edge(from: [string, string], to: [string, string]): EdgeRow {
  const key = {
    sourceNamespace: NS,
    sourceDataset: from[0],
    sourceField: from[1],
    targetNamespace: NS,
    targetDataset: to[0],
    targetField: to[1],
    transformationType: 'DIRECT' as const,
    transformationSubtype: 'IDENTITY',
  };
  return { ...key, lineageId: lineageId(key), runId: 'dbql_1', description: null, masking: false, confidence: null };
}

function batch(edges: EdgeRow[]): LineageBatch {
  return { namespaces: [], datasets: [], fields: [], jobs: [], runs: [], runInputs: [], runOutputs: [], edges, replacedTargets: [] };
}

describe('lineage index snapshot at start', () => {
  let db: TestDatabase;
  let dir: string;
  let snapshotPath: string;
  const services: LineageIndexService[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'lineage-snapshot-'));
    snapshotPath = join(dir, 'lineage.index');
  });

  afterEach(async () => {
    for (const s of services.splice(0)) await s.onModuleDestroy();
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A replica's index service (a process start), over `on`'s store. */
  function start(on = db, path = snapshotPath): { service: LineageIndexService; metrics: LineageMetrics } {
    const metrics = new LineageMetrics();
    const config = Object.assign(new LineageConfig(), { indexSnapshotPath: path, indexSnapshotMinutes: 20 });
    const service = new LineageIndexService(new LineageRepository(on.port, EMBEDDED_LINEAGE), metrics, new OlStoreWriter(on.port, EMBEDDED_OL_STORE), config);
    services.push(service);
    return { service, metrics };
  }

  async function write(edges: EdgeRow[], on = db): Promise<void> {
    await on.port.transaction((tx) => new OlStoreWriter(on.port, EMBEDDED_OL_STORE).writeBatch(batch(edges), tx));
  }

  async function builds(metrics: LineageMetrics): Promise<[string, number][]> {
    return (await metrics.indexBuilds.get()).values.map((v) => [String(v.labels.reason), v.value]);
  }

  /** Every field walk, both ways, the same bytes as an index built whole from the store now. */
  async function expectAsBuiltFromStore(index: LineageIndex | undefined, fields: [string, string][]): Promise<void> {
    const repository = new LineageRepository(db.port, EMBEDDED_LINEAGE);
    const { generation } = await repository.changeLogState();
    const builder = LineageIndex.builder(generation);
    for await (const page of repository.activeEdgePages()) page.edges.forEach((e, i) => builder.addEdge(e, page.ranks[i]));
    for (const link of await repository.datasetLinks()) builder.addLink(link);
    const fresh = builder.finish();
    expect(index?.generation).toBe(generation);
    const live = index as LineageIndex;
    const [a, b] = [new RenderRunner(live.view()), new RenderRunner(fresh.view())];
    for (const [ds, f] of fields) {
      const starts = [live.fieldId(NS, ds, f), fresh.fieldId(NS, ds, f)];
      expect(starts[0] < 0, `${ds}.${f} in one index only`).toBe(starts[1] < 0);
      if (starts[1] < 0) continue;
      for (const direction of ['upstream', 'downstream', 'both'] as const) {
        const job = (start: number, g: number) => ({ generation: g, kind: 'field' as const, start, root: `${ds}.${f}`, direction, maxDepth: 10, nodeCap: 500, direct: -1 as const, format: 'json' as const, fields: ALL_NODE_FIELDS });
        expect(a.run(job(starts[0], live.generation)).json.toString()).toBe(b.run(job(starts[1], fresh.generation)).json.toString());
      }
    }
  }

  const FIELDS: [string, string][] = [
    ['db.a', 'x'],
    ['db.b', 'y'],
    ['db.c', 'z'],
    ['db.d', 'w'],
  ];

  it('a restart reads the snapshot the first start saved, then applies the changes written since from the change log', async () => {
    await write([edge(['db.a', 'x'], ['db.b', 'y'])]);
    const first = start();
    await first.service.refresh();
    await first.service.snapshotWritten();
    expect(await builds(first.metrics)).toEqual([['start', 1]]);
    await first.service.onModuleDestroy();
    // While it was down: another edge, and the first one replaced.
    await write([edge(['db.b', 'y'], ['db.c', 'z']), edge(['db.c', 'z'], ['db.d', 'w'])]);
    const second = start();
    await second.service.refresh();
    expect(await builds(second.metrics)).toEqual([['snapshot', 1]]);
    expect((await second.metrics.indexChangesApplied.get()).values[0].value).toBeGreaterThan(0);
    await expectAsBuiltFromStore(second.service.current(), FIELDS);
  });

  it('builds whole when the snapshot is of another store, ahead of the store, past the change log, or damaged; and saves a new one', async () => {
    await write([edge(['db.a', 'x'], ['db.b', 'y'])]);
    const first = start();
    await first.service.refresh();
    await first.service.snapshotWritten();
    const saved = readFileSync(snapshotPath);

    // Another store: same generation, other identity.
    const other = await createTestDatabase();
    try {
      await write([edge(['db.a', 'x'], ['db.b', 'y'])], other);
      const elsewhere = start(other);
      await elsewhere.service.refresh();
      expect(await builds(elsewhere.metrics)).toEqual([['start', 1]]);
      await elsewhere.service.snapshotWritten();
    } finally {
      await other.cleanup();
    }

    // The change log pruned past the snapshot's generation (row 2 moved beyond it).
    writeFileSync(snapshotPath, saved);
    await write([edge(['db.b', 'y'], ['db.c', 'z'])]);
    await db.port.execute('UPDATE OL_GRAPH_STATE SET generation = (SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1) WHERE state_id = 2');
    const pruned = start();
    await pruned.service.refresh();
    expect(await builds(pruned.metrics)).toEqual([['start', 1]]);
    await expectAsBuiltFromStore(pruned.service.current(), FIELDS);
    await pruned.service.snapshotWritten();

    // A store restored behind the snapshot: the snapshot's generation is ahead of it.
    const ahead = readFileSync(snapshotPath);
    await db.port.execute('UPDATE OL_GRAPH_STATE SET generation = 1 WHERE state_id IN (1, 2)');
    const restored = start();
    await restored.service.refresh();
    expect(await builds(restored.metrics)).toEqual([['start', 1]]);
    await restored.service.snapshotWritten();

    // A damaged file (cut short).
    writeFileSync(snapshotPath, ahead.subarray(0, ahead.length - 10));
    const damaged = start();
    await damaged.service.refresh();
    expect(await builds(damaged.metrics)).toEqual([['start', 1]]);
    expect(damaged.service.current()?.fieldId(NS, 'db.c', 'z')).toBeGreaterThanOrEqual(0);
  });
});
