import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/lineage/ingestion/event-identity.js';
import { PROJECT_ROOT } from '../../support/test-database.js';
import type { TestApp } from '../../support/test-app.js';
import { API_KEY, startIngestionApp } from './ingestion-app.js';

/**
 * Events real producers and tools sent (the OpenLineage and Marquez
 * repositories' examples, test/fixtures/openlineage/collected/SOURCE.md):
 * every one is stored, under lenient mode (the default), and its datasets
 * and columns are then answered under their original names; a second post
 * of each is a duplicate; the one event no mode accepts is refused.
 */
const COLLECTED = join(PROJECT_ROOT, 'test', 'fixtures', 'openlineage', 'collected');

interface Dataset {
  namespace: string;
  name: string;
  facets?: { schema?: { fields?: { name: string }[] }; columnLineage?: { fields?: Record<string, { inputFields: { namespace: string; name: string; field: string }[] }> } };
}

/** Marquez's demo history with its time placeholders filled in, as Marquez's `metadata` command does. */
const RUN_START = Date.parse('2026-01-15T02:00:00Z');
const fillTimes = (text: string) =>
  text
    .replaceAll('{{RUN_START_TIME}}', new Date(RUN_START).toISOString())
    .replace(/\{\{RUN_END_TIME_AFTER_(\d+)_MINUTES\}\}/g, (_, minutes: string) => new Date(RUN_START + Number(minutes) * 60_000).toISOString());

/** The events of a folder of `collected/`, or of another folder of test/fixtures/openlineage (the Marquez demo history is in `../marquez`). */
function load(folder: string): { file: string; event: Record<string, unknown> }[] {
  return readdirSync(join(COLLECTED, folder))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const parsed = JSON.parse(fillTimes(readFileSync(join(COLLECTED, folder, file), 'utf8'))) as Record<string, unknown> | Record<string, unknown>[];
      return (Array.isArray(parsed) ? parsed : [parsed]).map((event, i) => ({ file: `${folder}/${file}${Array.isArray(parsed) ? `#${i}` : ''}`, event }));
    });
}

// A DatasetEvent's one dataset; a RunEvent's or JobEvent's inputs and outputs (OpenLineage's full example carries a stray `dataset` too).
const datasetsOf = (event: Record<string, unknown>): Dataset[] =>
  !('run' in event) && !('job' in event) ? [event.dataset as Dataset] : [...((event.inputs as Dataset[] | undefined) ?? []), ...((event.outputs as Dataset[] | undefined) ?? [])];

describe('collected OpenLineage events (OpenLineage and Marquez repositories)', () => {
  let t: TestApp;
  // Some files of the two repositories hold the very same event (Marquez's event_simple is OpenLineage's): each event once.
  const seen = new Set<string>();
  const events = [...load('openlineage'), ...load('marquez'), ...load('../marquez')].filter(({ event }) => !seen.has(canonicalJson(event)) && !!seen.add(canonicalJson(event)));
  const post = (body: unknown) => request(t.url).post('/api/v1/lineage').set('X-API-Key', API_KEY).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const get = (path: string, query: Record<string, string>) => request(t.url).get(path).query(query).set('X-API-Key', API_KEY);

  beforeAll(async () => {
    t = await startIngestionApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds events of every kind from both repositories', () => {
    expect(events.length).toBeGreaterThanOrEqual(50);
    const kinds = new Set(events.map(({ event }) => ('run' in event ? 'RUN' : 'job' in event ? 'JOB' : 'DATASET')));
    expect(kinds).toEqual(new Set(['RUN', 'JOB', 'DATASET']));
  });

  it('stores every one (201), saying what lenient mode normalised', async () => {
    const normalised: string[] = [];
    for (const { file, event } of events) {
      const res = await post(event);
      expect(res.status, `${file}: ${JSON.stringify(res.body).slice(0, 400)}`).toBe(201);
      expect(res.body.status, file).toBe('stored');
      if (res.body.normalised) normalised.push(file);
    }
    // The ones the schema as written refuses, and Marquez accepts.
    expect(normalised).toEqual(expect.arrayContaining(['marquez/event_required_no_timezone.json', 'marquez/event_without_schema_url.json', 'marquez/listener-1.json']));
  });

  it('answers every dataset under its original name, with the fields of its schema', async () => {
    let checked = 0;
    for (const { file, event } of events) {
      for (const ds of datasetsOf(event)) {
        const res = await get(`/api/v2/openlineage/datasets/${encodeURIComponent(ds.name)}`, { namespace: ds.namespace });
        expect(res.status, `${file}: ${ds.namespace} ${ds.name}`).toBe(200);
        expect(res.body.name, file).toBe(ds.name.trim());
        const names = (res.body.fields as { name: string }[]).map((f) => f.name);
        for (const f of ds.facets?.schema?.fields ?? []) expect(names, `${file}: ${ds.name}`).toContain(f.name.trim());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it("answers every column-lineage field's upstream under the original names", async () => {
    let checked = 0;
    for (const { file, event } of events) {
      for (const ds of datasetsOf(event)) {
        for (const [field, spec] of Object.entries(ds.facets?.columnLineage?.fields ?? {})) {
          const res = await get(`/api/v2/openlineage/datasets/${encodeURIComponent(ds.name)}/fields/${encodeURIComponent(field)}/lineage`, { namespace: ds.namespace, direction: 'upstream', maxDepth: '1' });
          expect(res.status, `${file}: ${ds.name}.${field}`).toBe(200);
          const ids = (res.body.nodes as { id: string }[]).map((n) => n.id);
          for (const input of spec.inputFields) expect(ids, `${file}: ${ds.name}.${field}`).toContain(`datasetField:${input.namespace}:${input.name}:${input.field}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('takes a second post of each for a duplicate (200), writing nothing', async () => {
    const res = await post(events.map(({ event }) => event)).expect(200);
    expect(res.body.map((r: { status: string }) => r.status)).toEqual(events.map(() => 'duplicate'));
  });

  it('refuses the event no mode accepts (a RunEvent without a run id), naming the path', async () => {
    for (const { event } of load('refused')) {
      const res = await post(event).expect(400);
      expect(res.body.details).toContainEqual(expect.objectContaining({ path: '/run/runId' }));
    }
  });
});
