import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rng } from '../../../src/common/seeded-random.js';
import { type EventToStore, IngestionRepository, type StoreOutcome } from '../../../src/lineage/ingestion/ingestion.repository.js';
import type { OlRunEvent } from '../../../src/lineage/ingestion/openlineage.types.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import type { SqlExecutor, SqlValue } from '../../../src/teradata/database.port.js';
import { EMBEDDED_INGESTION } from '../../../src/teradata/sql/embedded/ingestion.sql.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { eventToStore } from '../../factories/openlineage-event.factory.js';

/**
 * Property: a group of events written in one transaction with one statement
 * per table (the group commit) tells each event what it added, and leaves
 * the store, exactly as writing them one by one in order does — over random
 * mixes of new runs, re-posts of the same event, other events of a run and
 * type already stored, later and older events of a run, shared datasets,
 * fields first seen bare then with facts, and edges deactivated before.
 */

const NS = 'postgres://db:5432';
const TABLES = ['OL_NAMESPACE', 'OL_DATASET', 'OL_DATASET_FIELD', 'OL_JOB', 'OL_RUN', 'OL_RUN_INPUT', 'OL_RUN_OUTPUT', 'OL_COLUMN_LINEAGE', 'OL_EVENT'];

function randomEvent(r: () => number, i: number): OlRunEvent {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const table = () => `s.t${Math.floor(r() * 5)}`;
  const column = () => `c${Math.floor(r() * 4)}`;
  const input = table();
  const output = table();
  const withSchema = r() < 0.4;
  return {
    eventType: pick(['START', 'RUNNING', 'COMPLETE', 'COMPLETE', 'FAIL']),
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(r() * 50))).toISOString(),
    run: { runId: `00000000-0000-4000-8000-${String(Math.floor(r() * 6)).padStart(12, '0')}` },
    job: { namespace: 'jobs', name: `job${Math.floor(r() * 3)}` },
    inputs: [{ namespace: NS, name: input, ...(withSchema ? { facets: { schema: { _producer: 'https://e.com', _schemaURL: 'https://e.com/s', fields: [{ name: column(), type: 'INTEGER' }] } } } : {}) }],
    outputs: [
      {
        namespace: NS,
        name: output,
        facets: {
          columnLineage: {
            _producer: 'https://e.com',
            _schemaURL: 'https://e.com/c',
            fields: { [column()]: { inputFields: [{ namespace: NS, name: input, field: column(), transformations: [{ type: r() < 0.7 ? 'DIRECT' : 'INDIRECT', subtype: 'IDENTITY' }] }] } },
          },
        },
      },
    ],
    producer: `https://e.com/p${i % 2}`,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  } as unknown as OlRunEvent;
}

describe('ingestion group commit', () => {
  let one: TestDatabase;
  let grouped: TestDatabase;

  beforeEach(async () => {
    [one, grouped] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterEach(async () => {
    await Promise.all([one.cleanup(), grouped.cleanup()]);
  });

  const repository = (db: TestDatabase) => new IngestionRepository(db.port, EMBEDDED_INGESTION, new OlStoreWriter(db.port, EMBEDDED_OL_STORE));
  const tables = async (db: TestDatabase) => {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) {
      const rows = await db.port.query(`SELECT * FROM ${t}`);
      out[t] = rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !/(_at|discovered_at)$/.test(k))))).sort();
    }
    return out;
  };
  const outcome = (o: StoreOutcome) => ({ stored: o.stored, alreadyRecorded: o.alreadyRecorded });
  // Events as a producer would send them: new ones, and now and then one sent before, again.
  const events = (r: () => number, n: number, sent: OlRunEvent[]) =>
    Array.from({ length: n }, (_, i) => {
      const event = sent.length > 0 && r() < 0.15 ? sent[Math.floor(r() * sent.length)] : randomEvent(r, i);
      sent.push(event);
      return eventToStore(event);
    });

  it('answers every event and leaves the store as writing them one by one does', async () => {
    let groups = 0;
    const seen = { reposts: 0, reactivated: 0, completed: 0, runTypeAgain: 0 };
    for (let seed = 1; seed <= 5; seed++) {
      const r = rng(seed);
      const bySelf = repository(one);
      const inGroups = repository(grouped);
      const sent: OlRunEvent[] = [];
      const runTypes = new Set<string>();
      // Some history first, the same on both: then some of its edges deactivated (as population does).
      for (const event of events(r, 6, sent)) {
        await bySelf.storeEvents([event]);
        await inGroups.storeEvents([event]);
        runTypes.add(`${event.rows.run?.runId}/${event.rows.run?.eventType}`);
      }
      for (const db of [one, grouped]) await db.port.execute("UPDATE OL_COLUMN_LINEAGE SET is_active = 'N' WHERE hash(lineage_id) % 3 = 0");
      for (let g = 0; g < 4; g++) {
        const group = events(r, 2 + Math.floor(r() * 12), sent);
        const alone: ReturnType<typeof outcome>[] = [];
        for (const event of group) alone.push(outcome((await bySelf.storeEvents([event]))[0]));
        const together = (await inGroups.storeEvents(group)).map(outcome);
        expect(together).toEqual(alone);
        groups++;
        together.forEach((o, i) => {
          const runType = `${group[i].rows.run?.runId}/${group[i].rows.run?.eventType}`;
          seen.reposts += Number(o.alreadyRecorded);
          seen.reactivated += o.stored.edgesReactivated;
          seen.completed += o.stored.fieldsCompleted;
          // A different event of a run and type already stored is stored, not taken for a re-post.
          seen.runTypeAgain += Number(!o.alreadyRecorded && runTypes.has(runType));
          runTypes.add(runType);
        });
      }
      expect(await tables(grouped)).toEqual(await tables(one));
    }
    expect(groups).toBe(20);
    // The mixes did hold every case the group has to get right.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });

  it('reads the run links of runs already stored only, and none for a group of new runs (the link tables have no key index: each read scans them)', async () => {
    const reads: { sql: string; params: readonly unknown[] }[] = [];
    const port = grouped.port;
    const recording = new Proxy(port, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
        return <T>(work: (tx: SqlExecutor) => Promise<T>) =>
          target.transaction((tx) =>
            work(
              new Proxy(tx, {
                get(t, p, r) {
                  if (p !== 'query') return Reflect.get(t, p, r);
                  return (sql: string, params: readonly SqlValue[] = []) => {
                    reads.push({ sql, params });
                    return t.query(sql, params);
                  };
                },
              }),
            ),
          );
      },
    });
    const repo = new IngestionRepository(recording, EMBEDDED_INGESTION, new OlStoreWriter(recording, EMBEDDED_OL_STORE));
    const keyReads = () => reads.filter((x) => x.sql.startsWith(EMBEDDED_INGESTION.storedKeys.slice(0, 40)));
    const r = rng(7);
    const first = randomEvent(r, 0);
    await repo.storeEvents([eventToStore(first)]);
    // a new run: its keys read once, its links not at all (the link tables are not in the statement)
    expect(keyReads()).toHaveLength(1);
    expect(keyReads()[0].sql).not.toMatch(/OL_RUN_INPUT|OL_RUN_OUTPUT/);
    reads.length = 0;
    // a later event of that run: a second read asks the link tables for that run alone, with the field branch (it types the UNION) matching nothing
    const later = { ...first, eventType: 'COMPLETE', eventTime: new Date(Date.parse(first.eventTime) + 1000).toISOString() } as OlRunEvent;
    const [outcome] = await repo.storeEvents([eventToStore(later)]);
    expect(keyReads()).toHaveLength(2);
    expect(keyReads()[1].sql).toMatch(/OL_RUN_INPUT[\s\S]*OL_RUN_OUTPUT/);
    expect(keyReads()[1].sql).not.toMatch(/OL_EVENT|OL_COLUMN_LINEAGE|OL_JOB/);
    expect(new Set(keyReads()[1].params)).toEqual(new Set(['', first.run.runId]));
    expect(outcome.stored).toMatchObject({ runs: 0, runInputs: 0, runOutputs: 0 });
  });

  it('inserts the keys it read as absent without the key check, and fails on a key another writer stored meanwhile, so the group runs again', async () => {
    const writer = new OlStoreWriter(grouped.port, EMBEDDED_OL_STORE);
    const repo = new IngestionRepository(grouped.port, EMBEDDED_INGESTION, writer);
    const event = eventToStore(randomEvent(rng(11), 0));
    const output = event.rows.datasets.find((d) => event.rows.edges.some((e) => e.targetDataset === d.name));
    expect(output).toBeDefined();
    // another writer stores the group's output dataset after the group read its keys, before it writes
    const planWrite = writer.planWrite.bind(writer);
    let raced = false;
    writer.planWrite = async (...args: Parameters<OlStoreWriter['planWrite']>) => {
      const plan = await planWrite(...args);
      if (!raced) {
        raced = true;
        await grouped.port.execute('INSERT INTO OL_DATASET (dataset_id, namespace_id, name, created_at, updated_at, is_active) VALUES (?, ?, ?, ?, ?, ?)', [output!.datasetId, output!.namespaceId, output!.name, new Date(), new Date(), 'Y']);
      }
      return plan;
    };
    await expect(repo.storeEvents([event])).rejects.toThrow(/duplicate key/i);
    // nothing of the group was kept; run again, it finds the dataset stored and writes the rest
    expect(await grouped.port.query('SELECT COUNT(*) AS n FROM OL_EVENT')).toEqual([{ n: 0 }]);
    const [again] = await repo.storeEvents([event]);
    expect(again.alreadyRecorded).toBe(false);
    expect(again.stored.datasets).toBe(event.rows.datasets.length - 1);
    expect(await grouped.port.query('SELECT COUNT(*) AS n FROM OL_DATASET WHERE dataset_id = ?', [output!.datasetId])).toEqual([{ n: 1 }]);
    expect(await grouped.port.query('SELECT COUNT(*) AS n FROM OL_EVENT')).toEqual([{ n: 1 }]);
  });
});
