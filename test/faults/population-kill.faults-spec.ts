import { afterEach, describe, expect, it } from 'vitest';
import { CLI, countRows, processEnv, readRuns, runCli, startProcess, tempStore } from '../support/processes.js';

/**
 * kill -9 of `populate` at several points of a run (after the first, second
 * and fourth committed batch): the next run marks the killed one interrupted
 * at once, resumes, and the store ends as a clean run leaves it.
 */
describe('population killed at several points', () => {
  const stores: ReturnType<typeof tempStore>[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.cleanup();
  });

  async function clean(): Promise<number> {
    const store = tempStore();
    stores.push(store);
    expect((await runCli(['populate', '--dbql'], processEnv(store.path, { POPULATION_BATCH_SIZE: '50' }))).code).toBe(0);
    return countRows(store.path, 'OL_COLUMN_LINEAGE');
  }

  it('resumes after kill -9 at each point and ends with the edges of a clean run', async () => {
    const expected = await clean();
    for (const batches of [1, 2, 4]) {
      const store = tempStore();
      stores.push(store);
      const env = processEnv(store.path, { POPULATION_BATCH_SIZE: '50', LOG_LEVEL: 'debug' });
      const cli = startProcess(CLI, ['populate', '--dbql', '--verbose'], env);
      // the run row is updated in each batch's transaction: wait for the n-th commit in the debug log
      await cli.waitFor(new RegExp(`: batch ${batches} committed`));
      cli.child.kill('SIGKILL');
      await cli.exited;

      const again = await runCli(['populate', '--dbql'], env);
      expect(again.code, again.output).toBe(0);
      const runs = await readRuns(store.path);
      expect(runs.map((r) => r.state)).toEqual(['failed', 'succeeded']);
      expect(runs[0].message).toMatch(/^interrupted: its runner .* is no longer running/);
      expect(await countRows(store.path, 'OL_COLUMN_LINEAGE')).toBe(expected);
    }
  });
});
