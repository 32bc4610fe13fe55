import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../support/test-database.js';

const MAIN = join(PROJECT_ROOT, 'dist', 'main.js');
const dirs: string[] = [];

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-start-'));
  dirs.push(dir);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, EMBEDDED_DATABASE_PATH: join(dir, 'l.duckdb'), EMBEDDED_DEMO: 'false', REDIS_ADDR: '', ...extra };
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('start-up (the compiled service as a process)', () => {
  it('stops on invalid configuration with one message naming every bad variable', () => {
    const run = spawnSync(process.execPath, [MAIN], {
      cwd: mkdtempSync(join(tmpdir(), 'lineage-cwd-')),
      env: baseEnv({ TERADATA_HOST: 'x', TERADATA_PASSWORD: '', API_PORT: 'abc', VALIDATION_MIN_MAX_DEPTH: '30' }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('Invalid configuration (3 problems):');
    expect(run.stderr).toContain('TERADATA_PASSWORD: is required when TERADATA_HOST is set (from env)');
    expect(run.stderr).toContain('API_PORT: must be a whole number, got "abc" (from env)');
    expect(run.stderr).toContain('VALIDATION_MIN_MAX_DEPTH: must not exceed VALIDATION_MAX_DEPTH_LIMIT (20), got 30 (from env)');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('warns once per deprecated name it honours', () => {
    const run = spawnSync(process.execPath, [MAIN], {
      env: baseEnv({ PORT: 'not-a-port' }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr.match(/PORT is deprecated; use API_PORT/g)).toHaveLength(1);
    expect(run.stderr).toContain('API_PORT: must be a whole number, got "not-a-port" (from env)');
  });

  it('serves, then shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], { env: baseEnv({ API_PORT: String(port), LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const deadline = Date.now() + 30_000;
    let live: Response | undefined;
    while (Date.now() < deadline) {
      live = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined);
      if (live) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(live?.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received');
    const lines = output.trim().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
