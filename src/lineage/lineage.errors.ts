import { AppError } from '../common/app-error.js';

export class LineageNodeNotFoundError extends AppError {
  constructor(what: string) {
    super('LINEAGE_NODE_NOT_FOUND', 'not_found', `${what} not found`);
  }
}

export class LineageInvalidQueryError extends AppError {
  constructor(message: string) {
    super('LINEAGE_INVALID_QUERY', 'invalid', message);
  }
}

