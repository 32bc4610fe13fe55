import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAdapter } from '../../src/teradata/embedded/embedded.adapter.js';
import { PROJECT_ROOT } from './test-database.js';

export const MAIN = join(PROJECT_ROOT, 'dist', 'main.js');
export const CLI = join(PROJECT_ROOT, 'dist', 'cli.js');

/** A compiled service or CLI started as a process: its output so far, and waits on what it writes and on its exit. */
export interface LineageProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stdout(): string;
  /** Resolves when the output (stdout + stderr) matches; rejects when the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** A temp folder with an embedded database path in it; `cleanup()` deletes it. */
export function tempStore(): { dir: string; path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-proc-'));
  return { dir, path: join(dir, 'lineage.duckdb'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a process on the embedded store at `path`, without Redis unless `env` names one. */
export function processEnv(path: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, EMBEDDED_DATABASE_PATH: path, REDIS_ADDR: '', ADMIN_PASSWORD: 'test-admin-password', ...env };
}

export function startProcess(script: string, args: string[], env: NodeJS.ProcessEnv, cwd = PROJECT_ROOT): LineageProcess {
  const child = spawn(process.execPath, [script, ...args], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const m = out.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`process exited (${code ?? signal}) before writing ${w.pattern}; it wrote:\n${out}`));
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    output: () => out,
    stdout: () => stdout,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const m = out.match(pattern);
        if (m) return resolve(m);
        if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`process had exited before writing ${pattern}; it wrote:\n${out}`));
        waiters.push({ pattern, resolve, reject });
      }),
  };
}

/** Runs a CLI command to its end. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; stdout: string }> {
  const p = startProcess(CLI, args, env);
  const { code } = await p.exited;
  return { code, output: p.output(), stdout: p.stdout() };
}

/** Waits until the service answers /health/live. */
export async function waitForHttp(p: LineageProcess, port: number): Promise<void> {
  await p.waitFor(/Lineage listening on port/);
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null);
    if (res) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Rows of the store's run table, read after every process on the file has stopped. */
export async function readRuns(path: string): Promise<{ run_id: string; trigger_source: string; state: string; message: string | null }[]> {
  const port = await EmbeddedAdapter.open(path);
  try {
    return await port.query('SELECT run_id, trigger_source, state, message FROM OL_POPULATION_RUN ORDER BY started_at');
  } finally {
    await port.close();
  }
}

/** Rows counted in one table of the store (every process on the file stopped). */
export async function countRows(path: string, table: string): Promise<number> {
  const port = await EmbeddedAdapter.open(path);
  try {
    const rows = await port.query<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await port.close();
  }
}
