import { type ArgumentsHost, BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorKind } from '../common/app-error.js';
import { ErrorFilter, OncePer, statusForKind, toErrorBody } from './error.filter.js';

describe('toErrorBody', () => {
  it('maps each module error kind to its status and keeps code, message and details', () => {
    const expected: Record<ErrorKind, number> = {
      invalid: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      too_large: 413,
      unavailable: 503,
      internal: 500,
    };
    for (const [kind, status] of Object.entries(expected) as [ErrorKind, number][]) {
      expect(statusForKind(kind)).toBe(status);
    }
    const body = toErrorBody(new AppError('LINEAGE_NODE_NOT_FOUND', 'not_found', 'No field core.customer.x', { nodeId: 'n1' }), 'r1');
    expect(body).toEqual({ statusCode: 404, code: 'LINEAGE_NODE_NOT_FOUND', message: 'No field core.customer.x', details: { nodeId: 'n1' }, requestId: 'r1' });
  });

  it('hides the message and details of an internal module error', () => {
    const body = toErrorBody(new AppError('DATABASE_QUERY_FAILED', 'internal', 'secret table name leaked', { sql: 'x' }), 'r2');
    expect(body).toEqual({ statusCode: 500, code: 'DATABASE_QUERY_FAILED', message: 'Internal server error', requestId: 'r2' });
  });

  it('turns validation errors into a joined message with the list as details', () => {
    const body = toErrorBody(new BadRequestException(['limit must not be greater than 500', 'q must be longer than or equal to 2 characters']), 'r3');
    expect(body.statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toBe('limit must not be greater than 500; q must be longer than or equal to 2 characters');
    expect(body.details).toEqual(['limit must not be greater than 500', 'q must be longer than or equal to 2 characters']);
  });

  it('keeps HttpException statuses and names unknown routes', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'), undefined)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'No route GET /x' });
    expect(toErrorBody(new HttpException('slow down', 429), 'r')).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: 'slow down' });
  });

  it('reports body-parser failures as 4xx and anything unknown as a generic 500', () => {
    expect(toErrorBody(Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large' }), 'r')).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(toErrorBody(new TypeError('x is undefined'), 'r4')).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'r4' });
    expect(toErrorBody('a string', undefined)).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
  });
});

describe('ErrorFilter: a replica not ready', () => {
  /** An HTTP host whose response records the status sent. */
  function host(path: string): { host: ArgumentsHost; sent: number[] } {
    const sent: number[] = [];
    const response = {
      headersSent: false,
      setHeader: () => undefined,
      status(code: number) {
        sent.push(code);
        return this;
      },
      json: () => undefined,
    };
    const request = { method: 'GET', path, id: 'r1', accepts: () => 'json' };
    return { host: { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost, sent };
  }

  it('answers 503 and says why at warn, once per reason, without the error level and stack of an unhandled error', () => {
    const filter = new ErrorFilter();
    const logged: { level: string; message: string }[] = [];
    (filter as unknown as { logger: unknown }).logger = {
      warn: (_meta: unknown, message: string) => logged.push({ level: 'warn', message }),
      error: (_meta: unknown, message: string) => logged.push({ level: 'error', message }),
    };
    const check = (message: string) => new ServiceUnavailableException({ status: 'error', info: {}, error: { lineageIndex: { status: 'down', message } }, details: {} });
    const { host: h, sent } = host('/health/ready');
    for (let i = 0; i < 10; i++) filter.catch(check('the lineage index is loading'), h);
    filter.catch(check('the database does not answer'), h);
    expect(sent).toEqual(new Array(11).fill(503));
    expect(logged).toEqual([
      { level: 'warn', message: 'GET /health/ready: Not ready: lineageIndex: the lineage index is loading' },
      { level: 'warn', message: 'GET /health/ready: Not ready: lineageIndex: the database does not answer' },
    ]);
    // anything else that answers 5xx is still an unhandled error
    filter.catch(new Error('boom'), h);
    expect(logged[2].level).toBe('error');
  });

  it('OncePer says yes to a message again only after its interval', () => {
    let now = 0;
    const once = new OncePer(30_000, () => now);
    expect([once.due('a'), once.due('a'), once.due('b')]).toEqual([true, false, true]);
    now = 29_999;
    expect(once.due('a')).toBe(false);
    now = 30_000;
    expect(once.due('a')).toBe(true);
  });
});
