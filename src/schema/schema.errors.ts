import { AppError } from '../common/app-error.js';

/** Setup could not create or record the schema (rights, missing database, space, a bad statement). */
export class SchemaSetupError extends AppError {
  constructor(message: string, readonly dbCode?: number, options?: { cause?: unknown }) {
    super('SCHEMA_SETUP_FAILED', 'unavailable', message, dbCode === undefined ? undefined : { databaseErrorCode: dbCode }, options);
  }
}

/** The database error code an adapter attached (`dbCode`), else one found in the message (`[Error 9719]`). */
export function databaseErrorCode(err: unknown): number | null {
  const code = (err as { dbCode?: unknown } | null)?.dbCode;
  if (typeof code === 'number') return code;
  const message = err instanceof Error ? err.message : String(err);
  const m = /\[Error (\d{3,5})\]|\berror (\d{4,5})\b/i.exec(message);
  return m ? Number(m[1] ?? m[2]) : null;
}

/**
 * One readable line for a Teradata error met while creating the schema, with
 * the code and what to ask a DBA for; undefined for codes without advice.
 */
export function explainSetupError(dbCode: number | null, database: string, user: string): string | undefined {
  switch (dbCode) {
    case 3524:
      return `Teradata error 3524: ${user} has no CREATE TABLE right on ${database}: ask a DBA to GRANT CREATE TABLE ON ${database} TO ${user}`;
    case 3523:
      return `Teradata error 3523: ${user} lacks an access right on ${database}: ask a DBA to GRANT CREATE TABLE, SELECT, INSERT, UPDATE, DELETE ON ${database} TO ${user}`;
    case 3802:
      return `Teradata error 3802: database ${database} does not exist: create it (CREATE DATABASE ${database} FROM … AS PERM = …) or set TERADATA_DATABASE to an existing database`;
    case 2644:
      return `Teradata error 2644: no more room in database ${database}: ask a DBA for more PERM space`;
    default:
      return undefined;
  }
}
