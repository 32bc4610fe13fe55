import { AppError } from '../common/app-error.js';

export class DatabaseUnavailableError extends AppError {
  constructor(message: string, readonly dbCode?: number, options?: { cause?: unknown }) {
    super('DATABASE_UNAVAILABLE', 'unavailable', message, dbCode === undefined ? undefined : { databaseErrorCode: dbCode }, options);
  }
}

export class DatabaseQueryError extends AppError {
  constructor(message: string, readonly dbCode?: number, options?: { cause?: unknown }) {
    super('DATABASE_QUERY_FAILED', 'internal', message, dbCode === undefined ? undefined : { databaseErrorCode: dbCode }, options);
  }
}

/**
 * A statement refused only because an earlier one of its transaction failed
 * (DuckDB: "Current transaction is aborted"): not why the transaction
 * failed. `overlapped` throws the failure that is.
 */
export class TransactionAbortedError extends DatabaseQueryError {}

/** Missing rights, missing database, bad password: retrying will not help. */
export class DatabasePermissionError extends AppError {
  constructor(message: string, readonly dbCode?: number, options?: { cause?: unknown }) {
    super('DATABASE_PERMISSION', 'unavailable', message, dbCode === undefined ? undefined : { databaseErrorCode: dbCode }, options);
  }
}

export class EmbeddedFileLockedError extends AppError {
  constructor(path: string, holder: string | undefined, options?: { cause?: unknown }) {
    super(
      'DATABASE_EMBEDDED_LOCKED',
      'unavailable',
      `The embedded database file ${path} is in use by another process${holder ? ` (${holder})` : ''}. ` +
        'Stop that process (the running service, or another CLI command), or point EMBEDDED_DATABASE_PATH at another file.',
      undefined,
      options,
    );
  }
}

/** A database or object name that may not be written into SQL text (see identifier.ts). */
export class InvalidIdentifierError extends AppError {
  constructor(name: string) {
    super('DATABASE_INVALID_IDENTIFIER', 'invalid', `${JSON.stringify(name)} is not a name this service writes into SQL (letters, digits, blanks and _ $ # @ - . " only, 1 to 128 characters)`, { name });
  }
}
