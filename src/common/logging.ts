import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, pino } from 'pino';
import pretty from 'pino-pretty';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Header paths and fields whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
];

/** Takes a well-formed X-Request-Id or makes one, and echoes it back. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every known secret value in a serialised log line. Redaction by
 * path catches the usual places; this catches a secret that turns up
 * anywhere else (an error message, a URL).
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const usable = secrets.filter((s) => s.length >= 4);
  if (usable.length === 0) return (line) => line;
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'g');
  return (line) => line.replace(pattern, '[REDACTED]');
}

/**
 * The level of a request's log line: errors and 5xx at error, 4xx at warn, the rest at info. A failed health check
 * (503 from /health/ready while the index is built or a dependency is down) has none: probes poll it several times a
 * second, and the error filter already says why it failed, at warn, once per reason every 30 s (ErrorFilter).
 */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, err?: Error): 'silent' | 'error' | 'warn' | 'info' {
  if (res.statusCode === 503 && (req.url ?? '').startsWith('/health/')) return 'silent';
  return err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
}

export function pinoParams(level: string, secrets: readonly string[], destination?: NodeJS.WritableStream | DestinationStream): Params {
  const scrub = secretScrubber(secrets);
  const options = {
      level,
      genReqId: requestIdFor,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      hooks: { streamWrite: scrub },
      // The serializers read the raw request and response: no intermediate copy of every header per request.
      wrapSerializers: false,
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/live') },
      customLogLevel: requestLogLevel,
  } satisfies Params['pinoHttp'];
  return { pinoHttp: destination ? [options, destination as never] : options };
}

/**
 * Standard output for the service's JSON logs: written asynchronously in
 * batches of at least 4 KiB (one write per dozen lines under load instead of
 * one per line), and at least every half second when traffic is low. Pino
 * flushes what is left when the process exits.
 */
export function bufferedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 500 });
}

/** Whether a stream gets readable lines: LOG_FORMAT pretty, or auto on a terminal. */
export function wantsPretty(format: 'auto' | 'json' | 'pretty', stream: { isTTY?: boolean }): boolean {
  return format === 'pretty' || (format === 'auto' && stream.isTTY === true);
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org), never in a pipe or a file. */
export function wantsColour(stream: { isTTY?: boolean }, noColor: boolean): boolean {
  return stream.isTTY === true && !noColor;
}

interface PrettyLog {
  readonly context?: string;
  readonly msg?: string;
  readonly req?: { method?: string; url?: string };
  readonly res?: { statusCode?: number };
  readonly responseTime?: number;
}

/**
 * Readable lines for a terminal (pino-pretty): local time, level, the
 * component and the message; a request as `GET /path → 200 in 3 ms`. The
 * JSON fields stay available with LOG_FORMAT=json.
 */
export function prettyStream(fd: 1 | 2, colour: boolean): DestinationStream {
  return pretty({
    destination: fd,
    sync: true,
    colorize: colour,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime,reqId',
    singleLine: true,
    messageFormat: (log: PrettyLog, messageKey: string) => {
      const msg = String((log as Record<string, unknown>)[messageKey] ?? '');
      const request = log.req?.method ? `${log.req.method} ${log.req.url ?? ''} → ${log.res?.statusCode ?? '?'}${log.responseTime !== undefined ? ` in ${log.responseTime} ms` : ''}` : '';
      const text = request && /^request (completed|errored)$/.test(msg) ? request : request ? `${msg} (${request})` : msg;
      return log.context ? `${log.context}: ${text}` : text;
    },
  }) as DestinationStream;
}

/** Where the service's log goes: pretty lines in a terminal (LOG_FORMAT), JSON to standard output otherwise. */
export function serviceLogDestination(format: 'auto' | 'json' | 'pretty', noColor: boolean): DestinationStream {
  return wantsPretty(format, process.stdout) ? prettyStream(1, wantsColour(process.stdout, noColor)) : bufferedStdout();
}
