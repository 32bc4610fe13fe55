import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { PopulationService } from '../../../src/population/population.service.js';
import { DatabasePort } from '../../../src/teradata/database.port.js';
import { EmbeddedAdapter } from '../../../src/teradata/embedded/embedded.adapter.js';
import { freePort, processEnv, runCli, tempStore } from '../../support/processes.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Two instances of the service: the producer populates lineage and sends it
 * (OPENLINEAGE_URL) to the consumer, which ingests it on POST
 * /api/v1/lineage. Afterwards the consumer answers the producer's column
 * lineage. Waits poll for an outcome with a deadline; nothing depends on
 * how long a step takes.
 */
const KEY = 'emit-e2e-key-0123456789';
const API = '/api/v2/openlineage';
const DEADLINE_MS = 240_000;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, deadlineMs = DEADLINE_MS): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type EdgeRow = Record<string, unknown> & {
  lineage_id: string;
  source_dataset: string;
  source_field: string;
  target_dataset: string;
  target_field: string;
};

async function activeEdges(app: TestApp): Promise<EdgeRow[]> {
  return app.app
    .get(DatabasePort)
    .query<EdgeRow>("SELECT lineage_id, source_dataset, source_field, target_dataset, target_field FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y' ORDER BY lineage_id");
}

/** The producer's population runs are finished and its delivery cursor has passed the last one. */
async function allDelivered(app: TestApp): Promise<boolean> {
  const port = app.app.get(DatabasePort);
  const [last] = await port.query<{ finished_at: Date | null; n: number | bigint }>(
    "SELECT MAX(finished_at) AS finished_at, COUNT(*) AS n FROM OL_POPULATION_RUN WHERE dry_run = 'N' AND state IN ('succeeded', 'failed', 'cancelled')",
  );
  const running = await port.query("SELECT run_id FROM OL_POPULATION_RUN WHERE state = 'running'");
  const [cursor] = await port.query<{ watermark_at: Date }>("SELECT watermark_at FROM OL_WATERMARK WHERE watermark_name = 'openlineage_emit'");
  return Number(last.n) > 0 && running.length === 0 && cursor !== undefined && last.finished_at !== null && new Date(cursor.watermark_at).getTime() >= new Date(last.finished_at).getTime();
}

async function metric(app: TestApp, name: string): Promise<number> {
  const res = await request(app.url).get('/metrics').expect(200);
  const line = res.text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

/**
 * The pending-runs gauge reaches 0. The sender moves its cursor in the store
 * first and refreshes the gauge from the store just after, so a scrape
 * between the two still sees the last run pending: wait for the gauge,
 * with the deadline.
 */
async function pendingRunsDrop(app: TestApp): Promise<void> {
  await until('the pending-runs gauge to drop to 0', async () => (await metric(app, 'lineage_openlineage_emit_pending_runs')) === 0, 30_000);
}

/** A field's upstream column lineage as the API answers it: edges as `source → target (type/subtype)`, sorted. */
async function upstream(app: TestApp, dataset: string, field: string, key?: string): Promise<string[]> {
  let req = request(app.url).get(`${API}/datasets/${dataset}/fields/${field}/lineage`).query({ direction: 'upstream', maxDepth: 5 });
  if (key) req = req.set('X-API-Key', key);
  const res = await req.expect(200);
  return (res.body.edges as { source: string; target: string; transformationType: string; transformationSubtype: string }[])
    .map((e) => `${e.source} → ${e.target} (${e.transformationType}/${e.transformationSubtype})`)
    .sort();
}

describe('OpenLineage emission to a second instance of the service', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) await app.close();
  });

  it('after the demo population on the producer, the consumer answers the same column lineage', async () => {
    const consumer = await startTestApp({ API_KEYS: KEY, POPULATION_SCHEDULE: '' });
    apps.push(consumer);
    const producer = await startTestApp({
      EMBEDDED_DEMO: 'true',
      POPULATION_SCHEDULE: '',
      OPENLINEAGE_URL: consumer.url,
      OPENLINEAGE_API_KEY: KEY,
      OPENLINEAGE_POLL_SECONDS: '1',
      OPENLINEAGE_RETRY_MAX_SECONDS: '1',
    });
    apps.push(producer);

    // the embedded demo's first-start population runs in the background; then the sender delivers it
    await until('the first-start population to be delivered', () => allDelivered(producer));
    const produced = await activeEdges(producer);
    expect(produced.length).toBeGreaterThan(20);
    expect(await activeEdges(consumer)).toEqual(produced);
    await pendingRunsDrop(producer);
    expect(await metric(producer, 'lineage_openlineage_emit_events_total{outcome="delivered"}')).toBeGreaterThan(0);

    // the same answers through the lineage API, for a few fields spread over the graph
    const targets = [...new Map(produced.map((e) => [`${e.target_dataset}/${e.target_field}`, e])).values()].filter((e) => e.target_field !== '*');
    const picked = [0, Math.floor(targets.length / 2), targets.length - 1].map((i) => targets[i]);
    for (const e of picked) {
      const mine = await upstream(producer, e.target_dataset, e.target_field);
      expect(mine.length).toBeGreaterThan(0);
      expect(await upstream(consumer, e.target_dataset, e.target_field, KEY)).toEqual(mine);
    }
  });

  it('a population run succeeds while the consumer is down; its events are counted undelivered and delivered once the consumer is up', async () => {
    const port = await freePort();
    const producer = await startTestApp({
      POPULATION_SCHEDULE: '',
      OPENLINEAGE_URL: `http://127.0.0.1:${port}`,
      OPENLINEAGE_API_KEY: KEY,
      OPENLINEAGE_POLL_SECONDS: '1',
      OPENLINEAGE_RETRY_MAX_SECONDS: '1',
    });
    apps.push(producer);
    const summary = await producer.app.get(PopulationService).run({ method: 'fixtures', trigger: 'cli' });
    expect(summary.run.state).toBe('succeeded');
    expect(summary.run.counts.edgesWritten).toBeGreaterThan(0);

    await until('a failed delivery', async () => (await metric(producer, 'lineage_openlineage_emit_failures_total')) >= 2);
    expect(await metric(producer, 'lineage_openlineage_emit_pending_runs')).toBe(1);
    expect(await metric(producer, 'lineage_openlineage_emit_undelivered_events')).toBeGreaterThan(0);
    expect(await allDelivered(producer)).toBe(false);

    const consumer = await startTestApp({ API_KEYS: KEY, POPULATION_SCHEDULE: '' }, { port });
    apps.push(consumer);
    await until('delivery after the consumer came up', () => allDelivered(producer));
    await pendingRunsDrop(producer);
    expect(await metric(producer, 'lineage_openlineage_emit_undelivered_events')).toBe(0);
    const produced = await activeEdges(producer);
    expect(await activeEdges(consumer)).toEqual(produced);
  });

  it('populate --emit-only sends the population runs of a window again from the store, mining nothing (the CLI)', async () => {
    const store = tempStore();
    try {
      const consumer = await startTestApp({ API_KEYS: KEY, POPULATION_SCHEDULE: '' });
      apps.push(consumer);
      // populated with emission off: nothing was sent
      const populated = await runCli(['populate', '--fixtures'], processEnv(store.path, { EMBEDDED_DEMO: 'false' }));
      expect(populated.code).toBe(0);
      expect(await activeEdges(consumer)).toEqual([]);

      const env = processEnv(store.path, { EMBEDDED_DEMO: 'false', OPENLINEAGE_URL: consumer.url, OPENLINEAGE_API_KEY: KEY });
      expect((await runCli(['populate', '--emit-only'], env)).code).toBe(2);
      expect((await runCli(['populate', '--emit-only', '--fixtures', '--since', '2000-01-01'], env)).code).toBe(2);
      const none = await runCli(['populate', '--emit-only', '--since', '2000-01-01', '--until', '2000-01-02'], env);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('0 population run(s)');

      const sent = await runCli(['populate', '--emit-only', '--since', '2000-01-01'], env);
      expect(sent.code).toBe(0);
      expect(sent.stdout).toMatch(/1 population run\(s\) started/);
      expect(sent.stdout).toMatch(/not delivered +0/);
      expect(sent.output).not.toContain(KEY);

      const port = await EmbeddedAdapter.open(store.path);
      try {
        const stored = await port.query("SELECT lineage_id FROM OL_COLUMN_LINEAGE WHERE is_active = 'Y' ORDER BY lineage_id");
        expect((await activeEdges(consumer)).map((e) => ({ lineage_id: e.lineage_id }))).toEqual(stored);
        expect(stored.length).toBeGreaterThan(0);
      } finally {
        await port.close();
      }
    } finally {
      store.cleanup();
    }
  });

  it('populate --emit-only reports what a consumer that is down did not take, and fails', async () => {
    const store = tempStore();
    try {
      expect((await runCli(['populate', '--fixtures'], processEnv(store.path, { EMBEDDED_DEMO: 'false' }))).code).toBe(0);
      const port = await freePort();
      const down = await runCli(['populate', '--emit-only', '--since', '2000-01-01'], processEnv(store.path, { EMBEDDED_DEMO: 'false', OPENLINEAGE_URL: `http://127.0.0.1:${port}`, OPENLINEAGE_RETRY_MAX_SECONDS: '1' }));
      expect(down.code).toBe(1);
      expect(down.stdout).toMatch(/events delivered +0/);
      expect(down.stdout).toMatch(/not delivered +[1-9]/);
    } finally {
      store.cleanup();
    }
  });
});
