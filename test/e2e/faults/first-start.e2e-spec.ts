import { afterEach, describe, expect, it } from 'vitest';
import { countRows, freePort, MAIN, processEnv, readRuns, startProcess, tempStore, waitForHttp } from '../../support/processes.js';

/**
 * The embedded demo's first start populates lineage in the background. A
 * service killed (kill -9) or stopped (SIGTERM) during that run must resume
 * it at the next start, not leave an empty store beside a run 'running'
 * forever (the compiled service as a process).
 */
describe('first start interrupted', () => {
  let store: ReturnType<typeof tempStore>;
  afterEach(() => store?.cleanup());

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} during the first-start population: the next start resumes it and the store is populated`, async () => {
      store = tempStore();
      const port = await freePort();
      const env = processEnv(store.path, { API_PORT: String(port), EMBEDDED_DEMO: 'true' });
      const first = startProcess(MAIN, [], env);
      await first.waitFor(/Population run \S+ started \(dbql, trigger startup\)/);
      first.child.kill(signal);
      await first.exited;
      const left = await readRuns(store.path);
      expect(left.map((r) => r.state)).toEqual([signal === 'SIGKILL' ? 'running' : 'cancelled']);

      const second = startProcess(MAIN, [], env);
      await second.waitFor(/The first population of the embedded demo did not finish: resuming it/);
      await second.waitFor(/Population run \S+ succeeded/);
      await waitForHttp(second, port);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);

      const runs = await readRuns(store.path);
      expect(runs.map((r) => [r.trigger_source, r.state])).toEqual([
        ['startup', signal === 'SIGKILL' ? 'failed' : 'cancelled'],
        ['startup', 'succeeded'],
      ]);
      if (signal === 'SIGKILL') expect(runs[0].message).toMatch(/^interrupted: its runner .* is no longer running/);
      expect(await countRows(store.path, 'OL_COLUMN_LINEAGE')).toBeGreaterThan(0);
    });
  }
});
