import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export const LIVENESS_PATH = '/health/live';

const BODY = Buffer.from(JSON.stringify({ status: 'ok' }));
const HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(BODY.length) };

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

function isLiveness(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url ?? '';
  return url === LIVENESS_PATH || url.startsWith(`${LIVENESS_PATH}?`);
}

/**
 * Liveness is what load balancers poll thousands of times a minute, and it
 * must answer while the process is busiest (an index applying changes, a
 * population run): the HTTP server answers it itself, before Express, its
 * router and every middleware (no I/O, no logging, no metrics). Every other
 * request goes to `app` as before. The Nest route of the same path stays for
 * Swagger and gives the same answer.
 */
export function answerLivenessFirst(server: Server, app: RequestListener): void {
  if (!server.listeners('request').includes(app)) throw new Error('The HTTP server does not serve this application');
  server.removeListener('request', app);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isLiveness(req)) return app(req, res);
    res.writeHead(200, HEADERS);
    res.end(BODY);
  });
}
