import { AppError } from '../common/app-error.js';

export class SchemaSetupError extends AppError {
  constructor(message: string, readonly dbCode?: number, options?: { cause?: unknown }) {
    super('SCHEMA_SETUP_FAILED', 'unavailable', message, dbCode === undefined ? undefined : { databaseErrorCode: dbCode }, options);
  }
}

export class SchemaMissingError extends AppError {
  constructor(missing: readonly string[]) {
    super('SCHEMA_MISSING', 'unavailable', `OL_* tables missing (${missing.join(', ')}): run \`npm run lineage -- schema setup --openlineage\``, { missing });
  }
}
