import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, MAIN, processEnv, startProcess, tempStore, waitForHttp } from '../support/processes.js';

async function ownRedis(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) resolve();
    });
  });
  return { child, port };
}

/** Requests answered by `clients` looping clients until `stop()` says so; every status seen. */
function load(port: number, clients: number): { statuses: number[]; stop(): Promise<void> } {
  let running = true;
  const statuses: number[] = [];
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v2/openlineage/datasets?limit=5`).catch(() => null);
      statuses.push(res ? res.status : 0);
      await res?.arrayBuffer();
    }
  });
  return {
    statuses,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * Redis killed, then a Redis hung (SIGSTOP), under traffic with
 * RATE_LIMIT_STORE=redis and the response cache on Redis (the compiled
 * service as a process): every request is answered 200 throughout; the
 * requests per phase are printed (a measure, not an assertion).
 */
describe('Redis faults under load', () => {
  let store: ReturnType<typeof tempStore>;
  let redis: { child: ChildProcess; port: number } | undefined;
  afterEach(() => {
    redis?.child.kill('SIGCONT');
    redis?.child.kill('SIGKILL');
    store?.cleanup();
  });

  for (const fault of ['SIGKILL', 'SIGSTOP'] as const) {
    it(`${fault} of Redis mid-traffic: every request answered 200`, async () => {
      store = tempStore();
      redis = await ownRedis();
      const port = await freePort();
      const service = startProcess(
        MAIN,
        [],
        processEnv(store.path, { API_PORT: String(port), REDIS_ADDR: `127.0.0.1:${redis.port}`, RATE_LIMIT_STORE: 'redis', RATE_LIMIT_MAX: '1000000', EMBEDDED_DEMO: 'true' }),
      );
      await waitForHttp(service, port);
      await service.waitFor(/Population run \S+ succeeded/);
      const phases: Record<string, number> = {};
      const traffic = load(port, 4);
      const mark = async (name: string) => {
        const before = traffic.statuses.length;
        await new Promise((r) => setTimeout(r, 3000));
        phases[name] = (traffic.statuses.length - before) / 3;
      };
      await mark('healthy');
      redis.child.kill(fault);
      await mark(`after ${fault}`);
      await traffic.stop();
      process.stdout.write(`requests/s with 4 clients: ${JSON.stringify(phases)}\n`);
      expect(traffic.statuses.filter((s) => s !== 200)).toEqual([]);
      service.child.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
    });
  }
});
