import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { answerLivenessFirst } from '../../../src/http/liveness.js';
import { ShutdownGate } from '../../../src/http/shutdown-gate.js';

/** A real HTTP server whose Express app counts what reaches it and answers every path with its name. */
async function serve(): Promise<{ server: Server; url: string; reached: string[] }> {
  const app = express();
  const reached: string[] = [];
  app.use((req, res) => {
    reached.push(req.url);
    res.status(418).send(`app:${req.path}`);
  });
  const server = createServer(app);
  new ShutdownGate(server);
  answerLivenessFirst(server, app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, reached };
}

describe('liveness answered by the HTTP server itself', () => {
  let s: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => {
    const server = s?.server;
    s = undefined;
    if (server) await new Promise((r) => server.close(r));
  });

  it('answers GET and HEAD /health/live (with or without a query) without reaching the application', async () => {
    s = await serve();
    for (const path of ['/health/live', '/health/live?probe=lb']) {
      const res = await fetch(s.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ status: 'ok' });
    }
    const head = await fetch(`${s.url}/health/live`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(s.reached).toEqual([]);
  });

  it('passes every other request, including look-alike paths and other methods, to the application', async () => {
    s = await serve();
    for (const [method, path] of [['GET', '/health/liveness'], ['GET', '/health/ready'], ['POST', '/health/live'], ['GET', '/']] as const) {
      const res = await fetch(s.url + path, { method });
      expect(res.status).toBe(418);
      expect(await res.text()).toBe(`app:${path}`);
    }
    expect(s.reached).toEqual(['/health/liveness', '/health/ready', '/health/live', '/']);
  });

  it('refuses a server that does not serve the application', () => {
    expect(() => answerLivenessFirst(createServer(), express())).toThrow(/does not serve/);
  });
});
