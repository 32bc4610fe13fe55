import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/test-database.js';
import { processEnv, tempStore } from '../../support/processes.js';

/**
 * The `lineage` command as a person types it (bin/lineage.mjs, the package's
 * `bin`): version, help with every exit code, suggestions for typos, and
 * nothing but the command's own words on stdout.
 */
const BIN = join(PROJECT_ROOT, 'bin', 'lineage.mjs');
const store = tempStore();
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: processEnv(store.path, { EMBEDDED_DEMO: 'false' }), encoding: 'utf8', timeout: 60_000 });

describe('the lineage command', () => {
  afterAll(() => store.cleanup());

  it('prints its version', () => {
    const r = run('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^lineage \d+\.\d+\.\d+\n$/);
  });

  it('lists every exit code in its help', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    for (const code of ['0', '1', '2', '3', '78', '130', '143']) expect(r.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  });

  it('suggests the command or option meant, exit code 2', () => {
    const command = run('populat');
    expect(command.status).toBe(2);
    expect(command.stderr).toContain('Unknown command "populat". Did you mean "populate"?');
    const option = run('populate', '--dry-runn');
    expect(option.status).toBe(2);
    expect(option.stderr.split('\n')[0]).toBe('Unknown option --dry-runn. Did you mean --dry-run?');
  });

  it('writes only its own words on stdout, and the service log only with --verbose', () => {
    const quiet = run('schema', 'setup');
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toMatch(/^\{/m);
    expect(quiet.stderr).toBe('');
    const status = run('schema', 'status', '--verbose');
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^Schema version: \d/m);
    expect(status.stderr).toMatch(/"msg":"Database: embedded engine/);
  });
});
