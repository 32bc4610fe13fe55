import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, MAIN, processEnv, startProcess, tempStore, type LineageProcess } from '../../support/processes.js';

/**
 * What a person sees when the service starts (the compiled service as a
 * process, its output piped): no Nest module/route boilerplate, one line
 * with the URLs, and a generated admin password never in the log — in the
 * banner with readable lines, in a 0600 file beside the data with JSON.
 */
describe('the first start, as printed', () => {
  const stores: ReturnType<typeof tempStore>[] = [];
  const running: LineageProcess[] = [];
  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    for (const s of stores.splice(0)) s.cleanup();
  });

  async function start(env: Record<string, string>) {
    const store = tempStore();
    stores.push(store);
    const port = await freePort();
    const { ADMIN_PASSWORD: _set, ...withoutPassword } = processEnv(store.path, { EMBEDDED_DEMO: 'false', API_PORT: String(port), ...env });
    const p = startProcess(MAIN, [], withoutPassword, store.dir);
    running.push(p);
    return { p, store, port };
  }

  it('JSON logs (the default when piped): no boilerplate, the URLs in one line, the generated password only in a 0600 file', async () => {
    const { p, store, port } = await start({});
    await p.waitFor(/Lineage ready: [^"]*"/);
    const lines = p.stdout().trim().split('\n');
    expect(lines.every((l) => l.startsWith('{'))).toBe(true);
    expect(p.output()).not.toMatch(/Mapped \{|InstanceLoader|RoutesResolver/);
    const ready = lines.map((l) => JSON.parse(l) as { msg: string }).find((l) => l.msg.startsWith('Lineage ready'));
    const file = join(store.dir, 'admin-password');
    expect(ready?.msg).toBe(
      `Lineage ready: admin http://localhost:${port}/admin, API docs http://localhost:${port}/api/docs, health http://localhost:${port}/health/ready, data embedded ${store.path}; generated admin password in ${file}`,
    );
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(p.output()).not.toContain(password);
  });

  it('LOG_LEVEL=debug brings the boilerplate back', async () => {
    const { p } = await start({ LOG_LEVEL: 'debug', ADMIN_PASSWORD: 'set-by-the-operator' });
    await p.waitFor(/Lineage ready/);
    expect(p.output()).toMatch(/Mapped \{\/health\/ready, GET\} route/);
  });

  it('LOG_FORMAT=pretty: readable lines, no colour in a pipe, and the banner with the generated password', async () => {
    const { p, store, port } = await start({ LOG_FORMAT: 'pretty' });
    const [banner] = await p.waitFor(/Lineage is up[\s\S]*Data[^\n]*\n/);
    expect(p.stdout()).not.toMatch(/^\{/m);
    expect(p.stdout()).not.toContain('\x1b[');
    expect(p.stdout()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Bootstrap: Lineage listening on port \d+/m);
    expect(banner).toContain(`Admin pages   http://localhost:${port}/admin   user admin, password `);
    expect(banner).toMatch(/password \S{16,} \(generated for this start: set ADMIN_PASSWORD to choose one\)/);
    expect(banner).toContain(`API docs      http://localhost:${port}/api/docs`);
    expect(banner).toContain(`Data          embedded DuckDB ${store.path}`);
    expect(p.output()).not.toMatch(/Mapped \{/);
  });
});
