import { Agent, createServer, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ShutdownGate } from '../../../src/http/shutdown-gate.js';

/** A real HTTP server with the gate first: /slow answers when the test says so, /health/ready and /fast at once. */
function serve(): Promise<{ server: Server; gate: ShutdownGate; port: number; slowArrived: Promise<void>; releaseSlow: () => void }> {
  const app = express();
  const server = createServer(app);
  const gate = new ShutdownGate(server);
  let arrived!: () => void;
  const slowArrived = new Promise<void>((r) => (arrived = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  app.use(gate.middleware);
  app.get('/slow', (_req, res) => {
    arrived();
    void released.then(() => res.send('slow'));
  });
  app.get(['/fast', '/health/ready'], (_req, res) => res.send('ok'));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, gate, port: (server.address() as { port: number }).port, slowArrived, releaseSlow: release })));
}

function get(agent: Agent, port: number, path: string): Promise<{ status: number; connection: string | undefined; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: req.socket as Socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw text of what the server sends on a socket until it closes it. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => resolve(text));
  });
}

describe('ShutdownGate (real HTTP, keep-alive clients)', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('closes idle keep-alive sockets at once, answers in-flight requests with Connection: close, readiness 503, then resolves', async () => {
    const s = await serve();
    server = s.server;
    const agent = new Agent({ keepAlive: true });
    const idle = await get(agent, s.port, '/fast');
    expect(idle.connection).toBe('keep-alive');
    const idleClosed = new Promise<void>((r) => idle.socket.once('close', () => r()));

    // a raw connection with a request in flight when shutdown begins
    const raw = connect(s.port, '127.0.0.1');
    const rawText = readAll(raw);
    raw.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await s.slowArrived;

    let done = false;
    const finished = s.gate.begin().then(() => (done = true));
    await idleClosed; // the idle keep-alive socket is closed without waiting for its timeout
    expect(done).toBe(false); // the in-flight request holds the shutdown

    s.releaseSlow();
    const text = await rawText;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.toLowerCase()).toContain('connection: close');
    await finished;
    expect(done).toBe(true);
    agent.destroy();
  });
});
