import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabasePort } from '../../../src/teradata/database.port.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Column usage on the demo warehouse (issue 21): the first-start population
 * mines the demo's DBQL history, SELECTs included, and the usage API answers
 * from what it wrote. Expectations come from the DBQL tables themselves
 * (which statements name which table) and from the answers' own totals.
 */

const API = '/api/v2/usage';
const READER_KEY = 'usage-reader-key-0001';
const NAMES_KEY = 'usage-names-key-0002';
const NS = 'teradata://demo-warehouse:1025';

async function until(what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Usage API on the demo warehouse', () => {
  let t: TestApp;
  let db: DatabasePort;
  const get = (path: string, key = READER_KEY) => request(t.url).get(path).set('X-API-Key', key);

  beforeAll(async () => {
    t = await startTestApp({ EMBEDDED_DEMO: 'true', POPULATION_SCHEDULE: '', API_KEYS: `${READER_KEY},${NAMES_KEY}`, USAGE_USER_KEYS: NAMES_KEY, CACHE_TTL_SECONDS: '0' });
    db = t.app.get(DatabasePort);
    await until('the first-start population', async () => {
      const rows = await db.query<{ state: string }>("SELECT state FROM OL_POPULATION_RUN WHERE method = 'dbql'");
      return rows.length > 0 && rows.every((r) => r.state !== 'running');
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Successful DBQL SELECT rows whose SQL text names `table` (any case). */
  async function selectsNaming(table: string): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `SELECT COUNT(DISTINCT l.QueryID) AS n FROM DBC.DBQLogTbl l JOIN DBC.DBQLSQLTbl s ON s.QueryID = l.QueryID
       WHERE l.ErrorCode = 0 AND UPPER(TRIM(l.StatementType)) = 'SELECT' AND regexp_matches(lower(s.SqlTextInfo), ?)`,
      [`\\b${table.replace('.', '\\.')}\\b`],
    );
    return Number(rows[0].n);
  }

  it('ranks the most read fields; the top one shows its readers and reads per day, and its daily reads add up', async () => {
    const top = await get(`${API}/top?level=field&days=3650&limit=5`).expect(200);
    expect(top.body.total).toBeGreaterThan(20);
    const reads = top.body.items.map((i: { reads: number }) => i.reads);
    expect(reads).toEqual([...reads].sort((a, b) => b - a));
    const first = top.body.items[0];
    expect(first.reads).toBeGreaterThan(10);

    const detail = await get(`${API}/datasets/${first.dataset}/fields/${first.field}?days=3650`, NAMES_KEY).expect(200);
    expect(detail.body.nodeId).toBe(first.nodeId);
    expect(detail.body.totals.reads).toBe(first.reads);
    expect(detail.body.days).toHaveLength(3650);
    expect(detail.body.days.reduce((n: number, d: { reads: number }) => n + d.reads, 0)).toBe(first.reads);
    expect(detail.body.totals.projectionReads + detail.body.totals.predicateReads).toBeGreaterThanOrEqual(first.reads);
    expect(detail.body.userNamesHidden).toBe(false);
    expect(detail.body.topUsers.length).toBe(detail.body.totals.users);
    expect(detail.body.topUsers.reduce((n: number, u: { reads: number }) => n + u.reads, 0)).toBe(first.reads);
    expect(detail.body.topApplications.reduce((n: number, a: { reads: number }) => n + a.reads, 0)).toBe(first.reads);
    // the demo's BI tools read it (DBQL AppID)
    expect(detail.body.topApplications.length).toBeGreaterThan(0);
    // each read of the field is a read of its table: the table was read at least as often
    const table = await get(`${API}/datasets/${first.dataset}?days=3650`).expect(200);
    expect(table.body.totals.reads).toBeGreaterThanOrEqual(first.reads);
  });

  it('counts a table read by every SELECT that names it (repeated BI queries included)', async () => {
    const top = await get(`${API}/top?level=dataset&days=3650&limit=3`).expect(200);
    for (const item of top.body.items as { dataset: string; reads: number }[]) {
      const usage = await get(`${API}/datasets/${item.dataset}?days=3650`).expect(200);
      // SELECTs counted directly: DML and reads through views add to it, never take away
      expect(usage.body.totals.reads).toBeGreaterThanOrEqual(await selectsNaming(item.dataset));
      expect(usage.body.totals.reads).toBe(item.reads);
    }
  });

  it('withholds user names from keys not in USAGE_USER_KEYS', async () => {
    const top = await get(`${API}/top?level=dataset&days=3650&limit=1`).expect(200);
    const hidden = await get(`${API}/datasets/${top.body.items[0].dataset}?days=3650`).expect(200);
    expect(hidden.body.userNamesHidden).toBe(true);
    expect(hidden.body).not.toHaveProperty('topUsers');
    expect(hidden.body.totals.users).toBeGreaterThan(0);
    const impact = await get(`${API}/impact?dataset=core.customer&field=customer_id&days=3650`).expect(200);
    expect(impact.body).not.toHaveProperty('topUsers');
    expect(impact.body.nodes.every((n: object) => !('topUsers' in n))).toBe(true);
    const csv = await get(`${API}/impact?dataset=core.customer&field=customer_id&days=3650&format=csv`).expect(200);
    expect(csv.text.split('\n')[0]).not.toContain('top_users');
  });

  it('lists demo tables nobody reads, and none that a SELECT names', async () => {
    const unused = await get(`${API}/unused?days=3650&limit=500`).expect(200);
    expect(unused.body.total).toBeGreaterThan(0);
    expect(unused.body.items).toHaveLength(unused.body.total);
    for (const item of unused.body.items as { dataset: string; lastReadDay: string | null; namespace: string }[]) {
      expect({ dataset: item.dataset, selects: await selectsNaming(item.dataset) }).toEqual({ dataset: item.dataset, selects: 0 });
      expect(item.lastReadDay).toBeNull();
      expect(item.namespace).toBe(NS);
    }
    // a read table is never a candidate
    const top = await get(`${API}/top?level=dataset&days=3650&limit=500`).expect(200);
    const read = new Set(top.body.items.map((i: { dataset: string }) => i.dataset));
    expect(unused.body.items.filter((i: { dataset: string }) => read.has(i.dataset))).toEqual([]);
  });

  it('weighs the impact of core.customer.customer_id by its downstream readers, in JSON and CSV', async () => {
    const res = await get(`${API}/impact?dataset=core.customer&field=customer_id&days=3650`, NAMES_KEY).expect(200);
    const body = res.body;
    expect(body.totals.fields).toBe(body.nodes.length);
    expect(body.totals.readNodes).toBeGreaterThan(0);
    expect(body.totals.reads).toBe(body.nodes.reduce((n: number, x: { reads: number }) => n + x.reads, 0));
    expect(body.totals.reads).toBeGreaterThan(0);
    const read = body.nodes.filter((n: { reads: number }) => n.reads > 0);
    for (const n of read) {
      expect(n.topUsers.reduce((s: number, u: { reads: number }) => s + u.reads, 0)).toBeLessThanOrEqual(n.reads);
      expect(n.topUsers.length).toBeGreaterThan(0);
    }
    expect(body.summary).toContain(`affects ${body.totals.fields} column`);
    expect(body.summary).toContain(`by ${body.totals.users} user`);
    // the same as the lineage module's impact walk, node for node
    const lineage = await get(`/api/v2/openlineage/impact?dataset=core.customer&field=customer_id`).expect(200);
    expect(body.nodes.map((n: { nodeId: string }) => n.nodeId).sort()).toEqual(lineage.body.nodes.map((n: { id: string }) => n.id).sort());

    const csv = await get(`${API}/impact?dataset=core.customer&field=customer_id&days=3650`, NAMES_KEY).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('node_id,type,namespace,dataset,field,depth,reads,users,applications,last_read_at,top_users,top_applications');
    expect(lines).toHaveLength(body.nodes.length + 1);
    const readsOf = new Map(lines.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[6])]));
    for (const n of body.nodes) expect(readsOf.get(n.nodeId)).toBe(n.reads);
  });

  it('answers 400 for a malformed window and 404 for an unknown field', async () => {
    const bad = await get(`${API}/top?to=30-11-2026`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toContain('to must be a day written YYYY-MM-DD');
    await get(`${API}/top?days=0`).expect(400);
    await get(`${API}/top?sort=reads`).expect(400);
    const missing = await get(`${API}/datasets/core.customer/fields/no_such_column`).expect(404);
    expect(missing.body.code).toBe('LINEAGE_NODE_NOT_FOUND');
  });
});
