import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedAdapter } from '../../../src/teradata/embedded/embedded.adapter.js';
import { freePort, MAIN, processEnv, runCli, startProcess, tempStore, waitForHttp } from '../../support/processes.js';

/**
 * What a failed start wrote: one plain line, the documented one (beside it only JSON log lines, when the
 * logger was already up), no stack trace, no colours; and its exit code.
 */
async function failedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; line: string }> {
  const p = startProcess(MAIN, [], env);
  const { code } = await p.exited;
  const plain = p.output().split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
  expect(plain, p.output()).toHaveLength(1);
  expect(p.output()).not.toMatch(/\x1b\[|\n\s+at /);
  return { code, line: plain[0] };
}

describe('start-up failures (the compiled service as a process)', () => {
  let store: ReturnType<typeof tempStore>;
  afterEach(() => store?.cleanup());

  it('a second service on the same embedded file: one line naming the file in use, exit 69', async () => {
    store = tempStore();
    const port = await freePort();
    const first = startProcess(MAIN, [], processEnv(store.path, { API_PORT: String(port), EMBEDDED_DEMO: 'false' }));
    await waitForHttp(first, port);
    try {
      const second = await failedStart(processEnv(store.path, { API_PORT: String(await freePort()), EMBEDDED_DEMO: 'false' }));
      expect(second.code).toBe(69);
      expect(second.line).toMatch(/^Lineage could not start: The embedded database file .* is in use by another process/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('Teradata unreachable: one line, exit 69', async () => {
    store = tempStore();
    const closed = await freePort();
    const result = await failedStart(
      processEnv(store.path, { TERADATA_HOST: '127.0.0.1', TERADATA_PORT: String(closed), TERADATA_PASSWORD: 'x', TERADATA_RETRY_ATTEMPTS: '0', TERADATA_CONNECT_TIMEOUT_MS: '2000' }),
    );
    expect(result.code).toBe(69);
    expect(result.line).toMatch(/^Lineage could not start: Teradata connection failed: /);
  });

  it('EMBEDDED_DATABASE_PATH under a regular file: the line says the parent is a file', async () => {
    store = tempStore();
    const file = join(store.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const result = await failedStart(processEnv(join(file, 'lineage.duckdb'), { API_PORT: String(await freePort()) }));
    expect(result.code).toBe(69);
    expect(result.line).toBe(
      `Lineage could not start: EMBEDDED_DATABASE_PATH ${join(file, 'lineage.duckdb')} cannot be created: ${file} is a file, not a folder. Point EMBEDDED_DATABASE_PATH at a file in a folder (e.g. ./data/lineage.duckdb).`,
    );
  });

  it('API_PORT taken: one line, exit 69', async () => {
    store = tempStore();
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, () => resolve((taken.address() as { port: number }).port)));
    try {
      const result = await failedStart(processEnv(store.path, { API_PORT: String(port), EMBEDDED_DEMO: 'false' }));
      expect(result.code).toBe(69);
      expect(result.line).toMatch(new RegExp(`^Lineage could not start: API_PORT ${port} is already in use by another process`));
    } finally {
      taken.close();
    }
  });

  it('a missing OL table: readiness answers 503 with a message naming the table', async () => {
    store = tempStore();
    expect((await runCli(['populate', '--fixtures'], processEnv(store.path))).code).toBe(0);
    const db = await EmbeddedAdapter.open(store.path);
    await db.execute('DROP TABLE OL_RUN_OUTPUT');
    await db.close();
    const port = await freePort();
    const service = startProcess(MAIN, [], processEnv(store.path, { API_PORT: String(port), EMBEDDED_DEMO: 'false' }));
    try {
      await waitForHttp(service, port);
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { message: string; details: { schema: { missing: string[] } } };
      // (the lineage index, which reads that table, cannot be built either: readiness says so after the schema)
      expect(body.message.startsWith('Not ready: schema: OL_* tables missing: OL_RUN_OUTPUT; run `npm run lineage -- schema setup --openlineage`')).toBe(true);
      expect(body.details.schema.missing).toEqual(['OL_RUN_OUTPUT']);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });
});
