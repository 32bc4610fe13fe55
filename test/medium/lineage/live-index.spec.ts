import { ALL_NODE_FIELDS } from '../../../src/lineage/graph-format.js';
import { LineageConfig } from '../../../src/config/app-config.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LineageIndex } from '../../../src/lineage/graph/lineage-index.js';
import { type RenderJob, RenderRunner } from '../../../src/lineage/graph/render-job.js';
import { LineageIndexService } from '../../../src/lineage/lineage-index.service.js';
import { LineageRepository } from '../../../src/lineage/lineage.repository.js';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { rng } from '../../../src/common/seeded-random.js';
import { datasetId, lineageId, namespaceId } from '../../../src/model/ids.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import type { EdgeRow, LineageBatch } from '../../../src/ol-store/ol-store.types.js';
import { EMBEDDED_LINEAGE } from '../../../src/teradata/sql/embedded/lineage.sql.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * Two replicas' lineage indexes over one store: writes by either (through
 * the real writer, in transactions, as population and ingestion write) are
 * applied from the change log, and both indexes answer every walk exactly
 * as an index built whole from the store does.
 */

const NS = 'teradata://td-live:1025';
const NS_ID = namespaceId(NS);
const NO_SNAPSHOT = Object.assign(new LineageConfig(), { indexSnapshotPath: '', indexSnapshotMinutes: 20 });

function edge(from: [string, string], to: [string, string], runId: string, indirect = false): EdgeRow {
  const key = {
    sourceNamespace: NS,
    sourceDataset: from[0],
    sourceField: from[1],
    targetNamespace: NS,
    targetDataset: to[0],
    targetField: to[1],
    transformationType: indirect ? ('INDIRECT' as const) : ('DIRECT' as const),
    transformationSubtype: indirect ? 'FILTER' : 'IDENTITY',
  };
  return { ...key, lineageId: lineageId(key), runId, description: `${from[1]} to ${to[1]}`, masking: false, confidence: 0.9 };
}

function batch(parts: Partial<LineageBatch>): LineageBatch {
  return { namespaces: [], datasets: [], fields: [], jobs: [], runs: [], runInputs: [], runOutputs: [], edges: [], replacedTargets: [], ...parts };
}

interface Replica {
  readonly service: LineageIndexService;
  readonly repository: LineageRepository;
  readonly writer: OlStoreWriter;
  readonly metrics: LineageMetrics;
}

describe('live lineage index: two replicas over one store', () => {
  let db: TestDatabase;
  let replicas: Replica[];
  let repository: LineageRepository;

  beforeEach(async () => {
    db = await createTestDatabase();
    repository = new LineageRepository(db.port, EMBEDDED_LINEAGE);
    replicas = [0, 1].map(() => {
      const writer = new OlStoreWriter(db.port, EMBEDDED_OL_STORE);
      const metrics = new LineageMetrics();
      const own = new LineageRepository(db.port, EMBEDDED_LINEAGE);
      return { service: new LineageIndexService(own, metrics, writer, NO_SNAPSHOT), repository: own, writer, metrics };
    });
    for (const r of replicas) await r.service.refresh();
  });

  afterEach(async () => {
    for (const r of replicas) await r.service.onModuleDestroy();
    await db.cleanup();
  });

  /**
   * Writes a batch through replica `by`'s writer in one transaction and announces it, as the batch committer does; or
   * (`byKeys`) hands the replica the generation with the keys it changed, as ingestion does (applyOwn).
   */
  async function write(by: Replica, parts: Partial<LineageBatch>, byKeys = false): Promise<number | undefined> {
    const counts = await db.port.transaction((tx) => by.writer.writeBatch(batch(parts), tx));
    if (counts.generation === undefined) return undefined;
    if (!byKeys) by.writer.announce(counts.generation, 'population');
    else {
      const rows = await db.port.query<{ change_kind: string; change_key: string }>('SELECT change_kind, change_key FROM OL_GRAPH_CHANGE WHERE generation = ?', [counts.generation]);
      const of = (kind: string) => rows.filter((r) => r.change_kind === kind).map((r) => r.change_key);
      // By its keys: the change log is not read.
      const logReads = vi.spyOn(by.repository, 'changesBetween');
      await by.service.applyOwn(counts.generation, { edges: of('E'), runs: of('R') });
      expect(logReads).not.toHaveBeenCalled();
      logReads.mockRestore();
    }
    return counts.generation;
  }

  async function fromStore(): Promise<LineageIndex> {
    const { generation } = await repository.changeLogState();
    const builder = LineageIndex.builder(generation);
    for await (const page of repository.activeEdgePages()) page.edges.forEach((e, i) => builder.addEdge(e, page.ranks[i], page.from[i], page.to[i]));
    for (const link of await repository.datasetLinks()) builder.addLink(link);
    return builder.finish();
  }

  /** Every field and dataset walk of `live`, both directions, answered by `fresh` with the same bytes. */
  function expectSameAnswers(live: LineageIndex, fresh: LineageIndex, names: ReadonlySet<string>): number {
    const a = new RenderRunner(live.view());
    const b = new RenderRunner(fresh.view());
    let compared = 0;
    for (const name of names) {
      const [ds, f] = name.split('#');
      for (const kind of f === undefined ? (['dataset'] as const) : (['field'] as const)) {
        const starts = kind === 'field' ? [live.fieldId(NS, ds, f), fresh.fieldId(NS, ds, f)] : [live.datasetId(NS, ds), fresh.datasetId(NS, ds)];
        expect(starts[0] < 0, `${kind} ${name} in one index only`).toBe(starts[1] < 0);
        if (starts[1] < 0) continue;
        for (const direction of ['upstream', 'downstream', 'both'] as const) {
          for (const maxDepth of [1, 3, 10]) {
            const job = (start: number, generation: number): RenderJob => ({ generation, kind, start, root: name, direction, maxDepth, nodeCap: 500, direct: -1, format: 'json', fields: ALL_NODE_FIELDS });
            expect(a.run(job(starts[0], live.generation)).json.toString()).toBe(b.run(job(starts[1], fresh.generation)).json.toString());
            compared++;
          }
        }
      }
    }
    return compared;
  }

  it('both replicas converge on the store after random writes by either, without a whole build', async () => {
    const r = rng(2024);
    const tables = Array.from({ length: 8 }, (_, i) => `db.t${i}`);
    const column = (): [string, string] => [tables[Math.floor(r() * tables.length)], r() < 0.15 ? '*' : `c${Math.floor(r() * 5)}`];
    const written: EdgeRow[] = [];
    const names = new Set<string>(tables);
    let compared = 0;
    for (let step = 0; step < 12; step++) {
      const by = replicas[step % 2];
      const edges = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
        const from = column();
        const to = column();
        names.add(`${from[0]}#${from[1]}`);
        names.add(`${to[0]}#${to[1]}`);
        return edge(from, to, `dbql_${step}`, to[1] === '*');
      });
      // Now and then an edge written before comes back (a reactivation when it was deactivated since).
      if (written.length > 0 && r() < 0.5) edges.push(written[Math.floor(r() * written.length)]);
      written.push(...edges);
      // Now and then a newer definition of a table drops the edges into it that it no longer produces.
      const replaced = r() < 0.4 ? [{ namespaceId: NS, dataset: tables[Math.floor(r() * tables.length)], keep: new Set(edges.map((e) => e.lineageId)) }] : [];
      // And runs link tables without column edges: several a batch over few tables (the change log names the earliest run of each
      // pair), at times out of order across batches (a later batch can move a pair's first run earlier), now and then one side only.
      const runs = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, i) => ({
        runId: `run_${step}_${i}`,
        inputs: r() < 0.1 ? [] : [tables[Math.floor(r() * 3)]],
        outputs: [tables[3 + Math.floor(r() * 2)]],
        at: new Date(Date.UTC(2024, 0, 1, 0, Math.floor(r() * 60))),
      }));
      await write(by, {
        namespaces: [{ namespaceId: NS_ID, namespaceUri: NS, description: null }],
        jobs: [{ jobId: 'job', namespaceId: NS_ID, name: 'job', description: null, jobType: 'BATCH' }],
        runs: runs.map((run) => ({ runId: run.runId, jobId: 'job', eventType: 'COMPLETE', eventTime: run.at, producer: 'test', schemaUrl: null })),
        runInputs: runs.flatMap((run) => run.inputs.map((name) => ({ runId: run.runId, datasetId: datasetId(NS_ID, name) }))),
        runOutputs: runs.flatMap((run) => run.outputs.map((name) => ({ runId: run.runId, datasetId: datasetId(NS_ID, name) }))),
        datasets: tables.map((name) => ({ datasetId: datasetId(NS_ID, name), namespaceId: NS_ID, name, description: null, sourceType: 'TABLE' })),
        edges,
        replacedTargets: replaced,
      }, step % 3 === 2);
      // The writer's replica applies its change before its next read (announce then ready, or by its keys); the other one catches up on its poll.
      await by.service.ready();
      await replicas[(step + 1) % 2].service.refresh();
      const fresh = await fromStore();
      for (const replica of replicas) {
        const live = replica.service.current() as LineageIndex;
        expect(live.generation).toBe(fresh.generation);
        compared += expectSameAnswers(live, fresh, names);
        // the run links too, each with its first run's time
        const links = (index: LineageIndex) => [...index.runLinks()].map((l) => `${l.sourceDataset}>${l.targetDataset}@${l.from}`).sort();
        expect(links(live)).toEqual(links(fresh));
      }
    }
    expect(compared).toBeGreaterThan(200);
    for (const { metrics } of replicas) {
      // One whole build each, at start; everything after came through the change log.
      expect((await metrics.indexBuilds.get()).values.map((v) => [v.labels.reason, v.value])).toEqual([['start', 1]]);
      expect((await metrics.indexChangesApplied.get()).values[0].value).toBeGreaterThan(0);
    }
  });

  it('the writer replica serves its own write at the next read (ready), before any poll', async () => {
    const [a, b] = replicas;
    const generation = await write(a, { edges: [edge(['db.src', 'x'], ['db.dst', 'y'], 'dbql_1')] });
    await a.service.ready();
    expect(a.service.generation()).toBe(generation);
    expect(a.service.current()?.fieldId(NS, 'db.dst', 'y')).toBeGreaterThanOrEqual(0);
    // The other replica has heard nothing yet: it serves the older generation until it reads the log.
    expect(b.service.current()?.fieldId(NS, 'db.dst', 'y')).toBe(-1);
    await b.service.refresh();
    expect(b.service.current()?.fieldId(NS, 'db.dst', 'y')).toBeGreaterThanOrEqual(0);
  });

  it('times each commit of its own process until it is served, by writer; commits of another replica are not its own', async () => {
    const [a, b] = replicas;
    const timed = async (metrics: LineageMetrics) =>
      Object.fromEntries((await metrics.indexVisibleSeconds.get()).values.filter((v) => v.metricName === 'lineage_index_visible_seconds_count').map((v) => [v.labels.writer, v.value]));
    const population = await write(a, { edges: [edge(['db.src', 'x'], ['db.dst', 'y'], 'dbql_1')] });
    await a.service.ready();
    await write(a, { edges: [edge(['db.dst', 'y'], ['db.mart', 'z'], 'dbql_2')] }, true);
    const other = await write(b, { edges: [edge(['db.mart', 'z'], ['db.report', 'w'], 'dbql_3')] });
    await b.service.ready();
    await a.service.refresh();
    expect(a.service.generation()).toBe(other);
    expect(population).toBeLessThan(other as number);
    expect(await timed(a.metrics)).toEqual({ population: 1, ingestion: 1 });
    // b's commit, which a served after its poll, is b's to time, not a's
    expect(await timed(b.metrics)).toEqual({ population: 1 });
  });

  it('rebuilds whole when the change log no longer reaches back to the index generation', async () => {
    const [a] = replicas;
    await write(a, { edges: [edge(['db.src', 'x'], ['db.dst', 'y'], 'dbql_1')] });
    await a.service.ready();
    // Another writer moved on and the log was pruned past this index (the horizon is row 2).
    await db.port.execute("INSERT INTO OL_COLUMN_LINEAGE (lineage_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, transformation_subtype, is_active) VALUES ('unlogged', ?, 'db.dst', 'y', ?, 'db.far', 'z', 'DIRECT', 'IDENTITY', 'Y')", [NS, NS]);
    await db.port.execute('UPDATE OL_GRAPH_STATE SET generation = generation + 5 WHERE state_id = 1');
    await db.port.execute('UPDATE OL_GRAPH_STATE SET generation = (SELECT generation FROM OL_GRAPH_STATE WHERE state_id = 1) - 1 WHERE state_id = 2');
    await a.service.refresh();
    expect(a.service.current()?.fieldId(NS, 'db.far', 'z')).toBeGreaterThanOrEqual(0);
    expect((await a.metrics.indexBuilds.get()).values.map((v) => [v.labels.reason, v.value])).toEqual([
      ['start', 1],
      ['fallback', 1],
    ]);
  });

  it('records in the change log exactly the edges a write changed, under the generation it bumped to', async () => {
    const [a] = replicas;
    const e1 = edge(['db.a', 'x'], ['db.b', 'y'], 'dbql_1');
    const e2 = edge(['db.a', 'z'], ['db.b', 'y'], 'dbql_1');
    const g1 = await write(a, { edges: [e1, e2] });
    // e1 again (already active: not a change), e2 dropped by a newer definition of db.b.
    const g2 = await write(a, { edges: [e1], replacedTargets: [{ namespaceId: NS, dataset: 'db.b', keep: new Set([e1.lineageId]) }] });
    // Nothing changes: no generation, no log rows.
    expect(await write(a, { edges: [e1] })).toBeUndefined();
    const rows = await db.port.query<{ generation: number; change_kind: string; change_key: string }>('SELECT generation, change_kind, change_key FROM OL_GRAPH_CHANGE ORDER BY generation, change_key');
    expect(rows).toEqual(
      [
        { generation: g1, change_kind: 'E', change_key: e1.lineageId },
        { generation: g1, change_kind: 'E', change_key: e2.lineageId },
        { generation: g2, change_kind: 'E', change_key: e2.lineageId },
      ].sort((x, y) => (x.generation as number) - (y.generation as number) || x.change_key.localeCompare(y.change_key)),
    );
  });
});

describe('the change log of a batch\'s run links', () => {
  it('names the earliest run of each dataset pair, and every run with one side only, not every run', async () => {
    const db = await createTestDatabase();
    try {
      const writer = new OlStoreWriter(db.port, EMBEDDED_OL_STORE);
      const [a, b, c] = ['db.a', 'db.b', 'db.c'].map((name) => datasetId(NS_ID, name));
      const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute));
      // five runs of one job a -> b (the third the earliest), one a -> c, one with an output only
      const runs = [5, 3, 1, 4, 2].map((m, i) => ({ runId: `r_ab_${i}`, at: at(m), inputs: [a], outputs: [b] }));
      runs.push({ runId: 'r_ac', at: at(9), inputs: [a], outputs: [c] }, { runId: 'r_c', at: at(0), inputs: [], outputs: [c] });
      const counts = await db.port.transaction((tx) =>
        writer.writeBatch(
          batch({
            namespaces: [{ namespaceId: NS_ID, namespaceUri: NS, description: null }],
            datasets: ['db.a', 'db.b', 'db.c'].map((name) => ({ datasetId: datasetId(NS_ID, name), namespaceId: NS_ID, name, description: null, sourceType: 'TABLE' })),
            jobs: [{ jobId: 'job', namespaceId: NS_ID, name: 'job', description: null, jobType: 'BATCH' }],
            runs: runs.map((r) => ({ runId: r.runId, jobId: 'job', eventType: 'COMPLETE', eventTime: r.at, producer: 'test', schemaUrl: null })),
            runInputs: runs.flatMap((r) => r.inputs.map((datasetId) => ({ runId: r.runId, datasetId }))),
            runOutputs: runs.flatMap((r) => r.outputs.map((datasetId) => ({ runId: r.runId, datasetId }))),
          }),
          tx,
        ),
      );
      const logged = await db.port.query<{ change_key: string }>("SELECT change_key FROM OL_GRAPH_CHANGE WHERE generation = ? AND change_kind = 'R' ORDER BY change_key", [counts.generation ?? null]);
      expect(logged.map((r) => r.change_key)).toEqual(['r_ab_2', 'r_ac', 'r_c']);
    } finally {
      await db.cleanup();
    }
  });
});

describe('the index\'s whole read of the store', () => {
  it('is one streamed read in rank order, however many edges (keyset pages re-sorted every remaining edge per page), the earlier intervals read before it', async () => {
    const db = await createTestDatabase();
    try {
      await db.port.execute(
        "INSERT INTO OL_COLUMN_LINEAGE (lineage_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field, transformation_type, is_active) SELECT 'l' || i, 'ns', 'db.s' || (i % 97), 'c' || i, 'ns', 'db.t' || (i % 89), 'c' || i, 'DIRECT', CASE WHEN i % 10 = 0 THEN 'N' ELSE 'Y' END FROM range(45000) t(i)",
      );
      const calls: string[] = [];
      const counting = new Proxy(db.port, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (key !== 'stream' && key !== 'query') return value;
          return (sql: string, ...rest: never[]) => {
            calls.push(`${String(key)} ${sql.slice(0, 30)}`);
            return (value as (...a: unknown[]) => unknown).call(target, sql, ...rest);
          };
        },
      });
      const pages = [];
      for await (const page of new LineageRepository(counting, EMBEDDED_LINEAGE).activeEdgePages()) pages.push(page);
      expect(calls).toEqual([`query ${EMBEDDED_LINEAGE.edgeHistoryAfter.slice(0, 30)}`, `stream ${EMBEDDED_LINEAGE.activeEdges.slice(0, 30)}`]);
      expect(pages.map((p) => p.edges.length)).toEqual([20_000, 20_000, 500]);
      const ranks = pages.flatMap((p) => p.ranks);
      expect(ranks.every((r, i) => i === 0 || r > ranks[i - 1])).toBe(true);
    } finally {
      await db.cleanup();
    }
  });
});
