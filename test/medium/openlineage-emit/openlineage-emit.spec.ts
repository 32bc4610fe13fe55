import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLimits } from '../../../src/lineage/ingestion/ingestion-limits.js';
import { mapEvent } from '../../../src/lineage/ingestion/openlineage.mapper.js';
import type { OlRunEvent } from '../../../src/lineage/ingestion/openlineage.types.js';
import { OpenLineageValidator } from '../../../src/lineage/ingestion/openlineage.validator.js';
import { LineageMetrics } from '../../../src/metrics/lineage.metrics.js';
import { OpenLineageEmitter } from '../../../src/openlineage-emit/openlineage-emitter.service.js';
import { runUuid } from '../../../src/openlineage-emit/run-events.js';
import { PopulationService } from '../../../src/population/population.service.js';
import type { TestDatabase } from '../../support/test-database.js';
import { createPopulationTestModule, type PopulationTestModule } from '../../factories/population-context.factory.js';
import { createPopulationDatabase } from '../../factories/population-database.factory.js';
import { dbqlSequence, insertDbql } from '../../factories/population-dbql.factory.js';

const DAY = new Date('2026-01-10T08:00:00Z');
const API_KEY = 'emit-key-0123456789';
const BATCH = 7;

interface Posted {
  readonly headers: IncomingHttpHeaders;
  readonly url: string;
  readonly events: OlRunEvent[];
}

/**
 * An OpenLineage consumer over real HTTP that records what it receives and
 * answers with the status `answer` gives for each request (200 unless told).
 */
class RecordingConsumer {
  readonly accepted: Posted[] = [];
  requests = 0;
  answer: (events: readonly OlRunEvent[]) => number = () => 200;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const events = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OlRunEvent[];
        const status = this.answer(events);
        if (status < 300) this.accepted.push({ headers: req.headers, url: req.url ?? '', events });
        res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{}' : JSON.stringify({ message: `answered ${status}` }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  events(): OlRunEvent[] {
    return this.accepted.flatMap((p) => p.events);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** 12 ETL inserts into 4 targets (two source columns each, one through an expression), and a select. */
async function seedDbql(db: TestDatabase): Promise<void> {
  await insertDbql(db.port, [
    ...dbqlSequence(12, DAY, (i) => ({ sql: `INSERT INTO sales.t${i % 4} (a, b) SELECT x${i}, y${i} FROM sales.s${i}` })),
    ...dbqlSequence(2, new Date(DAY.getTime() + 30_000), () => ({ statementType: 'Select', sql: 'SELECT * FROM sales.s1' })),
  ]);
}

async function activeLineageIds(db: TestDatabase): Promise<string[]> {
  const rows = await db.port.query<{ lineage_id: string }>("SELECT lineage_id FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y' ORDER BY lineage_id");
  return rows.map((r) => r.lineage_id);
}

async function metricValue(metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> }, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

describe('OpenLineage emission (medium: real store, real HTTP)', () => {
  let db: TestDatabase;
  let ctx: PopulationTestModule;
  let consumer: RecordingConsumer;
  const validator = new OpenLineageValidator();

  beforeEach(async () => {
    db = await createPopulationDatabase();
    consumer = new RecordingConsumer();
    await consumer.start();
    await seedDbql(db);
    ctx = await createPopulationTestModule({
      port: db.port,
      env: { OPENLINEAGE_URL: `${consumer.url}/ol/`, OPENLINEAGE_ENDPOINT: 'api/v1/lineage', OPENLINEAGE_API_KEY: API_KEY, OPENLINEAGE_BATCH_SIZE: String(BATCH), OPENLINEAGE_RETRY_MAX_SECONDS: '1' },
    });
  });
  afterEach(async () => {
    await ctx?.close();
    await consumer?.close();
    await db.cleanup();
  });

  async function populate(): Promise<string[]> {
    const population = ctx.get(PopulationService);
    const dbql = await population.run({ method: 'dbql', trigger: 'cli', since: DAY, until: new Date(DAY.getTime() + 86_400_000) });
    const fixtures = await population.run({ method: 'fixtures', trigger: 'cli' });
    expect([dbql.run.state, fixtures.run.state]).toEqual(['succeeded', 'succeeded']);
    return [dbql.run.runId, fixtures.run.runId];
  }

  it('sends every population run and every statement run it wrote as spec-valid RunEvents, batched, that carry exactly the stored column lineage', async () => {
    const [dbqlRun, fixturesRun] = await populate();
    const result = await ctx.get(OpenLineageEmitter).deliverPending();

    const storedRuns = await db.port.query<{ run_id: string }>('SELECT run_id FROM OL_RUN ORDER BY run_id');
    const events = consumer.events();
    // two population runs (START + end) and one COMPLETE per OL_RUN row population wrote
    expect(events).toHaveLength(4 + storedRuns.length);
    expect(result).toEqual({ runs: 2, delivered: events.length, rejected: 0, undelivered: 0 });
    for (const post of consumer.accepted) {
      expect(post.url).toBe('/ol/api/v1/lineage');
      expect(post.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(post.events.length).toBeLessThanOrEqual(BATCH);
    }
    expect(consumer.accepted.length).toBe(Math.ceil(events.length / BATCH));
    events.forEach((event, i) => {
      expect(validator.validate(event, `/${i}`)).toEqual([]);
      expect(checkLimits(event, `/${i}`)).toEqual([]);
    });
    const keys = events.map((e) => `${e.run.runId}/${e.eventType}`);
    expect(new Set(keys).size).toBe(keys.length);

    // the column lineage a consumer reads from the events is the store's, edge for edge (same natural ids)
    const fromEvents = new Set(events.flatMap((e) => mapEvent(e).edges.map((edge) => edge.lineageId)));
    expect([...fromEvents].sort()).toEqual(await activeLineageIds(db));

    // each population run: START first, its end last, its statement runs between with it as their parent
    for (const runId of [dbqlRun, fixturesRun]) {
      const own = events.map((e, i) => ({ e, i })).filter(({ e }) => e.run.runId === runId || (e.run.facets?.parent as { run?: { runId?: string } } | undefined)?.run?.runId === runId);
      expect(own[0].e).toMatchObject({ eventType: 'START', run: { runId } });
      expect(own[own.length - 1].e).toMatchObject({ eventType: 'COMPLETE', run: { runId } });
      expect(own.length).toBeGreaterThan(2);
    }
    const statementIds = events.filter((e) => e.run.facets?.parent).map((e) => e.run.runId);
    expect(statementIds.sort()).toEqual(storedRuns.map((r) => runUuid(r.run_id)).sort());
    const sqlEvent = events.find((e) => e.job.facets?.sql?.query?.startsWith('INSERT INTO sales.t1'));
    expect(sqlEvent?.outputs?.map((o) => o.name)).toEqual(['sales.t1']);
  });

  it('sends nothing twice in the background, and populate --emit-only sends a window again with the same events', async () => {
    await populate();
    const emitter = ctx.get(OpenLineageEmitter);
    await emitter.deliverPending();
    const first = consumer.events();
    const requests = consumer.requests;
    expect(await emitter.deliverPending()).toEqual({ runs: 0, delivered: 0, rejected: 0, undelivered: 0 });
    expect(consumer.requests).toBe(requests);

    consumer.accepted.length = 0;
    const again = await emitter.resend(new Date(Date.now() - 3_600_000), new Date(Date.now() + 1000));
    expect(again).toEqual({ runs: 2, delivered: first.length, rejected: 0, undelivered: 0 });
    expect(consumer.events()).toEqual(first);
    expect(await emitter.resend(new Date(Date.now() + 1000), new Date(Date.now() + 2000))).toEqual({ runs: 0, delivered: 0, rejected: 0, undelivered: 0 });
  });

  it('a consumer that is down loses nothing: the runs are counted undelivered in the metrics and delivered once it is back', async () => {
    consumer.answer = () => 503;
    await populate();
    const emitter = ctx.get(OpenLineageEmitter);
    const metrics = ctx.get(LineageMetrics);
    const down = await emitter.deliverPending({ maxAttempts: 2 });
    expect(down.delivered).toBe(0);
    expect(down.undelivered).toBeGreaterThan(0);
    expect(await metricValue(metrics.openLineageEmitFailures)).toBe(2);
    expect(await metricValue(metrics.openLineageEmitPendingRuns)).toBe(2);
    expect(await metricValue(metrics.openLineageEmitUndelivered)).toBe(BATCH);
    expect(consumer.events()).toEqual([]);

    consumer.answer = () => 200;
    const back = await emitter.deliverPending();
    const storedRuns = await db.port.query('SELECT run_id FROM OL_RUN');
    expect(back).toEqual({ runs: 2, delivered: 4 + storedRuns.length, rejected: 0, undelivered: 0 });
    expect(await metricValue(metrics.openLineageEmitPendingRuns)).toBe(0);
    expect(await metricValue(metrics.openLineageEmitUndelivered)).toBe(0);
    expect(await metricValue(metrics.openLineageEmitEvents, { outcome: 'delivered' })).toBe(back.delivered);
    expect([...new Set(consumer.events().flatMap((e) => mapEvent(e).edges.map((edge) => edge.lineageId)))].sort()).toEqual(await activeLineageIds(db));
  });

  it('splits a batch the consumer finds too large, and counts events it refuses as invalid without sending them again', async () => {
    consumer.answer = (events) => (events.length > 2 ? 413 : 200);
    await populate();
    const emitter = ctx.get(OpenLineageEmitter);
    const split = await emitter.deliverPending();
    expect(split.rejected).toBe(0);
    expect(split.delivered).toBe(consumer.events().length);
    expect(consumer.accepted.every((p) => p.events.length <= 2)).toBe(true);

    consumer.answer = () => 400;
    const refused = await emitter.resend(new Date(Date.now() - 3_600_000), new Date(Date.now() + 1000));
    expect(refused).toEqual({ runs: 2, delivered: 0, rejected: split.delivered, undelivered: 0 });
    expect(await metricValue(ctx.get(LineageMetrics).openLineageEmitEvents, { outcome: 'rejected' })).toBe(split.delivered);
  });

  it('still sends a run that finished in the same instant as the last one delivered (runs marked interrupted together, split by a page), and none twice', async () => {
    const population = ctx.get(PopulationService);
    const emitter = ctx.get(OpenLineageEmitter);
    const first = await population.run({ method: 'dbql', trigger: 'cli', since: DAY, until: new Date(DAY.getTime() + 86_400_000) });
    expect((await emitter.deliverPending()).runs).toBe(1);
    const second = await population.run({ method: 'fixtures', trigger: 'cli' });
    await db.port.execute('UPDATE OL_POPULATION_RUN SET finished_at = (SELECT finished_at FROM OL_POPULATION_RUN WHERE run_id = ?) WHERE run_id = ?', [first.run.runId, second.run.runId]);
    expect((await emitter.deliverPending()).runs).toBe(1);
    const ends = consumer.events().filter((e) => e.eventType === 'COMPLETE' && [first.run.runId, second.run.runId].includes(e.run.runId));
    expect(ends.map((e) => e.run.runId)).toEqual([first.run.runId, second.run.runId]);
    expect(await emitter.deliverPending()).toEqual({ runs: 0, delivered: 0, rejected: 0, undelivered: 0 });
  });
});
