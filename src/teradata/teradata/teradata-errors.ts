import { DatabasePermissionError, DatabaseQueryError, DatabaseUnavailableError } from '../database.errors.js';

/**
 * Transient Teradata errors, the codes Teradata's CLIv2 reference tells a
 * client to resubmit (plus 3603, 3897, 5495, 6699, 7423, 8024): retried with
 * backoff. Every other code (permissions 3523/3524, missing objects
 * 3802/3807, logon 8017/8018, syntax 3706, …) fails at once.
 */
export const TRANSIENT_CODES = new Set([2631, 2639, 2641, 2828, 3111, 3120, 3130, 3598, 3603, 3897, 5495, 6699, 7423, 8024]);

const EXPLANATIONS: Record<number, (ctx: { user: string; database: string }) => string> = {
  2631: () => 'transaction aborted by a deadlock',
  2828: () => 'the database is busy (too many sessions or requests)',
  3111: () => 'the dispatcher timed out (the database may be restarting)',
  3120: () => 'the request was aborted by database recovery',
  3130: () => 'the response limit was exceeded (system busy)',
  3598: () => 'concurrent change conflict',
  3603: () => 'concurrent change conflict on a table',
  3897: () => 'the database is restarting or out of resources',
  3523: (c) => `user ${c.user} lacks a right on the object (ask a DBA for the GRANT the statement needs)`,
  3524: (c) => `user ${c.user} lacks the right to create or change objects in ${c.database} (ask a DBA: GRANT CREATE TABLE ON ${c.database} TO ${c.user})`,
  3706: () => 'syntax error in the statement sent',
  3802: (c) => `database ${c.database} does not exist (create it or set TERADATA_DATABASE)`,
  3807: () => 'the object does not exist',
  8017: (c) => `logon failed: user ${c.user} or its password is wrong (check TERADATA_USER and TERADATA_PASSWORD)`,
  8018: () => 'the account or logon mechanism is not allowed',
};

const NETWORK = /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket|connection (reset|closed|lost|refused)|broken pipe|timed? ?out/i;

/**
 * A timeout: the driver's `request_timeout` ("The context timeout expired
 * while the SQL request was being executed, so an Abort Request was sent to
 * the Teradata Database."), a socket or a logon timeout.
 */
const TIMEOUT = /time-?out|timed out/i;

export type ErrorPhase = 'connect' | 'query';

export function teradataErrorCode(err: unknown): number | undefined {
  const m = /\[Error (\d+)\]/.exec((err as Error)?.message ?? String(err));
  return m ? Number(m[1]) : undefined;
}

/**
 * The request ran out of time (TERADATA_QUERY_TIMEOUT_S, or the socket),
 * whether the driver reports it with a code of its own or none. 3111 (the
 * dispatcher timed the transaction out, e.g. during a database restart) is a
 * documented transient code and is not counted here.
 */
function isRequestTimeout(err: unknown): boolean {
  const code = teradataErrorCode(err);
  return (code === undefined || !TRANSIENT_CODES.has(code)) && TIMEOUT.test((err as Error)?.message ?? '');
}

/**
 * Worth another attempt: a documented transient code, or a lost connection.
 * A timeout is retried only while logging on: a request that ran out of
 * time would only run out of time again, holding a session and its locks
 * each time (a slow scan would run 1 + TERADATA_RETRY_ATTEMPTS times).
 */
export function isTransient(err: unknown, phase: ErrorPhase = 'query'): boolean {
  if (phase === 'query' && isRequestTimeout(err)) return false;
  const code = teradataErrorCode(err);
  if (code !== undefined) return TRANSIENT_CODES.has(code);
  return NETWORK.test((err as Error)?.message ?? '');
}

export function isConnectionLost(err: unknown): boolean {
  const code = teradataErrorCode(err);
  return (code === undefined && NETWORK.test((err as Error)?.message ?? '')) || code === 3111 || code === 3897;
}

/** The driver's message, first line, without anything that could be a secret. */
function cleanMessage(err: unknown, secrets: readonly string[]): string {
  let message = ((err as Error)?.message ?? String(err)).split('\n')[0];
  for (const s of secrets) if (s) message = message.split(s).join('[REDACTED]');
  return message.slice(0, 500);
}

/** Maps a driver error to the port's errors, with a readable message naming the code. */
export function mapTeradataError(
  err: unknown,
  ctx: { user: string; database: string; password?: string; phase: ErrorPhase; queryTimeoutS: number },
): Error {
  const code = teradataErrorCode(err);
  const base = cleanMessage(err, ctx.password ? [ctx.password] : []);
  const explained = code !== undefined && EXPLANATIONS[code] ? EXPLANATIONS[code](ctx) : undefined;
  if (ctx.phase === 'query' && isRequestTimeout(err)) {
    return new DatabaseUnavailableError(`Teradata request timed out (TERADATA_QUERY_TIMEOUT_S=${ctx.queryTimeoutS}) and was not retried: ${base}`, code, { cause: err });
  }
  const message = code !== undefined ? `Teradata error ${code}: ${explained ?? base}` : `Teradata ${ctx.phase === 'connect' ? 'connection' : 'request'} failed: ${base}`;
  if (code !== undefined && (code === 8017 || code === 8018 || code === 3523 || code === 3524 || code === 3802)) return new DatabasePermissionError(message, code, { cause: err });
  if (ctx.phase === 'connect' || isTransient(err, ctx.phase)) return new DatabaseUnavailableError(message, code, { cause: err });
  return new DatabaseQueryError(message, code, { cause: err });
}
