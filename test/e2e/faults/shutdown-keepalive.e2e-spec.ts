import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, MAIN, processEnv, startProcess, tempStore, waitForHttp } from '../../support/processes.js';

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly afterSignal: boolean;
}

/** One GET over the shared keep-alive agent; null when the connection failed (closed under a request not yet sent). */
function get(agent: Agent, port: number, path: string, afterSignal: () => boolean): Promise<Answer | null> {
  return new Promise((resolve) => {
    const sentAfter = afterSignal();
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, afterSignal: sentAfter }));
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

/**
 * SIGTERM while clients keep their connections alive and keep sending (the
 * compiled service as a process): readiness turns 503, responses say
 * Connection: close, idle sockets close, and the process exits 0 instead of
 * waiting for SHUTDOWN_TIMEOUT_MS and exiting 1.
 */
describe('graceful shutdown under keep-alive load', () => {
  let store: ReturnType<typeof tempStore>;
  afterEach(() => store?.cleanup());

  it('SIGTERM: readiness 503, Connection: close, every connection closed, exit 0', async () => {
    store = tempStore();
    const port = await freePort();
    const service = startProcess(MAIN, [], processEnv(store.path, { API_PORT: String(port), EMBEDDED_DEMO: 'false', SHUTDOWN_TIMEOUT_MS: '20000', LOG_LEVEL: 'info' }));
    await waitForHttp(service, port);
    const agent = new Agent({ keepAlive: true, maxSockets: 6 });
    let signalled = false;
    let exited = false;
    void service.exited.then(() => (exited = true));
    const answers: Answer[] = [];
    // six clients, each sending request after request on its kept-alive socket until the service is gone
    const clients = Array.from({ length: 6 }, async (_, i) => {
      while (!exited) {
        const answer = await get(agent, port, i === 0 ? '/health/ready' : '/api/v2/openlineage/datasets', () => signalled);
        if (answer) answers.push(answer);
        else if (signalled) break;
      }
    });
    while (answers.length < 60) await new Promise((r) => setTimeout(r, 20));
    expect(answers.every((a) => a.status === 200 && a.connection === 'keep-alive')).toBe(true);

    service.child.kill('SIGTERM');
    signalled = true;
    await service.waitFor(/SIGTERM received/);
    const ready = await get(agent, port, '/health/ready', () => true);
    const { code } = await service.exited;
    await Promise.all(clients);
    agent.destroy();

    // before the fix: responses kept saying keep-alive, the clients kept their sockets busy, and the process
    // waited out SHUTDOWN_TIMEOUT_MS and exited 1
    expect(code).toBe(0);
    expect(service.output()).not.toContain('Graceful shutdown timed out');
    // a probe that still reached the service after the signal was told it is not ready, and to close
    if (ready) expect(ready).toMatchObject({ status: 503, connection: 'close' });
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  });
});
