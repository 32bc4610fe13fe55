import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rng } from '../../../src/common/seeded-random.js';
import { IngestionRepository } from '../../../src/lineage/ingestion/ingestion.repository.js';
import type { OlRunEvent } from '../../../src/lineage/ingestion/openlineage.types.js';
import type { IndexChanges } from '../../../src/lineage/graph/lineage-index.js';
import { LineageRepository } from '../../../src/lineage/lineage.repository.js';
import { OlStoreWriter } from '../../../src/ol-store/ol-store.writer.js';
import { EMBEDDED_INGESTION } from '../../../src/teradata/sql/embedded/ingestion.sql.js';
import { EMBEDDED_LINEAGE } from '../../../src/teradata/sql/embedded/lineage.sql.js';
import { EMBEDDED_OL_STORE } from '../../../src/teradata/sql/embedded/ol-store.sql.js';
import { datasetId, namespaceId } from '../../../src/model/ids.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { eventToStore } from '../../factories/openlineage-event.factory.js';

/**
 * Property: when a group of events gives the lineage index its change from
 * the rows it wrote (StoreOutcome.changes.written, applied reading only the
 * created edges' ranks and the other edges by key), that change is the one reading the edges and run links back
 * by their keys gives (LineageRepository.changesOf), over random groups of
 * new runs, later events of stored runs, re-posts, shared and new datasets
 * in a case-sensitive and a case-folding namespace (names in mixed case),
 * and job-scoped ends of earlier edges, beside datasets another writer
 * stored in its own spelling (population names a Teradata table as DBQL
 * does; ingestion's events, folded). Groups it cannot describe so give no
 * `written`, and the index reads them.
 */

const NAMESPACES = ['postgres://db:5432', 'teradata://td:1025'];

function randomEvent(r: () => number, runs: string[]): OlRunEvent {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const ns = pick(NAMESPACES);
  // a case-folding namespace sees the same table spelt two ways
  const table = () => `S.${pick(['t', 'T'])}${Math.floor(r() * 8)}`;
  const column = () => `c${Math.floor(r() * 4)}`;
  const input = table();
  const output = table();
  const runId = runs.length > 0 && r() < 0.2 ? pick(runs) : `00000000-0000-4000-8000-${String(runs.length).padStart(12, '0')}`;
  if (!runs.includes(runId)) runs.push(runId);
  return {
    eventType: pick(['START', 'COMPLETE', 'COMPLETE']),
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, runs.length)).toISOString(),
    run: { runId },
    job: { namespace: 'jobs', name: `job${Math.floor(r() * 3)}` },
    inputs: [{ namespace: ns, name: input }],
    outputs: [
      {
        namespace: ns,
        name: output,
        facets: {
          columnLineage: {
            _producer: 'https://e.com',
            _schemaURL: 'https://e.com/c',
            fields: { [column()]: { inputFields: [{ namespace: ns, name: input, field: column(), transformations: [{ type: r() < 0.7 ? 'DIRECT' : 'INDIRECT', subtype: 'IDENTITY' }] }] } },
          },
        },
      },
    ],
    producer: 'https://e.com/p',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  } as unknown as OlRunEvent;
}

/** A change in an order that does not depend on how the store returned it. */
function ordered(c: IndexChanges): IndexChanges {
  const text = (x: unknown) => JSON.stringify(x);
  return { generation: c.generation, edges: [...c.edges].sort((a, b) => a.rank - b.rank), links: [...c.links].sort((a, b) => text(a).localeCompare(text(b))) };
}

describe('ingestion: the change a group hands the lineage index from its own rows', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.cleanup();
  });

  it('equals the change read back by its keys, whenever the group gives one', async () => {
    const writer = new OlStoreWriter(db.port, EMBEDDED_OL_STORE);
    const ingestion = new IngestionRepository(db.port, EMBEDDED_INGESTION, writer);
    const lineage = new LineageRepository(db.port, EMBEDDED_LINEAGE);
    // Tables of the case-folding namespace stored first by another writer, spelt otherwise than events fold them.
    const [folding] = NAMESPACES.filter((n) => n.startsWith('teradata'));
    await writer.upsertNamespaces([{ namespaceId: namespaceId(folding), namespaceUri: folding, description: null }]);
    await writer.upsertDatasets(
      [0, 1, 2, 3].map((t) => ({ datasetId: datasetId(namespaceId(folding), `S.T${t}`), namespaceId: namespaceId(folding), name: `S.T${t}`, description: null, sourceType: 'TABLE' })),
    );
    const seen = { written: 0, read: 0, withLinks: 0, edges: 0 };
    for (let seed = 1; seed <= 4; seed++) {
      const r = rng(seed);
      const runs: string[] = [];
      const sent: OlRunEvent[] = [];
      for (let g = 0; g < 8; g++) {
        const group = Array.from({ length: 1 + Math.floor(r() * 8) }, () => {
          const event = sent.length > 0 && r() < 0.1 ? sent[Math.floor(r() * sent.length)] : randomEvent(r, runs);
          sent.push(event);
          return eventToStore(event);
        });
        const outcomes = await ingestion.storeEvents(group);
        const changes = outcomes.find((o) => o.changes)?.changes;
        if (!changes) continue;
        const generation = outcomes[0].generation;
        if (!changes.written) {
          seen.read++;
          continue;
        }
        seen.written++;
        seen.withLinks += Number(changes.written.links.length > 0);
        seen.edges += changes.written.edges.length;
        const fromRows = await lineage.changesWritten(changes.written, generation);
        expect(fromRows).toBeDefined();
        expect(ordered(fromRows as IndexChanges)).toEqual(ordered(await lineage.changesOf(changes, generation)));
      }
    }
    // Both paths were taken, and the written one carried created edges and run links.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });

  it('reads back by key the edges a group ended (a later run of the job restating its output without them), the rest as written', async () => {
    const ingestion = new IngestionRepository(db.port, EMBEDDED_INGESTION, new OlStoreWriter(db.port, EMBEDDED_OL_STORE));
    const lineage = new LineageRepository(db.port, EMBEDDED_LINEAGE);
    const ns = NAMESPACES[0];
    const run = (n: number, column: string): OlRunEvent =>
      ({
        eventType: 'COMPLETE',
        eventTime: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
        run: { runId: `00000000-0000-4000-8000-00000000000${n}` },
        job: { namespace: 'jobs', name: 'nightly' },
        inputs: [{ namespace: ns, name: 's.in' }],
        outputs: [
          {
            namespace: ns,
            name: 's.out',
            facets: {
              columnLineage: {
                _producer: 'https://e.com',
                _schemaURL: 'https://e.com/c',
                fields: { [column]: { inputFields: [{ namespace: ns, name: 's.in', field: column, transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] } },
              },
            },
          },
        ],
        producer: 'https://e.com/p',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      }) as unknown as OlRunEvent;
    await ingestion.storeEvents([eventToStore(run(1, 'a'))]);
    const [outcome] = await ingestion.storeEvents([eventToStore(run(2, 'b'))]);
    const changes = outcome.changes;
    expect(changes?.written?.edges).toHaveLength(1);
    expect(changes?.written?.readBack).toHaveLength(1);
    const fromRows = await lineage.changesWritten(changes?.written as NonNullable<typeof changes>['written'] & object, outcome.generation);
    const byKeys = await lineage.changesOf(changes as NonNullable<typeof changes>, outcome.generation);
    expect(ordered(fromRows as IndexChanges)).toEqual(ordered(byKeys));
    // the ended edge holds an interval that ends, the new one an open one
    expect(byKeys.edges.map((e) => e.spans.at(-1)?.[1] === 0xffff_ffff).sort()).toEqual([false, true]);
  });

  it('gives no written change when a run already stored links datasets (its stored links are not in the group)', async () => {
    const ingestion = new IngestionRepository(db.port, EMBEDDED_INGESTION, new OlStoreWriter(db.port, EMBEDDED_OL_STORE));
    const runs: string[] = [];
    const first = randomEvent(rng(7), runs);
    await ingestion.storeEvents([eventToStore(first)]);
    const later = { ...first, eventType: 'RUNNING', eventTime: new Date(Date.UTC(2026, 0, 2)).toISOString(), inputs: [{ namespace: NAMESPACES[0], name: 'S.extra' }] } as OlRunEvent;
    const [outcome] = await ingestion.storeEvents([eventToStore(later)]);
    expect(outcome.changes?.runs).toContain(first.run.runId);
    expect(outcome.changes?.written).toBeUndefined();
  });
});
