import { afterEach, describe, expect, it } from 'vitest';
import { CLI, processEnv, readRuns, runCli, startProcess, tempStore } from '../../support/processes.js';

/**
 * Ctrl-C and SIGTERM on `populate` (the compiled CLI as a process): the run
 * is cancelled as the admin page's cancel does, the lock released, and the
 * exit code says which signal. The window (since 2000) is long enough on the
 * demo store that the run is still reading when the signal arrives.
 */
describe('populate stopped by a signal', () => {
  let store: ReturnType<typeof tempStore>;
  afterEach(() => store?.cleanup());

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: run recorded cancelled, lock released (the next run starts), exit ${code}`, async () => {
      store = tempStore();
      const env = processEnv(store.path, { LOG_LEVEL: 'debug', POPULATION_BATCH_SIZE: '50' });
      const cli = startProcess(CLI, ['populate', '--dbql', '--since', '2000-01-01', '--verbose'], env);
      await cli.waitFor(/Population run \S+ started/);
      cli.child.kill(signal);
      expect((await cli.exited).code).toBe(code);
      expect(cli.stdout()).toMatch(/Population run \S+ \(dbql\): cancelled/);

      const runs = await readRuns(store.path);
      expect(runs.map((r) => r.state)).toEqual(['cancelled']);
      // the lock row is gone: a run started at once is not refused (no "already in progress")
      const next = await runCli(['populate', '--fixtures'], processEnv(store.path));
      expect(next.output).not.toContain('already in progress');
      expect(next.code).toBe(0);
    });
  }
});
