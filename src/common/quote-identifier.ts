import { AppError } from './app-error.js';

/**
 * The only way an identifier (database, table or column name from config,
 * DBQL or a request) enters SQL text. Teradata object names are at most 128
 * characters; we accept the portable subset (letters, digits, _ $ #, not
 * starting with a digit) and double-quote it, so reserved words are safe too.
 */
const IDENTIFIER = /^[A-Za-z_$#][A-Za-z0-9_$#]{0,127}$/;

export class InvalidIdentifierError extends AppError {
  constructor(name: string) {
    super('COMMON_INVALID_IDENTIFIER', 'invalid', `"${name.slice(0, 140)}" is not a valid identifier (letters, digits, _ $ #; at most 128 characters; not starting with a digit)`);
  }
}

export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new InvalidIdentifierError(name);
  return `"${name}"`;
}

/** `"db"."table"` from validated parts. */
export function quoteQualified(...parts: string[]): string {
  return parts.map(quoteIdentifier).join('.');
}
