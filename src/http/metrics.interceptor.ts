import type { NextFunction, Request, Response } from 'express';
import type { LineageMetrics } from '../metrics/lineage.metrics.js';

/** Label of requests no route matched (404s, static files, probes of random URLs): keeps cardinality bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * A catch-all path (`{/*splat}`, `*path`): global middleware registered through
 * Nest (nestjs-pino's) matches every URL this way, so a request that only met
 * such a layer matched no route.
 */
const CATCH_ALL = /^[{/]*\*\w*\}?$/;

/** The route template Express matched (`/api/v2/openlineage/datasets/:datasetId`), never the raw URL. */
export function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string' || CATCH_ALL.test(route.path)) return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${route.path}` || '/';
}

/**
 * Records `lineage_http_requests_total` and `lineage_http_request_duration_seconds`
 * for every request. It is Express middleware rather than a Nest interceptor
 * on purpose: interceptors run after guards and only for matched routes, so
 * they would miss the 401s of the API key check, the 429s of the rate
 * limiter and every 404 — the answers operators most want to count.
 * The route is read when the response finishes, after Express matched it.
 */
export function httpMetricsMiddleware(metrics: LineageMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.observeHttp(req.method, routeLabel(req), res.statusCode, seconds);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
