import type { LoggerService } from '@nestjs/common';

/** Nest's own start-up chatter: a line per module and per route. */
const BOILERPLATE = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * The service's logger as Nest's logger, with Nest's start-up boilerplate
 * (modules initialised, routes mapped: some sixty lines) at debug level, so
 * an operator's terminal shows what matters; LOG_LEVEL=debug shows it again.
 */
export class BootQuietLogger implements LoggerService {
  constructor(private readonly inner: LoggerService & { debug: NonNullable<LoggerService['debug']> }) {}

  log(message: unknown, ...params: unknown[]): void {
    if (BOILERPLATE.has(params.at(-1) as string)) this.inner.debug(message, ...params);
    else this.inner.log(message, ...params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose?.(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...params);
  }
}
