import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestLogLevel } from './logging.js';

const level = (url: string, statusCode: number, err?: Error) => requestLogLevel({ url } as IncomingMessage, { statusCode } as ServerResponse, err);

describe('requestLogLevel', () => {
  it('logs no line for a failed health check (the error filter says why, once per reason), and 5xx elsewhere at error', () => {
    expect(level('/health/ready', 503)).toBe('silent');
    expect(level('/health/ready?verbose=1', 503)).toBe('silent');
    expect(level('/health/ready', 500)).toBe('error');
    expect(level('/api/v2/openlineage/namespaces', 503)).toBe('error');
    expect(level('/healthz', 503)).toBe('error');
  });

  it('logs 4xx at warn, errors at error, the rest at info', () => {
    expect(level('/api/v2/openlineage/namespaces', 404)).toBe('warn');
    expect(level('/api/v2/openlineage/namespaces', 200, new Error('x'))).toBe('error');
    expect(level('/health/ready', 200)).toBe('info');
  });
});
