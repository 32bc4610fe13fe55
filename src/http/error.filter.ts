import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, type ErrorKind, VALIDATION_FAILED } from '../common/app-error.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export function statusForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthorized':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'internal':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

const HTTP_CODES: Record<number, string> = {
  400: VALIDATION_FAILED,
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns any thrown value into the error body (pure; the filter adds logging and transport). */
export function toErrorBody(exception: unknown, requestId: string | undefined): ErrorBody {
  if (exception instanceof AppError) {
    const statusCode = statusForKind(exception.kind);
    const body: ErrorBody = { statusCode, code: exception.code, message: exception.kind === 'internal' ? 'Internal server error' : exception.message, requestId };
    if (exception.details !== undefined && exception.kind !== 'internal') body.details = exception.details;
    return body;
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let details: unknown;
    let code = HTTP_CODES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'REQUEST_FAILED');
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown; code?: unknown; details?: unknown };
      if (Array.isArray(r.message)) {
        details = r.message;
        message = r.message.join('; ');
      } else if (typeof r.message === 'string') {
        message = r.message;
      }
      if (typeof r.code === 'string') code = r.code;
      if (r.details !== undefined) details = r.details;
      const notReady = healthFailure(response);
      if (notReady) message = notReady;
    }
    const cause = (exception as { cause?: { type?: unknown } }).cause;
    if (cause?.type === 'entity.parse.failed') message = `Request body is not valid JSON (${message})`;
    if (cause?.type === 'entity.too.large' || statusCode === 413) message = 'Request body is larger than the limit (API_BODY_LIMIT_KB)';
    if (statusCode === 404 && /^Cannot (GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)/.test(message)) {
      message = `No route ${message.replace(/^Cannot /, '')}`;
    }
    const body: ErrorBody = { statusCode, code, message, requestId };
    if (details !== undefined) body.details = details;
    return body;
  }
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
  const type = (exception as { type?: unknown } | null)?.type;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser errors (entity.too.large, entity.parse.failed) carry a status and a type.
    const message =
      type === 'entity.too.large'
        ? 'Request body is larger than the limit (API_BODY_LIMIT_KB)'
        : type === 'entity.parse.failed'
          ? 'Request body is not valid JSON'
          : 'Bad request';
    return { statusCode: status, code: HTTP_CODES[status] ?? 'REQUEST_FAILED', message, requestId };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', requestId };
}

/**
 * The one exception filter: `{ statusCode, code, message, details?, requestId }`.
 * Unknown errors become 500 and are logged once with their stack. Admin
 * pages get the same mapping rendered as an HTML error page.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');
  private readonly notReadyLog = new OncePer(NOT_READY_LOG_MS);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request & { id?: string }>();
    const response = ctx.getResponse<Response>();
    const requestId = typeof request?.id === 'string' ? request.id : undefined;
    const body = toErrorBody(exception, requestId);
    if (exception instanceof AppError && exception.kind === 'unavailable') {
      this.logger.warn({ requestId, code: exception.code }, `${request?.method} ${request?.path}: ${exception.message}`);
    } else if (notReady(exception)) {
      // a readiness probe polled while the replica starts or loses its database: why, once per reason and interval, no stack
      if (this.notReadyLog.due(body.message)) this.logger.warn({ requestId }, `${request?.method} ${request?.path}: ${body.message}`);
    } else if (body.statusCode >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err, requestId, code: (exception as { code?: unknown })?.code }, `Unhandled error on ${request?.method} ${request?.path}: ${err.message}`);
    }
    if (response.headersSent) return;
    // A client (or a load balancer) may come back: the states that answer 503 pass in seconds.
    if (body.statusCode === 503) response.setHeader('Retry-After', '5');
    if (request?.path?.startsWith('/admin') && !request.path.startsWith('/admin/api') && request.accepts(['html', 'json']) === 'html') {
      response.status(body.statusCode).render('pages/error', { layout: 'layouts/main', title: `Error ${body.statusCode}`, error: body }, (err, html) => {
        if (err) response.type('text/plain').send(`${body.statusCode} ${body.message}`);
        else response.type('html').send(html);
      });
      return;
    }
    response.status(body.statusCode).json(body);
  }
}

/**
 * A failed health check (Terminus: `{ status: 'error', error: { <indicator>: { status: 'down', message? } } }`)
 * as one message naming what is down, e.g. "Not ready: schema: OL_* tables missing: OL_RUN_OUTPUT; run …",
 * instead of the exception's own "Service Unavailable Exception".
 */
/** A replica that stays not ready for the same reason says so again after this long. */
const NOT_READY_LOG_MS = 30_000;

/** A failed health check (Terminus answers 503 with the checks' results). */
function notReady(exception: unknown): boolean {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return false;
  const response = exception.getResponse();
  return typeof response === 'object' && response !== null && healthFailure(response) !== null;
}

/** Says yes to a message once per `intervalMs` (a message not seen in that time, or seen that long ago). */
export class OncePer {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  due(message: string): boolean {
    const at = this.now();
    const before = this.last.get(message);
    if (before !== undefined && at - before < this.intervalMs) return false;
    // a few reasons at most: forget the old ones rather than grow
    if (this.last.size > 100) this.last.clear();
    this.last.set(message, at);
    return true;
  }
}

function healthFailure(response: object): string | null {
  const r = response as { status?: unknown; error?: unknown };
  if (r.status !== 'error' || typeof r.error !== 'object' || r.error === null) return null;
  const parts = Object.entries(r.error as Record<string, { message?: unknown }>).map(([name, result]) =>
    typeof result?.message === 'string' ? `${name}: ${result.message}` : `${name} is down`,
  );
  return parts.length > 0 ? `Not ready: ${parts.join('; ')}` : null;
}
