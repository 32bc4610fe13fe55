import type { Server, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '../common/logging.js';

/** Path of the readiness probe, which answers 503 from the moment shutdown begins. */
const READINESS_PATH = '/health/ready';

/**
 * Graceful shutdown under keep-alive. Once `begin()` is called (SIGTERM):
 * the readiness probe answers 503 at once, every response says
 * `Connection: close` (Node then closes its socket after it), idle
 * keep-alive sockets are closed at once and again whenever a response ends,
 * and the listening socket stops accepting. In-flight requests finish; a
 * client that keeps its connections alive can no longer hold the process
 * until SHUTDOWN_TIMEOUT_MS.
 */
export class ShutdownGate {
  private stopping = false;
  /** Responses not yet finished, so those in flight when shutdown begins close their connection too. */
  private readonly inFlight = new Set<ServerResponse>();

  constructor(private readonly server: Server) {
    server.on('request', (_req, res: ServerResponse) => {
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        if (this.stopping) setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Express middleware, first in the chain. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.stopping) return next();
    res.setHeader('Connection', 'close');
    if (req.path !== READINESS_PATH) return next();
    const requestId = res.getHeader(REQUEST_ID_HEADER) ?? req.header(REQUEST_ID_HEADER) ?? null;
    res.status(503).json({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'Not ready: shutting down', requestId });
  };

  /** Starts the shutdown; resolves once every connection has closed. */
  begin(): Promise<void> {
    this.stopping = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    return closed;
  }
}
