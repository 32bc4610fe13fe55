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

  it("answers help, version and typos without loading Nest (a command's module loads only when it runs)", () => {
    const light = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', join(PROJECT_ROOT, 'test', 'support', 'forbid-nest.mjs'), BIN, ...args], { env: processEnv(store.path, { EMBEDDED_DEMO: 'false' }), encoding: 'utf8', timeout: 60_000 });
    for (const args of [['--help'], ['--version'], ['populate', '--help'], ['schema', '--help'], ['populat'], ['populate', '--dry-runn']]) {
      const r = light(...args);
      expect(r.stderr, args.join(' ')).not.toContain('forbidden');
      expect([0, 2], args.join(' ')).toContain(r.status);
    }
    // the hook does refuse Nest: a command that runs needs it
    const running = light('schema', 'status');
    expect(running.status).not.toBe(0);
    expect(running.stderr).toContain('forbidden in this test: @nestjs/');
  });

  it('a dry run on a new database changes nothing, the schema included, and says what setup it needs', () => {
    const fresh = tempStore();
    try {
      const env = processEnv(fresh.path, { EMBEDDED_DEMO: 'true' });
      const dry = spawnSync(process.execPath, [BIN, 'populate', '--dbql', '--dry-run'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(dry.status).toBe(1);
      expect(dry.stderr).toMatch(/A dry run changes nothing, the schema included, and this database's OL_\* schema needs setup first \(\d+ tables missing, \d+ migrations pending\)/);
      const status = spawnSync(process.execPath, [BIN, 'schema', 'status'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(status.status).toBe(3);
      expect(status.stdout).toContain('Schema version: none');
    } finally {
      fresh.cleanup();
    }
  });

  it('refuses --since not before --until with exit code 2', () => {
    const r = run('populate', '--dbql', '--since', '2026-02-01', '--until', '2026-01-01');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--since (2026-02-01T00:00:00.000Z) must be before --until (2026-01-01T00:00:00.000Z)');
  });

  it('ends a successful run with its progress bar full', () => {
    const r = run('populate', '--fixtures');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[#{24}\] 100%  read \d+/m);
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
